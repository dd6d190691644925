package io.pipebench.load.gatling;

/**
 * The Gatling DSL for a driver's publisher, in the style of Gatling's own {@code http(...)}:
 * <pre>{@code
 * setUp(scenario("orders").exec(send("publish")).injectOpen(constantUsersPerSec(500).during(60)))
 *     .protocols(publishing().publisher(() -> driver.publisher(spec)));
 * }</pre>
 */
public final class PublishDsl {

    private PublishDsl() {
    }

    /** The protocol: the run's publisher and its bookkeeping. */
    public static DriverProtocolBuilder publishing() {
        return new DriverProtocolBuilder();
    }

    /**
     * A request sending the publisher's next message; its name is the Gatling request name (per destination with
     * {@link PublishActionBuilder#perTopic()}).
     */
    public static PublishActionBuilder send(String requestName) {
        return new PublishActionBuilder(requestName);
    }
}
