package io.pipebench.gate.compare;

import java.util.List;

/**
 * The rows of one comparison and what was left out.
 *
 * @param rows  one per compared metric
 * @param notes what was not compared and why, for the report
 */
public record MetricRows(List<MetricComparison> rows, List<String> notes) {

    public MetricRows {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }
}
