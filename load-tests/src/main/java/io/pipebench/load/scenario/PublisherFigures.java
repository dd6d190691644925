package io.pipebench.load.scenario;

import io.pipebench.load.verdict.Check;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The injector ratio's "publisher alone" figures, pure, so each rule can be tested with plain values: the driver's
 * publisher driven by {@link UnpacedSender} (no Gatling, no recorder, no monitor) against ProducerPerformance
 * unthrottled with whole-record payloads (the same bytes on the wire), A/B in each round.
 *
 * <p>What the ratio means: how many records per second the system's own publishing code gets acknowledged, with the
 * same producer settings, cluster, partition count and record size as Kafka's load generator, relative to that
 * generator. 1.0 means publishing our events costs nothing beyond what sending bytes costs; the harness (Gatling, the
 * recorder) is left out, so this is the ceiling of the send action, and {@code injector.sameBytesRatio} below it is
 * what the harness adds.
 *
 * <p>How it could lie:
 * <ul>
 *   <li>Not the same work per record: the publisher creates each event, encodes it to JSON and writes its headers
 *       (seven of its own and the run's one) into the batch on every send; ProducerPerformance sends pre-made bytes
 *       from a pool, its "headers" being text inside the payload. The bytes and their compressibility match (the
 *       whole-record payloads are our records' payload plus header text), the CPU does not: that difference is what is
 *       measured, but a change in header encoding moves it without changing the bytes.</li>
 *   <li>Shared cores: both run in one JVM beside three brokers on the same cores (two on the reference machine).
 *       Whatever the publisher spends on its sending thread, the brokers lose: a busier publisher also slows the
 *       acknowledgements it waits for. Another process on the machine hurts whichever of A and B it overlaps; the
 *       order alternates between rounds ({@link #publisherFirst}) so drift hurts both alike, but a noisy machine still
 *       widens the spread: read the min and max, not only the median.</li>
 *   <li>Not the same count: ProducerPerformance's rate is its producer's {@code record-send-total} (records drained
 *       into produce requests) between its warm-up and its end; ours counts acknowledgements over a fixed window after
 *       a warm-up. In a steady state they agree; a stall at either end does not show the same in both.</li>
 *   <li>Not the same keys: ProducerPerformance uses random keys in [0, 40 000) over one topic; the publisher keys by
 *       aggregate id over the four event topics (the same partitions in total). Skew between topics fills batches
 *       unevenly.</li>
 *   <li>Not the same concurrency bound: ProducerPerformance is limited only by the producer's buffer memory; the sender
 *       by {@link #IN_FLIGHT} unacknowledged sends (about 11 MB of 538-byte records, under the 32 MB buffer), enough to
 *       keep every partition's batches full.</li>
 * </ul>
 * A failed or unfinished send fails the figure closed: the round's rate and ratio count as 0 and the check breaches.
 */
final class PublisherFigures {

    /** Sends unacknowledged at once, as many as the unpaced send action's closed-model users. */
    static final int IN_FLIGHT = 20_000;
    static final int WARMUP_SECONDS = 10;
    /** Comparable to ProducerPerformance's measured part (1.6 M records at ~45-50 k/s). */
    static final int WINDOW_SECONDS = 30;
    /** How long the sends in flight at the window's end may take to complete before the figure fails. */
    static final int DRAIN_SECONDS = 30;
    /** Item 5 of issue 13: the publisher alone at >= 0.9 x ProducerPerformance with the same bytes. */
    static final double TARGET = 0.9;

    private PublisherFigures() {
    }

    /**
     * What the closed-loop sender counted.
     *
     * @param sent          sends started (including those that failed)
     * @param ackedInWindow acknowledgements that arrived inside the measured window
     * @param acked         every acknowledgement, warm-up and drain included
     * @param windowSeconds the measured window's length
     * @param failed        sends that failed (refused at once, completed exceptionally, or no message to send)
     * @param unfinished    sends neither acknowledged nor failed when the drain timed out
     * @param firstFailure  the first failure's exception, class and text; null when none
     */
    record Count(long sent, long ackedInWindow, long acked, double windowSeconds, long failed, long unfinished,
                 String firstFailure) {

        /** Why this count cannot be a figure, or empty when it can. */
        Optional<String> failure() {
            if (failed > 0) {
                return Optional.of(failed + " send(s) failed, the first: " + firstFailure);
            }
            if (unfinished > 0) {
                return Optional.of(unfinished + " send(s) neither acknowledged nor failed after the drain");
            }
            if (ackedInWindow <= 0 || windowSeconds <= 0) {
                return Optional.of("nothing was acknowledged in the measured window");
            }
            return Optional.empty();
        }

        /** Acknowledged records per second over the window; 0 when the count failed (closed, never a pass). */
        double rate() {
            return failure().isPresent() ? 0 : ackedInWindow / windowSeconds;
        }
    }

    /**
     * One round's A/B pair.
     *
     * @param publisherFirst whether the publisher ran before ProducerPerformance in this round
     * @param ppSameBytes    ProducerPerformance's records/s with whole-record payloads
     */
    record Pair(int number, boolean publisherFirst, double ppSameBytes, Count publisher) {

        /**
         * Publisher alone's acknowledged rate / ProducerPerformance's same-bytes rate; 0 when either failed or is not
         * a positive finite rate (so it fails the check below, never passes it as NaN).
         */
        double ratio() {
            double ratio = publisher.rate() / ppSameBytes;
            return ppSameBytes > 0 && Double.isFinite(ppSameBytes) && Double.isFinite(ratio) && ratio >= 0 ? ratio : 0;
        }

        double rate() {
            return publisher.rate();
        }
    }

    /** A/B: odd rounds run ProducerPerformance first, even rounds the publisher, so drift falls on both alike. */
    static boolean publisherFirst(int round) {
        return round % 2 == 0;
    }

    /**
     * Breached when the rounds' median ratio is below {@link #TARGET} or any round's publisher failed (fail closed: a
     * failure is never outvoted by the other rounds).
     */
    static Check check(List<Pair> rounds) {
        double median = RatioFigures.Spread.of(rounds, Pair::ratio).median();
        String failed = rounds.stream().filter(p -> p.publisher().failure().isPresent())
                .map(p -> "round " + p.number() + ": " + p.publisher().failure().get())
                .collect(Collectors.joining("; "));
        String detail = String.format(Locale.ROOT, "the publisher alone (no Gatling, %d sends in flight) acknowledged "
                + "records/s / ProducerPerformance's with whole-record payloads, median of %d A/B rounds", IN_FLIGHT,
                rounds.size()) + (failed.isEmpty() ? "" : "; failed closed: " + failed);
        boolean breached = !(median >= TARGET) || !failed.isEmpty(); // NaN fails
        return new Check("publisher.sameBytesRatio.median", Check.Kind.THRESHOLD,
                breached ? Check.State.BREACHED : Check.State.OK, median, TARGET, "<", "ratio", detail);
    }
}
