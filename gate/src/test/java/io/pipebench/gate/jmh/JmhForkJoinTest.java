package io.pipebench.gate.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipebench.gate.GateCli;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JMH results of the gated pair, split into one file per fork and joined again, must give back what JMH itself
 * wrote for all the forks: score, error, percentiles, every secondary metric (summed or averaged).
 */
class JmhForkJoinTest {

    @TempDir
    Path dir;

    @Test
    void aThroughputRunSplitIntoForksJoinsBackToWhatJmhWrote() throws Exception {
        ArrayNode original = resource("store-append-all-5-forks.json");
        ArrayNode joined = JmhForkJoin.join(splitIntoForks(original, "store"));
        assertSameFigures(original, joined);
        assertThat(joined.get(0).get("forks").asInt()).isEqualTo(5);
        assertThat(joined.get(0).get("primaryMetric").get("rawData")).isEqualTo(
                original.get(0).get("primaryMetric").get("rawData"));
    }

    @Test
    void anAverageTimeRunWithGcCountersSumsTheCountersAndAveragesTheRest() throws Exception {
        ArrayNode original = resource("serialize-3-forks-gc.json");
        ArrayNode joined = JmhForkJoin.join(splitIntoForks(original, "serialize"));
        assertSameFigures(original, joined);
        JsonNode gcTime = joined.get(0).get("secondaryMetrics").get("gc.time");
        assertThat(gcTime.get("score").asDouble()).isEqualTo(195.0); // 72 + 123: a sum, though each fork had one
        assertThat(gcTime.get("scoreConfidence").get(0).asDouble()).isEqualTo(195.0);
    }

    @Test
    void filesOfDifferentBenchmarksAreRefusedNamingTheFile() throws Exception {
        List<Path> store = splitIntoForks(resource("store-append-all-5-forks.json"), "store");
        List<Path> serialize = splitIntoForks(resource("serialize-3-forks-gc.json"), "serialize");
        assertThatThrownBy(() -> JmhForkJoin.join(List.of(store.get(0), serialize.get(0))))
                .isInstanceOf(GateInputException.class).hasMessageStartingWith(serialize.get(0).toString())
                .hasMessageContaining("EventStoreWriteBenchmark.storeAppendAll");
        assertThatThrownBy(() -> JmhForkJoin.join(List.of(dir.resolve("missing.json"))))
                .isInstanceOf(GateInputException.class).hasMessageContaining("missing.json");
    }

    @Test
    void theCommandWritesTheJoinedFileWhichTheGateReads() throws Exception {
        List<Path> forks = splitIntoForks(resource("store-append-all-5-forks.json"), "store");
        List<String> args = new ArrayList<>(List.of("join-forks", "--out", dir.resolve("joined.json").toString()));
        forks.forEach(f -> args.add(f.toString()));
        StringWriter out = new StringWriter();
        assertThat(GateCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
                args.toArray(String[]::new))).isZero();
        JmhResultFile read = JmhResultFile.read(dir.resolve("joined.json"));
        assertThat(read.metrics()).hasSize(1);
        assertThat(read.metrics().get(0).forks()).hasSize(5);
        assertThat(GateCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "join-forks", "--out",
                dir.resolve("x.json").toString(), dir.resolve("none.json").toString())).isEqualTo(2);
    }

    private static void assertSameFigures(ArrayNode original, ArrayNode joined) {
        assertThat(joined).hasSize(original.size());
        JsonNode want = original.get(0);
        JsonNode got = joined.get(0);
        assertMetric("primaryMetric", want.get("primaryMetric"), got.get("primaryMetric"));
        for (Iterator<String> it = want.path("secondaryMetrics").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            assertMetric(name, want.get("secondaryMetrics").get(name), got.get("secondaryMetrics").get(name));
        }
    }

    private static void assertMetric(String name, JsonNode want, JsonNode got) {
        assertThat(got.get("score").asDouble()).as(name + " score")
                .isCloseTo(want.get("score").asDouble(), within(1e-9 * Math.abs(want.get("score").asDouble())));
        double wantError = number(want.get("scoreError"));
        double gotError = number(got.get("scoreError"));
        if (Double.isNaN(wantError)) {
            assertThat(gotError).as(name + " error").isNaN();
        } else {
            assertThat(gotError).as(name + " error").isCloseTo(wantError, within(1e-9 * wantError));
            for (Iterator<String> it = want.get("scorePercentiles").fieldNames(); it.hasNext(); ) {
                String p = it.next();
                assertThat(got.get("scorePercentiles").get(p).asDouble()).as(name + " p" + p)
                        .isCloseTo(want.get("scorePercentiles").get(p).asDouble(), within(1e-6));
            }
        }
    }

    /** One file per fork, as running the same benchmark with -f 1 that many times writes. */
    private List<Path> splitIntoForks(ArrayNode original, String name) throws Exception {
        ObjectNode run = (ObjectNode) original.get(0);
        int forks = run.get("primaryMetric").get("rawData").size();
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            ObjectNode one = run.deepCopy();
            one.put("forks", 1);
            keepFork((ObjectNode) one.get("primaryMetric"), f);
            for (Iterator<String> it = one.path("secondaryMetrics").fieldNames(); it.hasNext(); ) {
                ObjectNode metric = (ObjectNode) one.get("secondaryMetrics").get(it.next());
                keepFork(metric, f);
                if (metric.get("rawData").get(0).isEmpty()) {
                    it.remove(); // JMH writes gc.time only for a fork that had a GC
                }
            }
            ArrayNode file = Json.mapper().createArrayNode().add(one);
            Path path = dir.resolve(name + "-" + (f + 1) + ".json");
            Json.mapper().writeValue(path.toFile(), file);
            files.add(path);
        }
        return files;
    }

    /** Keeps fork f's iterations and sets the score JMH would have written for it alone (sum or mean, as before). */
    private static void keepFork(ObjectNode metric, int f) {
        JsonNode all = metric.get("rawData");
        double allSum = 0;
        int allCount = 0;
        for (JsonNode fork : all) {
            for (JsonNode v : fork) {
                allSum += v.asDouble();
                allCount++;
            }
        }
        boolean summed = Math.abs(metric.get("score").asDouble() - allSum) < 1e-9 * Math.max(1, allSum)
                && Math.abs(allSum / allCount - allSum) > 1e-9;
        JsonNode fork = all.get(f);
        double sum = 0;
        for (JsonNode v : fork) {
            sum += v.asDouble();
        }
        metric.set("rawData", Json.mapper().createArrayNode().add(fork));
        metric.put("score", summed ? sum : fork.isEmpty() ? Double.NaN : sum / fork.size());
    }

    private static double number(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.isNumber() ? node.asDouble()
                : Double.parseDouble(node.asText());
    }

    private static ArrayNode resource(String name) throws Exception {
        try (InputStream in = JmhForkJoinTest.class.getResourceAsStream("/jmh/" + name)) {
            return (ArrayNode) Json.mapper().readTree(in);
        }
    }
}
