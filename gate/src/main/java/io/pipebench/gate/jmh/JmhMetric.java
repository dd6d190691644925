package io.pipebench.gate.jmh;

import io.pipebench.gate.model.Better;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One score of a JMH result: the primary metric of a benchmark, or one of its secondary metrics
 * (e.g. {@code gc.alloc.rate.norm}).
 *
 * @param id        identity across runs: {@code benchmark{k=v,...}@mode[:secondary]}, params sorted by name
 * @param benchmark the fully qualified benchmark method
 * @param mode      thrpt, avgt, sample or ss
 * @param params    the @Param values, sorted by name
 * @param secondary the secondary metric's name without JMH's leading '·', or null for the primary metric
 * @param score     the mean score
 * @param error     JMH's scoreError: half-width of the 99.9% confidence interval, NaN when JMH had too few samples
 * @param unit      e.g. "ops/s", "ns/op", "B/op"
 * @param forks     per fork, one value per measurement iteration (empty when the file has no raw data)
 * @param better    the direction, or empty when none is known (such metrics are reported, not gated)
 */
public record JmhMetric(String id, String benchmark, String mode, SortedMap<String, String> params, String secondary,
                        double score, double error, String unit, List<List<Double>> forks,
                        Optional<Better> better) {

    public JmhMetric {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(mode, "mode");
        params = new TreeMap<>(params == null ? Map.of() : params);
        Objects.requireNonNull(unit, "unit");
        forks = (forks == null ? List.<List<Double>>of() : forks).stream().map(List::copyOf).toList();
        better = better == null ? Optional.empty() : better;
    }

    /** Builds the identity string of a metric. */
    public static String identity(String benchmark, Map<String, String> params, String mode, String secondary) {
        StringBuilder id = new StringBuilder(benchmark);
        if (params != null && !params.isEmpty()) {
            id.append(new TreeMap<>(params).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}")));
        }
        id.append('@').append(mode);
        if (secondary != null) {
            id.append(':').append(secondary);
        }
        return id.toString();
    }

    /** Every measurement iteration, all forks together. */
    public List<Double> samples() {
        return forks.stream().flatMap(List::stream).toList();
    }

    /**
     * One mean per fork. Forks are the independent observations of a JMH run: iterations inside one JVM share its
     * JIT decisions, so they vary less than forks do and pooling them overstates the evidence.
     */
    public List<Double> forkMeans() {
        return forks.stream().filter(f -> !f.isEmpty())
                .map(f -> f.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toList();
    }

    /** Lower bound of JMH's 99.9% confidence interval (the score itself when JMH gave no error). */
    public double low() {
        return Double.isNaN(error) ? score : score - error;
    }

    /** Upper bound of JMH's 99.9% confidence interval. */
    public double high() {
        return Double.isNaN(error) ? score : score + error;
    }

    /** The benchmark class, e.g. {@code io.pipebench.benchmarks.CodecBenchmark}. */
    public String benchmarkClass() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(0, dot);
    }

    /** The benchmark method, e.g. {@code encode}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The id without the package: {@code CodecBenchmark.encode{size=1024}@thrpt}, for tables. */
    public String shortId() {
        String cls = benchmarkClass();
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? id : id.substring(dot + 1);
    }

    /** The same metric with another direction (an override in gate.yaml). */
    public JmhMetric withBetter(Better direction) {
        return new JmhMetric(id, benchmark, mode, params, secondary, score, error, unit, forks,
                Optional.of(direction));
    }

    /** The same metric converted to another unit of the same kind (ops/ms to ops/s, us/op to ns/op). */
    public JmhMetric inUnit(String targetUnit) {
        if (targetUnit.equals(unit)) {
            return this;
        }
        double factor = JmhUnits.factor(unit, targetUnit).orElseThrow(() -> new IllegalArgumentException(
                "cannot convert " + unit + " to " + targetUnit));
        return new JmhMetric(id, benchmark, mode, params, secondary, score * factor, error * factor, targetUnit,
                forks.stream().map(f -> f.stream().map(v -> v * factor).toList()).toList(), better);
    }
}
