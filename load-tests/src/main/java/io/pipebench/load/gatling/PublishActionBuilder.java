package io.pipebench.load.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;

/**
 * The Java DSL side of the publish action. Gatling's Scala {@code ActionBuilder} is a separate object (see
 * {@link #asScala()}), because the Java DSL's and Scala's interfaces share method names with different types.
 */
public final class PublishActionBuilder implements ActionBuilder {

    private final String requestName;
    private final boolean perTopic;

    PublishActionBuilder(String requestName) {
        this(requestName, false);
    }

    private PublishActionBuilder(String requestName, boolean perTopic) {
        if (requestName == null || requestName.isBlank()) {
            throw new IllegalArgumentException("the request name must not be blank");
        }
        this.requestName = requestName;
        this.perTopic = perTopic;
    }

    /** Names each request "&lt;name&gt; &lt;topic&gt;", so Gatling's report shows one line per topic. */
    public PublishActionBuilder perTopic() {
        return new PublishActionBuilder(requestName, true);
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return new ScalaBuilder();
    }

    private final class ScalaBuilder implements io.gatling.core.action.builder.ActionBuilder {
        @Override
        public Action build(ScenarioContext ctx, Action next) {
            PublishComponents components = ctx.protocolComponentsRegistry().components(DriverProtocol.KEY);
            return new PublishAction(requestName, perTopic, components, ctx.coreComponents(), next);
        }

        @Override
        public io.gatling.core.structure.ChainBuilder toChainBuilder() {
            return io.gatling.core.action.builder.ActionBuilder.super.toChainBuilder();
        }
    }
}
