package io.pipebench.load.scenario;

import io.pipebench.load.harness.LoadRun;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunRecorder;

import java.io.PrintStream;
import java.util.Locale;

/** The figures of a run as the console shows them after the progress lines. */
final class Console {

    private Console() {
    }

    static void figures(PrintStream out, String label, RunFigures f, LoadRun.Result r, HeapWatch heap) {
        out.printf(Locale.ROOT, "%n[%s] measured %d s: intended %.1f/s, sent %.1f/s, acknowledged %.1f/s in the window "
                        + "(ratio %.3f); %d acknowledged, %d failed%n", label, (long) f.measuredSeconds(),
                f.intendedRate(), f.sentRate(), f.achievedRate(), f.achievedRatio(), f.acked(), f.failed());
        line(out, "publish latency (send to ack)     ", f.view(RunRecorder.View.PUBLISH));
        line(out, "from intended send time to ack    ", f.view(RunRecorder.View.INTENDED));
        line(out, "publish delay (intended to send)  ", f.view(RunRecorder.View.DELAY));
        line(out, "end to end (intended to consume)  ", f.view(RunRecorder.View.E2E));
        line(out, "end to end (send to consume)      ", f.view(RunRecorder.View.E2E_FROM_SEND));
        line(out, "stored (intended to store commit) ", f.view(RunRecorder.View.STORED));
        if (r.settings().tracked()) {
            out.printf(Locale.ROOT, "  delivery: %d read back, %d lost, %d duplicated%s%n", f.e2eRead(), f.lost(),
                    f.duplicated(), r.trackerCaughtUp() ? "" : " (tracker did not catch up: lost is an upper bound)");
        }
        if (!f.maxLagByGroup().isEmpty()) {
            out.println("  max lag in the window: " + f.maxLagByGroup());
        }
        out.println("  dead letters: " + (f.deadLetters().isPresent() ? f.deadLetters().getAsLong() : "not observed")
                + ", failed processing attempts: "
                + (f.processingFailures().isPresent() ? f.processingFailures().getAsLong() : "not observed")
                + ", records whose dead letter could never be sent: "
                + (f.droppedDeadLetters().isPresent() ? f.droppedDeadLetters().getAsLong() : "not observed"));
        if (!f.failuresByKind().isEmpty()) {
            out.println("  failed sends by kind: " + f.failuresByKind());
        }
        if (heap != null) {
            out.printf(Locale.ROOT, "  heap: max used %.0f MB (sampled), max after GC %.0f MB, limit %.0f MB%n",
                    heap.maxUsedMb(), heap.maxAfterGcMb(), heap.limitMb());
        }
    }

    private static void line(PrintStream out, String name, Quantiles q) {
        out.println("  " + name + " " + (q == null ? "no data" : q.line("%8.2f")));
    }
}
