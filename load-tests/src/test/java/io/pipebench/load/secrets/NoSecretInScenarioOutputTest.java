package io.pipebench.load.secrets;

import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.load.LoadMain;
import io.pipebench.secrets.SecretScan;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Issue 15, item 5, over a load scenario's whole output. A short smoke run ({@code tiny.yaml}: 20 events/s for 10 s
 * with the audit group, the one that writes the event store) goes as a user runs one against a staging MSK cluster
 * with SCRAM — here the embedded SASL_SSL/SCRAM-SHA-512 listener of {@link SharedKafka#secured()} — with every
 * credential set the way a user sets it, in the environment: {@code KAFKA_PASSWORD} (with a space, quotes and a
 * backslash; the broker checks it), {@code KAFKA_TRUSTSTORE_PASSWORD} (the cluster's real one),
 * {@code EVENTSTORE_PASSWORD}, and {@code EVENTSTORE_JDBC_URL} carrying {@code ?sslpassword=...&password=...}. The
 * URL's password is the database's real one (the driver lets it win), so the audit group really stores; the local
 * role cannot be given a password of the test's (it may not create roles), so {@code EVENTSTORE_PASSWORD} is read and
 * must never be shown, but is not the one PostgreSQL checks.
 *
 * <p>The run is a child JVM, so every line it prints or logs is captured (its loggers opened up by
 * {@code opened-logback.xml}); its working directory is a fresh folder, so every file it writes there is scanned too:
 * the results folder (summary.json, run.json, timelines, HdrHistogram logs, the gzipped lag timeline, the chart) and
 * Gatling's report (HTML, JS, simulation.log).
 */
class NoSecretInScenarioOutputTest {

    /**
     * Well under a minute on an idle 2-core machine (JVM start, 1 s of warm-up, 10 s measured, draining, the
     * reports); the limit leaves room for a busy one.
     */
    private static final long RUN_LIMIT_SECONDS = 240;
    private static final String KAFKA_PASSWORD = "sp ace \"quo'te\" back\\slash-" + UUID.randomUUID();
    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    private static final String URL_SECRET = "url-" + UUID.randomUUID().toString().replace("-", "");

    /** Kept when a test fails, for its output (the secrets in it are this run's random ones). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;
    private static EventStoreSettings store;
    private static SecretScan scan;
    private static Map<String, String> secrets;
    private static List<String> command;
    private static int exitCode;

    @BeforeAll
    static void runTheSmokeScenarioWithKnownSecrets() throws Exception {
        EmbeddedKafkaCluster kafka = SharedKafka.secured();
        // The run logs in as the cluster's operator (a super user) with the test's password: its ACLs are not what
        // is under test here.
        kafka.addScramUser(ClientRole.ADMIN, KAFKA_PASSWORD);
        String trustStorePassword = new String(kafka.trustStorePassword().orElseThrow());
        EventStoreSettings base = EventStoreSettings.fromEnvironment();
        store = base.withSchema("t_nosecret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        String urlQuery = "sslpassword=" + URL_SECRET + "&password=" + base.password();

        secrets = new LinkedHashMap<>();
        secrets.put("KAFKA_PASSWORD", KAFKA_PASSWORD);
        secrets.put("KAFKA_TRUSTSTORE_PASSWORD", trustStorePassword);
        secrets.put("EVENTSTORE_PASSWORD", STORE_PASSWORD);
        secrets.put("the JDBC URL's sslpassword", URL_SECRET);
        secrets.put("the JDBC URL's password parameter", "password=" + base.password());
        scan = new SecretScan(secrets);

        Path run = Files.createDirectories(work.resolve("run"));
        command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-XX:-HeapDumpOnOutOfMemoryError", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + resource("opened-logback.xml"),
                "-cp", System.getProperty("java.class.path"), LoadMain.class.getName(),
                "--scenario=smoke", "--workload=" + resource("tiny.yaml"), "--settle=0s",
                "--cluster=external", "--apply-topics=true", "--start-consumers=true",
                "--results=" + run.resolve("results"), "--gatling-results=" + run.resolve("gatling"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(run.toFile())
                .redirectOutput(run.resolve("stdout.txt").toFile()).redirectError(run.resolve("stderr.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("EVENTSTORE_"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_USERNAME", ClientRole.ADMIN.principal());
        env.put("KAFKA_PASSWORD", KAFKA_PASSWORD);
        env.put("KAFKA_TRUSTSTORE_LOCATION", kafka.trustStore().orElseThrow().toAbsolutePath().toString());
        env.put("KAFKA_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_TRUSTSTORE_PASSWORD", trustStorePassword);
        env.put("EVENTSTORE_JDBC_URL", base.jdbcUrl() + (base.jdbcUrl().contains("?") ? "&" : "?") + urlQuery);
        env.put("EVENTSTORE_USER", base.user());
        env.put("EVENTSTORE_PASSWORD", STORE_PASSWORD);
        env.put("EVENTSTORE_SCHEMA", store.schema());

        Process child = pb.start();
        if (!child.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            fail("The smoke run did not end within " + RUN_LIMIT_SECONDS + " s:\n" + tail(run));
        }
        exitCode = child.exitValue();
    }

    @AfterAll
    static void dropTheRunsSchema() throws Exception {
        if (store == null) {
            return;
        }
        // An external cluster's run keeps its event store: the schema is this test's to drop.
        try (Database db = Database.open(store.withPoolSize(1))) {
            db.dropSchema();
        }
    }

    @Test
    void theRunPrintsLogsAndWritesNoSecret() throws IOException {
        Path run = work.resolve("run");
        // The run must have reached its verdict; which verdict depends on this machine's load, not on secrets.
        assertThat(exitCode).as("the run's exit code (0: every check held, 1: one failed)\n%s", tail(run))
                .isIn(0, 1);
        assertThat(Files.readString(run.resolve("stdout.txt"))).as(tail(run)).contains("SASL_SSL")
                .contains("SCRAM-SHA-512 as user 'admin' (password set)").contains("Consumer groups in this JVM")
                .contains("reconciled").contains("VERDICT: ").contains("Results: ");
        assertThat(Files.readString(run.resolve("stderr.txt"))).as("the opened loggers wrote")
                .contains("ProducerConfig values").contains("ConsumerConfig values")
                .contains("Database: jdbc:postgresql://"); // Flyway prints the URL it was given

        // A scan of a folder without the report would prove nothing: the run really wrote it.
        Path results = onlyChild(run.resolve("results").resolve("smoke"));
        assertThat(results.resolve("summary.json")).isNotEmptyFile();
        assertThat(results.resolve("run.json")).isNotEmptyFile();
        assertThat(results.resolve("timeline.jsonl")).isNotEmptyFile();
        assertThat(results.resolve("lag.jsonl.gz")).isNotEmptyFile();
        assertThat(results.resolve("chart.png")).isNotEmptyFile();
        assertThat(files(results)).anyMatch(f -> f.toString().endsWith(".hlog"));
        Path gatling = onlyChild(run.resolve("gatling"));
        assertThat(gatling.resolve("index.html")).isNotEmptyFile();
        assertThat(gatling.resolve("simulation.log")).isNotEmptyFile();
        assertThat(files(gatling)).anyMatch(f -> f.toString().endsWith(".js"));

        assertThat(scan.lines("the child's command line", command)).isEmpty();
        assertThat(scan.folder(run)).as("secrets in what the run printed, logged and wrote under " + run).isEmpty();
    }

    /** The same scan over a copy of the run's folder finds what is planted in it, and names the file. */
    @Test
    void theScanFindsASecretPlantedInTheRunsReportOrItsGzippedTimeline(@TempDir Path copy) throws IOException {
        Path run = work.resolve("run");
        try (Stream<Path> all = Files.walk(run)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path to = copy.resolve(run.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        assertThat(scan.folder(copy)).as("the copy is as clean as the run").isEmpty();

        // As a JS string in the Gatling report would carry it, and URL-encoded inside the gzipped lag timeline.
        Path report = onlyChild(copy.resolve("gatling")).resolve("index.html");
        Files.writeString(report, "<script>var p = \"" + KAFKA_PASSWORD.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\";</script>\n", StandardOpenOption.APPEND);
        Path lag = onlyChild(copy.resolve("results").resolve("smoke")).resolve("lag.jsonl.gz");
        byte[] timeline;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(lag))) {
            timeline = in.readAllBytes();
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(lag))) {
            out.write(timeline);
            out.write(("{\"url\":\"?password=" + URLEncoder.encode(STORE_PASSWORD, StandardCharsets.UTF_8) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }

        assertThat(scan.folder(copy)).extracting(SecretScan.Hit::where, SecretScan.Hit::secret)
                .containsExactlyInAnyOrder(tuple(report.toString(), "KAFKA_PASSWORD"),
                        tuple(lag.toString(), "EVENTSTORE_PASSWORD"));
    }

    private static Path onlyChild(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            List<Path> all = children.filter(Files::isDirectory).toList();
            assertThat(all).as("run folders under " + folder).hasSize(1);
            return all.get(0);
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NoSecretInScenarioOutputTest.class.getResource(name).toURI());
    }

    /** The end of the run's output for a failure message, each secret replaced by its name. */
    private static String tail(Path run) {
        List<String> lines = new ArrayList<>();
        for (String file : List.of("stdout.txt", "stderr.txt")) {
            try {
                List<String> all = Files.readAllLines(run.resolve(file));
                lines.add("--- " + file);
                lines.addAll(all.subList(Math.max(0, all.size() - 40), all.size()));
            } catch (IOException e) {
                lines.add("--- " + file + " unreadable: " + e.getMessage());
            }
        }
        String text = String.join("\n", lines);
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            text = text.replace(s.getValue(), "<" + s.getKey() + ">");
        }
        return text;
    }
}
