package io.pipebench.load.kafka;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolKey;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.metrics.PipelineMeters;
import scala.Function1;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The settings of the {@code kafka()} protocol, fixed when the simulation is set up; built by
 * {@link KafkaProtocolBuilder}. Gatling turns them into one {@link KafkaComponents} (one shared producer) per run.
 *
 * @param cluster        opens the cluster: the harness's own (kept open) or one the protocol starts (closed at the end)
 * @param producerConfig the producer profile with overrides and the bounded {@code max.block.ms}, without connection
 *                       settings
 * @param runId          goes into every record's headers
 * @param warmUpTimeout  how long to wait for each topic's metadata before the first user starts
 */
public record KafkaProtocol(Supplier<ClusterHandle> cluster, Map<String, Object> producerConfig, String runId,
                            IntendedSchedule schedule, SendListener listener, Supplier<PipelineMeters> meters,
                            Duration warmUpTimeout) implements Protocol {

    public KafkaProtocol {
        producerConfig = Map.copyOf(producerConfig);
    }

    /** A cluster and whether the protocol owns it (and so closes it when the run ends). */
    public record ClusterHandle(KafkaCluster cluster, boolean owned) {
    }

    /** Gatling's handle on the protocol: its class, and how to make its components. */
    public static final ProtocolKey<KafkaProtocol, KafkaComponents> KEY = new ProtocolKey<>() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        @Override
        public Class<Protocol> protocolClass() {
            return (Class) KafkaProtocol.class;
        }

        @Override
        public KafkaProtocol defaultProtocolValue(GatlingConfiguration configuration) {
            throw new IllegalStateException("The kafka protocol has no defaults: configure it with "
                    + "setUp(...).protocols(KafkaDsl.kafka()...)");
        }

        @Override
        public Function1<KafkaProtocol, KafkaComponents> newComponents(CoreComponents coreComponents) {
            return protocol -> KafkaComponents.start(protocol, coreComponents);
        }
    };
}
