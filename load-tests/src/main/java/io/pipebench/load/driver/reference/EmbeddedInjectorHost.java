package io.pipebench.load.driver.reference;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.consume.GroupNames;
import io.pipebench.load.driver.InjectorHost;
import io.pipebench.load.driver.kafka.KafkaTarget;
import io.pipebench.load.driver.kafka.RunTopic;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.workload.Workload;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference system for local injector processes ({@code --injectors N}): an embedded 3-broker cluster in this JVM
 * with the catalog's topics, which each injector reaches as an external cluster through the environment given here,
 * and, when the workload stores events, an event-store schema of the run's own for the injector hosting the consumer
 * groups, dropped when the host closes.
 */
public final class EmbeddedInjectorHost implements InjectorHost {

    private final EmbeddedKafkaCluster cluster;
    private final EventStoreSettings store;

    private EmbeddedInjectorHost(EmbeddedKafkaCluster cluster, EventStoreSettings store) {
        this.cluster = cluster;
        this.store = store;
    }

    public static EmbeddedInjectorHost start(Workload w, PrintStream out) {
        // Plaintext: the injectors reach it with a bootstrap address only; LoadConfig refuses --security with them.
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(3).start();
        try {
            KafkaTarget.topics(cluster, false, true, out);
            return new EmbeddedInjectorHost(cluster, w.consumerGroups().contains(GroupNames.AUDIT)
                    ? EventStoreSchemas.fresh(EventStoreSettings.fromEnvironment()) : null);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return cluster.describe();
    }

    /**
     * The variables an injector process needs to reach this host, replacing every KAFKA_* of its parent's:
     * {@code consumers} for the one that runs the consumer groups (and so writes the event store).
     */
    @Override
    public Map<String, String> environment(boolean consumers) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        if (consumers && store != null) {
            env.put("EVENTSTORE_SCHEMA", store.schema());
        }
        return env;
    }

    /** The distributed run's topic on this host's cluster. */
    @Override
    public RunTopic runChannel(String run) {
        return RunTopic.open(cluster.connectionProperties(), run);
    }

    @Override
    public void close() {
        cluster.close();
        if (store != null) {
            EventStoreSchemas.drop(store);
        }
    }
}
