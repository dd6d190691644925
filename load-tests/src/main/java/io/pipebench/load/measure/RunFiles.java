package io.pipebench.load.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipebench.gate.hdr.IntervalLog;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.LagTimelineWriter;
import org.HdrHistogram.Histogram;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * The files a run's monitor writes into the run folder: timeline.jsonl (one row a second), lag.jsonl.gz (per
 * partition, gzipped) and one HdrHistogram log per latency view. Without a folder it writes nothing.
 */
public final class RunFiles implements AutoCloseable {

    /** The per-partition lag timeline in a run folder (LagTimelineWriter's JSON lines, gzipped). */
    public static final String LAG_TIMELINE = "lag.jsonl.gz";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path dir;
    private final String label;
    private final LongSupplier measureStartMs;
    private final Map<RunRecorder.View, IntervalLog> hlogs = new EnumMap<>(RunRecorder.View.class);
    private BufferedWriter timeline;
    private LagTimelineWriter lagTimeline;
    private boolean closed;

    private RunFiles(Path dir, String label, LongSupplier measureStartMs) {
        this.dir = dir;
        this.label = label;
        this.measureStartMs = measureStartMs;
    }

    /**
     * Creates the folder and opens the timelines.
     *
     * @param dir            the run folder; null writes nothing
     * @param lag            whether to write the lag timeline (there are groups to watch)
     * @param measureStartMs when the measured window opened (epoch ms), the logs' base time; read at the first interval
     */
    public static RunFiles open(Path dir, String label, boolean lag, LongSupplier measureStartMs) {
        RunFiles files = new RunFiles(dir, label, measureStartMs);
        if (dir == null) {
            return files;
        }
        try {
            Files.createDirectories(dir);
            files.timeline = Files.newBufferedWriter(dir.resolve("timeline.jsonl"));
            if (lag) {
                // One line per group and partition every second: gzip keeps a committed run folder small.
                files.lagTimeline = new LagTimelineWriter(new OutputStreamWriter(new GZIPOutputStream(
                        Files.newOutputStream(dir.resolve(LAG_TIMELINE))), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** The HdrHistogram log file of a view, relative to the run folder. */
    public static String hlogName(RunRecorder.View v) {
        return switch (v) {
            case PUBLISH -> "publish-latency.hlog";
            case INTENDED -> "intended-latency.hlog";
            case DELAY -> "publish-delay.hlog";
            case E2E -> "e2e-latency.hlog";
            case E2E_FROM_SEND -> "e2e-from-send-latency.hlog";
            case STORED -> "stored-latency.hlog";
        };
    }

    public synchronized void row(TimelineRow row) {
        if (timeline == null) {
            return;
        }
        try {
            timeline.write(JSON.writeValueAsString(row));
            timeline.write('\n');
            timeline.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void lag(LagSnapshot snapshot) {
        if (lagTimeline != null) {
            lagTimeline.onSample(snapshot);
        }
    }

    /** Appends one second's measured latencies (microseconds) to the view's log. */
    public synchronized void interval(RunRecorder.View v, Histogram h) {
        if (dir == null || closed) { // a late second after close must not truncate a log by reopening it
            return;
        }
        IntervalLog log = hlogs.get(v);
        if (log == null) {
            try {
                log = IntervalLog.create(dir.resolve(hlogName(v)), "pipebench " + label + ": "
                        + v.name().toLowerCase(Locale.ROOT)
                        + " latency in microseconds, 1-second intervals of the measured window",
                        measureStartMs.getAsLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hlogs.put(v, log);
        }
        log.add(h);
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        try {
            for (IntervalLog log : hlogs.values()) {
                log.close();
            }
            hlogs.clear();
        } finally {
            closeTimelines();
        }
    }

    private void closeTimelines() throws IOException {
        try {
            if (timeline != null) {
                timeline.close();
                timeline = null;
            }
        } finally {
            if (lagTimeline != null) {
                lagTimeline.close();
                lagTimeline = null;
            }
        }
    }
}
