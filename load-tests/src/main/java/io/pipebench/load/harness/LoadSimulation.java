package io.pipebench.load.harness;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.pipebench.load.kafka.KafkaDsl.kafka;

/**
 * The harness's simulation: one virtual user per event, injected by the open model along the run's plan; each user
 * publishes one event (request "publish &lt;topic&gt;"). When a stop rule fires, the next user stops the load generator.
 */
public final class LoadSimulation extends Simulation {

    public LoadSimulation() {
        SimulationSpec spec = SimulationSpec.current();
        ScenarioBuilder users = scenario(spec.scenario())
                .exec(stopLoadGeneratorIf(session -> spec.stopReason().get(), session -> spec.stopReason().get() != null))
                .exec(exec(kafka("publish").publish(spec.events()).perTopic()));
        setUp(users.injectOpen(spec.plan().gatlingSteps()))
                .protocols(spec.protocol())
                .maxDuration(spec.maxDuration());
    }
}
