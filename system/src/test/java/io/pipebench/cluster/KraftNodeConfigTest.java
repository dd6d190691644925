package io.pipebench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a cluster's description says about its brokers: the thread counts, every override, no credential's value. */
class KraftNodeConfigTest {

    @Test
    void overridesAreNamedAndValuesThatMayHoldACredentialAreHidden() {
        KraftNodeConfig config = new KraftNodeConfig("cluster-id", Path.of("target", "unused"), 3, Map.of(
                "num.io.threads", "3",
                "ssl.keystore.password", "ks-s3cret",
                "listener.name.client.scram-sha-512.sasl.jaas.config", "ScramLoginModule password=\"jaas-s3cret\";",
                "ssl.key.password", "key-s3cret",
                "delegation.token.secret.key", "token-s3cret"));
        String described = config.settingsDescribed();
        assertThat(described).startsWith(", broker threads: 3 request handlers, 1 network, 1 replica fetcher(s), "
                + "broker overrides {").contains("num.io.threads=3",
                "ssl.keystore.password=[hidden]", "sasl.jaas.config=[hidden]", "ssl.key.password=[hidden]",
                "delegation.token.secret.key=[hidden]");
        assertThat(described).doesNotContain("s3cret");
        assertThat(new KraftNodeConfig("cluster-id", Path.of("target", "unused"), 3, Map.of()).settingsDescribed())
                .as("the defaults are named too: two runs with different thread counts must not read alike")
                .isEqualTo(", broker threads: 2 request handlers, 1 network, 1 replica fetcher(s)");
    }
}
