package io.pipebench.topics;

import java.util.List;
import java.util.stream.Collectors;

/** The differences between a catalog and a cluster, topic by topic; empty when they agree. */
public record TopicPlan(String cluster, List<String> topicsInSync, List<TopicChange> changes) {

    public TopicPlan {
        topicsInSync = List.copyOf(topicsInSync);
        changes = List.copyOf(changes);
    }

    public List<TopicChange> actionable() {
        return changes.stream().filter(TopicChange::actionable).collect(Collectors.toList());
    }

    public List<TopicChange> refused() {
        return changes.stream().filter(c -> c instanceof TopicChange.Refused).collect(Collectors.toList());
    }

    /** No change for {@code apply} to make (refusals may remain). */
    public boolean converged() {
        return actionable().isEmpty();
    }

    public String render() {
        StringBuilder sb = new StringBuilder("Topic plan for ").append(cluster).append('\n');
        for (String t : topicsInSync) {
            sb.append(String.format("= in sync  %s%n", t));
        }
        for (TopicChange c : changes) {
            sb.append(c.render()).append('\n');
        }
        long refusals = refused().size();
        sb.append(converged() ? "Nothing to apply." : actionable().size() + " change(s) to apply.");
        if (refusals > 0) {
            sb.append(' ').append(refusals).append(" difference(s) refused: apply will not make them.");
        }
        return sb.append('\n').toString();
    }
}
