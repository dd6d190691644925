package io.pipebench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a cluster's description says about its broker overrides: every key, and no credential's value. */
class KraftNodeConfigTest {

    @Test
    void overridesAreNamedAndValuesThatMayHoldACredentialAreHidden() {
        KraftNodeConfig config = new KraftNodeConfig("cluster-id", Path.of("target", "unused"), 3, Map.of(
                "num.io.threads", "3",
                "ssl.keystore.password", "ks-s3cret",
                "listener.name.client.scram-sha-512.sasl.jaas.config", "ScramLoginModule password=\"jaas-s3cret\";",
                "ssl.key.password", "key-s3cret",
                "delegation.token.secret.key", "token-s3cret"));
        String described = config.overridesDescribed();
        assertThat(described).startsWith(", broker overrides {").contains("num.io.threads=3",
                "ssl.keystore.password=[hidden]", "sasl.jaas.config=[hidden]", "ssl.key.password=[hidden]",
                "delegation.token.secret.key=[hidden]");
        assertThat(described).doesNotContain("s3cret");
        assertThat(new KraftNodeConfig("cluster-id", Path.of("target", "unused"), 3, Map.of()).overridesDescribed())
                .isEmpty();
    }
}
