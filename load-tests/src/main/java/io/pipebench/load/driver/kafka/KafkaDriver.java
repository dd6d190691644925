package io.pipebench.load.driver.kafka;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.driver.Driver;

/** A driver on a Kafka cluster, which another Kafka driver or a Kafka tool may use beside it. */
public interface KafkaDriver extends Driver {

    KafkaCluster cluster();

    /** The cluster of a driver that must be a Kafka driver; the message says what needs one. */
    static KafkaCluster clusterOf(Driver driver, String what) {
        if (driver instanceof KafkaDriver k) {
            return k.cluster();
        }
        throw new IllegalArgumentException(what + " needs a Kafka cluster; the " + driver.name() + " driver has none");
    }
}
