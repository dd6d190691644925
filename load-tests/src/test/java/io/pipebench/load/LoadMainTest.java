package io.pipebench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LoadMainTest {

    /** A cluster file that cannot work is a setup error (exit 2) naming what to set, not a stack trace (exit 1). */
    @Test
    void aBadExternalClusterSettingIsExitTwoWithTheFixNotAStackTrace(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster.properties");
        Files.writeString(cluster, "bootstrap.servers=127.0.0.1:9\nsecurity.protocol=SASL_SSL\n"
                + "credentials.file=" + dir.resolve("missing.properties") + "\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream err = System.err;
        int code;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = new CommandLine(new LoadMain()).execute("--scenario=smoke", "--cluster=external",
                    "--cluster-config=" + cluster, "--results=" + dir.resolve("results"));
        } finally {
            System.setErr(err);
        }
        String shown = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as(shown).isEqualTo(2);
        assertThat(shown).startsWith("pipebench load: The credentials file ").contains("missing.properties")
                .doesNotContain("\tat ");
    }
}
