package io.pipebench.consume;

import java.util.List;

/**
 * The reference system's four consumer groups by name, defined here only: workload files, {@code --groups}, group ids
 * (a prefix and the name) and the verdicts' {@code records.notProcessed.<name>} rows all use these.
 */
public final class GroupNames {

    public static final String NOTIFICATION = "notification";
    public static final String ANALYTICS = "analytics";
    /** The group that writes every event to the event store. */
    public static final String AUDIT = "audit";
    public static final String REPORTING = "reporting";
    /** All four, in the design document's order. */
    public static final List<String> ALL = List.of(NOTIFICATION, ANALYTICS, AUDIT, REPORTING);

    private GroupNames() {
    }
}
