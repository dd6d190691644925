package io.pipebench.load.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measuring core knows no broker: outside {@code driver/}, no source of load-tests names Kafka's clients, JDBC, or
 * the reference system's cluster, publish, consume, store and run packages, whether by import or by a fully qualified
 * name; and Gatling's (and Scala's) types appear only in the Gatling glue, {@code gatling/}. A plain scan of the
 * sources (comments left out), so a violation names its file and the name it uses.
 *
 * <p>Nor does it know the broker at one remove: the core folders ({@link #CORE}: the plan, recorders, verdicts,
 * reports, scenarios, the Gatling glue and the distributed run's barrier and merge) name only the driver API,
 * {@code io.pipebench.load.driver}, never a driver implementation under it ({@code driver.kafka},
 * {@code driver.reference}, {@code driver.rawkafka}), which import Kafka. The wiring may: {@code harness/} (the
 * options, the configuration and {@code LoadEnvironment}) and {@code LoadMain} choose which driver a command runs
 * against and how it connects, which is what a driver implementation is for; the core gets the driver, and
 * capabilities such as {@code driver.Yardstick}, {@code driver.RunChannel} and {@code driver.InjectorHost}, from them.
 *
 * <p>Nor does the core take the whole configuration (issue 11, item 6): no source in {@link #TAKES_NO_CONFIGURATION}
 * names {@code harness.LoadConfig}; the wiring hands each part the few values it needs, and an opener of its
 * environment.
 */
class MeasuringCoreTest {

    private static final Path SOURCES = Path.of("src/main/java/io/pipebench/load");
    private static final Pattern BROKER = Pattern.compile(
            "\\b(org\\.apache\\.kafka|javax?\\.sql|io\\.pipebench\\.(?:cluster|publish|consume|store|run))\\.[\\w.*]+");
    /** A driver implementation: a package under the driver API's (lower case, where a type is capitalised). */
    private static final Pattern IMPLEMENTATION =
            Pattern.compile("\\bio\\.pipebench\\.load\\.driver\\.[a-z]\\w*\\.[\\w.*]+");
    /** The folders that may name the driver API only, never its implementations. */
    static final Set<String> CORE = Set.of("plan", "measure", "verdict", "report", "scenario", "gatling",
            "distributed");
    /**
     * The core folders that get their values from the wiring. Not {@code distributed/}: {@code load merge} is a
     * command of its own, and parses {@code --not-applicable} with the configuration's one parser.
     */
    static final Set<String> TAKES_NO_CONFIGURATION = Set.of("plan", "measure", "verdict", "report", "scenario",
            "gatling");
    private static final Pattern CONFIGURATION = Pattern.compile("\\bLoadConfig\\b");
    private static final Pattern GATLING = Pattern.compile("\\b(io\\.gatling|scala)\\.[\\w.*$]+");
    private static final Path SYSTEM_SOURCES = Path.of("../system/src/main/java/io/pipebench");
    private static final Pattern SYSTEM_IMPORT =
            Pattern.compile("\\bimport\\s+(static\\s+)?io\\.pipebench\\.((?!load\\.)[\\w.]+?)(\\.\\*)?\\s*;");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void theCoreNamesNoBrokerDatabaseOrSystemClass() {
        assertThat(Files.isDirectory(SOURCES)).as("the sources are scanned from the module folder").isTrue();
        assertThat(violations(SOURCES)).as("names the measuring core must not use (brokers and the system only "
                + "under driver/; driver implementations not in the core folders %s)", CORE)
                .isEmpty();
    }

    /**
     * The driver API itself ({@code driver/*.java}, not its implementations below it) names no broker, database or
     * Gatling type, nor do the system's types it hands to the core (the lag snapshot and its rows, the workload),
     * followed through their own imports and the classes of their package they name: a Kafka type inside a lag row
     * would put Kafka into the core at one remove.
     */
    @Test
    void theDriverApiAndTheSystemTypesItHandsOverNameNoBroker() throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> api;
        try (Stream<Path> files = Files.list(SOURCES.resolve("driver"))) {
            api = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(api).as("the driver API's files").isNotEmpty();
        java.util.Deque<Path> todo = new java.util.ArrayDeque<>(api);
        Set<Path> seen = new java.util.HashSet<>();
        Set<String> systemTypes = new java.util.TreeSet<>();
        while (!todo.isEmpty()) {
            Path f = todo.pop();
            if (!seen.add(f)) {
                continue;
            }
            String code = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
            for (Pattern p : List.of(BROKER, GATLING)) {
                Matcher m = p.matcher(code);
                while (m.find()) {
                    out.add(f.getFileName() + ": " + m.group());
                }
            }
            Matcher imported = SYSTEM_IMPORT.matcher(code);
            while (imported.find()) {
                if (imported.group(3) != null) { // a wildcard would hide which types the scan must follow
                    out.add(f.getFileName() + ": wildcard import io.pipebench." + imported.group(2) + ".*");
                    continue;
                }
                String type = imported.group(2);
                if (imported.group(1) != null && type.contains(".")) { // static: the member's class
                    type = type.substring(0, type.lastIndexOf('.'));
                }
                Path source = SYSTEM_SOURCES.resolve(type.replace('.', '/') + ".java");
                if (Files.exists(source)) {
                    systemTypes.add(type);
                    todo.add(source);
                }
            }
            if (f.startsWith(SYSTEM_SOURCES)) { // the same package's types it names need no import
                try (Stream<Path> siblings = Files.list(f.getParent())) {
                    siblings.filter(s -> s.toString().endsWith(".java") && !s.equals(f))
                            .filter(s -> Pattern.compile("\\b" + s.getFileName().toString().replace(".java", "")
                                    + "\\b").matcher(code).find())
                            .forEach(todo::add);
                }
            }
        }
        assertThat(systemTypes).as("the scan reached the system's lag types").contains("metrics.LagSnapshot");
        assertThat(seen.stream().map(p -> p.getFileName().toString())).contains("GroupLag.java");
        assertThat(out).as("broker, database or Gatling names in the driver API or the system types it hands over")
                .isEmpty();
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

    @Test
    void theScanFindsADriverImplementationInTheCoreButNotTheApiNorInTheWiring(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("scenario"));
        Files.createDirectories(root.resolve("harness"));
        Files.writeString(root.resolve("scenario/Bad.java"), """
                package x;
                import io.pipebench.load.driver.Driver;
                import io.pipebench.load.driver.*;
                import io.pipebench.load.driver.rawkafka.Yardstick;
                // io.pipebench.load.driver.kafka.RunTopic in a comment is fine
                final class Bad {
                    Object o = io.pipebench.load.driver.kafka.RunTopic.indices(null);
                }
                """);
        Files.writeString(root.resolve("harness/Wiring.java"),
                "import io.pipebench.load.driver.reference.ReferenceDriver;");
        Files.writeString(root.resolve("Main.java"), "import io.pipebench.load.driver.kafka.KafkaPublishing;");
        assertThat(violations(root)).containsExactly("scenario/Bad.java: io.pipebench.load.driver.rawkafka.Yardstick",
                "scenario/Bad.java: io.pipebench.load.driver.kafka.RunTopic.indices");
    }

    @Test
    void noScenarioNorOtherCorePartTakesTheWholeConfiguration() {
        assertThat(configurationUses(SOURCES)).as("core folders %s name LoadConfig; give them a Settings record of "
                + "the values they use instead, built by the wiring", TAKES_NO_CONFIGURATION).isEmpty();
    }

    @Test
    void theScanFindsTheConfigurationByImportWildcardOrFullNameButNotInACommentNorInTheWiring(@TempDir Path root)
            throws IOException {
        Files.createDirectories(root.resolve("scenario"));
        Files.createDirectories(root.resolve("plan"));
        Files.createDirectories(root.resolve("harness"));
        Files.writeString(root.resolve("scenario/Bad.java"), """
                package x;
                import io.pipebench.load.harness.LoadConfig;
                // LoadConfig in a comment is fine
                final class Bad {
                    static int run(io.pipebench.load.harness.LoadConfig c) { return 0; }
                }
                """);
        Files.writeString(root.resolve("plan/Wild.java"), """
                import io.pipebench.load.harness.*;
                final class Wild { LoadConfig config; LoadConfigurable fine; }
                """);
        Files.writeString(root.resolve("harness/Wiring.java"), "final class Wiring { LoadConfig c; }");
        assertThat(configurationUses(root)).containsExactly("plan/Wild.java: LoadConfig",
                "scenario/Bad.java: LoadConfig", "scenario/Bad.java: LoadConfig");
    }

    /** Each use of LoadConfig's name in {@link #TAKES_NO_CONFIGURATION}, as {@code <file>: LoadConfig}, in order. */
    static List<String> configurationUses(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (!rel.contains("/") || !TAKES_NO_CONFIGURATION.contains(rel.substring(0, rel.indexOf('/')))) {
                    continue;
                }
                Matcher m = CONFIGURATION.matcher(COMMENTS.matcher(Files.readString(f)).replaceAll(" "));
                while (m.find()) {
                    out.add(rel + ": " + m.group());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
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
                if (rel.contains("/") && CORE.contains(rel.substring(0, rel.indexOf('/')))) {
                    matchers.add(IMPLEMENTATION.matcher(code));
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
