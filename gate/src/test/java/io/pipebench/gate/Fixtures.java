package io.pipebench.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipebench.gate.hdr.IntervalLog;
import io.pipebench.gate.model.AlarmResult;
import io.pipebench.gate.model.AlarmState;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.EnvironmentInfo;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.gate.model.LoadSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.distribution.TDistribution;

/** Synthetic results shaped exactly like JMH's -rf json output and the load tests' summary.json. */
public final class Fixtures {

    private Fixtures() {
    }

    /** One benchmark of a synthetic JMH run. */
    public static final class Bench {
        final String name;
        final String mode;
        final String unit;
        final Map<String, String> params = new LinkedHashMap<>();
        double mean;
        double noise = 0.015;
        double forkNoise = 0;
        int forks = 5;
        int iterations = 5;
        long seed = 1;
        boolean rawData = true;
        Double allocation;

        public Bench(String name, String mode, String unit, double mean) {
            this.name = name;
            this.mode = mode;
            this.unit = unit;
            this.mean = mean;
        }

        public Bench noise(double relative) {
            this.noise = relative;
            return this;
        }

        /** Relative noise of each fork's own mean (JIT decisions differ between JVMs), on top of iteration noise. */
        public Bench forkNoise(double relative) {
            this.forkNoise = relative;
            return this;
        }

        public Bench seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Bench param(String key, String value) {
            params.put(key, value);
            return this;
        }

        public Bench withoutRawData() {
            this.rawData = false;
            return this;
        }

        public Bench allocation(double bytesPerOp) {
            this.allocation = bytesPerOp;
            return this;
        }

        public Bench shape(int forks, int iterations) {
            this.forks = forks;
            this.iterations = iterations;
            return this;
        }
    }

    public static Bench thrpt(String name, double opsPerSecond) {
        return new Bench(name, "thrpt", "ops/s", opsPerSecond);
    }

    public static Bench avgt(String name, double microsPerOp) {
        return new Bench(name, "avgt", "us/op", microsPerOp);
    }

    /** Writes a JMH JSON result file; iteration scores are Gaussian around the mean with the bench's noise. */
    public static Path jmhFile(Path file, Bench... benches) throws IOException {
        ArrayNode root = Json.mapper().createArrayNode();
        for (Bench b : benches) {
            ObjectNode run = root.addObject();
            run.put("jmhVersion", "1.37");
            run.put("benchmark", b.name);
            run.put("mode", b.mode);
            run.put("threads", 1);
            run.put("forks", b.forks);
            run.put("jdkVersion", "17.0.15");
            run.put("vmName", "OpenJDK 64-Bit Server VM");
            run.put("measurementIterations", b.iterations);
            if (!b.params.isEmpty()) {
                ObjectNode params = run.putObject("params");
                b.params.forEach(params::put);
            }
            Random random = new Random(b.seed);
            run.set("primaryMetric", metric(b, b.mean, b.unit, random));
            if (b.allocation != null) {
                ObjectNode secondary = run.putObject("secondaryMetrics");
                secondary.set("\u00b7gc.alloc.rate.norm", metric(b, b.allocation, "B/op", random));
                secondary.set("\u00b7gc.alloc.rate", metric(b, 512, "MB/sec", random));
            }
        }
        Json.mapper().writeValue(file.toFile(), root);
        return file;
    }

    private static ObjectNode metric(Bench b, double mean, String unit, Random random) {
        List<double[]> forks = new ArrayList<>();
        double sum = 0;
        int n = 0;
        for (int f = 0; f < b.forks; f++) {
            double[] iterations = new double[b.iterations];
            double forkMean = mean * (1 + b.forkNoise * random.nextGaussian());
            for (int i = 0; i < b.iterations; i++) {
                iterations[i] = forkMean * (1 + b.noise * random.nextGaussian());
                sum += iterations[i];
                n++;
            }
            forks.add(iterations);
        }
        double avg = sum / n;
        double squares = 0;
        for (double[] fork : forks) {
            for (double v : fork) {
                squares += (v - avg) * (v - avg);
            }
        }
        // JMH's scoreError: Student t at 99.9% (two-sided) times the standard error.
        double error = n > 1 ? new TDistribution(n - 1).inverseCumulativeProbability(0.9995)
                * Math.sqrt(squares / (n - 1)) / Math.sqrt(n) : Double.NaN;
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("score", avg);
        node.put("scoreError", error);
        ArrayNode confidence = node.putArray("scoreConfidence");
        confidence.add(avg - error);
        confidence.add(avg + error);
        node.put("scoreUnit", unit);
        if (b.rawData) {
            ArrayNode raw = node.putArray("rawData");
            for (double[] fork : forks) {
                ArrayNode values = raw.addArray();
                for (double v : fork) {
                    values.add(v);
                }
            }
        }
        return node;
    }

    public static EnvironmentInfo environment(int cpus, String jvm, String kafka) {
        return new EnvironmentInfo(cpus, "Test CPU @ 2.0GHz", "Linux", "6.1", "Debian", jvm, kafka,
                "0123456789abcdef0123456789abcdef01234567", Instant.parse("2025-01-31T12:00:00Z"), false);
    }

    /** The HdrHistogram log every {@link #summary} names, relative to its run folder. */
    public static final String HISTOGRAM = "publish-latency.hlog";

    /** Writes a run folder as the harness does: summary.json and the HdrHistogram log it names. */
    public static Path runFolder(Path folder, LoadSummary summary) throws IOException {
        summary.write(folder.resolve(LoadSummary.FILE_NAME));
        for (String relative : summary.histograms().values()) {
            hdrLog(folder.resolve(relative), 1_700_000_000_000L, null, 1, new long[][] {{9_000, 12_000, 15_000}});
        }
        return folder;
    }

    /** Writes an injector's log: {@code intervals} one-second intervals of latencies (microseconds). */
    public static void hdrLog(Path file, long startMs, String tag, int intervals, long[][] values)
            throws IOException {
        try (IntervalLog log = IntervalLog.create(file, "test injector log, microseconds", startMs)) {
            for (int i = 0; i < intervals; i++) {
                Histogram interval = new Histogram(3_600_000_000L, 3);
                for (long v : values[i]) {
                    interval.recordValue(v);
                }
                interval.setStartTimeStamp(startMs + i * 1000L);
                interval.setEndTimeStamp(startMs + (i + 1) * 1000L);
                interval.setTag(tag);
                log.add(interval);
            }
        }
    }

    public static LoadSummary summary(String scenario, double p95Millis, double eventsPerSecond,
                                      AlarmState lagAlarm) {
        Map<String, LoadMetric> metrics = new LinkedHashMap<>();
        metrics.put("publish.latency.p95", new LoadMetric(p95Millis, "ms", Better.LOWER));
        metrics.put("publish.throughput", new LoadMetric(eventsPerSecond, "events/s", Better.HIGHER));
        return new LoadSummary(scenario, Instant.parse("2025-01-31T12:00:00Z"), 300,
                environment(2, "17.0.15", "4.4.0"), metrics,
                List.of(new AlarmResult("consumer-lag", lagAlarm, lagAlarm == AlarmState.OK ? 10.0 : 5000.0,
                        1000.0)),
                Map.of("publish-latency", HISTOGRAM));
    }
}
