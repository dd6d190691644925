package io.pipebench.load.kafka;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * The harness's one header on every record it publishes, next to the event's own: {@value #NAME} = the run's 64-bit
 * key and the record's sequence number in the run (16 bytes), so a consumer can match records to the run and count
 * the lost and the duplicated. One short header, because the producer writes headers byte by byte into the
 * compressed batch: every header byte costs injector CPU (the send time stays in memory, see SendListener#onSend).
 */
public final class RunHeaders {

    public static final String NAME = "pipebench";

    private RunHeaders() {
    }

    /** A run's key: a stable 64-bit hash of its id (FNV-1a). */
    public static long key(String runId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : runId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public static List<Header> of(long runKey, long sequence) {
        return List.of(new RecordHeader(NAME, ByteBuffer.allocate(16).putLong(runKey).putLong(sequence).array()));
    }

    /** The record's sequence number if it carries this run's header; empty otherwise. */
    public static OptionalLong sequence(Headers headers, long runKey) {
        Header h = headers.lastHeader(NAME);
        if (h == null || h.value() == null || h.value().length != 16) {
            return OptionalLong.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(h.value());
        return b.getLong() == runKey ? OptionalLong.of(b.getLong()) : OptionalLong.empty();
    }
}
