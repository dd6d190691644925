package io.pipebench.load.driver;

/** Told of each message of the run a {@link ReadBack} reads (OpenMessaging Benchmark's {@code ConsumerCallback}). */
@FunctionalInterface
public interface ConsumerCallback {

    /** @param sequence the message's sequence number from its {@link RunTag}; {@code readNanos} on the nanoTime scale */
    void read(long sequence, long readNanos);
}
