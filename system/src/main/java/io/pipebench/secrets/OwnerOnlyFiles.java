package io.pipebench.secrets;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold a secret (credentials, private keys), created readable and writable by their owner only (0600) from
 * the start, never widened afterwards; where the file system has no POSIX permissions, narrowed right after creation.
 */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates the file (it must not exist) as owner-only. */
    public static Path create(Path file) throws IOException {
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            return narrow(Files.createFile(file));
        }
    }

    /** Creates a new owner-only file in the temporary directory. */
    public static Path createTemp(String prefix, String suffix) throws IOException {
        try {
            return Files.createTempFile(prefix, suffix, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            return narrow(Files.createTempFile(prefix, suffix));
        }
    }

    private static Path narrow(Path path) throws IOException {
        File f = path.toFile();
        boolean ok = f.setReadable(false, false) && f.setReadable(true, true)
                && f.setWritable(false, false) && f.setWritable(true, true);
        if (!ok) {
            Files.deleteIfExists(path);
            throw new IOException("cannot make " + path + " readable by its owner only");
        }
        return path;
    }
}
