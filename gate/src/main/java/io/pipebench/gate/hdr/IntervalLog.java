package io.pipebench.gate.hdr;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * An HdrHistogram interval log being written (HistogramLogWriter format, readable by any HdrHistogram tool and by
 * {@link HistogramMerger}): the one writer of the harness's {@code .hlog} files and of the gate's merged log. Each
 * interval's time stamps are written relative to the log's start.
 */
public final class IntervalLog implements Closeable {

    private final Path file;
    private final PrintStream out;
    private final HistogramLogWriter writer;

    private IntervalLog(Path file, PrintStream out, String comment, long startMs) {
        this.file = file;
        this.out = out;
        this.writer = new HistogramLogWriter(out);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMs);
        writer.setBaseTime(startMs);
        writer.outputLegend();
    }

    /**
     * Creates (or replaces) the file, its folder if needed, and writes the header.
     *
     * @param comment what the log holds and its unit
     * @param startMs the log's start, epoch milliseconds
     */
    public static IntervalLog create(Path file, String comment, long startMs) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new IntervalLog(file, new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8),
                comment, startMs);
    }

    /** Appends one interval: its tag and start and end time stamps (epoch ms) are the histogram's. */
    public void add(Histogram interval) {
        writer.outputIntervalHistogram(interval);
    }

    @Override
    public void close() throws IOException {
        out.flush();
        boolean failed = out.checkError();
        out.close();
        if (failed) {
            throw new IOException(file + ": write failed");
        }
    }
}
