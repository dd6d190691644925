package io.pipebench.testing;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test, a fresh cluster with the catalog's topics and a fresh event-store schema, dropped afterwards. Register it
 * with {@code @RegisterExtension final FreshClusterAndSchema fixture = new FreshClusterAndSchema("prefix");}.
 */
public final class FreshClusterAndSchema implements BeforeEachCallback, AfterEachCallback {

    private final String schemaPrefix;
    private EmbeddedKafkaCluster cluster;
    private EventStoreSettings settings;

    public FreshClusterAndSchema(String schemaPrefix) {
        this.schemaPrefix = schemaPrefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        cluster = Clusters.freshWithCatalog();
        settings = TestSchemas.fresh(schemaPrefix);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try (Database db = Database.open(settings)) {
            StoreQueries.dropSchema(db);
        } finally {
            cluster.close();
        }
    }

    public EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    public EventStoreSettings settings() {
        return settings;
    }
}
