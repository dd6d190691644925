package io.pipebench.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scanner finds a planted secret in every form it claims, names where, and never prints the value. */
class SecretScanTest {

    private static final String SECRET = "pa ss\"wo\\rd-4711";
    private final SecretScan scan = new SecretScan(Map.of("KAFKA_PASSWORD", SECRET));

    @Test
    void findsTheSecretAsWrittenEscapedAndEncodedInFilesAndGzipNamingFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("clean.log"), "nothing here\npassword=****\n");
        Files.writeString(dir.resolve("raw.log"), "one\ntwo " + SECRET + "\n");
        Files.writeString(dir.resolve("summary.json"), "{\"p\": \"pa ss\\\"wo\\\\rd-4711\"}");
        Files.writeString(dir.resolve("client.properties"), "password=pa ss\"wo\\\\rd-4711\n");
        Files.writeString(dir.resolve("report.html"), "<a href=\"?p=pa+ss%22wo%5Crd-4711\">");
        Files.createDirectories(dir.resolve("nested"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("nested/simulation.log.gz")))) {
            out.write(("x\ny\nz " + SECRET).getBytes(StandardCharsets.UTF_8));
        }

        List<SecretScan.Hit> hits = scan.folder(dir);

        assertThat(hits).extracting(h -> Path.of(h.where()).getFileName().toString()).containsExactlyInAnyOrder(
                "raw.log", "summary.json", "client.properties", "report.html", "simulation.log.gz");
        assertThat(hits).filteredOn(h -> h.where().endsWith("raw.log")).singleElement()
                .satisfies(h -> assertThat(h.line()).isEqualTo(2));
        assertThat(hits).filteredOn(h -> h.where().endsWith(".gz")).singleElement()
                .satisfies(h -> assertThat(h.line()).isEqualTo(3));
        assertThat(hits).allSatisfy(h -> assertThat(h.toString()).contains("holds KAFKA_PASSWORD")
                .doesNotContain(SECRET));
    }

    @Test
    void scansLinesOfOutput() {
        assertThat(scan.lines("stdout", List.of("ok", "Connecting with " + SECRET))).singleElement()
                .hasToString("stdout:2 holds KAFKA_PASSWORD");
        assertThat(scan.lines("stdout", List.of("ok"))).isEmpty();
    }

    @Test
    void refusesToScanForNothingOrInAMissingFolder(@TempDir Path dir) {
        assertThatThrownBy(() -> new SecretScan(Map.of())).hasMessageContaining("No secret to look for");
        assertThatThrownBy(() -> new SecretScan(Map.of("EVENTSTORE_PASSWORD", " ")))
                .hasMessageContaining("EVENTSTORE_PASSWORD is blank");
        assertThatThrownBy(() -> scan.folder(dir.resolve("absent"))).hasMessageContaining("is not a folder");
    }
}
