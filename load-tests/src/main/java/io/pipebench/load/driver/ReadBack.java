package io.pipebench.load.driver;

import java.time.Duration;

/** Reads a run's messages back from where they were written, for end-to-end latency, loss and duplicates. */
public interface ReadBack extends AutoCloseable {

    /**
     * Waits until everything written up to this call has been read (every acknowledged message of the run is then
     * read, unless lost). False on timeout.
     */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
