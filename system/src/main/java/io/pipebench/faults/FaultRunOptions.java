package io.pipebench.faults;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One fault run: publish at {@code rate} for {@code length}, inject the fault {@code faultAt} after publishing
 * starts, end it {@code faultDuration} later, then wait up to {@code drainTimeout} for every group to catch up.
 *
 * @param sabotage breaks the run on purpose, to show the verdict can fail ({@link Sabotage#NONE} normally)
 * @param allowSharedDatabase let {@code postgres-read-only} alter the shared {@code pipebench} database
 */
public record FaultRunOptions(FaultKind fault, double rate, Duration length, Duration faultAt, Duration faultDuration,
                              Duration drainTimeout, Path out, Sabotage sabotage, boolean allowSharedDatabase) {

    /** A fault the run adds to itself, so that a detector has something to find. */
    public enum Sabotage {
        NONE("none"),
        /** Deletes one acknowledged event's row before reconciling: the run must count it lost. */
        DELETE_STORED_ROW("delete-stored-row"),
        /** Sends one undecodable record when the fault starts: its dead letters must count against the fault. */
        POISON_RECORD("poison-record");

        private final String id;

        Sabotage(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Sabotage named(String id) {
            for (Sabotage s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("--sabotage: unknown '" + id + "'; use none, delete-stored-row or "
                    + "poison-record");
        }
    }

    public FaultRunOptions {
        if (fault == null) {
            throw new IllegalArgumentException("--fault is required; known faults are " + FaultKind.ids());
        }
        if (!(rate > 0) || rate > 100_000) {
            throw new IllegalArgumentException("--rate must be between 0 and 100000 events/s, was " + rate);
        }
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("--seconds must be > 0, was " + length);
        }
        if (faultAt == null || faultAt.isNegative() || faultAt.isZero() || faultAt.compareTo(length) >= 0) {
            throw new IllegalArgumentException("--fault-at must be inside the run (0 < fault-at < seconds = "
                    + length.toSeconds() + "), was " + faultAt);
        }
        if (faultDuration == null || faultDuration.isNegative() || faultDuration.isZero()) {
            throw new IllegalArgumentException("--fault-seconds must be > 0, was " + faultDuration);
        }
        if (drainTimeout == null || drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("--drain-timeout must be > 0, was " + drainTimeout);
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required: the folder the run's JSON goes to");
        }
        sabotage = sabotage == null ? Sabotage.NONE : sabotage;
    }
}
