package io.pipebench.load.kafka;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * The harness's three headers on every record it publishes, next to the event's own: the run id, the record's
 * sequence number in the run and the send time, so a consumer can match records to the run, count the lost and the
 * duplicated, and measure produce-to-consume latency. The send time is {@link System#nanoTime()}: only meaningful to
 * a consumer in the same JVM, which the harness's end-to-end tracker is.
 */
public final class RunHeaders {

    public static final String RUN_ID = "pipebench-run";
    public static final String SEQUENCE = "pipebench-seq";
    public static final String SENT_NANOS = "pipebench-sent-ns";

    private RunHeaders() {
    }

    public static byte[] runId(String runId) {
        return runId.getBytes(StandardCharsets.UTF_8);
    }

    public static List<Header> of(byte[] runId, long sequence, long sentNanos) {
        return List.of(new RecordHeader(RUN_ID, runId), new RecordHeader(SEQUENCE, longBytes(sequence)),
                new RecordHeader(SENT_NANOS, longBytes(sentNanos)));
    }

    /** True when the record carries this run id. */
    public static boolean belongsTo(Headers headers, byte[] runId) {
        Header h = headers.lastHeader(RUN_ID);
        return h != null && java.util.Arrays.equals(h.value(), runId);
    }

    public static OptionalLong sequence(Headers headers) {
        return longHeader(headers, SEQUENCE);
    }

    public static OptionalLong sentNanos(Headers headers) {
        return longHeader(headers, SENT_NANOS);
    }

    private static OptionalLong longHeader(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null || h.value().length != Long.BYTES ? OptionalLong.empty()
                : OptionalLong.of(ByteBuffer.wrap(h.value()).getLong());
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }
}
