package io.pipebench.secrets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JDBC URL split into the part before its query and its decoded query parameters. Libraries print the URL a
 * connection was opened with (Flyway logs it at INFO with only {@code password} masked), so the pool is given the
 * URL without its query and the parameters as driver properties: nothing a parameter holds reaches their logs.
 *
 * @param base       everything before {@code ?}
 * @param parameters the query's parameters in order, URL-decoded as the PostgreSQL driver decodes them
 */
public record JdbcUrlParts(String base, Map<String, String> parameters) {

    public JdbcUrlParts {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static JdbcUrlParts parse(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return new JdbcUrlParts(url, Map.of());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return new JdbcUrlParts(url.substring(0, q), parameters);
    }

    /** A host (without IPv6 brackets) and a port. */
    public record HostPort(String host, int port) {
    }

    /**
     * The one server the URL names, PostgreSQL's 5432 when it names no port; user information before {@code @} is
     * skipped. A URL naming several hosts (pgjdbc's failover list) is refused: there is no single server to name.
     */
    public HostPort address() {
        String authority = authority(base);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.contains(",")) {
            throw new IllegalArgumentException("EVENTSTORE_JDBC_URL names several hosts (" + hostPort + "); "
                    + "point it at one server");
        }
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("EVENTSTORE_JDBC_URL: the IPv6 address '" + hostPort
                        + "' lacks its closing ']'");
            }
            host = hostPort.substring(1, close);
            port = hostPort.startsWith(":", close + 1) ? hostPort.substring(close + 2) : "";
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        try {
            return new HostPort(host, port.isEmpty() ? 5432 : Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("EVENTSTORE_JDBC_URL: the port '" + port + "' is not a number");
        }
    }

    /** The same URL (user information, database and query kept) pointing at another server. */
    public static String withAddress(String url, String host, int port) {
        String authority = authority(url);
        int start = url.indexOf("//") + 2;
        String userInfo = authority.substring(0, authority.lastIndexOf('@') + 1);
        String h = host.contains(":") ? "[" + host + "]" : host;
        return url.substring(0, start) + userInfo + h + ":" + port + url.substring(start + authority.length());
    }

    /** What lies between {@code //} and the first {@code /} or {@code ?} after it. */
    private static String authority(String url) {
        int start = url.indexOf("//");
        if (start < 0) {
            throw new IllegalArgumentException("EVENTSTORE_JDBC_URL must name a server after '//', such as "
                    + "jdbc:postgresql://127.0.0.1:5432/pipebench");
        }
        start += 2;
        int end = start;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        return url.substring(start, end);
    }
}
