package io.pipebench.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Thread CPU sees work and not waiting: what makes a stage's CPU per record steadier than its wall time. */
class ThreadCpuTest {

    @Test
    void countsBusyWorkOfTheCallingThreadAndNotTimeSpentWaiting() {
        long start = ThreadCpu.nanos();
        assertThat(start).as("thread CPU time is measurable on this JVM").isNotNegative();

        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        long busy = ThreadCpu.since(start);

        long parkedFrom = ThreadCpu.nanos();
        long wakeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
        while (System.nanoTime() - wakeAt < 0) { // the waiting under test, not a synchronisation
            LockSupport.parkNanos(wakeAt - System.nanoTime());
        }
        long parked = ThreadCpu.since(parkedFrom);

        // spinning 60 ms of wall time costs CPU (at least a sixth of it even on a crowded machine); parking
        // 60 ms costs almost none
        assertThat(busy).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(parked).isLessThan(TimeUnit.MILLISECONDS.toNanos(15));
    }

    @Test
    void anUnmeasuredStartStaysUnmeasured() {
        assertThat(ThreadCpu.since(-1)).isEqualTo(-1);
    }
}
