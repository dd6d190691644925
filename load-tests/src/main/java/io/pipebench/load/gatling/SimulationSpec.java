package io.pipebench.load.gatling;

import io.pipebench.load.plan.InjectionPlan;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What {@link LoadSimulation} runs. Gatling instantiates simulations by class name, so the harness hands the spec over
 * through this holder: set before {@code Gatling.fromArgs}, read in the simulation's constructor, cleared after.
 *
 * @param closedUsers 0 for the open model along the plan; otherwise this many concurrent users (closed model) over
 *                    the plan's duration, each sending one message, a new one starting as soon as one ends
 * @param stopReason non-null once the run should stop injecting (a stop rule fired)
 */
public record SimulationSpec(String scenario, DriverProtocolBuilder protocol, InjectionPlan plan,
                             int closedUsers, Supplier<String> stopReason, Duration maxDuration) {

    private static volatile SimulationSpec current;

    static void set(SimulationSpec spec) {
        current = spec;
    }

    static void clear() {
        current = null;
    }

    /** The spec of the run in progress. */
    public static SimulationSpec current() {
        SimulationSpec spec = current;
        if (spec == null) {
            throw new IllegalStateException("LoadSimulation runs inside the load harness (io.pipebench.load.LoadMain), "
                    + "which sets up the cluster and the run; it cannot be started on its own");
        }
        return spec;
    }
}
