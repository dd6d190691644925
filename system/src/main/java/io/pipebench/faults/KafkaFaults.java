package io.pipebench.faults;

import io.pipebench.cluster.BrokerControl;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The process faults of Kafka nodes: picks the node the fault names (the leader of the busiest partition, the
 * coordinator of a group, the active controller) from the cluster's own metadata at the moment of the fault, then
 * kills or freezes it through {@link BrokerControl}.
 */
final class KafkaFaults {

    private static final long ADMIN_TIMEOUT_S = 15;

    private KafkaFaults() {
    }

    /**
     * @param busiest the partition that received most acknowledged events so far
     * @param group   the consumer group whose coordinator {@code sigkill-coordinator} kills
     */
    static InjectedFault inject(FaultKind kind, BrokerControl control, Admin admin, TopicPartition busiest,
                                String group) {
        if (!control.supportsProcessFaults()) {
            throw new IllegalStateException("--fault " + kind + " needs Kafka nodes as processes: use --cluster forked");
        }
        return switch (kind) {
            case SIGKILL_LEADER -> kill(control, leaderOf(admin, busiest), "leader of " + busiest);
            case SIGKILL_COORDINATOR -> kill(control, coordinatorOf(admin, group), "coordinator of " + group);
            case SIGKILL_CONTROLLER -> kill(control, activeController(admin, control), "active controller");
            case SIGSTOP_BROKER -> {
                int node = leaderOf(admin, busiest);
                control.pause(node);
                yield InjectedFault.of("broker " + node + " (leader of " + busiest + ") paused", () -> control.resume(node));
            }
            default -> throw new IllegalArgumentException(kind + " is not a Kafka process fault");
        };
    }

    private static InjectedFault kill(BrokerControl control, int node, String role) {
        control.kill(node);
        String name = node == control.controllerId() ? "controller " + node : "broker " + node;
        return InjectedFault.of(name + " (" + role + ") killed", () -> control.restart(node));
    }

    static int leaderOf(Admin admin, TopicPartition tp) {
        TopicDescription d = get(admin.describeTopics(List.of(tp.topic())).allTopicNames()).get(tp.topic());
        TopicPartitionInfo p = d.partitions().get(tp.partition());
        if (p.leader() == null || p.leader().isEmpty()) {
            throw new IllegalStateException(tp + " has no leader now: there is no leader to kill");
        }
        return p.leader().id();
    }

    static int coordinatorOf(Admin admin, String group) {
        ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
        Node coordinator = d.coordinator();
        if (coordinator == null || coordinator.isEmpty()) {
            throw new IllegalStateException("Group " + group + " has no coordinator now");
        }
        return coordinator.id();
    }

    /** The metadata quorum's leader, which must be the controller this process runs. */
    static int activeController(Admin admin, BrokerControl control) {
        int leader = get(admin.describeMetadataQuorum().quorumInfo()).leaderId();
        if (leader != control.controllerId()) {
            throw new IllegalStateException("The metadata quorum's leader is node " + leader + ", not the controller "
                    + control.controllerId() + " this process runs");
        }
        return leader;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the cluster's metadata to pick the fault's target: "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The cluster did not describe itself within " + ADMIN_TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while picking the fault's target", e);
        }
    }
}
