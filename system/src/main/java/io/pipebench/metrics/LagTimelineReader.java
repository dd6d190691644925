package io.pipebench.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipebench.alarms.MetricSample;
import io.pipebench.alarms.MetricTimeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads what {@link LagTimelineWriter} wrote, and turns it into the metric samples the alarm evaluator takes. */
public final class LagTimelineReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LagTimelineReader() {
    }

    public static List<LagRecord> read(Path file) {
        List<LagRecord> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    records.add(parseLine(line, file + ":" + n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the lag timeline " + file + ": " + e.getMessage(), e);
        }
        return records;
    }

    /** True when a JSON line looks like a lag timeline line rather than a metric sample. */
    public static boolean isLagLine(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.has("group") && n.has("status") && !n.has("metric");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static LagRecord parseLine(String line, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage());
        }
        String group = text(n, "group", where);
        LagStatus status;
        try {
            status = LagStatus.valueOf(text(n, "status", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": field 'status' = '" + n.get("status").asText()
                    + "' is not one of " + List.of(LagStatus.values()));
        }
        Instant time;
        try {
            time = Instant.parse(text(n, "time", where));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": field 'time' is not an ISO-8601 instant");
        }
        JsonNode topic = n.get("topic");
        JsonNode partition = n.get("partition");
        return new LagRecord(time, group, topic == null || topic.isNull() ? null : topic.asText(),
                partition == null || partition.isNull() ? OptionalInt.empty() : OptionalInt.of(partition.asInt()),
                optionalLong(n, "offsetLag"), optionalLong(n, "timeLagMs"),
                n.path("timeLagLowerBound").asBoolean(false), status);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' is missing");
        }
        return v.asText();
    }

    private static OptionalLong optionalLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? OptionalLong.empty() : OptionalLong.of(v.asLong());
    }

    /**
     * The group-level samples the lag gauges would have published at each sample time, as {@link
     * LagSnapshot#toMetricSamples()} gives them: max and sum of the measured partitions' lag (OK, or rebalancing with a
     * committed offset, as {@link GroupLag} counts them), max time lag. A group with no measured partition contributes
     * nothing at that time.
     */
    public static List<MetricSample> toMetricSamples(List<LagRecord> records) {
        Map<Instant, Map<String, List<LagRecord>>> bySample = new LinkedHashMap<>();
        for (LagRecord r : records) {
            bySample.computeIfAbsent(r.time(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
        }
        List<MetricSample> out = new ArrayList<>();
        bySample.forEach((time, groups) -> groups.forEach((group, rows) -> {
            List<LagRecord> ok = rows.stream().filter(r -> (r.status() == LagStatus.OK
                    || r.status() == LagStatus.REBALANCING) && r.offsetLag().isPresent()).toList();
            if (ok.isEmpty()) {
                return;
            }
            long max = ok.stream().mapToLong(r -> r.offsetLag().getAsLong()).max().orElseThrow();
            long sum = ok.stream().mapToLong(r -> r.offsetLag().getAsLong()).sum();
            String lag = PipelineMeters.CONSUMER_LAG;
            out.add(new MetricSample(time, lag, Map.of("group", group, "statistic", "max"), max));
            out.add(new MetricSample(time, lag, Map.of("group", group, "statistic", "sum"), sum));
            ok.stream().filter(r -> r.timeLagMs().isPresent()).mapToLong(r -> r.timeLagMs().getAsLong()).max()
                    .ifPresent(ms -> out.add(new MetricSample(time, PipelineMeters.CONSUMER_TIME_LAG,
                            Map.of("group", group, "statistic", "max"), ms / 1000.0)));
        }));
        return out;
    }

    /** A metric timeline from a lag timeline, its window running from the first to the last sample time. */
    public static MetricTimeline toMetricTimeline(List<LagRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the lag timeline is empty");
        }
        Instant first = records.stream().map(LagRecord::time).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = records.stream().map(LagRecord::time).max(Comparator.naturalOrder()).orElseThrow();
        return MetricTimeline.of(toMetricSamples(records), first, last);
    }
}
