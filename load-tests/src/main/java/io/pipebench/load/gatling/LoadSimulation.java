package io.pipebench.load.gatling;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.pipebench.load.distributed.InjectorRun;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;

import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.pipebench.load.gatling.PublishDsl.send;

/**
 * The harness's simulation: one virtual user per event, injected by the open model along the run's plan (or, for the
 * injector's saturation measurement, a closed model of N concurrent users); each user sends one message (request
 * "publish &lt;topic&gt;"). When a stop rule fires, the next user stops the load generator.
 */
public final class LoadSimulation extends Simulation {

    public LoadSimulation() {
        SimulationSpec spec = SimulationSpec.current();
        ScenarioBuilder users = scenario(spec.scenario())
                .exec(stopLoadGeneratorIf(session -> spec.stopReason().get(), session -> spec.stopReason().get() != null))
                .exec(exec(send("publish").perTopic()));
        PopulationBuilder population;
        if (spec.closedUsers() > 0) {
            long ramp = Math.max(1, spec.plan().warmupSeconds() / 2);
            population = users.injectClosed(
                    rampConcurrentUsers(0).to(spec.closedUsers()).during(ramp),
                    constantConcurrentUsers(spec.closedUsers()).during(spec.plan().totalSeconds() - ramp));
        } else {
            population = users.injectOpen(steps(spec.plan()));
        }
        setUp(population).protocols(spec.protocol()).maxDuration(spec.maxDuration());
    }

    /** Gatling's open injection steps for the plan's segments, in order. */
    static List<OpenInjectionStep> steps(InjectionPlan plan) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        for (Segment s : plan.segments()) {
            steps.add(s.fromRate() == s.toRate()
                    ? constantUsersPerSec(s.fromRate()).during(s.seconds())
                    : rampUsersPerSec(s.fromRate()).to(s.toRate()).during(s.seconds()));
        }
        return steps;
    }

    @Override
    public void before() {
        InjectorRun.beforeInjection(); // scale-out: the injectors' common start; nothing for a single injector
    }
}
