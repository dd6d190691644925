package io.pipebench.load.harness;

import io.gatling.javaapi.core.PopulationBuilder;
import io.pipebench.load.distributed.InjectorRun;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.pipebench.load.kafka.KafkaDsl.kafka;

/**
 * The harness's simulation: one virtual user per event, injected by the open model along the run's plan (or, for the
 * injector's saturation measurement, a closed model of N concurrent users); each user publishes one event (request
 * "publish &lt;topic&gt;"). When a stop rule fires, the next user stops the load generator.
 */
public final class LoadSimulation extends Simulation {

    public LoadSimulation() {
        SimulationSpec spec = SimulationSpec.current();
        ScenarioBuilder users = scenario(spec.scenario())
                .exec(stopLoadGeneratorIf(session -> spec.stopReason().get(), session -> spec.stopReason().get() != null))
                .exec(exec(kafka("publish").publish(spec.events()).perTopic()));
        PopulationBuilder population;
        if (spec.closedUsers() > 0) {
            long ramp = Math.max(1, spec.plan().warmupSeconds() / 2);
            population = users.injectClosed(
                    rampConcurrentUsers(0).to(spec.closedUsers()).during(ramp),
                    constantConcurrentUsers(spec.closedUsers()).during(spec.plan().totalSeconds() - ramp));
        } else {
            population = users.injectOpen(spec.plan().gatlingSteps());
        }
        setUp(population).protocols(spec.protocol()).maxDuration(spec.maxDuration());
    }

    @Override
    public void before() {
        InjectorRun.beforeInjection(); // scale-out: the injectors' common start; nothing for a single injector
    }
}
