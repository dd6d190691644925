package io.pipebench.gate.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a result was measured. Results from different machines, JVMs or Kafka versions are not comparable
 * like-for-like, so every result carries one of these and the gate compares them before comparing numbers.
 * Any field may be null when it was not known (for example a JMH file with no environment.json beside it).
 *
 * @param cpuCount     processors available to the JVM
 * @param cpuModel     the "model name" of /proc/cpuinfo, or the OS architecture where there is none
 * @param osName       os.name
 * @param osVersion    os.version (the kernel on Linux)
 * @param jvmVendor    java.vendor
 * @param jvmVersion   java.runtime.version, e.g. "17.0.15+6-Debian-1deb12u1"
 * @param kafkaVersion the Kafka client/broker version the run used
 * @param gitCommit    the commit measured, or null outside a git checkout
 * @param capturedAt   when this was captured
 * @param gitDirty     true when the checkout had changes outside results/ that were not committed (then the commit
 *                     does not name the code measured), false when it had none, null when not known (no git, or a
 *                     file written before this field existed)
 */
public record EnvironmentInfo(Integer cpuCount, String cpuModel, String osName, String osVersion, String jvmVendor,
                              String jvmVersion, String kafkaVersion, String gitCommit, Instant capturedAt,
                              Boolean gitDirty) {

    /** The usual file name, next to results and inside baselines. */
    public static final String FILE_NAME = "environment.json";

    /** Captures this machine and JVM; the git commit is read from the current directory. */
    public static EnvironmentInfo capture(String kafkaVersion) {
        return capture(kafkaVersion, Path.of("").toAbsolutePath());
    }

    /** Captures this machine and JVM, reading the git commit of {@code checkout}. */
    public static EnvironmentInfo capture(String kafkaVersion, Path checkout) {
        return new EnvironmentInfo(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(Path.of("/proc/cpuinfo")).orElse(System.getProperty("os.arch")),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.vendor"),
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                kafkaVersion,
                gitCommit(checkout).orElse(null),
                Instant.now(),
                gitDirty(checkout).orElse(null));
    }

    /**
     * The commit as a person should read it, cut to {@code length} characters, saying when the tree held uncommitted
     * changes: two runs that name one commit measured different code when either says so. Null without a commit.
     */
    public String commitLabel(int length) {
        if (gitCommit == null) {
            return null;
        }
        String c = gitCommit.substring(0, Math.min(length, gitCommit.length()));
        return Boolean.TRUE.equals(gitDirty) ? c + " with uncommitted changes" : c;
    }

    /**
     * The JVM's feature release ("17.0.15" gives 17, the old "1.8.0_292" gives 8), or null when unknown.
     * Minor updates of one major version are comparable; a major version change is not.
     */
    @JsonIgnore
    public Integer jvmMajorVersion() {
        if (jvmVersion == null || jvmVersion.isBlank()) {
            return null;
        }
        String[] parts = jvmVersion.trim().split("[^0-9]+");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Reads an environment.json; a missing or malformed file is a {@link GateInputException} naming it. */
    public static EnvironmentInfo read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GateInputException(file + ": environment file not found (write one with 'gate env --out "
                    + file + "')");
        }
        try {
            return Json.mapper().readValue(file.toFile(), EnvironmentInfo.class);
        } catch (JsonProcessingException e) {
            throw new GateInputException(file + ": not a valid environment.json: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GateInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes this as indented JSON, creating parent folders. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.mapper().writeValue(file.toFile(), this);
    }

    static Optional<String> cpuModel(Path cpuinfo) {
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static Optional<String> gitCommit(Path checkout) {
        return git(checkout, "rev-parse", "HEAD").filter(out -> out.matches("[0-9a-f]{40,64}"));
    }

    /**
     * Whether the checkout differs from its commit outside results/ (tracked files changed, or source files not yet
     * added). Results are left out: a run writes its own folder there, which must not make the run look dirty.
     */
    static Optional<Boolean> gitDirty(Path checkout) {
        // ":/" is the whole tree, wherever in it the run started (a module folder under Maven).
        // --no-optional-locks: a status must not take index.lock from under the user's own git commands mid-run.
        return git(checkout, "--no-optional-locks", "status", "--porcelain", "--", ":/", ":(top,exclude)results")
                .map(out -> !out.isEmpty());
    }

    /** A git command's trimmed output, or empty when git is absent, fails or hangs. */
    private static Optional<String> git(Path checkout, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command)
                    .directory(checkout.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out;
            try (InputStream in = git.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            // Bounded: a capture must never hang a benchmark run on a stuck git.
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return Optional.empty();
            }
            return git.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
