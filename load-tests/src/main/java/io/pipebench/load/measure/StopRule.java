package io.pipebench.load.measure;

import java.util.List;
import java.util.Optional;

/** Decides, once a second, whether the injection should stop early; the reason is printed and reported. */
@FunctionalInterface
public interface StopRule {

    /** @param rows every second so far, oldest first */
    Optional<String> evaluate(List<TimelineRow> rows);
}
