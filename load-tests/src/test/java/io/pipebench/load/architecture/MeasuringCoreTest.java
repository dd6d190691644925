package io.pipebench.load.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measuring core knows no broker: outside {@code driver/}, no source of load-tests names Kafka's clients, JDBC, or
 * the reference system's cluster, publish, consume, store and run packages, whether by import or by a fully qualified
 * name; and Gatling's (and Scala's) types appear only in the Gatling glue, {@code gatling/}. A plain scan of the
 * sources (comments left out), so a violation names its file and the name it uses.
 */
class MeasuringCoreTest {

    private static final Path SOURCES = Path.of("src/main/java/io/pipebench/load");
    private static final Pattern BROKER = Pattern.compile(
            "\\b(org\\.apache\\.kafka|javax?\\.sql|io\\.pipebench\\.(?:cluster|publish|consume|store|run))\\.[\\w.*]+");
    private static final Pattern GATLING = Pattern.compile("\\b(io\\.gatling|scala)\\.[\\w.*$]+");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void theCoreNamesNoBrokerDatabaseOrSystemClass() {
        assertThat(Files.isDirectory(SOURCES)).as("the sources are scanned from the module folder").isTrue();
        assertThat(violations(SOURCES)).as("names the measuring core must not use (allowed only under driver/)").isEmpty();
    }

    @Test
    void theScanFindsAnImportAFullyQualifiedNameAndAGatlingTypeOutsideTheGlue(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("measure"));
        Files.createDirectories(root.resolve("driver/kafka"));
        Files.createDirectories(root.resolve("gatling"));
        Files.writeString(root.resolve("measure/Bad.java"), """
                package x;
                import org.apache.kafka.clients.admin.Admin; // a broker client
                /* io.pipebench.store.EventStore in a comment is fine */
                final class Bad {
                    java.sql.Connection c;
                    io.gatling.core.session.Session s;
                }
                """);
        Files.writeString(root.resolve("driver/kafka/Fine.java"), "import org.apache.kafka.clients.admin.Admin;");
        Files.writeString(root.resolve("gatling/Glue.java"), "import io.gatling.core.session.Session;");
        assertThat(violations(root)).containsExactly("measure/Bad.java: org.apache.kafka.clients.admin.Admin",
                "measure/Bad.java: java.sql.Connection", "measure/Bad.java: io.gatling.core.session.Session");
    }

    /** Each use as {@code <file relative to root>: <name>}, in file order. */
    static List<String> violations(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("driver/")) {
                    continue;
                }
                String code = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
                List<Matcher> matchers = new ArrayList<>(List.of(BROKER.matcher(code)));
                if (!rel.startsWith("gatling/")) {
                    matchers.add(GATLING.matcher(code));
                }
                List<int[]> hits = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (Matcher m : matchers) {
                    while (m.find()) {
                        hits.add(new int[] {m.start(), names.size()});
                        names.add(m.group());
                    }
                }
                hits.sort((a, b) -> Integer.compare(a[0], b[0]));
                hits.forEach(h -> out.add(rel + ": " + names.get(h[1])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
