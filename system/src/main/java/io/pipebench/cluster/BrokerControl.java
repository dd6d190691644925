package io.pipebench.cluster;

import java.util.List;

/** Stop and restart single brokers of a cluster this process owns, while the others keep running. */
public interface BrokerControl {

    /** Node ids of the brokers (not the controller). */
    List<Integer> brokerIds();

    /** Whether the broker with this node id is currently running. */
    boolean isRunning(int brokerId);

    /** Controlled shutdown of one broker; returns when it has stopped. */
    void stopBroker(int brokerId);

    /** Starts a stopped broker again on the same port and log directory; returns once it serves requests. */
    void startBroker(int brokerId);
}
