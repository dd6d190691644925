package io.pipebench.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How {@link EventFactory} makes event ids. {@link #RANDOM} is the design document's version-4 UUID.
 * {@link #TIME_ORDERED} is a version-7 UUID (RFC 9562) led by the event's occurred-on milliseconds: consecutive
 * appends then land in the rightmost leaf of the event store's unique {@code event_id} index instead of a random one,
 * so a checkpoint costs one full-page write per leaf rather than one per insert.
 */
public enum EventIds {
    RANDOM("random"),
    TIME_ORDERED("time-ordered");

    private final String spelling;

    EventIds(String spelling) {
        this.spelling = spelling;
    }

    /** As written in a workload file. */
    public String spelling() {
        return spelling;
    }

    /** Every spelling a workload file may use, the default first. */
    public static List<String> spellings() {
        return Arrays.stream(values()).map(EventIds::spelling).toList();
    }

    public static Optional<EventIds> named(String spelling) {
        return Arrays.stream(values()).filter(v -> v.spelling.equals(spelling)).findFirst();
    }
}
