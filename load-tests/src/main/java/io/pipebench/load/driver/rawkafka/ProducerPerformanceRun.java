package io.pipebench.load.driver.rawkafka;

import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.SetupException;
import io.pipebench.secrets.PrivatePropertiesFile;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.tools.ProducerPerformance;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Kafka's own ProducerPerformance, run in this JVM as the injector's yardstick. Its producer settings, credentials
 * included, go in an owner-only file ({@code --command-config}) deleted after the run: on its command line they would
 * show in {@code ps}, and its argument parser echoes a rejected property whole, password included. Its throughput is
 * not read from its console: the tool has no Java API that returns it, so its producer's own public metric,
 * {@code record-send-total} (JMX, {@code kafka.producer:type=producer-metrics}), is sampled while it runs.
 */
public final class ProducerPerformanceRun {

    static final String CLIENT_ID = "pipebench-producer-performance";
    public static final String CONFIG_PREFIX = "pipebench-producer-performance";
    private static final long SAMPLE_MILLIS = 50;

    private ProducerPerformanceRun() {
    }

    /**
     * Runs it and returns its steady-state throughput, records per second: the records sent after the first fifth
     * (its warm-up records) over the time they took.
     *
     * @param throughput records per second to aim at; -1 unthrottled
     */
    public static double run(String bootstrapServers, Map<String, Object> connection, Map<String, Object> producer,
                             String topic, Path payloads, long records, double throughput) {
        return run(bootstrapServers, connection, producer, topic, payloads, records, throughput, config -> { });
    }

    /** The same, showing the settings file to {@code written} before the tool reads it (tests check the file). */
    static double run(String bootstrapServers, Map<String, Object> connection, Map<String, Object> producer,
                      String topic, Path payloads, long records, double throughput, Consumer<Path> written) {
        try (PrivatePropertiesFile config = PrivatePropertiesFile.write(CONFIG_PREFIX,
                settings(producer, connection))) {
            written.accept(config.path());
            List<String> args = args(bootstrapServers, topic, config.path(), payloads, records, throughput);
            SendCounter counter = new SendCounter();
            counter.start();
            try {
                ProducerPerformance.main(args.toArray(String[]::new));
            } catch (Exception e) {
                throw new SetupException("ProducerPerformance failed: " + e.getMessage(), e);
            } finally {
                counter.stop();
            }
            return counter.steadyRate(records / 5);
        }
    }

    /** The producer profile, the client id and the connection's settings (with any credentials) but its servers. */
    public static Map<String, Object> settings(Map<String, Object> producer, Map<String, Object> connection) {
        Map<String, Object> settings = new LinkedHashMap<>(producer);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        connection.forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                settings.put(k, v);
            }
        });
        return settings;
    }

    /** Its command line: what to send and where, never a producer setting. */
    public static List<String> args(String bootstrapServers, String topic, Path config, Path payloads, long records,
                                    double throughput) {
        return List.of("--topic", topic, "--num-records", Long.toString(records),
                "--payload-file", payloads.toString(), "--throughput", throughput > 0 ? Double.toString(throughput) : "-1",
                "--bootstrap-server", bootstrapServers,
                "--key-distribution", "random", "--record-key-range", "40000",
                "--warmup-records", Long.toString(records / 5), "--reporting-interval", "5000",
                "--command-config", config.toString());
    }

    /** Samples the tool's producer's {@code record-send-total} while the tool runs. */
    static final class SendCounter {

        private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        private final ObjectName name;
        private final List<long[]> samples = new ArrayList<>(); // {nanoTime, records sent so far}
        private final Thread thread;
        private volatile boolean running = true;

        SendCounter() {
            try {
                name = new ObjectName("kafka.producer:type=producer-metrics,client-id=" + CLIENT_ID);
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
            thread = new Thread(this::sampleUntilStopped, "producer-performance-counter");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void sampleUntilStopped() {
            while (running) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            try {
                if (server.isRegistered(name)) {
                    double total = ((Number) server.getAttribute(name, "record-send-total")).doubleValue();
                    synchronized (samples) {
                        samples.add(new long[] {System.nanoTime(), (long) total});
                    }
                }
            } catch (javax.management.JMException e) {
                // the producer closed between the check and the read: its last sample is already in
            }
        }

        /**
         * Records per second from the first sample at or past {@code warmup} records to the first that shows the final
         * count (after it the tool only prints and closes its producer).
         */
        double steadyRate(long warmup) {
            synchronized (samples) {
                return steadyRate(samples, warmup);
            }
        }

        static double steadyRate(List<long[]> samples, long warmup) {
            long[] from = samples.stream().filter(s -> s[1] >= warmup).findFirst().orElse(null);
            long last = samples.isEmpty() ? -1 : samples.get(samples.size() - 1)[1];
            long[] to = samples.stream().filter(s -> s[1] == last).findFirst().orElse(null);
            if (from == null || to[0] <= from[0] || to[1] <= from[1]) {
                // Seen on a loaded machine: the records wait in the producer's buffer for a slow (TLS, SCRAM)
                // connection, then go in one burst, so the count jumps past the warm-up to its end between two samples.
                String seen = samples.isEmpty() ? "was never sampled (its producer never registered its metrics)"
                        : from == null ? "never reached its warm-up of " + warmup + " records in " + samples.size()
                        + " samples (last: " + last + ")"
                        : "went past its warm-up of " + warmup + " records to its final " + last + " between two of its "
                        + samples.size() + " samples, " + SAMPLE_MILLIS + " ms apart: no steady part to measure";
                throw new SetupException("Could not measure ProducerPerformance's throughput: its producer's "
                        + "record-send-total " + seen + ": give it more records, e.g. "
                        + LoadOptions.spelling("ppRecords", Math.max(100_000, 10 * warmup)));
            }
            return (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
        }
    }
}
