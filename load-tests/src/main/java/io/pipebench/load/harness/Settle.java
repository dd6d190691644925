package io.pipebench.load.harness;

import io.pipebench.load.distributed.InjectorSlice;
import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;
import io.pipebench.workload.Workload;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Brings a freshly started system to its steady state before anything is measured. On a small machine the first
 * minute of a JVM that hosts brokers, consumers and the injector is spent compiling code: consumers fall behind by
 * thousands of records at a few hundred events per second and catch up only later, which a short warm-up cannot hide.
 * So before the measured run, an unmeasured run publishes the workload at its starting rate (at most the nominal
 * {@value #NOMINAL_RATE}/s) until every monitored
 * group's lag has stayed under {@value #SETTLED_LAG} records for {@value #SETTLED_SECONDS} seconds (after at least
 * {@value #MIN_SECONDS} seconds), or until the bound; the measured run then starts with its own warm-up.
 */
public final class Settle {

    static final double NOMINAL_RATE = 500;
    static final long SETTLED_LAG = 100;
    static final int SETTLED_SECONDS = 10;
    static final int MIN_SECONDS = 20;
    /** A distributed injector without consumers warms its publishing up this long at most. */
    static final Duration PEER_WARMUP = Duration.ofSeconds(30);

    private Settle() {
    }

    /**
     * Runs the settling phase when consumer groups run in this JVM and {@code bound} is not zero; for one injector of
     * a distributed run whose consumers run elsewhere, a fixed warm-up of its own publishing instead (at most
     * {@link #PEER_WARMUP}): a cold injector started its measured window 15 s after the agreed instant on a loaded
     * machine, while the one that had settled started on time (the merged {@code injectors.startSkew} fails on it).
     */
    public static void run(LoadEnvironment env, Injector injector, Workload w, Duration bound, PrintStream out)
            throws InterruptedException {
        boolean peer = InjectorSlice.current().isPresent() && !env.pipeline().consumersHere();
        if (bound.isZero() || !peer && (env.groupIds().isEmpty() || !env.pipeline().consumersHere())) {
            return; // nothing to settle here: consumers running elsewhere are already warm
        }
        // At most the source system's nominal 500/s: settling is for start-up, not a test of a high starting rate.
        double rate = Math.min(NOMINAL_RATE, w.rate().rateAt(Duration.ZERO));
        long seconds = Math.max(MIN_SECONDS + 1, (peer && bound.compareTo(PEER_WARMUP) > 0 ? PEER_WARMUP : bound)
                .toSeconds());
        if (peer) {
            out.printf(Locale.ROOT, "[settle] warming this injector up: publishing at %.0f/s for %d s before it joins "
                    + "the others (not measured; its consumers run elsewhere)%n", rate, seconds);
        }
        InjectionPlan plan = new InjectionPlan(List.of(
                new Segment(Math.max(1, rate / 10), rate, 10, Segment.Phase.WARMUP),
                Segment.hold(rate, seconds - 10, Segment.Phase.MEASURE)));
        if (!peer) {
            out.printf(Locale.ROOT, "[settle] publishing at %.0f/s until every group's lag stays under %d for %d s "
                    + "(at most %d s; not measured, %s skips it)%n", rate, SETTLED_LAG, SETTLED_SECONDS,
                    seconds, LoadOptions.spelling("settle", "0s"));
        }
        LoadRun.Result r = LoadRun.execute(env, injector, LoadRun.Settings.builder("settle", w, plan)
                .stopRules(peer ? List.of() : List.of(settled())).drainLag().drainTimeout(Duration.ofSeconds(60))
                .build(), out);
        out.printf(Locale.ROOT, "[settle] %s after %d s%n", peer ? "warmed up" : r.measurements().stopReason() != null
                ? "settled" : "did not settle within the bound; measuring anyway", r.wallTime().toSeconds());
    }

    /** Stops once the last {@value #SETTLED_SECONDS} seconds all had every group's lag under the limit. */
    static StopRule settled() {
        return rows -> {
            if (rows.size() < MIN_SECONDS) {
                return Optional.empty();
            }
            List<TimelineRow> last = rows.subList(rows.size() - SETTLED_SECONDS, rows.size());
            boolean calm = last.stream().allMatch(r -> r.lagMax() != null && r.lagMax() < SETTLED_LAG);
            return calm ? Optional.of("lag under " + SETTLED_LAG + " for " + SETTLED_SECONDS + " s") : Optional.empty();
        };
    }
}
