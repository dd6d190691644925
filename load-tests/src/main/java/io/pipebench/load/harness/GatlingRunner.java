package io.pipebench.load.harness;

import io.gatling.app.Gatling$;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link LoadSimulation} in this JVM with Gatling's own launcher, so the harness (cluster, consumer groups,
 * monitors) lives next to the injector and one cluster can serve several runs (the max-rate search's steps).
 * Gatling's HTML report goes to the build folder.
 */
final class GatlingRunner {

    private GatlingRunner() {
    }

    /** @return Gatling's exit status: 0 when the simulation ran (and its assertions, if any, held) */
    static synchronized int run(SimulationSpec spec, Path resultsDir, String description, boolean reports) {
        List<String> args = new ArrayList<>(List.of("-s", LoadSimulation.class.getName(),
                "-rf", resultsDir.toAbsolutePath().toString(), "-rd", description, "-l", "pipebench-load"));
        if (!reports) {
            args.add("-nr");
        }
        SimulationSpec.set(spec);
        try {
            return Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
        } finally {
            SimulationSpec.clear();
        }
    }
}
