package io.pipebench.store;

/**
 * Where a global reader stands: the (inserting transaction, global position) of the last event it read.
 * {@link EventStore#readAll} orders the log by this pair, not by position alone; see there why.
 */
public record GlobalCursor(long transactionId, long globalPosition) {

    /** Before the first event. */
    public static final GlobalCursor START = new GlobalCursor(0, 0);

    public GlobalCursor {
        if (transactionId < 0 || globalPosition < 0) {
            throw new IllegalArgumentException("GlobalCursor fields must be >= 0 (was transactionId=" + transactionId
                    + ", globalPosition=" + globalPosition + "): start from GlobalCursor.START");
        }
    }
}
