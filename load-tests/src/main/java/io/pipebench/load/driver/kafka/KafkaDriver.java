package io.pipebench.load.driver.kafka;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.RunChannel;

import java.util.Optional;

/** A driver on a Kafka cluster, which another Kafka driver or a Kafka tool may use beside it. */
public interface KafkaDriver extends Driver {

    KafkaCluster cluster();

    /** The run's topic on this driver's cluster (the run's injectors all run on one). */
    @Override
    default Optional<RunChannel> runChannel(String run) {
        return Optional.of(RunTopic.open(cluster().connectionProperties(), run));
    }

    /** The cluster of a driver that must be a Kafka driver; the message says what needs one. */
    static KafkaCluster clusterOf(Driver driver, String what) {
        if (driver instanceof KafkaDriver k) {
            return k.cluster();
        }
        throw new IllegalArgumentException(what + " needs a Kafka cluster; the " + driver.name() + " driver has none");
    }
}
