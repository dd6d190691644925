package io.pipebench.cluster;

import io.pipebench.secrets.Credentials;
import org.apache.kafka.common.config.SaslConfigs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * MSK's IAM authentication through {@code software.amazon.msk:aws-msk-iam-auth}, in either of the library's two ways:
 * its own mechanism ({@code KAFKA_SASL_MECHANISM=AWS_MSK_IAM}: its login module signs each new connection) or Kafka's
 * OAUTHBEARER ({@code KAFKA_SASL_MECHANISM=OAUTHBEARER}: Kafka's login module, the library's callback handler making
 * the token a signed request). Both take the AWS credentials of the default chain, of a named profile, or of an
 * assumed role, from the same JAAS options. No password exists here; the options name where credentials come from.
 * Under OAUTHBEARER the library names the region in the token from the AWS SDK's region chain ({@code AWS_REGION},
 * the profile's region, instance metadata), not from the broker's host name as AWS_MSK_IAM does.
 *
 * <p>MSK throttles new IAM-authenticated connections per broker (its quota page: 100 per second on M-class brokers,
 * far fewer on t3.small), and a throttled client reconnects: Kafka's default 50 ms reconnect backoff would have a
 * fleet restarting at once hammer that limit. Reconnects therefore start at 1 s and back off (with Kafka's jitter) to
 * 10 s, unless the cluster file sets {@code reconnect.backoff.ms} / {@code reconnect.backoff.max.ms} itself.
 *
 * @param mechanism       {@link #MECHANISM} or {@link #OAUTHBEARER}
 * @param profile         {@code awsProfileName}: a profile of ~/.aws/credentials or ~/.aws/config, or null
 * @param roleArn         {@code awsRoleArn}: a role to assume, or null
 * @param roleSessionName {@code awsRoleSessionName}: the assumed role's session name, or null
 * @param stsRegion       {@code awsStsRegion}: the STS region for the role, or null
 */
record MskIam(String mechanism, String profile, String roleArn, String roleSessionName, String stsRegion) {

    static final String MECHANISM = "AWS_MSK_IAM";
    static final String LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    static final String CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    static final String OAUTHBEARER = "OAUTHBEARER";
    static final String OAUTHBEARER_LOGIN_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
    /** The library's handler both fetches the token at login and hands it to each connection, as its README sets it. */
    static final String OAUTHBEARER_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler";
    static final List<String> MECHANISMS = List.of(MECHANISM, OAUTHBEARER);
    static final String ENV_PROFILE = "KAFKA_AWS_PROFILE";
    static final String ENV_ROLE_ARN = "KAFKA_AWS_ROLE_ARN";
    static final String ENV_ROLE_SESSION_NAME = "KAFKA_AWS_ROLE_SESSION_NAME";
    static final String ENV_STS_REGION = "KAFKA_AWS_STS_REGION";
    static final int RECONNECT_BACKOFF_MS = 1_000;
    static final int RECONNECT_BACKOFF_MAX_MS = 10_000;

    MskIam {
        if (!MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException("MSK IAM runs as one of " + MECHANISMS + ", not '" + mechanism + "'");
        }
    }

    /**
     * The mechanism's options from the environment, then the cluster file's {@code aws.profile}, {@code aws.role.arn},
     * ... keys.
     */
    static MskIam from(String mechanism, Map<String, String> env, Properties file) {
        MskIam iam = new MskIam(mechanism, read(env, file, ENV_PROFILE, "aws.profile"),
                read(env, file, ENV_ROLE_ARN, "aws.role.arn"),
                read(env, file, ENV_ROLE_SESSION_NAME, "aws.role.session.name"),
                read(env, file, ENV_STS_REGION, "aws.sts.region"));
        if (iam.roleArn == null && (iam.roleSessionName != null || iam.stsRegion != null)) {
            throw new InvalidConnectionSettingsException(ENV_ROLE_SESSION_NAME + " and " + ENV_STS_REGION
                    + " only apply to an assumed role: set " + ENV_ROLE_ARN + " (or aws.role.arn) too, or unset them.");
        }
        return iam;
    }

    private static String read(Map<String, String> env, Properties file, String variable, String key) {
        String v = env.get(variable);
        String field = variable;
        if (v == null || v.isBlank()) {
            v = file.getProperty(key);
            field = key + " in the cluster file";
        }
        Credentials.requireNoControlCharacters(field, v, InvalidConnectionSettingsException::new);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The JAAS line: the mechanism's login module with the options that are set, quoted as for SCRAM. */
    String jaasConfig() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("awsProfileName", profile);
        options.put("awsRoleArn", roleArn);
        options.put("awsRoleSessionName", roleSessionName);
        options.put("awsStsRegion", stsRegion);
        StringBuilder sb = new StringBuilder(oauthBearer() ? OAUTHBEARER_LOGIN_MODULE : LOGIN_MODULE)
                .append(" required");
        options.forEach((k, v) -> {
            if (v != null) {
                sb.append(' ').append(k).append("=\"").append(ConnectionSettings.jaasEscape(v)).append('"');
            }
        });
        return sb.append(';').toString();
    }

    /** Adds the mechanism, the JAAS line, the callback handlers and, unless already set, the reconnect backoff. */
    void addTo(Map<String, Object> p) {
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
        if (oauthBearer()) {
            p.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, OAUTHBEARER_CALLBACK_HANDLER);
            p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, OAUTHBEARER_CALLBACK_HANDLER);
        } else {
            p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, CALLBACK_HANDLER);
        }
        p.putIfAbsent("reconnect.backoff.ms", RECONNECT_BACKOFF_MS);
        p.putIfAbsent("reconnect.backoff.max.ms", RECONNECT_BACKOFF_MAX_MS);
    }

    private boolean oauthBearer() {
        return OAUTHBEARER.equals(mechanism);
    }

    String describe() {
        StringBuilder sb = new StringBuilder(oauthBearer() ? OAUTHBEARER + " (MSK IAM)" : MECHANISM);
        sb.append(profile != null ? " with profile '" + profile + "'" : " with the default AWS credentials chain");
        if (roleArn != null) {
            sb.append(", assuming ").append(roleArn);
        }
        return sb.toString();
    }
}
