package io.pipebench.load.driver.reference;

import io.pipebench.load.driver.PipelineProbe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by the parts of the pipeline on this machine, in nanoseconds: this JVM (injector, embedded
 * brokers, consumers, harness) and, when the event store is local, every PostgreSQL process (backends, WAL writer,
 * checkpointer: what storing costs). Differences of two samples over the measured window, divided by the events
 * acknowledged in it, give CPU per event, a figure that moves when any stage slows, whatever the rate. Read from
 * /proc by hand: no library on the class path reads other processes' CPU (OSHI would, for this one use).
 */
public final class ProcessCpu {

    /** A producer-only driver's probe: no consumers, and the CPU of this JVM. */
    public static final PipelineProbe PRODUCER_ONLY = new PipelineProbe() {
        @Override
        public Map<String, Long> cpu() {
            return sample(false);
        }
    };

    /** Linux's USER_HZ: /proc/PID/stat counts in 1/100 s on every mainstream kernel. */
    private static final long TICK_NANOS = 10_000_000L;

    private ProcessCpu() {
    }

    public static Map<String, Long> sample(boolean postgres) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long jvm = os.getProcessCpuTime();
            if (jvm >= 0) {
                out.put("jvm", jvm);
            }
        }
        if (postgres) {
            // -1 when the local store's processes cannot be read: the figures then leave out the total, not the
            // store's share of it.
            out.put("postgres", postgresNanos());
        }
        return out;
    }

    /** Summed user + system time of processes named postgres, or -1 when none can be read. */
    static long postgresNanos() {
        long ticks = 0;
        boolean any = false;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < open || !stat.substring(open + 1, close).equals("postgres")) {
                        continue;
                    }
                    // Fields after the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17
                    // (proc(5)); the children's times hold the backends that exited and were reaped by the postmaster.
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14]);
                    any = true;
                } catch (IOException | RuntimeException e) {
                    // the process ended between the listing and the read: its time is gone with it
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return any ? ticks * TICK_NANOS : -1;
    }
}
