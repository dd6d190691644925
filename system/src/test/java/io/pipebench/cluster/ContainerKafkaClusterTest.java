package io.pipebench.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The optional third way: runs only where a Docker engine answers, and says why it was skipped otherwise. */
class ContainerKafkaClusterTest {

    @Test
    void aContainerBrokerServesRequests() throws Exception {
        String reason = ContainerKafkaCluster.dockerUnavailableReason();
        assumeTrue(reason == null, () -> "Skipped: Testcontainers needs Docker, and " + reason
                + "; the embedded cluster covers everything else.");
        try (ContainerKafkaCluster cluster = ContainerKafkaCluster.start(ContainerKafkaCluster.DEFAULT_IMAGE);
             Admin admin = Admin.create(cluster.connectionProperties())) {
            assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
        }
    }
}
