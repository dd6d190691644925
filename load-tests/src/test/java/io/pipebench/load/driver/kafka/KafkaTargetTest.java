package io.pipebench.load.driver.kafka;

import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.cluster.ContainerKafkaCluster;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.load.harness.SetupException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cluster kinds the harness takes, and a container cluster where no Docker engine answers. */
class KafkaTargetTest {

    @Test
    void everyKindParsesAndAnUnknownOneNamesThemAll() {
        assertThat(KafkaTarget.Kind.parse("embedded")).isEqualTo(KafkaTarget.Kind.EMBEDDED);
        assertThat(KafkaTarget.Kind.parse("forked")).isEqualTo(KafkaTarget.Kind.FORKED);
        assertThat(KafkaTarget.Kind.parse(" External")).isEqualTo(KafkaTarget.Kind.EXTERNAL);
        assertThat(KafkaTarget.Kind.parse("CONTAINER ")).isEqualTo(KafkaTarget.Kind.CONTAINER);
        assertThatThrownBy(() -> KafkaTarget.Kind.parse("docker"))
                .hasMessage("-Dcluster / --cluster: 'docker' is not a cluster kind; use embedded, forked, external or "
                        + "container");
    }

    /**
     * Without a Docker engine (or without Testcontainers) {@code -Dcluster=container} stops at start with the
     * system's own refusal: a setup error (exit 2) naming the option in both spellings, why, and the other kinds.
     * Where Docker answers this cannot be reached, and is skipped saying so.
     */
    @Test
    void withoutDockerAContainerClusterIsRefusedAtStartNamingTheOptionAndTheOtherKinds() {
        String reason = ContainerKafkaCluster.dockerUnavailableReason();
        assumeTrue(reason != null, "a Docker engine answers here, so -Dcluster=container would start a broker");
        assertThatThrownBy(() -> KafkaTarget.open(KafkaTarget.Kind.parse("container"), ClusterSecurity.PLAINTEXT,
                Optional.empty()))
                .isInstanceOf(SetupException.class)
                .hasMessageStartingWith("Cannot use a container cluster (--cluster container, or -Dcluster=container "
                        + "for the load scenarios): ")
                .hasMessageContaining(reason)
                .hasMessageEndingWith("Use embedded (the default), forked or external instead.");
    }

    /**
     * Where Docker answers, the container is a single broker, and the catalog's replication factor 3 does not fit it:
     * that stops the run as a setup error naming the field, not as a crash. Shown on a 1-broker embedded cluster.
     */
    @Test
    void aCatalogTheClusterCannotHoldIsASetupError() {
        try (EmbeddedKafkaCluster one = EmbeddedKafkaCluster.builder().brokers(1).start()) {
            PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> KafkaTarget.topics(one, false, true, out))
                    .isInstanceOf(SetupException.class)
                    .hasMessageStartingWith("The topic catalog does not fit " + one.describe())
                    .hasMessageContaining("'replicationFactor' is 3 but the cluster has 1 broker(s)");
        }
    }

    @Test
    void aSecuredListenerIsRefusedOnAPlaintextContainerBeforeAnythingStarts() {
        assertThatThrownBy(() -> KafkaTarget.open(KafkaTarget.Kind.CONTAINER, ClusterSecurity.MTLS, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dsecurity / --security: mtls secures the embedded cluster only; the container cluster "
                        + "is plaintext");
    }
}
