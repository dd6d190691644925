package io.pipebench.profile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class CpuPartsTest {

    private final CpuParts parts = CpuParts.pipeline(List.of("genai-demo-audit", "genai-demo-analytics"));

    @Test
    void threadsGoToTheirPartByName() {
        assertThat(parts.partOf("data-plane-kafka-request-handler-3")).isEqualTo("broker: request handlers");
        assertThat(parts.partOf("ReplicaFetcherThread-0-2")).isEqualTo("broker: replica fetchers");
        assertThat(parts.partOf("kafka-producer-network-thread | pipebench-publisher"))
                .isEqualTo("publisher (producer I/O thread)");
        assertThat(parts.partOf("consumer-genai-demo-audit-2")).isEqualTo("group genai-demo-audit");
        assertThat(parts.partOf("kafka-coordinator-heartbeat-thread | genai-demo-analytics"))
                .isEqualTo("group genai-demo-analytics");
        assertThat(parts.partOf("consumer-lag-monitor")).isEqualTo("lag monitor");
    }

    @Test
    void aThreadNoPatternKnowsIsUnattributedNotFoldedIntoAPart() {
        assertThat(parts.partOf("mystery-worker-7")).isEqualTo(CpuParts.UNATTRIBUTED);
        // A group the profile was not told about is not some other group's.
        assertThat(parts.partOf("consumer-genai-demo-reporting-0")).isEqualTo(CpuParts.UNATTRIBUTED);
    }

    @Test
    void threadsOfTheSameNameInSeveralBrokersAreSummedNotOverwritten() {
        Map<String, Long> byPart = parts.attribute(Map.of(
                1L, new ThreadTimes.Thread(1, "kafka-scheduler-0", 5),
                2L, new ThreadTimes.Thread(2, "kafka-scheduler-0", 7),
                3L, new ThreadTimes.Thread(3, "mystery-worker-7", 11)));
        assertThat(byPart).containsEntry("broker: purgatory and scheduler", 12L)
                .containsEntry(CpuParts.UNATTRIBUTED, 11L).containsEntry("broker: log cleaner", 0L);
    }

    @Test
    void aBusyThreadsCpuShowsInTheWindow() throws Exception {
        AtomicBoolean spin = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            started.countDown();
            long x = 0;
            while (spin.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "mystery-worker-7");
        busy.start();
        started.await();
        Map<Long, ThreadTimes.Thread> a = ThreadTimes.sample();
        long until = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        Map<Long, ThreadTimes.Thread> b = ThreadTimes.sample();
        spin.set(false);
        busy.join();
        Map<String, Long> byPart = parts.attribute(ThreadTimes.since(a, b));
        assertThat(byPart.get(CpuParts.UNATTRIBUTED)).as("the spinning thread's CPU").isPositive();
    }
}
