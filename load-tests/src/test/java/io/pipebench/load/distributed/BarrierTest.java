package io.pipebench.load.distributed;

import io.pipebench.load.driver.RunChannel;
import io.pipebench.load.driver.kafka.RunTopic;
import io.pipebench.testing.SharedKafka;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The barrier on a real (embedded) cluster: common start, and failures named. */
class BarrierTest {

    private static Map<String, Object> kafka() {
        return SharedKafka.cluster().connectionProperties();
    }

    private static String run() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void allInjectorsAgreeOnOneStartAfterTheLastJoined() throws Exception {
        String run = run();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Instant>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                starts.add(pool.submit(() -> {
                    try (RunTopic topic = RunTopic.open(kafka(), run)) {
                        return Barrier.join(topic, index, 3, Duration.ofSeconds(60), Duration.ofSeconds(2));
                    }
                }));
            }
            Instant first = starts.get(0).get();
            for (Future<Instant> f : starts) {
                assertThat(f.get()).isEqualTo(first);
            }
            try (RunTopic topic = RunTopic.open(kafka(), run)) {
                List<RunChannel.Message> read = topic.readUntil(m -> m.size() >= 3, Duration.ofSeconds(30));
                Instant lastReady = read.stream().map(RunChannel.Message::at).max(Instant::compareTo).orElseThrow();
                assertThat(first).isEqualTo(lastReady.plusSeconds(2));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInjectorThatNeverJoinsFailsTheRunByName() throws Exception {
        String run = run();
        try (RunTopic topic = RunTopic.open(kafka(), run)) {
            topic.post(Barrier.READY + "/1", "{}");
            assertThatThrownBy(() -> Barrier.join(topic, 0, 3, Duration.ofSeconds(3), Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(Barrier.InjectorFailure.class,
                            e -> assertThat(e.injectors()).containsExactly(2))
                    .hasMessageContaining("injector 2 of 3 never joined run " + run);
        }
    }

    @Test
    void filesAndCountsOfEveryInjectorAreCollected(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String run = run();
        Files.writeString(dir.resolve("summary.json"), "{\"x\":1}");
        try (RunTopic topic = RunTopic.open(kafka(), run)) {
            Barrier.done(topic, 0, dir, "{\"acked\":10}");
            Barrier.done(topic, 1, dir, "{\"acked\":11}");
            List<RunChannel.Message> read = Barrier.awaitDone(topic, 2, Duration.ofSeconds(30), Duration.ofSeconds(30));
            assertThat(RunMessages.last(read, Barrier.DONE).get(1).text()).isEqualTo("{\"acked\":11}");
            assertThat(read).filteredOn(m -> m.key().equals("file/1/summary.json")).singleElement()
                    .extracting(RunChannel.Message::text).isEqualTo("{\"x\":1}");
        }
    }

    @Test
    void anInjectorThatDiesAfterJoiningFailsTheRunByName(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String run = run();
        try (RunTopic topic = RunTopic.open(kafka(), run)) {
            topic.post(Barrier.READY + "/0", "{}");
            topic.post(Barrier.READY + "/1", "{}"); // joins, then is never heard again
            topic.post(Barrier.READY + "/2", "{}");
            try (AutoCloseable beat = Barrier.heartbeat(topic, 2, Duration.ofMillis(500))) {
                Barrier.done(topic, 0, dir, "{}");
                assertThatThrownBy(() -> Barrier.awaitDone(topic, 3, Duration.ofSeconds(60), Duration.ofSeconds(3)))
                        .isInstanceOfSatisfying(Barrier.InjectorFailure.class,
                                e -> assertThat(e.injectors()).containsExactly(1))
                        .hasMessageContaining("injector 1 of run " + run + " went silent");
            }
        }
    }

    @Test
    void aReportedFailureFailsTheRunByNameWithItsReason() throws Exception {
        String run = run();
        try (RunTopic topic = RunTopic.open(kafka(), run)) {
            Barrier.failed(topic, 2, "out of memory");
            assertThatThrownBy(() -> Barrier.awaitDone(topic, 3, Duration.ofSeconds(30), Duration.ofSeconds(30)))
                    .hasMessageContaining("injector 2 of run " + run + " failed: 2: out of memory");
        }
    }

    @Test
    void aKilledInjectorProcessFailsTheRunByName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String run = run();
        try (RunTopic topic = RunTopic.open(kafka(), run)) {
            topic.post(Barrier.READY + "/0", "{}");
            topic.post(Barrier.READY + "/1", "{}");
            Process injector1 = new ProcessBuilder("sleep", "300").start(); // stands for injector 1's JVM
            LocalInjectors.watch(topic, 1, injector1);
            Barrier.done(topic, 0, dir, "{}");
            injector1.destroyForcibly();
            assertThatThrownBy(() -> Barrier.awaitDone(topic, 2, Duration.ofSeconds(60), Duration.ofSeconds(60)))
                    .isInstanceOfSatisfying(Barrier.InjectorFailure.class,
                            e -> assertThat(e.injectors()).containsExactly(1))
                    .hasMessageContaining("injector 1 of run " + run + " failed")
                    .hasMessageContaining("exited with code 137 (killed)");
        }
    }
}
