package io.pipebench.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How clients reach a cluster this process starts: {@code plaintext} (the default), {@code scram-tls} (MSK's
 * SASL_SSL listener: SCRAM-SHA-512 over TLS) or {@code mtls} (MSK's TLS listener: each client shows a certificate).
 * Selected by {@code --security} on the command line and {@code -Dsecurity=} in the tests and the load harness.
 */
public enum ClusterSecurity {
    PLAINTEXT("plaintext", "PLAINTEXT"),
    SCRAM_TLS("scram-tls", "SASL_SSL"),
    MTLS("mtls", "SSL");

    /** The system property the tests and the load scenarios read. */
    public static final String PROPERTY = "security";

    private final String option;
    private final String protocol;

    ClusterSecurity(String option, String protocol) {
        this.option = option;
        this.protocol = protocol;
    }

    /** The name users type: {@code plaintext}, {@code scram-tls}, {@code mtls}. */
    public String option() {
        return option;
    }

    /** Kafka's security protocol of the client listener. */
    public String protocol() {
        return protocol;
    }

    public boolean secured() {
        return this != PLAINTEXT;
    }

    /** Parses a user's value; a bad one is refused naming where it came from and the values that work. */
    public static ClusterSecurity parse(String value, String field) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ClusterSecurity s : values()) {
            if (s.option.equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException(field + " is '" + value + "': use one of " + Arrays.stream(values())
                .map(ClusterSecurity::option).collect(Collectors.joining(", ")));
    }

    /** {@code -Dsecurity=...}, {@link #PLAINTEXT} when unset or blank. */
    public static ClusterSecurity fromSystemProperty() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? PLAINTEXT : parse(v, "-D" + PROPERTY);
    }

    @Override
    public String toString() {
        return option;
    }
}
