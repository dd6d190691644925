package io.pipebench.load.gatling;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import io.gatling.app.Gatling$;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link LoadSimulation} in this JVM with Gatling's own launcher, so the harness (driver, consumer groups,
 * monitors) lives next to the injector and one cluster can serve several runs (the max-rate search's steps).
 * Gatling's HTML report goes to the build folder.
 */
public final class GatlingRunner {

    private GatlingRunner() {
    }

    /** @return Gatling's exit status: 0 when the simulation ran (and its assertions, if any, held) */
    public static synchronized int run(SimulationSpec spec, Path resultsDir, String description, boolean reports) {
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
            restoreLogging();
        }
    }

    /**
     * Gatling stops logback when a run ends (it expects the JVM to exit next). A stopped context is reset: every
     * logger at DEBUG and no appender, so from then on each debug call in Kafka's brokers and clients builds its message
     * (the brokers' request logger turns every produce response into JSON) and then drops it. Measured: the next run in
     * the JVM pays for that. So the harness configures logback again from its logback.xml after every run.
     */
    public static void restoreLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx && !ctx.isStarted()) {
            ctx.reset();
            try {
                new ContextInitializer(ctx).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("Cannot configure logging again after the Gatling run: "
                        + e.getMessage(), e);
            }
            ctx.start();
        }
    }
}
