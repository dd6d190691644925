package io.pipebench.gate.hdr;

import io.pipebench.gate.GateInputException;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Adds the interval histograms of several HdrHistogram logs (one per injector process or machine) into one
 * histogram per tag. Percentiles of a distributed load test must come from the merged histogram: an average of
 * per-injector p99s is not the p99 of anything.
 */
public final class HistogramMerger {

    private HistogramMerger() {
    }

    /** Reads every interval of every log and adds them up, per tag. */
    public static MergedHistograms merge(List<Path> logs) {
        if (logs.isEmpty()) {
            throw new GateInputException("give at least one HdrHistogram log file to merge");
        }
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) {
                throw new GateInputException(log + ": HdrHistogram log not found");
            }
            int intervals = 0;
            HistogramLogReader reader;
            try {
                reader = new HistogramLogReader(log.toFile());
            } catch (FileNotFoundException e) {
                throw new GateInputException(log + ": cannot open: " + e.getMessage(), e);
            }
            try (reader) {
                EncodableHistogram next;
                while ((next = nextInterval(reader, log)) != null) {
                    if (!(next instanceof Histogram interval)) {
                        throw new GateInputException(log + ": holds a " + next.getClass().getSimpleName()
                                + "; the harness records integer microseconds in Histogram, so only those merge");
                    }
                    String tag = interval.getTag() == null ? "" : interval.getTag();
                    byTag.put(tag, addTo(byTag.get(tag), interval));
                    start = Math.min(start, interval.getStartTimeStamp());
                    end = Math.max(end, interval.getEndTimeStamp());
                    intervals++;
                }
            }
            if (intervals == 0) {
                throw new GateInputException(log + ": no interval histograms in this log (is it a HistogramLogWriter "
                        + "file, and did the run record anything?)");
            }
        }
        return new MergedHistograms(byTag, start, end, logs);
    }

    private static EncodableHistogram nextInterval(HistogramLogReader reader, Path log) {
        try {
            return reader.nextIntervalHistogram();
        } catch (RuntimeException e) {
            throw new GateInputException(log + ": not a readable HdrHistogram log: " + e.getMessage(), e);
        }
    }

    // Keeps the finest precision seen: adding a 3-digit histogram into a 2-digit one would lose resolution.
    private static Histogram addTo(Histogram total, Histogram interval) {
        if (total == null || total.getNumberOfSignificantValueDigits()
                < interval.getNumberOfSignificantValueDigits()) {
            Histogram wider = new Histogram(interval.getNumberOfSignificantValueDigits());
            if (total != null) {
                wider.add(total);
            }
            total = wider;
        }
        total.add(interval);
        return total;
    }
}
