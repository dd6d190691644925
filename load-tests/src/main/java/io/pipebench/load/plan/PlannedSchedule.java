package io.pipebench.load.plan;


import java.util.concurrent.atomic.AtomicLong;

/**
 * The intended send times of a plan on the {@link System#nanoTime()} scale. Gatling does not tell an action when its
 * user was scheduled, so the plan's clock is anchored on the sends themselves: during the first second, the anchor is
 * the earliest {@code sendNanos - plannedOffset(n)} seen (the moment injection must have started for the most punctual
 * record to be on time); after that it is fixed, and a late send shows as publish delay. The anchor settles inside
 * the warm-up, which is not measured.
 */
public final class PlannedSchedule implements IntendedSchedule {

    static final long CALIBRATION_NANOS = 1_000_000_000L;

    private final InjectionPlan plan;
    private final boolean paced;
    private final AtomicLong anchor = new AtomicLong(Long.MAX_VALUE);
    private volatile long calibrateUntil = Long.MAX_VALUE;
    private volatile boolean calibrating = true;

    public PlannedSchedule(InjectionPlan plan) {
        this(plan, true);
    }

    private PlannedSchedule(InjectionPlan plan, boolean paced) {
        this.plan = plan;
        this.paced = paced;
    }

    /**
     * For a closed-model run (users start when others finish, no schedule): every record is intended when it is sent,
     * and the plan only gives the run its phases, from the first send.
     */
    public static PlannedSchedule unpaced(InjectionPlan plan) {
        return new PlannedSchedule(plan, false);
    }

    @Override
    public long intendedNanos(long sequence, long sendNanos) {
        if (!paced) {
            anchor.compareAndSet(Long.MAX_VALUE, sendNanos);
            return sendNanos;
        }
        long offset = (long) (plan.timeOf(sequence) * 1e9);
        if (calibrating) {
            calibrate(sendNanos - offset, sendNanos);
        }
        return anchor.get() + offset;
    }

    private void calibrate(long candidate, long sendNanos) {
        if (calibrateUntil == Long.MAX_VALUE) {
            synchronized (this) {
                if (calibrateUntil == Long.MAX_VALUE) {
                    calibrateUntil = sendNanos + CALIBRATION_NANOS;
                }
            }
        }
        if (sendNanos - calibrateUntil > 0) {
            calibrating = false;
            return;
        }
        anchor.accumulateAndGet(candidate, Math::min);
    }

    /** True once the first record was sent. */
    public boolean started() {
        return anchor.get() != Long.MAX_VALUE;
    }

    /** The intended start of injection; only meaningful once {@link #started()}. */
    public long anchorNanos() {
        return anchor.get();
    }

    public long measureStartNanos() {
        return anchor.get() + plan.warmupSeconds() * 1_000_000_000L;
    }

    public long measureEndNanos() {
        return anchor.get() + plan.totalSeconds() * 1_000_000_000L;
    }

    public InjectionPlan plan() {
        return plan;
    }
}
