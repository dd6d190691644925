package io.pipebench.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Client settings that hold credentials, for a tool that reads them from a file (ProducerPerformance's
 * {@code --command-config}) rather than from its command line, where they would show in {@code ps} and in the
 * tool's own error messages. The file is readable by its owner only (0600, created so, never widened afterwards)
 * and is deleted on {@link #close()}.
 */
public final class PrivatePropertiesFile implements AutoCloseable {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    private PrivatePropertiesFile(Path path) {
        this.path = path;
    }

    /** Writes the values (class values by name) to a new owner-only file in the temporary directory. */
    public static PrivatePropertiesFile write(String prefix, Map<String, ?> values) {
        Path path = null;
        try {
            try {
                path = Files.createTempFile(prefix + "-", ".properties", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                path = Files.createTempFile(prefix + "-", ".properties");
                java.io.File f = path.toFile();
                boolean ok = f.setReadable(false, false) && f.setReadable(true, true)
                        && f.setWritable(false, false) && f.setWritable(true, true);
                if (!ok) {
                    throw new IOException("cannot make " + path + " readable by its owner only");
                }
            }
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
