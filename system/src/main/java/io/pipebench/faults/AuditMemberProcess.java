package io.pipebench.faults;

import io.pipebench.store.EventStoreSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The parent's handle on an {@link AuditMemberMain} child: start, wait for it, hold it mid-batch, SIGKILL it. */
final class AuditMemberProcess implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path log;

    private AuditMemberProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "audit-member-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the child on this JVM's class path; its log (stderr) goes to {@code log}. */
    static AuditMemberProcess start(String bootstrap, String groupIdPrefix, EventStoreSettings store, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-XX:-HeapDumpOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), AuditMemberMain.class.getName(), bootstrap, groupIdPrefix);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("EVENTSTORE_JDBC_URL", store.jdbcUrl());
        env.put("EVENTSTORE_USER", store.user());
        env.put("EVENTSTORE_PASSWORD", store.password());
        env.put("EVENTSTORE_SCHEMA", store.schema());
        env.put("EVENTSTORE_POOL_SIZE", String.valueOf(store.maxPoolSize()));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new AuditMemberProcess(pb.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the audit members' process: " + e.getMessage(), e);
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Waits for its members to hold partitions. */
    void awaitReady(Duration timeout) {
        awaitLine(AuditMemberMain.READY, timeout, "get partitions");
    }

    /** Has the next stored batch held before its offsets are committed; returns once one is. */
    void holdMidBatch(Duration timeout) {
        send("hold");
        awaitLine(AuditMemberMain.HELD, timeout, "hold a stored batch");
    }

    /** SIGKILL; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    long pid() {
        return process.pid();
    }

    private void awaitLine(String prefix, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new IllegalStateException("The audit members' process did not " + what + " within "
                            + timeout.toSeconds() + " s" + (process.isAlive() ? "" : " (it exited with code "
                            + process.exitValue() + ")") + "; see " + log);
                }
                if (line.startsWith(prefix)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the audit members' process", e);
        }
    }

    private void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException("The audit members' process does not take commands (it exited?): "
                    + e.getMessage() + "; see " + log, e);
        }
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The audit members' process (pid " + process.pid()
                        + ") did not exit within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it with offsets committed (bounded), else kills it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            send("stop");
            commands.close();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
