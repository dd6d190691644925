package io.pipebench.load.measure;

import io.pipebench.load.driver.ConsumerCallback;
import io.pipebench.load.plan.PlannedSchedule;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything one run measures about its records, fed by the publish action's callbacks and the end-to-end tracker:
 * four latency views in HdrHistogram recorders (microseconds, 3 significant digits), per-second counts, the delivery
 * ledger and the failure kinds.
 * <ul>
 *   <li>publish: {@code send()} to acknowledgement (what the producer, and the alarm's kafka.producer.latency, sees)</li>
 *   <li>intended: intended send time to acknowledgement (includes any stall of the injector or of {@code send()})</li>
 *   <li>delay: intended to actual send time, the difference between the two</li>
 *   <li>e2e: intended send time to the end-to-end consumer reading the record (a stalled injector shows here)</li>
 *   <li>e2eFromSend: {@code send()} to the same read, beside it</li>
 *   <li>stored: intended send time to the event store's commit of the record (reported by the audit group)</li>
 * </ul>
 * Each value goes to one of two recorders per view: "measured" for records intended inside the measured window (after
 * warm-up), "other" for the rest; progress lines read both. Latencies are recorded only on the producer's I/O thread
 * (acknowledgements) and the tracker's thread (reads), but an acknowledgement that completes before its callback is
 * attached runs on the sending thread, and the stored view is written by the consumers: multi-writer recorders.
 */
public final class RunRecorder implements SendListener, ConsumerCallback {

    /** One hour in microseconds: anything slower is clamped there (and the run has failed anyway). */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int MAX_FAILURE_KINDS = 20;
    private static final long NANOS = 1_000_000_000L;

    public enum View { PUBLISH, INTENDED, DELAY, E2E, E2E_FROM_SEND, STORED }

    private final PlannedSchedule schedule;
    private final boolean tracked;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final LongsBySequence sendTimes = new LongsBySequence();
    private final LongsBySequence intendedTimes = new LongsBySequence();
    private final Map<View, Recorder> measured = new EnumMap<>(View.class);
    private final Map<View, Recorder> other = new EnumMap<>(View.class);
    private final AtomicLongArray sentPerSecond;
    private final AtomicLongArray ackedPerSecond;
    private final AtomicLongArray failedPerSecond;
    private final LongAdder measuredSent = new LongAdder();
    private final LongAdder measuredAcked = new LongAdder();
    private final LongAdder measuredFailed = new LongAdder();
    private final LongAdder ackedInWindow = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** The publisher's own time per record, in nanoseconds; many sending threads, hence a multi-writer recorder. */
    private final org.HdrHistogram.Recorder sendCalls = new org.HdrHistogram.Recorder(10_000_000_000L, 3);
    private final Histogram sendCallTotal = new Histogram(10_000_000_000L, 3);
    private final StageCpu sendCpu = new StageCpu();

    /**
     * @param slackSeconds how long past the plan's end per-second counts are kept (drain, stragglers)
     * @param tracked      keep send times and acknowledgements for the end-to-end tracker
     */
    public RunRecorder(PlannedSchedule schedule, long slackSeconds, boolean tracked) {
        this.schedule = schedule;
        this.tracked = tracked;
        int seconds = (int) (schedule.plan().totalSeconds() + slackSeconds);
        this.sentPerSecond = new AtomicLongArray(seconds);
        this.ackedPerSecond = new AtomicLongArray(seconds);
        this.failedPerSecond = new AtomicLongArray(seconds);
        for (View v : View.values()) {
            measured.put(v, new Recorder(HIGHEST_MICROS, 3));
            other.put(v, new Recorder(HIGHEST_MICROS, 3));
        }
    }

    @Override
    public void onSend(long sequence, long intendedNanos, long sendNanos) {
        sentPerSecond.incrementAndGet(second(sendNanos));
        if (inWindow(intendedNanos)) {
            measuredSent.increment();
        }
        if (tracked) {
            sendTimes.put(sequence, sendNanos);
            intendedTimes.put(sequence, intendedNanos);
        }
    }

    @Override
    public void onComplete(long sequence, long intendedNanos, long sendNanos, long ackNanos, String topic,
                           Throwable error) {
        boolean inWindow = inWindow(intendedNanos);
        if (error != null) {
            failedPerSecond.incrementAndGet(second(ackNanos));
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
        if (tracked) {
            ledger.acknowledged(sequence, topic);
        }
        ackedPerSecond.incrementAndGet(second(ackNanos));
        if (inWindow(ackNanos)) {
            ackedInWindow.increment();
        }
        long publish = micros(ackNanos - sendNanos);
        Map<View, Recorder> to = inWindow ? measured : other;
        to.get(View.PUBLISH).recordValue(publish);
        to.get(View.INTENDED).recordValue(Math.max(publish, micros(ackNanos - intendedNanos)));
        to.get(View.DELAY).recordValue(micros(sendNanos - intendedNanos));
        if (inWindow) {
            measuredAcked.increment();
        }
    }

    @Override
    public void read(long sequence, long readNanos) {
        if (!ledger.read(sequence)) {
            return;
        }
        long sent = sendTimes.get(sequence);
        long intended = intendedTimes.get(sequence);
        if (sent != Long.MIN_VALUE && intended != Long.MIN_VALUE) {
            Map<View, Recorder> to = inWindow(intended) ? measured : other;
            to.get(View.E2E).recordValue(micros(readNanos - intended));
            to.get(View.E2E_FROM_SEND).recordValue(micros(readNanos - sent));
        }
    }

    @Override
    public void onSendCall(long sequence, long intendedNanos, long callNanos, long cpuNanos) {
        if (inWindow(intendedNanos)) {
            sendCalls.recordValue(Math.min(10_000_000_000L, Math.max(0, callNanos)));
            if (cpuNanos >= 0) {
                sendCpu.add(cpuNanos, 1);
            }
        }
    }

    /**
     * The publisher's own CPU microseconds per record intended in the window, the mean over the records whose CPU was
     * read (every one under 2,000 sends/s, a sample from there: {@link CpuSampling}); NaN when none was.
     */
    public double sendCpuPerRecordMicros() {
        return sendCpu.microsPerRecord();
    }

    /** The publisher's own time per record for records intended in the measured window (nanoseconds). */
    public synchronized Histogram sendCalls() {
        sendCallTotal.add(sendCalls.getIntervalHistogram());
        return sendCallTotal.copy();
    }

    /**
     * Records stored by the event store at {@code storedNanos} (called from the consumers' threads).
     */
    public void stored(long sequence, long storedNanos) {
        long intended = intendedTimes.get(sequence);
        if (intended != Long.MIN_VALUE) {
            (inWindow(intended) ? measured : other).get(View.STORED).recordValue(micros(storedNanos - intended));
        }
    }

    /** When the record was meant to be sent, or {@link Long#MIN_VALUE} if it was not sent in this run. */
    public long intendedNanos(long sequence) {
        return intendedTimes.get(sequence);
    }

    /** True when the time falls inside the measured window. */
    public boolean inWindow(long nanos) {
        return nanos - schedule.measureStartNanos() >= 0 && nanos - schedule.measureEndNanos() < 0;
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }

    private int second(long nanos) {
        long s = Math.max(0, (nanos - schedule.anchorNanos()) / NANOS);
        return (int) Math.min(sentPerSecond.length() - 1, s);
    }

    /** The measured histogram of a view since the last call (for the HdrHistogram log); recycles the argument. */
    public Histogram measuredInterval(View view, Histogram recycle) {
        return measured.get(view).getIntervalHistogram(recycle);
    }

    /** What was recorded outside the measured window since the last call (warm-up; for progress lines). */
    public Histogram otherInterval(View view, Histogram recycle) {
        return other.get(view).getIntervalHistogram(recycle);
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

    /** Failed sends by exception class. */
    public Map<String, Long> failuresByKind() {
        Map<String, Long> out = new LinkedHashMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
