package io.pipebench.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The design document's meters, by their names and tags, in one place. Latency timers publish percentiles computed
 * from Micrometer's HdrHistogram-backed histograms (never from averages), so the P95 the alarm reads is a real P95.
 * Meters are cached per tag set: registering on every call would cost a map lookup and a builder per record.
 */
public final class PipelineMeters {

    public static final String PRODUCER_SEND_TIME = "kafka.producer.send.time";
    public static final String PRODUCER_SEND_SUCCESS = "kafka.producer.send.success";
    public static final String PRODUCER_SEND_FAILURE = "kafka.producer.send.failure";
    public static final String PRODUCER_LATENCY = "kafka.producer.latency";
    public static final String MESSAGES_PRODUCED = "kafka.messages.produced";
    public static final String MESSAGES_CONSUMED = "kafka.messages.consumed";
    /** The common prefix of the three consumer-processing meters below. */
    public static final String CONSUMER_PROCESS = "kafka.consumer.process";
    public static final String CONSUMER_PROCESS_TIME = CONSUMER_PROCESS + ".time";
    public static final String CONSUMER_PROCESS_SUCCESS = CONSUMER_PROCESS + ".success";
    public static final String CONSUMER_PROCESS_FAILURE = CONSUMER_PROCESS + ".failure";
    public static final String CONSUMER_LATENCY = "kafka.consumer.latency";
    public static final String CONSUMER_LAG = "kafka.consumer.lag";
    /** Not in the document: the age of the oldest unprocessed record, which a count of messages cannot show. */
    public static final String CONSUMER_TIME_LAG = "kafka.consumer.lag.seconds";
    /** Not in the document: lag per partition, a name of its own because its tags differ from the group's. */
    public static final String CONSUMER_PARTITION_LAG = "kafka.consumer.lag.partition";
    /** Not in the document: per-group progress, which its topic-tagged counters cannot tell apart. */
    public static final String GROUP_PROCESSED = "pipebench.consumer.group.processed";
    public static final String DEAD_LETTER_FAILURES = "pipebench.deadletter.send.failure";
    /** Alarm: records skipped because their dead letter failed for good (non-retriable producer error). */
    public static final String DEAD_LETTERS_DROPPED = "pipebench.deadletter.dropped";
    /** Health: consumer-group members that died (and were restarted by their supervisor). */
    public static final String MEMBER_FAILURES = "pipebench.consumer.member.failures";
    /** Health: async offset commits that failed (each; a streak is also a warning in the log). */
    public static final String COMMIT_FAILURES = "pipebench.consumer.commit.failure";

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};
    /**
     * The {@code event_type} tag of a record whose header names no registered type. The header comes from whoever
     * produced the record: taken as is, a hostile or broken producer could create a meter per value it invents.
     */
    public static final String UNKNOWN_EVENT_TYPE = "unknown";
    /** Tag values the consumers use besides type names: a failed batch, and a record without a type header. */
    private static final Set<String> OWN_EVENT_TYPE_TAGS = Set.of("batch", "undecodable", UNKNOWN_EVENT_TYPE);

    private final MeterRegistry registry;
    private final Map<String, Sends> sends = new ConcurrentHashMap<>();
    private final Map<String, Counter> produced = new ConcurrentHashMap<>();
    private final Map<String, Counter> consumed = new ConcurrentHashMap<>();
    private final Map<String, Processing> processing = new ConcurrentHashMap<>();
    private final Map<String, Counter> groupProcessed = new ConcurrentHashMap<>();
    private final Map<String, Counter> groupHealth = new ConcurrentHashMap<>();
    private final Timer producerLatency;
    private final Timer consumerLatency;
    private final Set<String> eventTypeTags;

    public PipelineMeters(MeterRegistry registry) {
        this(registry, EventTypeRegistry.standard());
    }

    /** With the event types whose names may appear as {@code event_type} tags; any other value is "unknown". */
    public PipelineMeters(MeterRegistry registry, EventTypeRegistry eventTypes) {
        this.registry = registry;
        Set<String> tags = new HashSet<>(OWN_EVENT_TYPE_TAGS);
        eventTypes.all().stream().map(EventType::name).forEach(tags::add);
        this.eventTypeTags = Set.copyOf(tags);
        this.producerLatency = Timer.builder(PRODUCER_LATENCY).description("Producer send latency, send to ack")
                .publishPercentiles(PERCENTILES).publishPercentileHistogram()
                .distributionStatisticExpiry(Duration.ofMinutes(5)).register(registry);
        this.consumerLatency = Timer.builder(CONSUMER_LATENCY).description("Consumer processing latency")
                .publishPercentiles(PERCENTILES).publishPercentileHistogram()
                .distributionStatisticExpiry(Duration.ofMinutes(5)).register(registry);
    }

    /** Sets the document's common tags ({@code application}, {@code component}) on a registry. */
    public static void commonTags(MeterRegistry registry, String application) {
        registry.config().commonTags("application", application, "component", "kafka");
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One acknowledged or failed send: send time, success/failure counter, producer latency, messages produced. */
    public void recordSend(String topic, boolean success, long nanos) {
        Sends s = sends.computeIfAbsent(topic, this::newSends);
        (success ? s.timeOk : s.timeFailed).record(nanos, TimeUnit.NANOSECONDS);
        (success ? s.success : s.failure).increment();
        producerLatency.record(nanos, TimeUnit.NANOSECONDS);
        if (success) {
            messageProduced(topic);
        }
    }

    /** A record acknowledged by the broker on this topic (dead letters are counted here too, as the alarm reads). */
    public void messageProduced(String topic) {
        produced.computeIfAbsent(topic, t -> Counter.builder(MESSAGES_PRODUCED)
                .description("Number of messages produced to Kafka").tag("topic", t).register(registry)).increment();
    }

    /** One processed record (handled or dead-lettered). */
    public void messageConsumed(String topic) {
        consumed.computeIfAbsent(topic, t -> Counter.builder(MESSAGES_CONSUMED)
                .description("Number of messages consumed from Kafka").tag("topic", t).register(registry)).increment();
    }

    /** A dead letter that was not acknowledged: its record stays uncommitted and is tried again. */
    public void deadLetterFailed() {
        Counter.builder(DEAD_LETTER_FAILURES).description("Dead-letter sends that failed; the record is retried")
                .register(registry).increment();
    }

    /** A record of this group skipped because its dead letter could never be sent: an alarm, not a retry. */
    public void deadLetterDropped(String group) {
        groupCounter(DEAD_LETTERS_DROPPED, "Records skipped because their dead letter failed for good", group)
                .increment();
    }

    /** A member of this group died; its supervisor restarts it. */
    public void memberFailed(String group) {
        groupCounter(MEMBER_FAILURES, "Consumer-group members that died and were restarted", group).increment();
    }

    /** An async offset commit of this group failed. */
    public void commitFailed(String group) {
        groupCounter(COMMIT_FAILURES, "Async offset commits that failed", group).increment();
    }

    /** Members of this group that died so far. */
    public double memberFailuresOf(String group) {
        return groupCount(MEMBER_FAILURES, group);
    }

    /** Records of this group skipped without a dead letter so far. */
    public double deadLettersDroppedBy(String group) {
        return groupCount(DEAD_LETTERS_DROPPED, group);
    }

    private Counter groupCounter(String name, String description, String group) {
        return groupHealth.computeIfAbsent(name + '\u0000' + group, k -> Counter.builder(name)
                .description(description).tag("group", group).register(registry));
    }

    private double groupCount(String name, String group) {
        Counter c = groupHealth.get(name + '\u0000' + group);
        return c == null ? 0 : c.count();
    }

    /** One record finished (handled or dead-lettered) by a group: the harness's per-group throughput. */
    public void groupProcessed(String group) {
        groupProcessed.computeIfAbsent(group, g -> Counter.builder(GROUP_PROCESSED)
                .description("Records a consumer group finished (handled or dead-lettered)").tag("group", g)
                .register(registry)).increment();
    }

    /** Records finished by a group so far. */
    public double processedBy(String group) {
        Counter c = groupProcessed.get(group);
        return c == null ? 0 : c.count();
    }

    /** One processing attempt of one record. Every failed attempt counts, as in the document's listener. */
    public void recordProcessing(String topic, String eventType, boolean success, long nanos) {
        String type = eventTypeTag(eventType);
        Processing p = processing.computeIfAbsent(topic + '\u0000' + type, k -> newProcessing(topic, type));
        (success ? p.timeOk : p.timeFailed).record(nanos, TimeUnit.NANOSECONDS);
        (success ? p.success : p.failure).increment();
        consumerLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The tag value for an event type as read from a record: a registered name, or {@value #UNKNOWN_EVENT_TYPE}. */
    public String eventTypeTag(String eventType) {
        return eventType != null && eventTypeTags.contains(eventType) ? eventType : UNKNOWN_EVENT_TYPE;
    }

    private Sends newSends(String topic) {
        return new Sends(
                Timer.builder(PRODUCER_SEND_TIME).tag("topic", topic).tag("success", "true")
                        .publishPercentiles(PERCENTILES).register(registry),
                Timer.builder(PRODUCER_SEND_TIME).tag("topic", topic).tag("success", "false").register(registry),
                Counter.builder(PRODUCER_SEND_SUCCESS).tag("topic", topic).register(registry),
                Counter.builder(PRODUCER_SEND_FAILURE).tag("topic", topic).register(registry));
    }

    private Processing newProcessing(String topic, String eventType) {
        return new Processing(
                Timer.builder(CONSUMER_PROCESS_TIME).tag("topic", topic).tag("event_type", eventType)
                        .tag("success", "true").register(registry),
                Timer.builder(CONSUMER_PROCESS_TIME).tag("topic", topic).tag("event_type", eventType)
                        .tag("success", "false").register(registry),
                Counter.builder(CONSUMER_PROCESS_SUCCESS).tag("topic", topic).tag("event_type", eventType)
                        .register(registry),
                Counter.builder(CONSUMER_PROCESS_FAILURE).tag("topic", topic).tag("event_type", eventType)
                        .register(registry));
    }

    private record Sends(Timer timeOk, Timer timeFailed, Counter success, Counter failure) {
    }

    private record Processing(Timer timeOk, Timer timeFailed, Counter success, Counter failure) {
    }
}
