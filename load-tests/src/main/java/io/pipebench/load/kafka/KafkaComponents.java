package io.pipebench.load.kafka;

import io.gatling.core.CoreComponents;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.publish.EventPublisher;
import io.pipebench.publish.TopicRouter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.runtime.BoxedUnit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run of the protocol holds: one producer shared by every virtual user (wrapped in the reference system's
 * {@link EventPublisher}, so records are encoded, routed and headed exactly as the system does), the run's sequence
 * counter, and the schedule and listener. Topic metadata is fetched before the first user starts, so no
 * {@code send()} waits for it; the producer is closed when Gatling's actor system terminates.
 */
public final class KafkaComponents implements ProtocolComponents {

    private static final Logger log = LoggerFactory.getLogger(KafkaComponents.class);

    private final KafkaProtocol protocol;
    private final KafkaProtocol.ClusterHandle cluster;
    private final EventTypeRegistry registry;
    private final TopicRouter router;
    private final EventPublisher publisher;
    private final long runKey;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaComponents(KafkaProtocol protocol, KafkaProtocol.ClusterHandle cluster, EventTypeRegistry registry,
                            TopicRouter router, EventPublisher publisher) {
        this.protocol = protocol;
        this.cluster = cluster;
        this.registry = registry;
        this.router = router;
        this.publisher = publisher;
        this.runKey = RunHeaders.key(protocol.runId());
    }

    static KafkaComponents start(KafkaProtocol protocol, CoreComponents core) {
        KafkaProtocol.ClusterHandle cluster = protocol.cluster().get();
        EventTypeRegistry registry = EventTypeRegistry.standard();
        JsonEventCodec codec = new JsonEventCodec(registry);
        TopicRouter router = TopicRouter.standard(registry);
        Map<String, Object> config = new HashMap<>(protocol.producerConfig());
        config.putAll(cluster.cluster().connectionProperties());
        config.putIfAbsent("client.id", "pipebench-gatling-" + protocol.runId());
        KafkaProducer<String, byte[]> producer;
        try {
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            if (cluster.owned()) {
                cluster.cluster().close();
            }
            throw e;
        }
        KafkaComponents components = new KafkaComponents(protocol, cluster, registry, router,
                new EventPublisher(producer, codec, registry, router, protocol.meters().get()));
        try {
            components.warmUp(producer);
        } catch (RuntimeException e) {
            components.close();
            throw e;
        }
        core.actorSystem().registerOnTermination(() -> {
            components.close();
            return BoxedUnit.UNIT;
        });
        return components;
    }

    /** Fetches every event topic's partitions now, so the first sends do not block on metadata. */
    private void warmUp(KafkaProducer<String, byte[]> producer) {
        long deadline = System.nanoTime() + protocol.warmUpTimeout().toNanos();
        for (String topic : router.routes().values()) {
            while (true) {
                try {
                    producer.partitionsFor(topic);
                    break;
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("No metadata for topic '" + topic + "' on "
                                + cluster.cluster().describe() + " within " + protocol.warmUpTimeout().toSeconds()
                                + " s: create the catalog's topics first (pipebench topics apply, or -DapplyTopics=true)",
                                e);
                    }
                }
            }
        }
    }

    long nextSequence() {
        return sequence.getAndIncrement();
    }

    /** Records published so far in this run (sequence numbers handed out). */
    public long sequences() {
        return sequence.get();
    }

    long runKey() {
        return runKey;
    }

    EventTypeRegistry registry() {
        return registry;
    }

    TopicRouter router() {
        return router;
    }

    EventPublisher publisher() {
        return publisher;
    }

    IntendedSchedule schedule() {
        return protocol.schedule();
    }

    SendListener listener() {
        return protocol.listener();
    }

    @Override
    public Function1<Session, Session> onStart() {
        return Session.Identity();
    }

    @Override
    public Function1<Session, BoxedUnit> onExit() {
        return ProtocolComponents.NoopOnExit();
    }

    /** Sends what the producer still holds and closes it, and the cluster if the protocol started it. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            publisher.close(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.warn("Closing the load producer failed: {}", e.toString());
        }
        if (cluster.owned()) {
            cluster.cluster().close();
        }
    }
}
