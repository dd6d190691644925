package io.pipebench.load.kafka;

/**
 * The Gatling DSL for Kafka, in the style of Gatling's own {@code http(...)}:
 * <pre>{@code
 * setUp(scenario("orders").exec(kafka("publish").publish(events)).injectOpen(constantUsersPerSec(500).during(60)))
 *     .protocols(kafka().cluster(cluster).producerProfile("seed"));
 * }</pre>
 */
public final class KafkaDsl {

    private KafkaDsl() {
    }

    /** The protocol: cluster, producer settings, run bookkeeping. */
    public static KafkaProtocolBuilder kafka() {
        return new KafkaProtocolBuilder();
    }

    /** A request; its name is the Gatling request name (by default "publish &lt;topic&gt;"). */
    public static KafkaRequest kafka(String requestName) {
        return new KafkaRequest(requestName);
    }

    /** Names a publish request. */
    public static final class KafkaRequest {
        private final String name;

        KafkaRequest(String name) {
            this.name = name;
        }

        /** Publishes the source's next event through the reference system's codec and routing. */
        public PublishActionBuilder publish(EventSource events) {
            return new PublishActionBuilder(name, events);
        }
    }
}
