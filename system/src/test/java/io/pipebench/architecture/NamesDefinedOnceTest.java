package io.pipebench.architecture;

import io.pipebench.consume.GroupNames;
import io.pipebench.metrics.PipelineMeters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer-group names and the system's metric names are written once, in {@link GroupNames} and
 * {@link PipelineMeters}: no other main source of the system spells one as a string literal (comments left out).
 */
class NamesDefinedOnceTest {

    private static final Path SOURCES = Path.of("src/main/java/io/pipebench");
    private static final Set<String> OWNERS = Set.of("consume/GroupNames.java", "metrics/PipelineMeters.java");
    /** Text blocks, comments and char literals are matched too, only so that a quote inside one is not misread. */
    private static final Pattern TOKENS = Pattern.compile("\"\"\".*?\"\"\"|/\\*.*?\\*/|//[^\\n]*"
            + "|'(?:[^'\\\\\\n]|\\\\.)+'|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);

    @Test
    void noSourceSpellsAGroupOrMetricNameOutsideItsOwner() {
        assertThat(Files.isDirectory(SOURCES)).as("the sources are scanned from the module folder").isTrue();
        assertThat(names()).contains("audit", "kafka.consumer.lag", "kafka.consumer.lag.partition");
        assertThat(spelled(SOURCES, names())).as("write GroupNames.X or PipelineMeters.X instead").isEmpty();
    }

    @Test
    void theScanFindsALiteralButNotACommentNorTheOwner(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("consume"));
        Files.createDirectories(root.resolve("cli"));
        Files.writeString(root.resolve("consume/GroupNames.java"), "String A = \"audit\";");
        Files.writeString(root.resolve("cli/Bad.java"), """
                // "audit" in a comment is fine, and so is a URL: "http://x"
                class Bad { String g = "audit"; String m = "kafka.consumer.lag"; String ok = "auditing";
                    char q = '"'; String u = "http://h/"; String t = \"""
                        "audit" in a text block is not a name \""";
                    String m2 = "kafka.consumer.lag"; }
                """);
        assertThat(spelled(root, names())).containsExactly("cli/Bad.java: \"audit\"",
                "cli/Bad.java: \"kafka.consumer.lag\"", "cli/Bad.java: \"kafka.consumer.lag\"");
    }

    /** The group names, and PipelineMeters' metric names (its dotted string constants). */
    private static Set<String> names() {
        Set<String> out = new LinkedHashSet<>(GroupNames.ALL);
        for (Field f : PipelineMeters.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    String v = (String) f.get(null);
                    if (v.contains(".")) {
                        out.add(v);
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    /** Each literal spelling a name, as {@code <file relative to root>: "<name>"}, in file order. */
    private static List<String> spelled(Path root, Set<String> names) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (OWNERS.contains(rel)) {
                    continue;
                }
                Matcher m = TOKENS.matcher(Files.readString(f));
                while (m.find()) {
                    if (m.group(1) != null && names.contains(m.group(1))) {
                        out.add(rel + ": \"" + m.group(1) + "\"");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
