package io.pipebench.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Looks for known secrets in lines of output and in every file under a folder (a load run's results folder with its
 * Gatling report and summary.json, a broker's log directories): as written, JSON-escaped, with backslashes doubled
 * (Java properties, many string literals) and URL-encoded, in text or
 * binary files, and inside {@code .gz} files. A hit names the file, the line and the secret's name, never its value.
 * Hand-written: a secret scanner such as gitleaks finds secret-shaped strings, not the exact values a test planted.
 *
 * <p>From a shell, with the secrets in environment variables so they are not on the command line:
 * {@code java -cp <class path> io.pipebench.secrets.SecretScan results/load/steady/<time> KAFKA_PASSWORD
 * EVENTSTORE_PASSWORD} exits 1 on any hit.
 */
public final class SecretScan {

    /** A secret found: where, and which one by name. */
    public record Hit(String where, int line, String secret) {
        @Override
        public String toString() {
            return where + ":" + line + " holds " + secret;
        }
    }

    private final Map<String, List<byte[]>> forms = new LinkedHashMap<>();

    /** @param secrets name to value; a blank value is refused (it would match everywhere) */
    public SecretScan(Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("No secret to look for: a scan for nothing would always pass");
        }
        secrets.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The secret " + name + " is blank: give its value");
            }
            List<byte[]> variants = new ArrayList<>();
            for (String form : List.of(value, jsonEscaped(value), value.replace("\\", "\\\\"),
                    URLEncoder.encode(value, StandardCharsets.UTF_8))) {
                byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
                if (variants.stream().noneMatch(v -> java.util.Arrays.equals(v, bytes))) {
                    variants.add(bytes);
                }
            }
            forms.put(name, variants);
        });
    }

    /** Hits in lines of output (printed or logged), named {@code source:line}. */
    public List<Hit> lines(String source, List<String> lines) {
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            hits.addAll(scan(source, lines.get(i).getBytes(StandardCharsets.UTF_8), i + 1));
        }
        return hits;
    }

    /** Hits in every regular file under the folder (the folder must exist: an empty scan proves nothing). */
    public List<Hit> folder(Path root) {
        return folder(root, f -> true);
    }

    /** Hits in the regular files under the folder that the filter accepts. */
    public List<Hit> folder(Path root, java.util.function.Predicate<Path> filter) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a folder: nothing to scan");
        }
        List<Hit> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).filter(filter)::iterator) {
                hits.addAll(file(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan " + root + ": " + e.getMessage(), e);
        }
        return hits;
    }

    /** Hits in one file (decompressed first if it is a {@code .gz}). */
    public List<Hit> file(Path f) {
        try {
            byte[] bytes = Files.readAllBytes(f);
            if (f.getFileName().toString().endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    bytes = in.readAllBytes();
                }
            }
            return scan(f.toString(), bytes, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + f + " to scan it: " + e.getMessage(), e);
        }
    }

    private List<Hit> scan(String where, byte[] data, int firstLine) {
        List<Hit> hits = new ArrayList<>();
        forms.forEach((name, variants) -> {
            for (byte[] v : variants) {
                int at = indexOf(data, v);
                if (at >= 0) {
                    hits.add(new Hit(where, firstLine + newlinesBefore(data, at), name));
                    return;
                }
            }
        });
        return hits;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int newlinesBefore(byte[] data, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (data[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String jsonEscaped(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** {@code SecretScan FOLDER VARIABLE...}: scans the folder for the values of the named environment variables. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SecretScan FOLDER ENV_VARIABLE... (the secrets' values are read from the "
                    + "environment, never from the command line)");
            System.exit(2);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            secrets.put(args[i], System.getenv(args[i]));
        }
        List<Hit> hits = new SecretScan(secrets).folder(Path.of(args[0]));
        hits.forEach(System.out::println);
        System.out.println(hits.isEmpty() ? "No secret found under " + args[0] : hits.size() + " secret(s) found");
        System.exit(hits.isEmpty() ? 0 : 1);
    }
}
