package io.pipebench.cluster;

import io.pipebench.config.SettingSources;
import io.pipebench.secrets.Credentials;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * How to reach an external cluster (MSK or any other): bootstrap servers and security, read from an optional
 * properties file, then from environment variables, which win, and from JVM system properties of the same names
 * ({@link SettingSources}: {@code -Dkafka.bootstrap.servers}), which win over both, as for the event store.
 *
 * <p>Credentials come only from the environment ({@code KAFKA_USERNAME}, {@code KAFKA_PASSWORD}; never a system
 * property, which any user can read in the process list) or from a credentials
 * file ({@code KAFKA_CREDENTIALS_FILE} or {@code credentials.file}, holding {@code username=} and {@code password=}).
 * The JAAS line is built here with proper quoting; the design document's {@code "${kafka.username}"} inside a Java
 * string was sent to the broker literally. Nothing in {@link #describe()} or {@link #toString()} carries a secret.
 */
public final class ConnectionSettings {

    public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    public static final String ENV_MECHANISM = "KAFKA_SASL_MECHANISM";
    public static final String ENV_USERNAME = "KAFKA_USERNAME";
    public static final String ENV_PASSWORD = "KAFKA_PASSWORD";
    public static final String ENV_CREDENTIALS_FILE = "KAFKA_CREDENTIALS_FILE";
    public static final String ENV_TRUSTSTORE = "KAFKA_TRUSTSTORE_LOCATION";
    public static final String ENV_TRUSTSTORE_PASSWORD = "KAFKA_TRUSTSTORE_PASSWORD";
    public static final String ENV_TRUSTSTORE_TYPE = "KAFKA_TRUSTSTORE_TYPE";

    /** Security protocols this harness supports: plain, TLS, and TLS with SCRAM as MSK is configured. */
    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_SSL");
    public static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", MskIam.MECHANISM,
            MskIam.OAUTHBEARER);

    /** The variables a system property may set: all but the credentials. */
    private static final List<String> PROPERTY_VARIABLES = List.of(ENV_BOOTSTRAP, ENV_PROTOCOL, ENV_MECHANISM,
            ENV_CREDENTIALS_FILE, ENV_TRUSTSTORE, ENV_TRUSTSTORE_TYPE, MskIam.ENV_PROFILE, MskIam.ENV_ROLE_ARN,
            MskIam.ENV_ROLE_SESSION_NAME, MskIam.ENV_STS_REGION);
    private static final Set<String> FILE_ONLY_KEYS = Set.of("credentials.file");
    private static final Set<String> SECRET_KEYS = Set.of(SaslConfigs.SASL_JAAS_CONFIG, "password", "username",
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, SslConfigs.SSL_KEY_PASSWORD_CONFIG);

    private final String bootstrapServers;
    private final String securityProtocol;
    private final String saslMechanism;
    private final String username;
    private final char[] password;
    private final String truststoreLocation;
    private final char[] truststorePassword;
    private final String truststoreType;
    private final Map<String, String> passThrough;
    private final String source;
    private final MskIam iam;

    private ConnectionSettings(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.securityProtocol = b.securityProtocol;
        this.saslMechanism = b.saslMechanism;
        this.username = b.username;
        this.password = b.password;
        this.truststoreLocation = b.truststoreLocation;
        this.truststorePassword = b.truststorePassword;
        this.truststoreType = b.truststoreType;
        this.passThrough = Map.copyOf(b.passThrough);
        this.source = b.source;
        this.iam = b.iam;
    }

    /** Reads the optional file, then the process environment, then the JVM's system properties. */
    public static ConnectionSettings load(Optional<Path> file) {
        return load(file, System.getenv(), System.getProperties());
    }

    /** Reads the optional file, then the given environment; no system property. */
    public static ConnectionSettings load(Optional<Path> file, Map<String, String> env) {
        return load(file, env, new Properties());
    }

    /**
     * Reads the optional file, then the given environment, then the given properties (each wins over the one
     * before). Fails with {@link InvalidConnectionSettingsException} naming the variable or key to set when something
     * is missing or wrong.
     */
    public static ConnectionSettings load(Optional<Path> file, Map<String, String> environment,
                                          Properties properties) {
        Map<String, String> env = SettingSources.overlay(environment, properties, PROPERTY_VARIABLES);
        Builder b = new Builder();
        Properties fileProps = new Properties();
        if (file.isPresent()) {
            Path path = file.get();
            if (!Files.isReadable(path)) {
                throw new InvalidConnectionSettingsException("The cluster file " + path + " does not exist or is not "
                        + "readable: pass an existing file to --cluster-config.");
            }
            try (Reader reader = Files.newBufferedReader(path)) {
                fileProps.load(reader);
            } catch (IOException e) {
                throw new InvalidConnectionSettingsException("Cannot read the cluster file " + path + ": " + e.getMessage());
            }
            b.source = path.toString();
        } else {
            b.source = "environment";
        }
        if (fileProps.containsKey(SaslConfigs.SASL_JAAS_CONFIG) || fileProps.containsKey("password")) {
            throw new InvalidConnectionSettingsException("The cluster file " + b.source + " holds a credential ("
                    + "sasl.jaas.config or password). Remove it and set " + ENV_USERNAME + " and " + ENV_PASSWORD
                    + " (or " + ENV_CREDENTIALS_FILE + "); the JAAS line is built for you.");
        }

        b.bootstrapServers = firstNonBlank(env.get(ENV_BOOTSTRAP), fileProps.getProperty("bootstrap.servers"));
        b.securityProtocol = firstNonBlank(env.get(ENV_PROTOCOL), fileProps.getProperty("security.protocol"), "PLAINTEXT")
                .trim().toUpperCase(Locale.ROOT);
        b.saslMechanism = firstNonBlank(env.get(ENV_MECHANISM), fileProps.getProperty("sasl.mechanism"), "SCRAM-SHA-512")
                .trim().toUpperCase(Locale.ROOT);
        b.truststoreLocation = firstNonBlank(env.get(ENV_TRUSTSTORE), fileProps.getProperty("ssl.truststore.location"));
        b.truststoreType = firstNonBlank(env.get(ENV_TRUSTSTORE_TYPE), fileProps.getProperty("ssl.truststore.type"));
        String tsPassword = credential(ENV_TRUSTSTORE_PASSWORD, env.get(ENV_TRUSTSTORE_PASSWORD));
        b.truststorePassword = isBlank(tsPassword) ? null : tsPassword.toCharArray();

        // Every credential is checked as given, before trimming could hide a line break; a password is never trimmed.
        String credentialsFile = firstNonBlank(env.get(ENV_CREDENTIALS_FILE), fileProps.getProperty("credentials.file"));
        b.username = credential(ENV_USERNAME, env.get(ENV_USERNAME));
        String pw = credential(ENV_PASSWORD, env.get(ENV_PASSWORD));
        if ((isBlank(b.username) || isBlank(pw)) && !isBlank(credentialsFile)) {
            Properties creds = readCredentials(Path.of(credentialsFile));
            String in = " in the credentials file " + credentialsFile;
            b.username = firstNonBlank(b.username, credential("username" + in, creds.getProperty("username")));
            pw = isBlank(pw) ? credential("password" + in, creds.getProperty("password")) : pw;
        }
        b.password = isBlank(pw) ? null : pw.toCharArray();

        for (String key : fileProps.stringPropertyNames()) {
            if (!FILE_ONLY_KEYS.contains(key) && !SECRET_KEYS.contains(key) && !key.equals("bootstrap.servers")
                    && !key.startsWith("aws.")
                    && !key.equals("security.protocol") && !key.equals("sasl.mechanism")
                    && !key.startsWith("ssl.truststore.")) {
                b.passThrough.put(key, fileProps.getProperty(key));
            }
        }
        if (MskIam.MECHANISMS.contains(b.saslMechanism)) {
            if (!"SASL_SSL".equals(b.securityProtocol)) {
                throw new InvalidConnectionSettingsException(b.saslMechanism + " works over TLS only: set "
                        + ENV_PROTOCOL + "=SASL_SSL (or security.protocol), and the IAM port of the brokers (9098).");
            }
            if (!isBlank(b.username) || b.password != null) {
                throw new InvalidConnectionSettingsException(b.saslMechanism + " signs connections with AWS "
                        + "credentials and takes no user name or password: unset " + ENV_USERNAME + ", " + ENV_PASSWORD
                        + " and " + ENV_CREDENTIALS_FILE + " (or credentials.file), or choose a SCRAM mechanism.");
            }
            b.iam = MskIam.from(b.saslMechanism, env, fileProps);
        }
        ConnectionSettings settings = new ConnectionSettings(b);
        settings.validate();
        return settings;
    }

    private static String credential(String field, String value) {
        return Credentials.requireNoControlCharacters(field, value, InvalidConnectionSettingsException::new);
    }

    private static Properties readCredentials(Path path) {
        Properties creds = new Properties();
        if (!Files.isReadable(path)) {
            throw new InvalidConnectionSettingsException("The credentials file " + path + " (from " + ENV_CREDENTIALS_FILE
                    + " or credentials.file) does not exist or is not readable.");
        }
        try (Reader reader = Files.newBufferedReader(path)) {
            creds.load(reader);
        } catch (IOException e) {
            throw new InvalidConnectionSettingsException("Cannot read the credentials file " + path + ": " + e.getMessage());
        }
        return creds;
    }

    private void validate() {
        if (isBlank(bootstrapServers)) {
            throw new InvalidConnectionSettingsException("No bootstrap servers: set " + ENV_BOOTSTRAP
                    + " (e.g. b-1.mycluster.kafka.eu-west-1.amazonaws.com:9096) or bootstrap.servers in the cluster file"
                    + " (" + source + ").");
        }
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new InvalidConnectionSettingsException("Bootstrap server '" + s + "' is not host:port: fix "
                        + ENV_BOOTSTRAP + " or bootstrap.servers (" + source + ").");
            }
        }
        if (!PROTOCOLS.contains(securityProtocol)) {
            throw new InvalidConnectionSettingsException("Unknown security protocol '" + securityProtocol + "': set "
                    + ENV_PROTOCOL + " (or security.protocol) to one of " + PROTOCOLS + ".");
        }
        if (securityProtocol.startsWith("SASL")) {
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new InvalidConnectionSettingsException("Unsupported SASL mechanism '" + saslMechanism + "': set "
                        + ENV_MECHANISM + " (or sasl.mechanism) to one of " + MECHANISMS + ".");
            }
            if (iam == null && (isBlank(username) || password == null)) {
                throw new InvalidConnectionSettingsException("Security protocol " + securityProtocol + " needs SCRAM "
                        + "credentials, and " + (isBlank(username) ? "no user name" : "no password") + " was given: set "
                        + ENV_USERNAME + " and " + ENV_PASSWORD + ", or point " + ENV_CREDENTIALS_FILE
                        + " at a file with username= and password=.");
            }
        }
        if (truststoreLocation != null && !Files.isReadable(Path.of(truststoreLocation))) {
            throw new InvalidConnectionSettingsException("The trust store " + truststoreLocation + " does not exist or is "
                    + "not readable: fix " + ENV_TRUSTSTORE + " (or ssl.truststore.location), or unset it to use the "
                    + "JVM's default trust store (enough for MSK).");
        }
    }

    /** Client properties for producers, consumers and admin clients. Contains secrets: never log them. */
    public Map<String, Object> toClientProperties() {
        Map<String, Object> p = new LinkedHashMap<>(passThrough);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        if (iam != null) {
            iam.addTo(p);
        } else if (securityProtocol.startsWith("SASL")) {
            p.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
            p.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(username, password));
        }
        if (truststoreLocation != null) {
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststoreLocation);
            if (truststoreType != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststoreType);
            }
            if (truststorePassword != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new String(truststorePassword));
            }
        }
        return p;
    }

    /**
     * The JAAS line for SCRAM. Values are quoted, and backslashes and quotes inside them escaped, as Kafka's JAAS
     * parser (a {@link java.io.StreamTokenizer}) reads them.
     */
    static String jaasConfig(String username, char[] password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + jaasEscape(username)
                + "\" password=\"" + jaasEscape(new String(password)) + "\";";
    }

    /** A value for inside a double-quoted JAAS option. */
    static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String securityProtocol() {
        return securityProtocol;
    }

    /** Safe to print: no credential, only whether one is set. */
    public String describe() {
        StringBuilder sb = new StringBuilder(securityProtocol).append(" at ").append(bootstrapServers);
        if (iam != null) {
            sb.append(", ").append(iam.describe());
        } else if (securityProtocol.startsWith("SASL")) {
            sb.append(", ").append(saslMechanism).append(" as user '").append(username).append("' (password set)");
        }
        if (truststoreLocation != null) {
            sb.append(", trust store ").append(truststoreLocation);
        }
        return sb.append(" [from ").append(source).append(']').toString();
    }

    @Override
    public String toString() {
        return "ConnectionSettings{" + describe() + "}";
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v.trim();
            }
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static final class Builder {
        String bootstrapServers;
        String securityProtocol;
        String saslMechanism;
        String username;
        char[] password;
        String truststoreLocation;
        char[] truststorePassword;
        String truststoreType;
        final Map<String, String> passThrough = new LinkedHashMap<>();
        String source;
        MskIam iam;
    }
}
