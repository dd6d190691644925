package io.pipebench.load.driver;

import java.util.List;

/** Broker faults a driver can cause on purpose (a cluster it owns). */
public interface FaultControls {

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
}
