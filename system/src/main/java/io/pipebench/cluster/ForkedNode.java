package io.pipebench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Kafka node (controller or broker) as a child JVM: start, SIGTERM, SIGKILL, SIGSTOP and SIGCONT, and its log
 * file, to which the child's stdout and stderr are appended across restarts (never inherited: it floods the console).
 */
final class ForkedNode {

    private static final int LOG_TAIL_LINES = 40;
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private volatile Process process;
    private boolean paused;

    ForkedNode(String name, List<String> command, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
    }

    /**
     * {@code java -Xmx<heap> -cp <class path> ForkedNodeMain <parent pid> <server.properties>}: Kafka's own server
     * classes from the given class path (normally this JVM's), logging through {@code forked-node-logback.xml}.
     */
    static List<String> javaCommand(String heap, List<String> jvmOptions, String classPath, String parentPid,
                                    Path configFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:-HeapDumpOnOutOfMemoryError");
        command.add("-Dlogback.configurationFile=forked-node-logback.xml");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, ForkedNodeMain.class.getName(), parentPid, configFile.toString()));
        return command;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            paused = false;
        } catch (IOException e) {
            throw new ClusterStartException("Could not start the JVM of " + name + ": " + e.getMessage(), e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized boolean isPaused() {
        return paused && isAlive();
    }

    /** Why the node is not serving, when its process has exited; empty while it runs. */
    synchronized Optional<String> exitReport() {
        if (process == null || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(name + " exited with code " + process.exitValue() + "; the end of its log " + logFile
                + ":\n" + logTail());
    }

    /** SIGKILL; returns once the process is gone. */
    synchronized void kill() {
        requireAlive("kill");
        process.destroyForcibly();
        awaitExit(KILL_TIMEOUT, "die after SIGKILL");
        paused = false;
    }

    synchronized void pause() {
        requireAlive("pause");
        if (paused) {
            throw new IllegalStateException(name + " is already paused");
        }
        signal("STOP");
        paused = true;
    }

    synchronized void resume() {
        requireAlive("resume");
        if (!paused) {
            throw new IllegalStateException(name + " is not paused");
        }
        signal("CONT");
        paused = false;
    }

    /**
     * SIGTERM: Kafka's shutdown hook runs a controlled shutdown. A paused node is resumed first, or it could not act
     * on it. Does not wait: see {@link #awaitStopped}.
     */
    synchronized void terminate() {
        if (!isAlive()) {
            return;
        }
        if (paused) {
            signal("CONT");
            paused = false;
        }
        process.destroy();
    }

    /** Waits for a terminated node to exit, then SIGKILLs it; returns whether it exited in time on its own. */
    synchronized boolean awaitStopped(Duration timeout) {
        if (process == null) {
            return true;
        }
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            awaitExit(KILL_TIMEOUT, "die after SIGKILL");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** For the JVM's shutdown hook: no lock (the holder may be stuck), no wait. */
    void destroyNow() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private void requireAlive(String what) {
        if (!isAlive()) {
            throw new IllegalStateException("Cannot " + what + " " + name + ": it is not running");
        }
    }

    private void awaitExit(Duration timeout, String what) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") did not " + what + " within "
                    + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name + " to " + what);
        }
    }

    /** Java has no API for SIGSTOP and SIGCONT; kill(1) sends them. */
    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " of " + name + " did not return in 10 s");
            }
            if (kill.exitValue() != 0) {
                String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                throw new IllegalStateException("kill -" + signal + " of " + name + " failed (exit "
                        + kill.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run kill -" + signal + " for " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + name);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(could not read it: " + e.getMessage() + ")";
        }
    }
}
