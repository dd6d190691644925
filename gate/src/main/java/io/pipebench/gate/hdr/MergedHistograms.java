package io.pipebench.gate.hdr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The sum of several HdrHistogram logs: one histogram per tag ("" for untagged), covering the union of their time
 * ranges.
 *
 * @param byTag   merged histogram per tag, in the order first seen
 * @param startMs earliest interval start, epoch milliseconds
 * @param endMs   latest interval end, epoch milliseconds
 * @param sources the logs merged
 */
public record MergedHistograms(Map<String, Histogram> byTag, long startMs, long endMs, List<Path> sources) {

    public MergedHistograms {
        byTag = Collections.unmodifiableMap(new LinkedHashMap<>(byTag));
        sources = List.copyOf(sources);
    }

    /** Percentiles of every tag. */
    public List<Percentiles> percentiles() {
        return byTag.entrySet().stream().map(e -> Percentiles.of(e.getKey(), e.getValue())).toList();
    }

    /**
     * Writes one interval per tag, spanning the whole merged range, in HistogramLogWriter format; any HdrHistogram
     * tool (and {@link HistogramMerger} itself) can read it back.
     */
    public void writeLog(Path file) throws IOException {
        try (IntervalLog log = IntervalLog.create(file, "Merged by pipebench gate from " + sources.size()
                + " log(s): " + sources, startMs)) {
            for (Map.Entry<String, Histogram> entry : byTag.entrySet()) {
                Histogram copy = entry.getValue().copy();
                copy.setTag(entry.getKey().isEmpty() ? null : entry.getKey());
                copy.setStartTimeStamp(startMs);
                copy.setEndTimeStamp(endMs);
                log.add(copy);
            }
        }
    }
}
