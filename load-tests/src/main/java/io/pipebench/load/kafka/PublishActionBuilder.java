package io.pipebench.load.kafka;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;

import java.util.Objects;

/**
 * The Java DSL side of the publish action. Gatling's Scala {@code ActionBuilder} is a separate object (see
 * {@link #asScala()}), because the Java DSL's and Scala's interfaces share method names with different types.
 */
public final class PublishActionBuilder implements ActionBuilder {

    private final String requestName;
    private final EventSource events;
    private final boolean perTopic;

    PublishActionBuilder(String requestName, EventSource events) {
        this(requestName, events, false);
    }

    private PublishActionBuilder(String requestName, EventSource events, boolean perTopic) {
        if (requestName == null || requestName.isBlank()) {
            throw new IllegalArgumentException("the request name must not be blank");
        }
        this.requestName = requestName;
        this.events = Objects.requireNonNull(events, "events");
        this.perTopic = perTopic;
    }

    /** Names each request "&lt;name&gt; &lt;topic&gt;", so Gatling's report shows one line per topic. */
    public PublishActionBuilder perTopic() {
        return new PublishActionBuilder(requestName, events, true);
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return new ScalaBuilder();
    }

    private final class ScalaBuilder implements io.gatling.core.action.builder.ActionBuilder {
        @Override
        public Action build(ScenarioContext ctx, Action next) {
            KafkaComponents components = ctx.protocolComponentsRegistry().components(KafkaProtocol.KEY);
            return new PublishAction(requestName, perTopic, events, components, ctx.coreComponents(), next);
        }

        @Override
        public io.gatling.core.structure.ChainBuilder toChainBuilder() {
            return io.gatling.core.action.builder.ActionBuilder.super.toChainBuilder();
        }
    }
}
