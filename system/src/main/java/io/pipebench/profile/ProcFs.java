package io.pipebench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time from Linux's /proc: this JVM's native threads (garbage collection, JIT compilers, the VM thread, which
 * ThreadMXBean does not list), the PostgreSQL processes of a local event store, and the whole machine. Read by hand:
 * no library on the class path reads other processes' or native threads' CPU time.
 */
public final class ProcFs {

    /** Linux's USER_HZ: /proc counts in 1/100 s on every mainstream kernel. */
    static final long TICK_NANOS = 10_000_000L;

    public static final String JIT = "JVM: JIT compilers";
    public static final String POSTGRES_BACKENDS = "postgres: backends (connections)";
    public static final String POSTGRES_BACKGROUND = "postgres: background (WAL writer, checkpointer...)";

    /** The JVM's own native threads by their kernel names (15 characters at most). */
    private static final Map<String, Pattern> JVM_NATIVE = new LinkedHashMap<>();

    static {
        JVM_NATIVE.put("JVM: garbage collection", Pattern.compile("GC Thread#\\d+|G1 .*|GC .*"));
        JVM_NATIVE.put(JIT, Pattern.compile("C[12] CompilerThre.*"));
        JVM_NATIVE.put("JVM: VM thread and services", Pattern.compile("VM Thread|VM Periodic Tas.*|Service Thread|"
                + "Monitor Deflati.*|Sweeper thread|StrDedup.*"));
    }

    private ProcFs() {
    }

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/task")) && Files.isReadable(Path.of("/proc/stat"));
    }

    /** CPU nanoseconds so far of this JVM's native threads, per part; parts listed even when zero. */
    public static Map<String, Long> jvmNativeThreads() {
        Map<String, Long> out = new LinkedHashMap<>();
        JVM_NATIVE.keySet().forEach(k -> out.put(k, 0L));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                Stat s = Stat.read(t.resolve("stat"));
                if (s == null) {
                    continue;
                }
                for (Map.Entry<String, Pattern> e : JVM_NATIVE.entrySet()) {
                    if (e.getValue().matcher(s.comm()).matches()) {
                        out.merge(e.getKey(), s.ownTicks() * TICK_NANOS, Long::sum);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/self/task: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * CPU nanoseconds so far of the processes named postgres, split into connection backends and the rest; empty
     * when there are none on this machine (the event store is remote: its CPU cannot be seen from here). Children's
     * times are included: they hold the backends that exited and were reaped by the postmaster.
     */
    public static Map<String, Long> postgres() {
        Map<String, Long> out = new LinkedHashMap<>();
        postgresProcesses().forEach((p, part) -> {
            Stat s = Stat.read(p.resolve("stat"));
            if (s != null) {
                out.merge(part, (s.ownTicks() + s.childTicks()) * TICK_NANOS, Long::sum);
            }
        });
        return out;
    }

    /**
     * The /proc folder of every process named postgres, with its part. A TCP backend's title is "postgres: user
     * database host(port) state"; background ones have no host (a unix-socket backend, "[local]", would count as
     * background: JDBC over TCP never opens one).
     */
    private static Map<Path, String> postgresProcesses() {
        Map<Path, String> out = new LinkedHashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Stat s = Stat.read(p.resolve("stat"));
                if (s != null && s.comm().equals("postgres")) {
                    out.put(p, readCmdline(p).contains("(") ? POSTGRES_BACKENDS : POSTGRES_BACKGROUND);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc: " + e.getMessage(), e);
        }
        return out;
    }

    /** The JVM's row in the run-queue table: every thread of this process, Java and native. */
    public static final String JVM_PROCESS = "JVM process (all threads)";

    /**
     * Nanoseconds so far on a CPU and runnable but waiting for one (the kernel's run queue), from the scheduler's own
     * accounting in {@code schedstat}. Waiting is what a busy CPU figure cannot show: a thread on a starved machine
     * uses little CPU and still takes long.
     */
    public record Sched(long onCpuNanos, long waitNanos) {
    }

    /**
     * Run-queue figures so far per task: this JVM's threads (by thread id) and the local PostgreSQL processes (by
     * process id, backends and background as {@link #postgres} splits them), keyed by part; empty when this kernel
     * keeps none (no {@code /proc/self/schedstat}: built without CONFIG_SCHED_INFO). Per task, because a thread or
     * backend that ends takes its whole lifetime's figures with it (no parent accumulates them): a window's
     * difference is taken only over the tasks alive at both ends, and the ones that ended are counted, not hidden.
     */
    public static Optional<Map<String, Map<Long, Sched>>> schedule() {
        if (Schedstat.read(Path.of("/proc/self/schedstat")) == null) {
            return Optional.empty();
        }
        Map<String, Map<Long, Sched>> out = new LinkedHashMap<>();
        Map<Long, Sched> jvm = new HashMap<>();
        out.put(JVM_PROCESS, jvm);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                Sched s = Schedstat.read(t.resolve("schedstat"));
                if (s != null) {
                    jvm.put(Long.parseLong(t.getFileName().toString()), s);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/self/task: " + e.getMessage(), e);
        }
        postgresProcesses().forEach((p, part) -> {
            Sched s = Schedstat.read(p.resolve("schedstat"));
            if (s != null) {
                out.computeIfAbsent(part, k -> new HashMap<>()).put(Long.parseLong(p.getFileName().toString()), s);
            }
        });
        return Optional.of(out);
    }

    /**
     * Microseconds so far in which at least one runnable task on this machine waited for a CPU (pressure stall
     * information, {@code /proc/pressure/cpu}, "some" line); empty on a kernel without PSI.
     */
    public static OptionalLong cpuPressureSomeMicros() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
                if (line.startsWith("some ")) {
                    int at = line.indexOf("total=");
                    return at < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(line.substring(at + 6)
                            .trim()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** CPU nanoseconds so far of every process on the machine (user, nice, system, irq, softirq, steal). */
    public static long machineBusyNanos() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read /proc/stat: " + e, e);
        }
    }

    private static String readCmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code schedstat}: nanoseconds on a CPU, nanoseconds waiting on a run queue, time slices (sched-stats.rst). */
    private static final class Schedstat {
        static Sched read(Path file) {
            try {
                String[] f = Files.readString(file).trim().split(" ");
                return new Sched(Long.parseLong(f[0]), Long.parseLong(f[1]));
            } catch (IOException | RuntimeException e) {
                return null; // absent on this kernel, or the task ended between the listing and the read
            }
        }
    }

    /** The fields of /proc/PID/stat we use (proc(5)): utime 14, stime 15, cutime 16, cstime 17. */
    private record Stat(String comm, long ownTicks, long childTicks) {
        static Stat read(Path file) {
            try {
                String stat = Files.readString(file);
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    return null;
                }
                String[] f = stat.substring(close + 2).split(" ");
                return new Stat(stat.substring(open + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                        Long.parseLong(f[13]) + Long.parseLong(f[14]));
            } catch (IOException | RuntimeException e) {
                return null; // the process or thread ended between the listing and the read: its time went with it
            }
        }
    }
}
