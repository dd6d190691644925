package io.pipebench.load.distributed;

import io.pipebench.load.driver.RunChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The common start and end of a distributed run, through its {@link RunChannel}: every injector posts {@code ready/<i>}
 * and waits until all N have; the measured run starts at an instant all compute alike (the last ready message's
 * broker time plus a lead). While it runs it posts {@code alive/<i>}; at the end its files and {@code done/<i>}.
 * Fails closed: an injector that never joins, reports a failure or goes silent fails the run, by name.
 */
public final class Barrier {

    public static final String READY = "ready";
    public static final String ALIVE = "alive";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String FILE = "file";
    /** Posted before {@code ready} by the injector that hosts the consumer groups and reconciles everyone's records. */
    public static final String RECONCILES = "reconciles";
    /** How often a running injector says so. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);

    /** A run that cannot be judged because of the injectors it names. */
    public static final class InjectorFailure extends RuntimeException {
        private final List<Integer> injectors;

        public InjectorFailure(List<Integer> injectors, String message) {
            super(message);
            this.injectors = List.copyOf(injectors);
        }

        public List<Integer> injectors() {
            return injectors;
        }
    }

    private Barrier() {
    }

    /**
     * Posts {@code ready/<index>} and waits for all {@code count} injectors to have; returns the agreed start: the
     * latest ready message's broker timestamp plus {@code lead} (time for the last joiner to learn it).
     */
    public static Instant join(RunChannel topic, int index, int count, Duration timeout, Duration lead)
            throws InterruptedException {
        topic.post(READY + "/" + index, "{\"at\":\"" + Instant.now() + "\"}");
        List<RunChannel.Message> read = topic.readUntil(m -> RunMessages.indices(m, READY).size() >= count
                || !RunMessages.indices(m, FAILED).isEmpty(), timeout);
        failIfReported(topic, read);
        Set<Integer> ready = RunMessages.indices(read, READY);
        List<Integer> missing = RunMessages.missing(count, ready);
        if (!missing.isEmpty()) {
            throw new InjectorFailure(missing, names(missing) + " of " + count + " never joined run " + topic.run()
                    + " within " + timeout.toSeconds() + " s (ready: " + ready + ")");
        }
        Instant last = read.stream().filter(m -> m.type().equals(READY)).map(RunChannel.Message::at)
                .max(Instant::compareTo).orElseThrow();
        return last.plus(lead);
    }

