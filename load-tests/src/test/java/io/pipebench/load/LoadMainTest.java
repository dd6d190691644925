package io.pipebench.load;

import io.pipebench.load.distributed.LocalInjectors;
import io.pipebench.load.harness.LoadConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadMainTest {

    /** bin/pipebench takes what Maven passes as -Dsecurity, -DconsumerProfile and -Dinjectors.kill. */
    @Test
    void theCommandLineTakesSecurityConsumerProfileAndInjectorKill() {
        LoadConfig c = parse("--security", "mtls", "--consumer-profile=tuned");
        assertThat(c.cluster().security().option()).isEqualTo("mtls");
        assertThat(c.cluster().consumerProfile()).isEqualTo("tuned");
        assertThat(parse("--injectors=2", "--injectors-kill=1@5s").kill())
                .contains(new LocalInjectors.Kill(1, Duration.ofSeconds(5)));
    }

    /** picocli takes a number as text; the typed configuration refuses a bad one in both spellings. */
    @Test
    void aBadNumberOnTheCommandLineIsNamedInBothSpellings() {
        assertThatThrownBy(() -> parse("--max-steps", "many"))
                .hasMessage("-DmaxSteps / --max-steps: 'many' is not valid; use a number of steps >= 1");
        assertThat(parse("--step-factor=2").maxRate().stepFactor()).isEqualTo(2.0);
    }

    private static LoadConfig parse(String... args) {
        LoadMain main = new LoadMain();
        new CommandLine(main).parseArgs(args);
        return LoadConfig.parse(main.options);
    }

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
