package io.pipebench.faults;

/** A fault in place: what it hit, and how to end it (restart, resume, start the database again). */
interface InjectedFault {

    /** What was hit, for the report: e.g. {@code broker 2 (leader of order-events-3) killed}. */
    String target();

    /** Ends the fault; returns once the faulted part serves again. */
    void clear();

    static InjectedFault of(String target, Runnable end) {
        return new Held(target, end);
    }

    /** A fault held until {@link #clear()} runs its end. */
    record Held(String target, Runnable end) implements InjectedFault {
        @Override
        public void clear() {
            end.run();
        }
    }
}
