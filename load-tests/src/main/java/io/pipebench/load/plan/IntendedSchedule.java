package io.pipebench.load.plan;

/**
 * When the n-th record of a run was meant to be sent. Latency measured from that time, not from the moment
 * {@code send()} was called, includes any stall of the injector or of {@code send()} itself (coordinated omission).
 */
@FunctionalInterface
public interface IntendedSchedule {

    /** No schedule: the intended time is the actual send time (the latency views then agree). */
    IntendedSchedule ACTUAL = (sequence, sendNanos) -> sendNanos;

    /**
     * @param sequence  the record's sequence number, from 0
     * @param sendNanos the actual send time, which a schedule may use to anchor itself
     * @return the intended send time, on the {@link System#nanoTime()} scale
     */
    long intendedNanos(long sequence, long sendNanos);
}
