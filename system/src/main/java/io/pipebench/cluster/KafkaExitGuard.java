package io.pipebench.cluster;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's fatal-fault handlers (and tools such as {@code ProducerPerformance}) call {@code Exit.exit/halt}, which
 * would end the whole JVM: a test run, a load test, a benchmark. Inside our process we turn that into an exception.
 */
final class KafkaExitGuard {

    private static final Logger log = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static volatile boolean installed;

    private KafkaExitGuard() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> {
            log.error("Kafka asked to exit the JVM (status {}): {}", status, message);
            throw new IllegalStateException("Kafka requested exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            log.error("Kafka asked to halt the JVM (status {}): {}", status, message);
            throw new IllegalStateException("Kafka requested halt(" + status + "): " + message);
        });
        installed = true;
    }
}
