package io.pipebench.faults;

import io.pipebench.cluster.ConnectionSettings;
import io.pipebench.cluster.ExternalKafkaCluster;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.store.EventStoreSettings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audit group's members in a process of their own, so {@code kill-consumer} can SIGKILL them: the members of a
 * group are threads of one JVM, and killing a thread is not a crash. Started by {@link AuditMemberProcess} with the
 * bootstrap servers and the group-id prefix as arguments and the event store in EVENTSTORE_* variables (never on the
 * command line, where {@code ps} shows it).
 *
 * <p>A line protocol on stdin and stdout: it prints {@link #READY} once its members hold partitions; on {@code hold}
 * the next batch the audit handler has committed to the store is held before its offsets are committed (it prints
 * {@link #HELD}) until the process is killed: a crash in the middle of a batch, stored but not acknowledged to Kafka.
 * On {@code stop}, or when stdin ends (the parent is gone), it stops.
 */
public final class AuditMemberMain {

    static final String READY = "pipebench-audit-member READY";
    static final String HELD = "pipebench-audit-member HELD";

    private AuditMemberMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AuditMemberMain <bootstrap servers> <group-id prefix>");
            System.exit(2);
        }
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch stop = new CountDownLatch(1);
        KafkaCluster cluster = ExternalKafkaCluster.of(ConnectionSettings.load(Optional.empty(),
                Map.of(ConnectionSettings.ENV_BOOTSTRAP, args[0])));
        try (ReferenceSystem system = ReferenceSystem.builder(cluster).groups(List.of("audit"))
                .eventStore(EventStoreSettings.fromEnvironment()).groupIdPrefix(args[1])
                .handledListener((group, events, nanos, cpu) -> {
                    // Called after the handler's commit to the store and before the member commits the offsets.
                    if (hold.compareAndSet(true, false)) {
                        System.out.println(HELD + " " + events.size());
                        System.out.flush();
                        try {
                            new CountDownLatch(1).await(); // until SIGKILL
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).start()) {
            Thread commands = new Thread(() -> readCommands(hold, stop), "audit-member-commands");
            commands.setDaemon(true);
            commands.start();
            if (!system.awaitGroupsReady(Duration.ofSeconds(120))) {
                System.err.println("The audit members got no partitions within 120 s");
                System.exit(1);
            }
            System.out.println(READY);
            System.out.flush();
            stop.await();
        }
    }

    private static void readCommands(AtomicBoolean hold, CountDownLatch stop) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("hold")) {
                    hold.set(true);
                } else if (line.equals("stop")) {
                    break;
                }
            }
        } catch (java.io.IOException e) {
            // the parent is gone: stop as below
        }
        stop.countDown();
    }
}
