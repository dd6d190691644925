package io.pipebench.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run recorded: metric samples in time order, and the window they cover. The window matters for missing data:
 * a period inside it without a sample of the alarm's metric is a missing datapoint.
 *
 * <p>On disk, one JSON object per line:
 * {@code {"time":"2025-01-01T00:00:01Z","metric":"kafka.consumer.lag","dimensions":{"group":"g"},"value":12.0}}.
 */
public final class MetricTimeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<MetricSample> samples;
    private final Instant start;
    private final Instant end;

    private MetricTimeline(List<MetricSample> samples, Instant start, Instant end) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("timeline end " + end + " is before its start " + start);
        }
        List<MetricSample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparing(MetricSample::time));
        for (MetricSample s : sorted) {
            if (s.time().isBefore(start) || s.time().isAfter(end)) {
                throw new IllegalArgumentException("sample at " + s.time() + " lies outside the timeline window ["
                        + start + ", " + end + "]");
            }
        }
        this.samples = List.copyOf(sorted);
        this.start = start;
        this.end = end;
    }

    /** A timeline covering exactly the given window (both ends inclusive). */
    public static MetricTimeline of(List<MetricSample> samples, Instant start, Instant end) {
        return new MetricTimeline(samples, start, end);
    }

    /** A timeline from the first to the last sample. */
    public static MetricTimeline of(List<MetricSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("an empty timeline needs an explicit window: use of(samples, start, end)");
        }
        Instant first = samples.stream().map(MetricSample::time).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = samples.stream().map(MetricSample::time).max(Comparator.naturalOrder()).orElseThrow();
        return new MetricTimeline(samples, first, last);
    }

    public List<MetricSample> samples() {
        return samples;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    /** Reads JSON lines as written by {@link #write(Writer)}; the window runs from the first to the last sample. */
    public static MetricTimeline read(Path file) {
        List<MetricSample> samples = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    samples.add(parseLine(line, file + ":" + n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the timeline " + file + ": " + e.getMessage(), e);
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(file + ": no samples; expected JSON lines with time, metric, "
                    + "dimensions and value");
        }
        return of(samples);
    }

    /** Parses one JSON line; {@code where} names the file and line in error messages. */
    public static MetricSample parseLine(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage());
        }
        JsonNode time = node.get("time");
        JsonNode metric = node.get("metric");
        JsonNode value = node.get("value");
        if (time == null || !time.isTextual()) {
            throw new IllegalArgumentException(where + ": field 'time' is missing; give an ISO-8601 instant such as "
                    + "2025-01-01T00:00:00Z");
        }
        if (metric == null || !metric.isTextual() || metric.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": field 'metric' is missing");
        }
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(where + ": field 'value' is missing or not a number");
        }
        Instant t;
        try {
            t = Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": field 'time' = '" + time.asText() + "' is not an ISO-8601 "
                    + "instant such as 2025-01-01T00:00:00Z");
        }
        Map<String, String> dims = new LinkedHashMap<>();
        JsonNode d = node.get("dimensions");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                throw new IllegalArgumentException(where + ": field 'dimensions' must be an object of name: value");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                dims.put(e.getKey(), e.getValue().asText());
            }
        }
        try {
            return new MetricSample(t, metric.asText(), dims, value.asDouble());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** One JSON line for a sample, without the line break. */
    public static String toLine(MetricSample s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", s.time().toString());
        node.put("metric", s.metric());
        ObjectNode dims = node.putObject("dimensions");
        s.dimensions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> dims.put(e.getKey(), e.getValue()));
        node.put("value", s.value());
        return node.toString();
    }

    public void write(Writer out) throws IOException {
        for (MetricSample s : samples) {
            out.write(toLine(s));
            out.write('\n');
        }
    }

    public void write(Path file) {
        try (Writer out = Files.newBufferedWriter(file)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the timeline " + file + ": " + e.getMessage(), e);
        }
    }
}
