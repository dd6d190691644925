package io.pipebench.load.driver;

import java.util.List;
import java.util.Set;

/**
 * Faults a driver can cause on purpose: broker faults on a cluster it owns, and pauses of the consumer groups it runs
 * in this process. What works here is said by {@link #brokerIds()}, {@link #canKill()} and
 * {@link #pausableGroups()}; the other methods throw {@link UnsupportedOperationException} saying why.
 */
public interface FaultControls {

    /** The brokers {@link #stopBroker} and the others act on; empty when the cluster is not this driver's. */
    List<Integer> brokerIds();

    /** Controlled shutdown of one broker; returns when it has stopped. */
    void stopBroker(int brokerId);

    /** Starts a stopped broker again; returns once it serves requests. */
    void startBroker(int brokerId);

    /** Whether {@link #kill} works here (the brokers are processes of their own). */
    boolean canKill();

    /** Kills a broker without a controlled shutdown (SIGKILL). */
    void kill(int brokerId);

    /** Starts a killed broker again; returns once it serves requests. */
    void restart(int brokerId);

    /**
     * The consumer groups {@link #pauseGroup} can pause, by group id: those whose consumers run in this process. Groups
     * running elsewhere (an external cluster's deployed consumers) are only monitored, and cannot be paused.
     */
    default Set<String> pausableGroups() {
        return Set.of();
    }

    /**
     * Pauses a group (its id, or its label such as {@code audit}): its consumers stay in the group, polling, but
     * process nothing, so its lag grows; returns once they have stopped processing.
     */
    default void pauseGroup(String group) {
        throw new UnsupportedOperationException("Consumer group '" + group + "' cannot be paused: this driver runs no "
                + "consumer group in this process");
    }

    /** Ends a pause: the group processes again from where it stopped, and drains its lag. */
    default void resumeGroup(String group) {
        throw new UnsupportedOperationException("Consumer group '" + group + "' cannot be resumed: this driver runs "
                + "no consumer group in this process");
    }
}
