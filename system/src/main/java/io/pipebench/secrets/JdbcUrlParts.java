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
}
