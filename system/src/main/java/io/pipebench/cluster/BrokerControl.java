package io.pipebench.cluster;

import java.util.List;

/**
 * Stop and restart single brokers of a cluster this process owns, while the others keep running; and, where every
 * node is a process of its own ({@link ForkedKafkaCluster}), kill or freeze a node the way a crash or a stalled
 * machine would. The in-JVM cluster cannot do that: {@link #supportsProcessFaults()} says which.
 */
public interface BrokerControl {

    /** Node ids of the brokers (not the controller). */
    List<Integer> brokerIds();

    /** Whether the broker with this node id is currently running. */
    boolean isRunning(int brokerId);

    /** Controlled shutdown of one broker; returns when it has stopped. */
    void stopBroker(int brokerId);

    /** Starts a stopped broker again on the same port and log directory; returns once it serves requests. */
    void startBroker(int brokerId);

    /** Node id of the (single) KRaft controller: a target of the process faults like a broker id. */
    default int controllerId() {
        return KraftNodeConfig.CONTROLLER_ID;
    }

    /** Whether {@link #kill}, {@link #pause}, {@link #resume} and {@link #restart} work here. */
    default boolean supportsProcessFaults() {
        return false;
    }

    /** SIGKILL of a node (broker or controller): no controlled shutdown, no flush; returns once the process is gone. */
    default void kill(int nodeId) {
        throw unsupported("kill");
    }

    /** SIGSTOP: the node keeps its sockets and its state but answers nothing until {@link #resume}. */
    default void pause(int nodeId) {
        throw unsupported("pause");
    }

    /** SIGCONT of a paused node. */
    default void resume(int nodeId) {
        throw unsupported("resume");
    }

    /** Starts a killed node (broker or controller) again on its port and log directory; returns once it serves. */
    default void restart(int nodeId) {
        throw unsupported("restart");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("Cannot " + what + " a node of " + getClass().getSimpleName()
                + ": its nodes are not processes of their own; use --cluster forked");
    }
}
