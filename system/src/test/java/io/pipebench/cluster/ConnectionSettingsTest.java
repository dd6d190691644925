package io.pipebench.cluster;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Bad configuration fails fast, naming what to fix; credentials never leak into messages or descriptions. */
class ConnectionSettingsTest {

    @Test
    void noBootstrapServersNamesTheVariable() {
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), Map.of()))
                .isInstanceOf(InvalidConnectionSettingsException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS").hasMessageContaining("bootstrap.servers");
    }

    @Test
    void aBootstrapServerWithoutPortIsRefused() {
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker1")))
                .hasMessageContaining("'broker1' is not host:port");
    }

    @Test
    void anUnknownSecurityProtocolListsTheKnownOnes() {
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b:9096", "KAFKA_SECURITY_PROTOCOL", "SASL_TLS")))
                .hasMessageContaining("'SASL_TLS'").hasMessageContaining("KAFKA_SECURITY_PROTOCOL")
                .hasMessageContaining("[PLAINTEXT, SSL, SASL_SSL]");
    }

    @Test
    void saslWithoutCredentialsNamesBothVariables() {
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b:9096", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_USERNAME", "svc")))
                .hasMessageContaining("no password").hasMessageContaining("KAFKA_USERNAME")
                .hasMessageContaining("KAFKA_PASSWORD").hasMessageContaining("KAFKA_CREDENTIALS_FILE");
    }

    @Test
    void saslSslBuildsAQuotedJaasLineAndNeverShowsThePassword() {
        String password = "Zq9\"x\\Y";
        ConnectionSettings s = ConnectionSettings.load(Optional.empty(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9096,b-2.msk:9096", "KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
                "KAFKA_USERNAME", "svc", "KAFKA_PASSWORD", password));
        Map<String, Object> props = s.toClientProperties();
        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat((String) props.get("sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" "
                        + "password=\"Zq9\\\"x\\\\Y\";");
        assertThat(s.describe()).doesNotContain("Zq9").contains("SCRAM-SHA-512").contains("svc");
        assertThat(s.toString()).doesNotContain(password);
        // Kafka's own parser reads the line back to the same credentials.
        Map<String, Object> parsed = new java.util.HashMap<>(props);
        parsed.put("sasl.jaas.config", new org.apache.kafka.common.config.types.Password((String) props.get("sasl.jaas.config")));
        var jaas = org.apache.kafka.common.security.JaasContext.loadClientContext(parsed);
        Map<String, ?> options = jaas.configurationEntries().get(0).getOptions();
        assertThat(options.get("username")).isEqualTo("svc");
        assertThat(options.get("password")).isEqualTo(password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"p a s s", " leading and trailing ", "it's \"quoted\"", "back\\slash\\", "\\123 octal",
            "semi;colon=equals", "// not a comment /* nor this */", "$dollar{brace}", "\u00e9t\u00e9 \u2603", "\\\"\\"})
    void credentialsWithQuotesBackslashesAndSpacesReachKafkasParserUnchanged(String password) {
        String user = "svc user \"q\" \\";
        ConnectionSettings s = ConnectionSettings.load(Optional.empty(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b:9096", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_USERNAME", user, "KAFKA_PASSWORD", password));
        Map<String, ?> options = parsedJaasOptions(s);
        assertThat(options.get("username")).isEqualTo(user);
        assertThat(options.get("password")).isEqualTo(password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"KAFKA_PASSWORD", "KAFKA_USERNAME", "KAFKA_TRUSTSTORE_PASSWORD"})
    void aControlCharacterInACredentialIsRefusedNamingTheVariableNotTheValue(String variable) {
        for (String bad : new String[] {"s3cret\n", "s3cret\r\nsasl.mechanism=PLAIN", "s3\tcret", "s3\u0000cret"}) {
            Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9096",
                    "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_USERNAME", "svc", "KAFKA_PASSWORD", "pw"));
            env.put(variable, bad);
            assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), env))
                    .isInstanceOf(InvalidConnectionSettingsException.class)
                    .hasMessageStartingWith(variable + " contains a control character")
                    .hasMessageNotContaining("s3");
        }
    }

    @Test
    void aLineBreakInTheCredentialsFileIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path creds = dir.resolve("creds.properties");
        // A properties escape is how a file smuggles a line break into a value.
        Files.writeString(creds, "username=svc\npassword=s3cret\\r\\nsasl.mechanism=PLAIN\n");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9096",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_CREDENTIALS_FILE", creds.toString())))
                .isInstanceOf(InvalidConnectionSettingsException.class)
                .hasMessageContaining("password in the credentials file " + creds)
                .hasMessageContaining("line break").hasMessageNotContaining("s3cret");
    }

    @Test
    void aPasswordFromTheCredentialsFileKeepsItsTrailingSpaces(@TempDir Path dir) throws Exception {
        Path creds = dir.resolve("creds.properties");
        Files.writeString(creds, "username=svc\npassword=pw with trailing  \n");
        ConnectionSettings s = ConnectionSettings.load(Optional.empty(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9096",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_CREDENTIALS_FILE", creds.toString()));
        assertThat(parsedJaasOptions(s).get("password")).isEqualTo("pw with trailing  ");
    }

    private static Map<String, ?> parsedJaasOptions(ConnectionSettings s) {
        Map<String, Object> parsed = new HashMap<>(s.toClientProperties());
        parsed.put("sasl.jaas.config", new Password((String) parsed.get("sasl.jaas.config")));
        return JaasContext.loadClientContext(parsed).configurationEntries().get(0).getOptions();
    }

    @Test
    void credentialsCanComeFromAFileAndTheClusterFileMayNotHoldThem(@TempDir Path dir) throws Exception {
        Path creds = dir.resolve("creds.properties");
        Files.writeString(creds, "username=svc\npassword=s3cret\n");
        Path cluster = dir.resolve("cluster.properties");
        Files.writeString(cluster, "bootstrap.servers=b-1.msk:9096\nsecurity.protocol=SASL_SSL\ncredentials.file="
                + creds + "\nclient.dns.lookup=use_all_dns_ips\n");
        ConnectionSettings s = ConnectionSettings.load(Optional.of(cluster), Map.of());
        assertThat((String) s.toClientProperties().get("sasl.jaas.config")).contains("username=\"svc\"");
        assertThat(s.toClientProperties()).containsEntry("client.dns.lookup", "use_all_dns_ips")
                .doesNotContainKey("credentials.file");

        Path leaky = dir.resolve("leaky.properties");
        Files.writeString(leaky, "bootstrap.servers=b:9096\nsasl.jaas.config=x\n");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.of(leaky), Map.of()))
                .hasMessageContaining("holds a credential").hasMessageContaining("KAFKA_PASSWORD")
                .hasMessageNotContaining("=x");
    }

    @Test
    void environmentWinsOverTheFile(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster.properties");
        Files.writeString(cluster, "bootstrap.servers=file:9092\n");
        ConnectionSettings s = ConnectionSettings.load(Optional.of(cluster), Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"));
        assertThat(s.bootstrapServers()).isEqualTo("env:9092");
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironmentAsForTheEventStore(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster.properties");
        Files.writeString(cluster, "bootstrap.servers=file:9092\nsecurity.protocol=SASL_SSL\n");
        Properties properties = new Properties();
        properties.setProperty("kafka.bootstrap.servers", "property:9092");
        properties.setProperty("kafka.sasl.mechanism", "scram-sha-256");
        ConnectionSettings s = ConnectionSettings.load(Optional.of(cluster), Map.of("KAFKA_BOOTSTRAP_SERVERS",
                "env:9092", "KAFKA_USERNAME", "svc", "KAFKA_PASSWORD", "s3cret"), properties);
        assertThat(s.bootstrapServers()).isEqualTo("property:9092");
        assertThat(s.toClientProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(s.securityProtocol()).as("the file's value where neither overrides it").isEqualTo("SASL_SSL");
    }

    @Test
    void aCredentialIsNeverTakenFromASystemProperty() {
        Properties properties = new Properties();
        properties.setProperty("kafka.username", "svc");
        properties.setProperty("kafka.password", "s3cret");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9096",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), properties))
                .isInstanceOf(InvalidConnectionSettingsException.class).hasMessageContaining("no user name")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aMissingTrustStoreIsNamed() {
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b:9094", "KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_TRUSTSTORE_LOCATION", "/nonexistent/truststore.jks")))
                .hasMessageContaining("KAFKA_TRUSTSTORE_LOCATION");
    }

    @Test
    void anUnreachableClusterFailsWithinSeconds() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ConnectionSettings settings = ConnectionSettings.load(Optional.empty(),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> ExternalKafkaCluster.connect(settings, Duration.ofSeconds(3)))
                        .isInstanceOf(ClusterStartException.class)
                        .hasMessageContaining("No broker answered").hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS"));
    }
}
