package io.pipebench.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code -Dcluster} picks the shared test cluster's kind, embedded or forked; anything else, and a secured
 * {@code -Dsecurity} on the plaintext forked cluster, is refused naming the properties. No cluster is started here.
 */
class SharedKafkaTest {

    @Test
    void theKindComesFromDashDClusterAndAnythingElseIsRefused() {
        String cluster = System.getProperty(SharedKafka.PROPERTY);
        String security = System.getProperty("security");
        try {
            System.clearProperty(SharedKafka.PROPERTY);
            System.clearProperty("security");
            assertThat(SharedKafka.kind()).isEqualTo("embedded");
            assertThat(SharedKafka.forked()).isFalse();
            System.setProperty(SharedKafka.PROPERTY, " Forked ");
            assertThat(SharedKafka.kind()).isEqualTo("forked");
            assertThat(SharedKafka.security().secured()).isFalse();

            System.setProperty("security", "mtls");
            assertThatThrownBy(SharedKafka::security).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("-Dsecurity=mtls and -Dcluster=forked do not go together: the forked "
                            + "cluster is PLAINTEXT only");
            System.setProperty(SharedKafka.PROPERTY, "embedded");
            assertThat(SharedKafka.security().option()).isEqualTo("mtls");

            System.setProperty(SharedKafka.PROPERTY, "external");
            assertThatThrownBy(SharedKafka::kind).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("-Dcluster=external is a kind for the load scenarios (-Pload), not for "
                            + "the tests").hasMessageContaining("-DskipTests");
            System.setProperty(SharedKafka.PROPERTY, "mars");
            assertThatThrownBy(SharedKafka::kind).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dcluster is 'mars': the tests' shared cluster is -Dcluster=embedded (the default) "
                            + "or -Dcluster=forked");
        } finally {
            restore(SharedKafka.PROPERTY, cluster);
            restore("security", security);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
