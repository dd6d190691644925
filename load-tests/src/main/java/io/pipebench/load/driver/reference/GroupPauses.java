package io.pipebench.load.driver.reference;

import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.run.ReferenceSystem;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pauses of the consumer groups this JVM runs (a fault of the load scenarios: a consumer that stalls without leaving
 * its group). Groups whose consumers run elsewhere are only monitored here, and cannot be paused.
 */
final class GroupPauses {

    /** No consumer group here (a producer-only driver). */
    static final GroupPauses NONE = new GroupPauses(List.of(), List.of());

    /**
     * How long a pause waits for the members to finish the records in hand: one handler call, which for the audit
     * group is a poll's batch in one transaction, seconds at worst while the database is slow.
     */
    static final Duration MEMBERS_PAUSE = Duration.ofSeconds(30);

    private final List<ConsumerGroupRunner> runners;
    private final List<String> elsewhere;

    /**
     * @param runners   the groups run in this JVM
     * @param elsewhere the ids of groups monitored whose consumers run elsewhere
     */
    GroupPauses(List<ConsumerGroupRunner> runners, List<String> elsewhere) {
        this.runners = List.copyOf(runners);
        this.elsewhere = List.copyOf(elsewhere);
    }

    Set<String> pausable() {
        Set<String> ids = new LinkedHashSet<>();
        runners.forEach(r -> ids.add(r.groupId()));
        return ids;
    }

    void pause(String group) {
        ConsumerGroupRunner r = runner(group);
        if (!r.pause(MEMBERS_PAUSE)) {
            throw new IllegalStateException("Consumer group " + r.groupId() + " was asked to pause, but a member was "
                    + "still processing after " + MEMBERS_PAUSE.toSeconds() + " s; it pauses once that call ends "
                    + "(resumeGroup ends the pause)");
        }
    }

    void resume(String group) {
        runner(group).resume();
    }

    /** The group by its id or its label ({@code audit}); else why it cannot be paused. */
    private ConsumerGroupRunner runner(String group) {
        for (ConsumerGroupRunner r : runners) {
            if (names(r.groupId(), group)) {
                return r;
            }
        }
        boolean monitored = elsewhere.stream().anyMatch(id -> names(id, group));
        if (monitored || runners.isEmpty()) {
            throw new UnsupportedOperationException("Consumer group '" + group + "' cannot be paused: "
                    + (monitored ? "its consumers run elsewhere (this harness only monitors its lag)"
                    : "no consumer group runs in this JVM") + "; only groups run in this JVM can be paused "
                    + "(--start-consumers=true runs the workload's groups here)");
        }
        throw new IllegalArgumentException("'" + group + "' is not a consumer group of this run; the groups that can "
                + "be paused are " + pausable());
    }

    private static boolean names(String groupId, String group) {
        return groupId.equals(group) || ReferenceSystem.groupName(groupId).equals(group);
    }
}
