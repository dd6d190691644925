package io.pipebench.benchmarks.injector;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.IsoInstant;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.ThreadCpu;
import io.pipebench.publish.TopicRouter;
import io.pipebench.workload.EventSequence;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The load injector's own CPU per event before Kafka, in ns per event: what a sending thread does for the reference
 * publisher ({@code ReferencePublisher.next}, then {@code EventPublisher.publish} up to {@code KafkaProducer.send}):
 * draw the workload's next event, wrap it in its envelope, route and key it, encode its JSON, write its eight headers
 * and the run's tag into the record, and read the thread's CPU clock around it as the send action does
 * ({@code sendPath}); and that path's parts: {@code nextEvent} (creating the event),
 * {@code encode} (JSON), {@code headers} (a RecordHeaders with the event's headers and the run's) and
 * {@code occurredOn} (the occurred-on text alone). {@code path=before} is the code the injector-ratio profile measured
 * ({@code EventHeaders.writeSimple}, Jackson's stock {@code InstantSerializer}, {@code Instant.toString}),
 * {@code path=after} today's ({@code EventHeaders.write}, {@code IsoInstant} in headers and JSON, the CPU clock read
 * for one send in 16, as the send action does at 16,000-31,999 sends/s); both make the same
 * records from the same events ({@code InjectorSendPathTest}), so one run ranks them. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is what the young GC pays per event.
 * <p>
 * How it could lie. No {@code KafkaProducer.send} (43 % of the sending threads in results/load/README.md: writing the
 * record into the batch, its size, the header keys' UTF-8 lengths) and no Gatling (about 10 %): halving this number
 * does not halve the injector's cost, it halves the part measured here. One thread with warm caches and no brokers
 * beside it on the two cores, unlike a run. {@code encode}, {@code headers} and {@code occurredOn} cycle over 4,096
 * events made at set-up within a second or two, so IsoInstant's cached second nearly always hits, as it does in a run
 * (the clock's second changes once a second, not once an event); {@code nextEvent} and {@code sendPath} stamp their
 * events by the clock, as the injector does. Creating the event is the same code in both paths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class InjectorSendBenchmark {

    /** The send path as the injector-ratio profile found it, and as it is now. */
    public enum Path { before, after }

    @Param
    public Path path;

    /** A built-in workload: its event mix and key space (the injector-ratio scenario runs max-rate's). */
    @Param({"max-rate"})
    public String workload;

    private static final int RING = 4_096;
    private static final int TIMED_EVERY = 16;

    private final EventTypeRegistry registry = EventTypeRegistry.standard();
    private SendPath send;
    private EventSequence sequence;
    private DomainEvent[] events;
    private EventEnvelope[] envelopes;
    private int next;
    /** The CPU the timed sends read, summed (what the send action reports; here only kept). */
    long cpuNanos;

    @Setup(Level.Trial)
    public void setUp() {
        Workload w = new WorkloadLoader(registry).load(workload);
        send = new SendPath(path, registry);
        // As WorkloadEvents gives a sending thread its own sequence: the workload's mix and keys, the system clock.
        sequence = new EventSequence(w.eventMix(registry), w.keySpace(), registry, w.seed(), Clock.systemUTC());
        events = new DomainEvent[RING];
        envelopes = new EventEnvelope[RING];
        for (int i = 0; i < RING; i++) {
            events[i] = sequence.next();
            envelopes[i] = EventEnvelope.of(events[i], registry);
        }
    }

    /**
     * Also the send action's reads of the thread's CPU clock around each send (PublishAction): two per send
     * {@code before}, two per {@value #TIMED_EVERY} sends {@code after} (load-tests' CpuSampling at 16,000-31,999
     * sends/s; every send at up to 1,999/s, one in 64 unpaced). A system call each, which a JFR
     * execution profile does not sample (the thread is in native code), so the profile that named the other parts
     * never showed it; {@code threadCpuRead} is one read.
     */
    @Benchmark
    public ProducerRecord<String, byte[]> sendPath() {
        long n = next++;
        boolean timed = path == Path.before || n % TIMED_EVERY == 0;
        long cpu0 = timed ? ThreadCpu.nanos() : -1;
        ProducerRecord<String, byte[]> record = send.record(sequence.next(), n);
        if (timed) {
            cpuNanos += ThreadCpu.since(cpu0); // a field, so the read is not dead code
        }
        return record;
    }

    @Benchmark
    public long threadCpuRead() {
        return ThreadCpu.nanos();
    }

    @Benchmark
    public DomainEvent nextEvent() {
        return sequence.next();
    }

    @Benchmark
    public byte[] encode() {
        return send.codec.encode(events[next++ & (RING - 1)]);
    }

    @Benchmark
    public Headers headers() {
        int i = next++;
        Headers headers = new RecordHeaders();
        send.headers(envelopes[i & (RING - 1)], i, headers);
        return headers;
    }

    @Benchmark
    public byte[] occurredOn() {
        Instant at = events[next++ & (RING - 1)].occurredOn();
        return path == Path.before ? at.toString().getBytes(StandardCharsets.UTF_8) : IsoInstant.ascii(at);
    }

    /** One path's way from an event to the record handed to {@code KafkaProducer.send}. */
    static final class SendPath {

        private static final String RUN_TAG = "pipebench"; // RunTag.NAME of load-tests
        private static final long RUN_KEY = 0x5eed_5eed_5eed_5eedL;

        final Path path;
        final EventTypeRegistry registry;
        final TopicRouter router;
        final JsonEventCodec codec;

        SendPath(Path path, EventTypeRegistry registry) {
            this.path = path;
            this.registry = registry;
            this.router = TopicRouter.standard(registry);
            this.codec = path == Path.after ? new JsonEventCodec(registry)
                    : new JsonEventCodec(registry, stockInstantMapper(), "json", JsonEventCodec.CONTENT_TYPE);
        }

        /** What ReferencePublisher.next and EventPublisher.publish do before KafkaProducer.send. */
        ProducerRecord<String, byte[]> record(DomainEvent event, long sequence) {
            EventEnvelope envelope = EventEnvelope.of(event, registry);
            String topic = router.topicFor(event);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.aggregateId(),
                    codec.encode(event));
            headers(envelope, sequence, record.headers());
            return record;
        }

        void headers(EventEnvelope envelope, long sequence, Headers headers) {
            if (path == Path.after) {
                EventHeaders.write(envelope, codec.contentType(), headers);
            } else {
                EventHeaders.writeSimple(envelope, codec.contentType(), headers);
            }
            // The run's tag, as RunTag.value makes it: the run's key and the record's sequence number.
            headers.add(RUN_TAG, ByteBuffer.allocate(16).putLong(RUN_KEY).putLong(sequence).array());
        }

        /** The codec's settings with Jackson's own Instant serializer registered last, so it is the one used. */
        static JsonMapper stockInstantMapper() {
            return JsonEventCodec.configure(JsonMapper.builder())
                    .addModule(new SimpleModule("stock-instant").addSerializer(Instant.class,
                            InstantSerializer.INSTANCE))
                    .build();
        }
    }
}
