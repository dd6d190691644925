package io.pipebench.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes every lag sample as JSON lines, one per group and partition:
 * {@code {"time":"...","group":"g","topic":"order-events","partition":3,"offsetLag":12,"timeLagMs":840,
 * "timeLagLowerBound":false,"status":"OK"}}. A figure that could not be measured is {@code null}, never 0;
 * {@code timeLagLowerBound} marks a time lag that is only known to be at least that much. Load tests and reports read the file back with
 * {@link LagTimelineReader}. Register it as a {@link LagListener}; each sample is flushed, so a reader sees it at once.
 */
public final class LagTimelineWriter implements LagListener, Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;

    public LagTimelineWriter(Writer out) {
        this.out = out;
    }

    /** Creates or truncates the file. */
    public static LagTimelineWriter create(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new LagTimelineWriter(Files.newBufferedWriter(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the lag timeline " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void onSample(LagSnapshot snapshot) {
        try {
            for (GroupLag g : snapshot.groups()) {
                if (g.partitions().isEmpty()) {
                    write(new LagRecord(snapshot.time(), g.group(), null, OptionalInt.empty(), OptionalLong.empty(),
                            OptionalLong.empty(), false, g.status()));
                }
                for (PartitionLag p : g.partitions()) {
                    write(new LagRecord(snapshot.time(), g.group(), p.topic(), OptionalInt.of(p.partition()),
                            p.offsetLag(), p.timeLagMs(), p.timeLagLowerBound(), p.status()));
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the lag timeline: " + e.getMessage(), e);
        }
    }

    /** Writes records as they are (e.g. to convert or filter a timeline). */
    public synchronized void write(List<LagRecord> records) {
        try {
            for (LagRecord r : records) {
                write(r);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the lag timeline: " + e.getMessage(), e);
        }
    }

    private void write(LagRecord r) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", r.time().toString());
        n.put("group", r.group());
        n.put("topic", r.topic());
        if (r.partition().isPresent()) {
            n.put("partition", r.partition().getAsInt());
        } else {
            n.putNull("partition");
        }
        if (r.offsetLag().isPresent()) {
            n.put("offsetLag", r.offsetLag().getAsLong());
        } else {
            n.putNull("offsetLag");
        }
        if (r.timeLagMs().isPresent()) {
            n.put("timeLagMs", r.timeLagMs().getAsLong());
        } else {
            n.putNull("timeLagMs");
        }
        n.put("timeLagLowerBound", r.timeLagLowerBound());
        n.put("status", r.status().name());
        out.write(n.toString());
        out.write('\n');
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
