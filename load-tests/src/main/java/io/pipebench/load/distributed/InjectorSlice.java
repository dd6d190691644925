package io.pipebench.load.distributed;

import io.pipebench.load.driver.RunTag;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.workload.KeySpace;
import io.pipebench.workload.Workload;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One injector's share of a distributed run: injector {@code index} of {@code count} publishes {@code 1/count} of the
 * workload's rate over its own slice of the aggregates ({@link KeySpace#slice}), and stamps its records with the run
 * key of {@code <run>-i<index>}, so its end-to-end tracker reads back only its own records and every latency is timed
 * on one host.
 *
 * <p>Configured by {@code -Dinjector.run}, {@code -Dinjector.count} and {@code -Dinjector.index}; on Kubernetes the
 * index comes from the Indexed Job's {@code JOB_COMPLETION_INDEX} instead.
 *
 * @param run   the distributed run's id, shared by every injector
 * @param index this injector, 0-based; injector 0 also observes lag, dead letters and processing failures
 * @param count how many injectors share the run
 */
public record InjectorSlice(String run, int index, int count) {

    public static final String RUN = "injector.run";
    public static final String COUNT = "injector.count";
    public static final String INDEX = "injector.index";
    public static final String K8S_INDEX = "JOB_COMPLETION_INDEX";
    /** Kafka topic names allow these; the run id names the run's topic. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,120}");

    public InjectorSlice {
        if (run == null || !RUN_ID.matcher(run).matches()) {
            throw new IllegalArgumentException("-D" + RUN + "=" + run + " must be 1-120 letters, digits, '.', '_' "
                    + "or '-' (it names the run's Kafka topic), e.g. -D" + RUN + "=peak-20261130T0400Z");
        }
        if (count < 1) {
            throw new IllegalArgumentException("-D" + COUNT + " must be at least 1, was " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("the injector index must be between 0 and " + (count - 1)
                    + " for -D" + COUNT + "=" + count + ", was " + index);
        }
    }

    /** This JVM's slice, when it runs as one injector of several. */
    public static Optional<InjectorSlice> current() {
        return from(System.getProperties().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))), System.getenv());
    }

    /**
     * The slice the properties and environment describe; empty when none of {@code injector.*} is set (a run of one
     * injector). The index comes from {@code -Dinjector.index} or {@value #K8S_INDEX}; both set and different is
     * refused, as is a count without a run id: a typo must not turn N injectors into N full-rate runs.
     */
    public static Optional<InjectorSlice> from(Map<String, String> properties, Map<String, String> env) {
        String run = blank(properties.get(RUN));
        String count = blank(properties.get(COUNT));
        String index = blank(properties.get(INDEX));
        String k8s = blank(env.get(K8S_INDEX));
        if (run == null && count == null && index == null) {
            return Optional.empty(); // JOB_COMPLETION_INDEX alone: some other Indexed Job, not ours
        }
        if (run == null || count == null) {
            throw new IllegalArgumentException("a distributed injector needs -D" + RUN + " (the shared run id) and -D"
                    + COUNT + " (how many injectors), besides -D" + INDEX + " or " + K8S_INDEX + "; missing: "
                    + (run == null ? "-D" + RUN + " " : "") + (count == null ? "-D" + COUNT : ""));
        }
        if (index == null && k8s == null) {
            throw new IllegalArgumentException("the injector's index is missing: set -D" + INDEX + "=<0.." + count
                    + "-1> or run it as a Kubernetes Indexed Job (" + K8S_INDEX + ")");
        }
        if (index != null && k8s != null && !index.equals(k8s)) {
            throw new IllegalArgumentException("-D" + INDEX + "=" + index + " contradicts " + K8S_INDEX + "=" + k8s
                    + ": set only one");
        }
        return Optional.of(new InjectorSlice(run, integer(index != null ? "-D" + INDEX : K8S_INDEX,
                index != null ? index : k8s), integer("-D" + COUNT, count)));
    }

    /** Scenarios whose injection does not react to what it measures: their share is a fixed plan. */
    static final java.util.List<String> SPLITTABLE = java.util.List.of("steady", "smoke", "soak");

    /**
     * Refuses a scenario that cannot be split: peak and max-rate change their rate from what they measure, and N
     * injectors deciding apart would diverge; broker-failure and injector-ratio need one machine.
     */
    public void requireScenario(String scenario) {
        if (!SPLITTABLE.contains(scenario)) {
            throw new IllegalArgumentException("the " + scenario + " scenario cannot run as " + count + " injectors (-D"
                    + COUNT + "): its injection reacts to what it measures; distributed runs take " + SPLITTABLE
                    + " or a workload file with a fixed rate profile (" + LoadOptions.spelling("workload")
                    + ")");
        }
    }

    /** The workload this injector publishes: the same shape at {@code 1/count} of the rate. */
    public Workload share(Workload w) {
        return count == 1 ? w : w.with(w.rate().scaled(1.0 / count), w.warmup(), w.duration());
    }

    /** Injector {@code other} of the same run. */
    public InjectorSlice of(int other) {
        return new InjectorSlice(run, other, count);
    }

    /** The aggregates this injector publishes for: no other injector publishes for them. */
    public KeySpace keys(Workload w) {
        return w.keySpace().slice(index, count);
    }

    /**
     * This injector's id for one Gatling run of the command ({@code label}: the settle phase, the measured run):
     * the shared run id and the index, stamped as its 64-bit key in every record this injector sends. Each label
     * gets its own, so the settle phase's event ids differ from the measured run's.
     */
    public String runId(String label) {
        return run + "-i" + index + "-" + label;
    }

    /** The key this injector's {@link RunTag}s carry for its records of run {@code label}. */
    public long runKey(String label) {
        return RunTag.key(runId(label));
    }

    /** Injector 0 observes what exists once per run: consumer lag, dead letters, processing failures. */
    public boolean observer() {
        return index == 0;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a whole number");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
