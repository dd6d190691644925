package io.pipebench.load.driver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * A distributed run's shared log on the broker under test: the only thing the run's injectors share, so no
 * coordinator process is needed. Messages are keyed {@code <type>/<injector>[/...]}, every reader sees them in one
 * order, and each carries the broker's timestamp, so instants agreed on come from one clock. The barrier and the merge
 * ({@code distributed/}) know the log only as this; a driver provides it ({@link Driver#runChannel}).
 */
public interface RunChannel extends AutoCloseable {

    /** What it is called on the broker, for progress lines. */
    String name();

    /** The run it was opened for. */
    String run();

    /** Posts one message and waits for its acknowledgement: a barrier message that is not stored did not happen. */
    void post(String key, byte[] value);

    default void post(String key, String value) {
        post(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads from the start until {@code enough} holds for what was read, or {@code timeout} passes; returns
     * everything read either way (the caller names what is missing).
     */
    List<Message> readUntil(Predicate<List<Message>> enough, Duration timeout) throws InterruptedException;

    /** Stops posting and reading; never throws. */
    @Override
    void close();

    /** One message read back: its key, value and the broker's timestamp. */
    record Message(String key, byte[] value, Instant at) {

        public String type() {
            return key.substring(0, key.indexOf('/'));
        }

        /** The injector index the key names ({@code type/<i>[/...]}). */
        public int index() {
            String rest = key.substring(key.indexOf('/') + 1);
            int slash = rest.indexOf('/');
            return Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
        }

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }
}
