package io.pipebench.load.gatling;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;

import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.scenario;

/** A simulation whose chain, injection and assertions the test sets before starting Gatling. */
public final class PublishTestSimulation extends Simulation {

    record Spec(ChainBuilder chain, List<OpenInjectionStep> injection, DriverProtocolBuilder protocol,
                List<Assertion> assertions) {
    }

    static volatile Spec spec;

    public PublishTestSimulation() {
        Spec s = spec;
        setUp(scenario("publish-test").exec(s.chain()).injectOpen(s.injection()))
                .protocols(s.protocol())
                .assertions(s.assertions());
    }
}
