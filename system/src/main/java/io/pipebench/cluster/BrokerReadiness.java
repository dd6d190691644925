package io.pipebench.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Bounded waits until a cluster answers an admin question the right way, e.g. until brokers are registered. */
final class BrokerReadiness {

    /** One admin question; false or an exception means "not yet". */
    interface Probe {
        boolean ready(Admin admin) throws Exception;
    }

    private BrokerReadiness() {
    }

    /** Admin settings that give up quickly, so a wait loop can check its deadline. */
    static Map<String, Object> adminProperties(Map<String, Object> connection) {
        Map<String, Object> p = new LinkedHashMap<>(connection);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        return p;
    }

    /**
     * Returns once {@code describeCluster} through {@code connection} lists every id (registered and unfenced).
     *
     * @param failure checked on every round: a reason to give up at once (a node process that exited), or empty
     * @param onTimeout the message when the deadline passes, given the ids still missing
     */
    static void awaitRegistered(Map<String, Object> connection, Collection<Integer> ids, Duration timeout,
                                Supplier<Optional<String>> failure, Function<Set<Integer>, String> onTimeout) {
        Set<Integer> missing = new TreeSet<>(ids);
        await(connection, timeout, admin -> {
            Set<Integer> seen = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                    .nodes().get(3, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
            missing.clear();
            missing.addAll(ids);
            missing.removeAll(seen);
            return missing.isEmpty();
        }, failure, () -> onTimeout.apply(missing));
    }

    /** Asks the probe until it says ready, the failure check gives a reason, or the timeout passes. */
    static void await(Map<String, Object> connection, Duration timeout, Probe probe,
                      Supplier<Optional<String>> failure, Supplier<String> onTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProperties(connection))) {
            while (true) {
                try {
                    if (probe.ready(admin)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClusterStartException("Interrupted while waiting: " + onTimeout.get());
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    // not yet reachable or not yet ready: try again until the deadline
                } catch (Exception e) {
                    throw new ClusterStartException("Could not ask the cluster: " + e, e);
                }
                Optional<String> failed = failure.get();
                if (failed.isPresent()) {
                    throw new ClusterStartException(failed.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new ClusterStartException(onTimeout.get());
                }
                pause(50);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
