package io.pipebench.load.driver;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The harness's one header on every message it publishes, next to the driver's own: {@value #NAME} = the run's 64-bit
 * key and the message's sequence number in the run (16 bytes), so a reader can match messages to the run and count
 * the lost and the duplicated. One short header, because a producer writes headers byte by byte into the compressed
 * batch: every header byte costs injector CPU (the send time stays in memory).
 */
public final class RunTag {

    public static final String NAME = "pipebench";

    private RunTag() {
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

    /** The header's value for the n-th message of a run. */
    public static byte[] value(long runKey, long sequence) {
        return ByteBuffer.allocate(16).putLong(runKey).putLong(sequence).array();
    }

    /** The message's sequence number if the value is this run's tag; empty otherwise. */
    public static OptionalLong sequence(byte[] value, long runKey) {
        if (value == null || value.length != 16) {
            return OptionalLong.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        return b.getLong() == runKey ? OptionalLong.of(b.getLong()) : OptionalLong.empty();
    }
}
