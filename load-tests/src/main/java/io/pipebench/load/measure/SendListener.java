package io.pipebench.load.measure;

/**
 * Told about every publish: just before {@code send()} (on the Gatling event loop that sends), and once the broker has
 * answered or the send failed (on the producer's I/O thread, before Gatling hears of it; on the sending thread when
 * {@code send()} itself refuses the record). Keep it short and thread-safe: it runs once per record. All times are
 * {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface SendListener {

    SendListener NONE = (sequence, intendedNanos, sendNanos, ackNanos, topic, error) -> {
    };

    /**
     * @param sequence      the record's sequence number in this run (0, 1, 2, ...), also in its headers
     * @param intendedNanos when the open injection model meant the record to be sent (equals {@code sendNanos}
     *                      without a schedule)
     * @param sendNanos     just before {@code send()}
     * @param ackNanos      when the callback ran
     * @param error         null when the broker acknowledged the record
     */
    void onComplete(long sequence, long intendedNanos, long sendNanos, long ackNanos, String topic, Throwable error);

    /** Just before {@code send()}: the record's sequence number, intended and actual send time. */
    default void onSend(long sequence, long intendedNanos, long sendNanos) {
    }

    /**
     * After the publisher returned from {@code send()}: how long the publisher's own work took (encoding, headers,
     * the producer's {@code send()} call), on the sending thread. The publish stage's cost per record: its wall time,
     * and the sending thread's CPU in {@code sendAsync} ({@code cpuNanos}; -1 when unmeasured, and for the sends
     * {@link CpuSampling} leaves untimed from 2,000/s: a CPU figure is the mean over the timed ones).
     */
    default void onSendCall(long sequence, long intendedNanos, long callNanos, long cpuNanos) {
    }
}
