package io.pipebench.secrets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactTest {

    @Test
    void aJdbcUrlLosesItsQueryAndItsUserInfo() {
        assertThat(Redact.jdbcUrl("jdbc:postgresql://db.internal:5432/pipebench?user=svc&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/pipebench");
        assertThat(Redact.jdbcUrl("jdbc:postgresql://svc:hunter2@db.internal:5432/pipebench"))
                .isEqualTo("jdbc:postgresql://db.internal:5432/pipebench");
        assertThat(Redact.jdbcUrl("jdbc:postgresql://svc:p@ss@h1:5432,h2:5433/pipebench?password=hunter2"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/pipebench");
        assertThat(Redact.jdbcUrl("jdbc:sqlserver://h:1433;user=svc;password=hunter2")).isEqualTo("jdbc:sqlserver://h:1433");
        assertThat(Redact.jdbcUrl("jdbc:postgresql://h/db#password=hunter2")).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void aPlainUrlIsUnchangedAndNullStaysNull() {
        assertThat(Redact.jdbcUrl("jdbc:postgresql://127.0.0.1:5432/pipebench"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/pipebench");
        assertThat(Redact.jdbcUrl(null)).isNull();
    }

    @Test
    void aLineBreakCannotStartAnotherLogLine() {
        assertThat(Redact.jdbcUrl("jdbc:postgresql://h/db\nFAKE LOG LINE")).doesNotContain("\n");
    }

    @Test
    void aUrlsQueryIsSplitIntoDecodedParameters() {
        JdbcUrlParts parts = JdbcUrlParts.parse("jdbc:postgresql://h:5432/db?user=svc&password=a%26b%3Dc&ssl=true&flag");
        assertThat(parts.base()).isEqualTo("jdbc:postgresql://h:5432/db");
        assertThat(parts.parameters()).containsExactly(java.util.Map.entry("user", "svc"),
                java.util.Map.entry("password", "a&b=c"), java.util.Map.entry("ssl", "true"),
                java.util.Map.entry("flag", ""));
        assertThat(JdbcUrlParts.parse("jdbc:postgresql://h/db").parameters()).isEmpty();
    }
}
