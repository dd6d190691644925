package io.pipebench.load.driver;

import java.util.Map;

/**
 * The injector ratio's yardsticks beside a driver, on its broker: the broker's own load generator (for Kafka,
 * ProducerPerformance) sending the workload's encoded events from payload files, and a bare driver sending the same
 * payloads to the same topic through the harness. An interface so that the scenario comparing against them names no
 * broker; the wiring picks the implementation. {@link #close()} removes what it wrote, never the driver beside it.
 */
public interface Yardstick extends AutoCloseable {

    /** Where the load generator and the bare driver send. */
    String topic();

    /** The topic's partitions: as many as the event topics have together. */
    int partitions();

    /** The producer settings both use. */
    Map<String, Object> producerConfig();

    /** The mean encoded event, bytes. */
    double payloadBytes();

    /** The mean whole record (payload and headers as text), bytes. */
    double recordBytes();

    /**
     * The load generator's steady-state throughput, records/s, with the event payloads or the whole records.
     *
     * @param throughput records per second to aim at; -1 unthrottled
     */
    double producerPerformance(boolean wholeRecords, long records, double throughput);

    /** The bare driver on the same topic, payloads and key range as the load generator; closing it closes nothing. */
    Driver rawDriver();

    @Override
    void close();
}
