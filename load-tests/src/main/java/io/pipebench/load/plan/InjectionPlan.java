package io.pipebench.load.plan;

import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's injection as straight-line rate segments: a warm-up (a ramp, never a cold jump to full rate), then the
 * workload's rate profile over the measured window. The same segments become Gatling's open injection steps and the
 * intended send time of every record: the n-th record is intended when Gatling's injector means to start its n-th
 * user (see {@link GatlingArrivals}).
 */
public final class InjectionPlan {

    private final List<Segment> segments;
    private final long[] usersPerSecond;
    private final long[] usersBefore;
    private final long warmupSeconds;

    public InjectionPlan(List<Segment> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("an injection plan needs at least one segment");
        }
        this.segments = List.copyOf(segments);
        boolean measuring = false;
        long warm = 0;
        long total = 0;
        for (Segment s : segments) {
            if (s.phase() == Segment.Phase.MEASURE) {
                measuring = true;
            } else if (measuring) {
                throw new IllegalArgumentException("warm-up segments must come before the measured ones");
            } else {
                warm += s.seconds();
            }
            total += s.seconds();
        }
        this.warmupSeconds = warm;
        this.usersPerSecond = new long[Math.toIntExact(total)];
        this.usersBefore = new long[usersPerSecond.length + 1];
        int i = 0;
        for (Segment s : segments) {
            for (long users : GatlingArrivals.perSecond(s)) {
                usersPerSecond[i] = users;
                usersBefore[i + 1] = usersBefore[i] + users;
                i++;
            }
        }
    }

    /**
     * A workload's plan: warm-up ramping from a tenth of the starting rate over its first half and holding that rate
     * over its second half (so JIT compilation and the consumers' start-up settle before measuring), then its
     * profile. Durations are rounded to whole seconds, as Gatling injects.
     */
    public static InjectionPlan of(Workload workload) {
        List<Segment> out = new ArrayList<>();
        long warmup = Math.round(workload.warmup().toMillis() / 1000.0);
        double first = workload.rate().rateAt(Duration.ZERO);
        long ramp = (warmup + 1) / 2;
        if (ramp > 0) {
            out.add(new Segment(Math.max(1, first / 10), first, ramp, Segment.Phase.WARMUP));
        }
        if (warmup - ramp > 0) {
            out.add(Segment.hold(first, warmup - ramp, Segment.Phase.WARMUP));
        }
        out.addAll(measured(workload.rate(), wholeSeconds(workload.duration())));
        return new InjectionPlan(out);
    }

    /** One step of a search: warm up from {@code fromRate} to {@code rate}, then hold it. */
    public static InjectionPlan step(double fromRate, double rate, Duration warmup, Duration duration) {
        List<Segment> out = new ArrayList<>();
        long w = Math.round(warmup.toMillis() / 1000.0);
        if (w > 0) {
            out.add(new Segment(Math.max(1, fromRate), rate, w, Segment.Phase.WARMUP));
        }
        out.add(Segment.hold(rate, wholeSeconds(duration), Segment.Phase.MEASURE));
        return new InjectionPlan(out);
    }

    /** The rate profile over {@code seconds}, as segments. */
    static List<Segment> measured(RateProfile profile, long seconds) {
        List<Segment> out = new ArrayList<>();
        Segment.Phase m = Segment.Phase.MEASURE;
        if (profile instanceof RateProfile.Steady s) {
            out.add(Segment.hold(s.eventsPerSecond(), seconds, m));
        } else if (profile instanceof RateProfile.Ramp r) {
            long over = Math.min(seconds, Math.max(1, Math.round(r.over().toMillis() / 1000.0)));
            out.add(new Segment(r.from(), r.rateAt(Duration.ofSeconds(over)), over, m));
            if (seconds > over) {
                out.add(Segment.hold(r.to(), seconds - over, m));
            }
        } else if (profile instanceof RateProfile.Step st) {
            List<RateProfile.Level> levels = st.levels();
            for (int i = 0; i < levels.size(); i++) {
                long from = Math.round(levels.get(i).after().toMillis() / 1000.0);
                long to = i + 1 < levels.size() ? Math.round(levels.get(i + 1).after().toMillis() / 1000.0) : seconds;
                to = Math.min(to, seconds);
                if (to > from) {
                    out.add(Segment.hold(levels.get(i).eventsPerSecond(), to - from, m));
                }
            }
        } else if (profile instanceof RateProfile.Spike sp) {
            long at = Math.min(seconds, Math.round(sp.at().toMillis() / 1000.0));
            long end = Math.min(seconds, at + Math.max(1, Math.round(sp.length().toMillis() / 1000.0)));
            if (at > 0) {
                out.add(Segment.hold(sp.base(), at, m));
            }
            if (end > at) {
                out.add(Segment.hold(sp.peak(), end - at, m));
            }
            if (seconds > end) {
                out.add(Segment.hold(sp.base(), seconds - end, m));
            }
        } else {
            throw new IllegalArgumentException("Unknown rate profile " + profile);
        }
        return out;
    }

    private static long wholeSeconds(Duration d) {
        return Math.max(1, Math.round(d.toMillis() / 1000.0));
    }

    public List<Segment> segments() {
        return segments;
    }

    public long totalSeconds() {
        return usersPerSecond.length;
    }

    /** Seconds of warm-up before the measured window. */
    public long warmupSeconds() {
        return warmupSeconds;
    }

    public long measuredSeconds() {
        return totalSeconds() - warmupSeconds;
    }

    /** The intended rate {@code t} seconds after injection starts (0 outside the plan). */
    public double rateAt(double t) {
        double start = 0;
        for (Segment s : segments) {
            if (t >= start && t < start + s.seconds()) {
                return s.rateAt(t - start);
            }
            start += s.seconds();
        }
        return 0;
    }

    /** Users (records) Gatling starts in second {@code s} of the plan. */
    public long usersIn(int s) {
        return s >= 0 && s < usersPerSecond.length ? usersPerSecond[s] : 0;
    }

    /** Records intended in the first {@code seconds} whole seconds. */
    public long usersBefore(long seconds) {
        return usersBefore[(int) Math.max(0, Math.min(seconds, usersPerSecond.length))];
    }

    /** Records intended over the measured window. */
    public long measuredEvents() {
        return usersBefore(totalSeconds()) - usersBefore(warmupSeconds);
    }

    /** When, in seconds after injection starts, the n-th record (from 0) is intended; past the end, the end. */
    public double timeOf(long n) {
        if (n >= usersBefore[usersPerSecond.length]) {
            return totalSeconds();
        }
        int lo = 0;
        int hi = usersPerSecond.length - 1;
        while (lo < hi) { // the second whose users include n
            int mid = (lo + hi) >>> 1;
            if (usersBefore[mid + 1] > n) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long k = n - usersBefore[lo];
        return lo + GatlingArrivals.millisecondOf(k, usersPerSecond[lo]) / 1000.0;
    }

    /** The highest rate of the plan. */
    public double peakRate() {
        return segments.stream().mapToDouble(s -> Math.max(s.fromRate(), s.toRate())).max().orElse(0);
    }
}
