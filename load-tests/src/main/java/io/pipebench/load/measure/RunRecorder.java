package io.pipebench.load.measure;

import io.pipebench.load.kafka.SendListener;
import io.pipebench.load.plan.PlannedSchedule;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything one run measures about its records, fed by the publish action's callbacks and the end-to-end tracker:
 * four latency views in HdrHistogram recorders (microseconds, 3 significant digits), per-second counts, the delivery
 * ledger and the failure messages.
 * <ul>
 *   <li>publish: {@code send()} to acknowledgement (what the producer, and the alarm's kafka.producer.latency, sees)</li>
 *   <li>intended: intended send time to acknowledgement (includes any stall of the injector or of {@code send()})</li>
 *   <li>delay: intended to actual send time, the difference between the two</li>
 *   <li>e2e: {@code send()} to the end-to-end consumer reading the record</li>
 * </ul>
 * "Measured" recorders take only records intended inside the measured window (after warm-up); "live" ones take
 * everything, for the progress lines.
 */
public final class RunRecorder implements SendListener, EndToEndTracker.Sink {

    /** One hour in microseconds: anything slower is clamped there (and the run has failed anyway). */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int MAX_FAILURE_KINDS = 20;
    private static final long NANOS = 1_000_000_000L;

    public enum View { PUBLISH, INTENDED, DELAY, E2E }

    private final PlannedSchedule schedule;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final Map<View, Recorder> measured = new LinkedHashMap<>();
    private final Map<View, Recorder> live = new LinkedHashMap<>();
    private final AtomicLongArray sentPerSecond;
    private final AtomicLongArray ackedPerSecond;
    private final AtomicLongArray failedPerSecond;
    private final LongAdder measuredSent = new LongAdder();
    private final LongAdder measuredAcked = new LongAdder();
    private final LongAdder measuredFailed = new LongAdder();
    private final LongAdder ackedInWindow = new LongAdder();
    private final LongAdder sentTotal = new LongAdder();
    private final LongAdder ackedTotal = new LongAdder();
    private final LongAdder failedTotal = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** @param slackSeconds how long past the plan's end per-second counts are kept (drain, stragglers) */
    public RunRecorder(PlannedSchedule schedule, long slackSeconds) {
        this.schedule = schedule;
        int seconds = (int) (schedule.plan().totalSeconds() + slackSeconds);
        this.sentPerSecond = new AtomicLongArray(seconds);
        this.ackedPerSecond = new AtomicLongArray(seconds);
        this.failedPerSecond = new AtomicLongArray(seconds);
        for (View v : View.values()) {
            measured.put(v, new Recorder(HIGHEST_MICROS, 3));
            live.put(v, new Recorder(HIGHEST_MICROS, 3));
        }
    }

    @Override
    public void onComplete(long sequence, long intendedNanos, long sendNanos, long ackNanos, String topic,
                           Throwable error) {
        long anchor = schedule.anchorNanos();
        long start = schedule.measureStartNanos();
        long end = schedule.measureEndNanos();
        boolean inWindow = intendedNanos - start >= 0 && intendedNanos - end < 0;
        sentPerSecond.incrementAndGet(second(sendNanos, anchor));
        sentTotal.increment();
        if (inWindow) {
            measuredSent.increment();
        }
        if (error != null) {
            failedPerSecond.incrementAndGet(second(ackNanos, anchor));
            failedTotal.increment();
            if (inWindow) {
                measuredFailed.increment();
            }
            String kind = error.getClass().getName();
            LongAdder counter = failures.get(kind);
            if (counter == null && failures.size() < MAX_FAILURE_KINDS) {
                counter = failures.computeIfAbsent(kind, k -> new LongAdder());
            }
            if (counter != null) {
                counter.increment();
            }
            return;
        }
        ledger.acknowledged(sequence);
        ackedPerSecond.incrementAndGet(second(ackNanos, anchor));
        ackedTotal.increment();
        if (ackNanos - start >= 0 && ackNanos - end < 0) {
            ackedInWindow.increment();
        }
        long publish = micros(ackNanos - sendNanos);
        long intended = micros(ackNanos - intendedNanos);
        long delay = micros(sendNanos - intendedNanos);
        record(View.PUBLISH, publish, inWindow);
        record(View.INTENDED, Math.max(publish, intended), inWindow);
        record(View.DELAY, delay, inWindow);
        if (inWindow) {
            measuredAcked.increment();
        }
    }

    @Override
    public void read(long sequence, long sentNanos, long readNanos) {
        if (!ledger.read(sequence)) {
            return;
        }
        boolean inWindow = sentNanos - schedule.measureStartNanos() >= 0 && sentNanos - schedule.measureEndNanos() < 0;
        record(View.E2E, micros(readNanos - sentNanos), inWindow);
    }

    private void record(View view, long micros, boolean inWindow) {
        live.get(view).recordValue(micros);
        if (inWindow) {
            measured.get(view).recordValue(micros);
        }
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }

    private int second(long nanos, long anchor) {
        long s = Math.max(0, (nanos - anchor) / NANOS);
        return (int) Math.min(sentPerSecond.length() - 1, s);
    }

    /** The measured histogram of a view since the last call (for the HdrHistogram log); recycles the argument. */
    public Histogram measuredInterval(View view, Histogram recycle) {
        return (Histogram) measured.get(view).getIntervalHistogram(recycle);
    }

    /** Everything recorded for a view since the last call, warm-up included (for progress lines). */
    public Histogram liveInterval(View view, Histogram recycle) {
        return (Histogram) live.get(view).getIntervalHistogram(recycle);
    }

    /** Records sent, acknowledged and failed in second {@code s} after injection started. */
    public long sentIn(int s) {
        return s < sentPerSecond.length() ? sentPerSecond.get(s) : 0;
    }

    public long ackedIn(int s) {
        return s < ackedPerSecond.length() ? ackedPerSecond.get(s) : 0;
    }

    public long failedIn(int s) {
        return s < failedPerSecond.length() ? failedPerSecond.get(s) : 0;
    }

    public DeliveryLedger ledger() {
        return ledger;
    }

    public PlannedSchedule schedule() {
        return schedule;
    }

    /** Records intended inside the measured window that were sent, acknowledged, failed. */
    public long measuredSent() {
        return measuredSent.sum();
    }

    public long measuredAcked() {
        return measuredAcked.sum();
    }

    public long measuredFailed() {
        return measuredFailed.sum();
    }

    /** Acknowledgements that arrived inside the measured window, whatever their intended time: the throughput. */
    public long ackedInWindow() {
        return ackedInWindow.sum();
    }

    public long sentTotal() {
        return sentTotal.sum();
    }

    public long ackedTotal() {
        return ackedTotal.sum();
    }

    public long failedTotal() {
        return failedTotal.sum();
    }

    /** Failed sends by exception class. */
    public Map<String, Long> failuresByKind() {
        Map<String, Long> out = new LinkedHashMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
