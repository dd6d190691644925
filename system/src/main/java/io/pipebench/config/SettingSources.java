package io.pipebench.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How every settings class reads an environment variable: a JVM system property of the same name in lower case with
 * dots ({@code EVENTSTORE_JDBC_URL} -> {@code -Deventstore.jdbc.url}) wins over the variable when it is set and not
 * blank. Callers pass the environment and the properties explicitly, so a test gives its own and touches neither.
 */
public final class SettingSources {

    private SettingSources() {
    }

    /** {@code -D} spelling of a variable: {@code KAFKA_BOOTSTRAP_SERVERS} -> {@code kafka.bootstrap.servers}. */
    public static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The environment, with each of {@code variables} taken from its system property where that one is set. */
    public static Map<String, String> overlay(Map<String, String> environment, Properties properties,
                                              Collection<String> variables) {
        Map<String, String> out = new HashMap<>(environment);
        for (String variable : variables) {
            String value = properties.getProperty(propertyName(variable));
            if (value != null && !value.isBlank()) {
                out.put(variable, value);
            }
        }
        return out;
    }
}
