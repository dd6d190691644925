package io.pipebench.alarms;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How one alarm went through a timeline: the newest datapoint of every evaluation (one a minute; with the sliding
 * window the periods of successive evaluations overlap), every state change, the final state and the worst datapoint.
 * The alarm starts in INSUFFICIENT_DATA, as a newly created CloudWatch alarm does, so its first evaluation is always
 * recorded as a transition.
 */
public record AlarmHistory(AlarmRule rule, List<Datapoint> datapoints, List<Transition> transitions,
                           AlarmState finalState) {

    public AlarmHistory {
        datapoints = List.copyOf(datapoints);
        transitions = List.copyOf(transitions);
    }

    /** The datapoint farthest on the breaching side: the largest for "greater than" alarms, else the smallest. */
    public Optional<Datapoint> worst() {
        Comparator<Datapoint> byValue = Comparator.comparingDouble(Datapoint::value);
        return rule.comparison().upward() ? datapoints.stream().max(byValue) : datapoints.stream().min(byValue);
    }

    /** True when the alarm was in ALARM after any evaluation. */
    public boolean alarmed() {
        return transitions.stream().anyMatch(t -> t.to() == AlarmState.ALARM);
    }

    /** The first time the alarm went to ALARM. */
    public Optional<Transition> firstAlarm() {
        return transitions.stream().filter(t -> t.to() == AlarmState.ALARM).findFirst();
    }

    public Verdict verdict() {
        Optional<Datapoint> w = worst();
        return new Verdict(rule.name(), finalState, alarmed(),
                w.map(d -> OptionalDouble.of(d.value())).orElse(OptionalDouble.empty()), rule.threshold(),
                rule.comparison(), rule.statistic().name(), rule.unit());
    }
}
