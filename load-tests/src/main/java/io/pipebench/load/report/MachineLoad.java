package io.pipebench.load.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What else the machine was doing, for a run's note: the load averages at the end of the run. A fixed sentence
 * ("measured while other builds ran") was true of some runs and false of others; on a shared 2-core machine the
 * figures of two runs are comparable only under similar load, so each run says its own.
 */
public final class MachineLoad {

    private MachineLoad() {
    }

    /** One line for run.json's note; says so when the load average cannot be read (not Linux). */
    public static String note() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.format(Locale.ROOT, "Load average at the end of the run %s (1 min), %s (5 min), %s (15 min) "
                    + "on %d cores: figures compare only with runs under similar load.", f[0], f[1], f[2], cores);
        } catch (IOException | RuntimeException e) {
            return "Load average unreadable (" + e.getClass().getSimpleName() + ") on " + cores + " cores: whether "
                    + "other work ran beside this run is unknown; treat the figures as noisy.";
        }
    }
}