    /** Sleeps until {@code instant} on this host's clock. */
    public static void sleepUntil(Instant instant) throws InterruptedException {
        long ms = Duration.between(Instant.now(), instant).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    /** Posts {@code alive/<index>} every {@code period} until closed. */
    public static AutoCloseable heartbeat(RunChannel topic, int index, Duration period) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-heartbeat-" + index);
            t.setDaemon(true);
            return t;
        });
        s.scheduleAtFixedRate(() -> {
            try {
                topic.post(ALIVE + "/" + index, Instant.now().toString());
            } catch (RuntimeException e) {
                // a missed beat is judged by the reader; the injector keeps running
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return s::shutdownNow;
    }

    /** Posts every regular file of {@code dir} as {@code file/<index>/<name>}, then {@code done/<index>}. */
    public static void done(RunChannel topic, int index, Path dir, String summary) {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                topic.post(FILE + "/" + index + "/" + f.getFileName(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run folder " + dir + ": " + e.getMessage(), e);
        }
        topic.post(DONE + "/" + index, summary);
    }

    /** Posts {@code reconciles/<index>}: this injector reconciles every injector's records (before it joins). */
    public static void reconciles(RunChannel topic, int index) {
        topic.post(RECONCILES + "/" + index, "{}");
    }

    /**
     * The injector that reconciles everyone's records, if one does. Asked after the barrier: its announcement
     * precedes its {@code ready}, so reading up to every {@code ready} is enough.
     */
    public static Optional<Integer> reconciler(RunChannel topic, int count) throws InterruptedException {
        List<RunChannel.Message> read = topic.readUntil(m -> RunMessages.indices(m, READY).size() >= count,
                Duration.ofSeconds(30));
        return RunMessages.indices(read, RECONCILES).stream().findFirst();
    }

    /** Posts {@code failed/<index>}: the run cannot be judged, and every reader learns why at once. */
    public static void failed(RunChannel topic, int index, String reason) {
        topic.post(FAILED + "/" + index, reason);
    }

    /**
     * Waits until all {@code count} injectors are done and returns every message read (their files with them).
     * Fails naming the injectors that reported a failure, that went silent (no ready, alive or done message for
     * {@code silence}) or that were not done by {@code timeout}.
     */
    public static List<RunChannel.Message> awaitDone(RunChannel topic, int count, Duration timeout, Duration silence)
            throws InterruptedException {
        return awaitDone(topic, RunMessages.missing(count, Set.of()), timeout, silence);
    }

    /** The same for the injectors {@code whom} only: the consumer host waits for the others' acknowledgements. */
    public static List<RunChannel.Message> awaitDone(RunChannel topic, List<Integer> whom, Duration timeout,
                                                       Duration silence) throws InterruptedException {
        List<RunChannel.Message> read = topic.readUntil(m -> RunMessages.indices(m, DONE).containsAll(whom)
                || !RunMessages.indices(m, FAILED).isEmpty() || !silent(m, whom, silence).isEmpty(), timeout);
        failIfReported(topic, read);
        Map<Integer, Instant> quiet = silent(read, whom, silence);
        if (!quiet.isEmpty()) {
            List<Integer> who = List.copyOf(quiet.keySet());
            throw new InjectorFailure(who, names(who) + " of run " + topic.run() + " went silent: "
                    + quiet.entrySet().stream().map(e -> e.getKey() + " last heard " + e.getValue())
                    .collect(Collectors.joining(", ")) + " (no message for over " + silence.toSeconds()
                    + " s: killed or hung)");
        }
        Set<Integer> done = RunMessages.indices(read, DONE);
        List<Integer> missing = whom.stream().filter(i -> !done.contains(i)).toList();
        if (!missing.isEmpty()) {
            throw new InjectorFailure(missing, names(missing) + " of run " + topic.run() + " did not finish within "
                    + timeout.toSeconds() + " s");
        }
        return read;
    }

    /**
     * Injectors heard from, not done, whose last message is older than {@code silence}. One never heard from is not
     * judged here: it may still be starting (or settling), and the others' join timeout names it if it never comes.
     */
    static Map<Integer, Instant> silent(List<RunChannel.Message> read, List<Integer> whom, Duration silence) {
        Map<Integer, Instant> out = new TreeMap<>();
        Set<Integer> done = RunMessages.indices(read, DONE);
        Map<Integer, Instant> lastHeard = new TreeMap<>();
        read.forEach(m -> lastHeard.merge(m.index(), m.at(), (a, b) -> a.isAfter(b) ? a : b));
        Instant limit = Instant.now().minus(silence);
        lastHeard.forEach((i, heard) -> {
            if (whom.contains(i) && !done.contains(i) && heard.isBefore(limit)) {
                out.put(i, heard);
            }
        });
        return out;
    }

    private static void failIfReported(RunChannel topic, List<RunChannel.Message> read) {
        Map<Integer, RunChannel.Message> failed = RunMessages.last(read, FAILED);
        if (!failed.isEmpty()) {
            List<Integer> who = List.copyOf(failed.keySet());
            throw new InjectorFailure(who, names(who) + " of run " + topic.run() + " failed: " + failed.entrySet()
                    .stream().map(e -> e.getKey() + ": " + e.getValue().text()).collect(Collectors.joining("; ")));
        }
    }

    static String names(List<Integer> injectors) {
        return (injectors.size() == 1 ? "injector " : "injectors ")
                + injectors.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
