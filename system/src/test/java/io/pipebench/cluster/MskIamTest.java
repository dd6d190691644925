package io.pipebench.cluster;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.spi.LoginModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AWS_MSK_IAM and OAUTHBEARER wiring, as configuration: no AWS account or MSK cluster is reachable from here, so a
 * real IAM handshake is never tested (README says so).
 */
class MskIamTest {

    private static final Map<String, String> IAM = Map.of("KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9098",
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "AWS_MSK_IAM");

    @Test
    void theDefaultChainNeedsNoOptions() {
        Map<String, Object> p = ConnectionSettings.load(Optional.empty(), IAM).toClientProperties();
        assertThat(p).containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
                .containsEntry("sasl.client.callback.handler.class",
                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
                .containsEntry("reconnect.backoff.ms", 1_000).containsEntry("reconnect.backoff.max.ms", 10_000)
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    }

    @Test
    void profileAndRoleReachKafkasJaasParser() {
        Map<String, String> env = new HashMap<>(IAM);
        env.put("KAFKA_AWS_PROFILE", "staging \"ops\"");
        env.put("KAFKA_AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pipebench-load");
        env.put("KAFKA_AWS_ROLE_SESSION_NAME", "pipebench");
        env.put("KAFKA_AWS_STS_REGION", "eu-west-1");
        ConnectionSettings s = ConnectionSettings.load(Optional.empty(), env);
        Map<String, Object> parsed = new HashMap<>(s.toClientProperties());
        parsed.put("sasl.jaas.config", new Password((String) parsed.get("sasl.jaas.config")));
        var entry = JaasContext.loadClientContext(parsed).configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo(MskIam.LOGIN_MODULE);
        Map<String, Object> options = new HashMap<>(entry.getOptions());
        assertThat(options).containsEntry("awsProfileName", "staging \"ops\"")
                .containsEntry("awsRoleArn", "arn:aws:iam::123456789012:role/pipebench-load")
                .containsEntry("awsRoleSessionName", "pipebench").containsEntry("awsStsRegion", "eu-west-1");
        assertThat(s.describe()).contains("AWS_MSK_IAM with profile 'staging \"ops\"'")
                .contains("assuming arn:aws:iam::123456789012:role/pipebench-load");
    }

    @Test
    void theClusterFileMayNameTheProfileAndSetItsOwnBackoff(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("msk.properties");
        Files.writeString(file, "bootstrap.servers=b-1.msk:9098\nsecurity.protocol=SASL_SSL\nsasl.mechanism=AWS_MSK_IAM\n"
                + "aws.profile=staging\nreconnect.backoff.ms=2000\n");
        Map<String, Object> p = ConnectionSettings.load(Optional.of(file), Map.of()).toClientProperties();
        assertThat((String) p.get("sasl.jaas.config")).contains("awsProfileName=\"staging\"");
        assertThat(p).containsEntry("reconnect.backoff.ms", "2000").doesNotContainKey("aws.profile");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), iamWith("KAFKA_SECURITY_PROTOCOL", "SSL")))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL=SASL_SSL");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), iamWith("KAFKA_PASSWORD", "s3cret")))
                .hasMessageContaining("takes no user name or password").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), iamWith("KAFKA_AWS_ROLE_SESSION_NAME", "x")))
                .hasMessageContaining("KAFKA_AWS_ROLE_ARN");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), iamWith("KAFKA_AWS_PROFILE", "staging\n")))
                .hasMessageStartingWith("KAFKA_AWS_PROFILE contains a control character");
    }

    @Test
    void oauthBearerUsesKafkasLoginModuleWithTheLibrarysHandlerAndTheSameBackoff() {
        Map<String, Object> p = ConnectionSettings.load(Optional.empty(), iamWith("KAFKA_SASL_MECHANISM", "oauthbearer"))
                .toClientProperties();
        assertThat(p).containsEntry("sasl.mechanism", "OAUTHBEARER")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")
                .containsEntry("sasl.login.callback.handler.class",
                        "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler")
                .containsEntry("sasl.client.callback.handler.class",
                        "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler")
                .containsEntry("reconnect.backoff.ms", 1_000).containsEntry("reconnect.backoff.max.ms", 10_000)
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    }

    @Test
    void oauthBearerTakesTheProfileAndRoleOnTheLineTheLibraryReads() {
        Map<String, String> env = iamWith("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
        env.put("KAFKA_AWS_PROFILE", "staging");
        env.put("KAFKA_AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pipebench-load");
        env.put("KAFKA_AWS_STS_REGION", "eu-west-1");
        ConnectionSettings s = ConnectionSettings.load(Optional.empty(), env);
        Map<String, Object> parsed = new HashMap<>(s.toClientProperties());
        parsed.put("sasl.jaas.config", new Password((String) parsed.get("sasl.jaas.config")));
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(parsed).configurationEntries();
        // The library's handler takes its options from the entry of exactly this login module, else the default chain.
        assertThat(entries.get(0).getLoginModuleName()).isEqualTo(OAuthBearerLoginModule.class.getName());
        assertThat(new HashMap<String, Object>(entries.get(0).getOptions())).containsEntry("awsProfileName", "staging")
                .containsEntry("awsRoleArn", "arn:aws:iam::123456789012:role/pipebench-load")
                .containsEntry("awsStsRegion", "eu-west-1");
        assertThat(s.describe()).contains("OAUTHBEARER (MSK IAM) with profile 'staging'")
                .contains("assuming arn:aws:iam::123456789012:role/pipebench-load");
    }

    @Test
    void theLibrarysOAuthBearerHandlerAcceptsTheConfiguration() throws Exception {
        Map<String, String> env = iamWith("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
        env.put("KAFKA_AWS_PROFILE", "staging");
        Map<String, Object> parsed = new HashMap<>(ConnectionSettings.load(Optional.empty(), env).toClientProperties());
        parsed.put("sasl.jaas.config", new Password((String) parsed.get("sasl.jaas.config")));
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(parsed).configurationEntries();
        // Configuring reads no credential and calls no AWS endpoint (that happens at login, which is not tested); a
        // role is left out, so that no STS client is built.
        AuthenticateCallbackHandler handler = (AuthenticateCallbackHandler) Class
                .forName(MskIam.OAUTHBEARER_CALLBACK_HANDLER).getDeclaredConstructor().newInstance();
        try {
            handler.configure(parsed, (String) parsed.get("sasl.mechanism"), entries);
            assertThat(handler.getClass().getMethod("configured").invoke(handler)).isEqualTo(true);
        } finally {
            handler.close();
        }
    }

    @Test
    void oauthBearerMistakesAreNamedLikeIams() {
        Map<String, String> tls = iamWith("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
        tls.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), tls))
                .hasMessageStartingWith("OAUTHBEARER works over TLS only").hasMessageContaining("SASL_SSL");
        Map<String, String> password = iamWith("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
        password.put("KAFKA_USERNAME", "pipebench");
        assertThatThrownBy(() -> ConnectionSettings.load(Optional.empty(), password))
                .hasMessageContaining("OAUTHBEARER signs connections with AWS credentials")
                .hasMessageContaining("takes no user name or password");
    }

    private static Map<String, String> iamWith(String variable, String value) {
        Map<String, String> env = new HashMap<>(IAM);
        env.put(variable, value);
        return env;
    }

    @Test
    void theLibrarysClassesAreOnTheClassPath() throws Exception {
        assertThat(LoginModule.class.isAssignableFrom(Class.forName(MskIam.LOGIN_MODULE))).isTrue();
        assertThat(AuthenticateCallbackHandler.class.isAssignableFrom(Class.forName(MskIam.CALLBACK_HANDLER))).isTrue();
        assertThat(AuthenticateCallbackHandler.class.isAssignableFrom(
                Class.forName(MskIam.OAUTHBEARER_CALLBACK_HANDLER))).isTrue();
        assertThat(Class.forName(MskIam.OAUTHBEARER_LOGIN_MODULE)).isEqualTo(OAuthBearerLoginModule.class);
    }
}
