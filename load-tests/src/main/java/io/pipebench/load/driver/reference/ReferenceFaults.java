package io.pipebench.load.driver.reference;

import io.pipebench.load.driver.FaultControls;
import io.pipebench.load.harness.LoadOptions;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reference driver's faults: the cluster's broker faults where the harness started it, and pauses of the consumer
 * groups run in this JVM. Either can be missing on its own: an external cluster's brokers are not the harness's, yet
 * the groups it runs against them can be paused.
 */
final class ReferenceFaults implements FaultControls {

    private final Optional<FaultControls> brokers;
    private final GroupPauses groups;
    private final String cluster;

    /** @param cluster the cluster's description, for the message of a broker fault it cannot take */
    ReferenceFaults(Optional<FaultControls> brokers, GroupPauses groups, String cluster) {
        this.brokers = brokers;
        this.groups = groups;
        this.cluster = cluster;
    }

    @Override
    public List<Integer> brokerIds() {
        return brokers.map(FaultControls::brokerIds).orElse(List.of());
    }

    @Override
    public void stopBroker(int brokerId) {
        brokers().stopBroker(brokerId);
    }

    @Override
    public void startBroker(int brokerId) {
        brokers().startBroker(brokerId);
    }

    @Override
    public boolean canKill() {
        return brokers.map(FaultControls::canKill).orElse(false);
    }

    @Override
    public void kill(int brokerId) {
        brokers().kill(brokerId);
    }

    @Override
    public void restart(int brokerId) {
        brokers().restart(brokerId);
    }

    @Override
    public Set<String> pausableGroups() {
        return groups.pausable();
    }

    @Override
    public void pauseGroup(String group) {
        groups.pause(group);
    }

    @Override
    public void resumeGroup(String group) {
        groups.resume(group);
    }

    private FaultControls brokers() {
        return brokers.orElseThrow(() -> new UnsupportedOperationException("The brokers of " + cluster + " are not "
                + "this harness's: they cannot be stopped, killed or restarted from here; run with "
                + LoadOptions.spelling("cluster", "embedded") + " or " + LoadOptions.spelling("cluster", "forked")
                + ", which start a cluster of their own"));
    }
}
