package io.pipebench.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Client settings that hold credentials, for a tool that reads them from a file (ProducerPerformance's
 * {@code --command-config}) rather than from its command line, where they would show in {@code ps} and in the
 * tool's own error messages. The file is readable by its owner only (0600, created so, never widened afterwards)
 * and is deleted on {@link #close()}.
 */
public final class PrivatePropertiesFile implements AutoCloseable {

    private final Path path;

    private PrivatePropertiesFile(Path path) {
        this.path = path;
    }

    /** Writes the values (class values by name) to a new owner-only file in the temporary directory. */
    public static PrivatePropertiesFile write(String prefix, Map<String, ?> values) {
        Path path = null;
        try {
            path = OwnerOnlyFiles.createTemp(prefix + "-", ".properties");
            path.toFile().deleteOnExit(); // a crashed run still leaves no credentials behind
            Properties props = new Properties();
            values.forEach((k, v) -> props.setProperty(k, v instanceof Class<?> c ? c.getName() : String.valueOf(v)));
            try (Writer out = Files.newBufferedWriter(path)) {
                props.store(out, null);
            }
            return new PrivatePropertiesFile(path);
        } catch (IOException e) {
            deleteQuietly(path);
            throw new UncheckedIOException("Cannot write a private settings file in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage() + " (set -Djava.io.tmpdir to a writable directory)", e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        deleteQuietly(path);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // deleteOnExit remains the backstop
            }
        }
    }
}
