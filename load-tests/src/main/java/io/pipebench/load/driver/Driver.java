package io.pipebench.load.driver;

import java.util.Map;
import java.util.Optional;

/**
 * The system under test, as the harness sees it (OpenMessaging Benchmark's {@code BenchmarkDriver} is the model): set
 * up when opened, torn down by {@link #close()}, and in between it publishes a run's messages, reads them back, and
 * shows its pipeline's health. The harness's measuring core knows nothing else of it: not its broker, its client
 * library nor its database. One driver serves every run of a command (the max-rate search's steps share it).
 */
public interface Driver extends AutoCloseable {

    /** The driver's name, e.g. {@code reference-system} or {@code raw-kafka}. */
    String name();

    /** One line naming what runs where, safe to print: never a credential. */
    String describe();

    /** Versions of what is measured, by component (e.g. {@code kafka} to the client library's version). */
    Map<String, String> versions();

    /** A publisher for one run, with the driver's messages; the harness closes it when the run ends. */
    Publisher<?> publisher(PublisherSpec spec);

    /**
     * Starts reading the run's messages back from the log ends of now, reporting each to the callback on a thread of
     * its own; empty when the driver cannot read back (then nothing can be counted lost or duplicated).
     */
    Optional<ReadBack> readBack(String runId, ConsumerCallback callback);

    /** What the driver can observe of the pipeline behind the broker: lag, processed and stored records, failures. */
    PipelineProbe pipeline();

    /** Broker faults, where the driver can cause them. */
    Optional<FaultControls> faults();

    /**
     * The channel of distributed run {@code run} on this driver's broker, created if missing: where the run's
     * injectors meet. Empty when the driver has none (then it cannot take part in a distributed run).
     */
    default Optional<RunChannel> runChannel(String run) {
        return Optional.empty();
    }

    /** Stops what the driver started; never throws. */
    @Override
    void close();
}
