package io.pipebench.load.report;

import io.pipebench.load.measure.TimelineRow;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The run at a glance, one PNG of four panels over time (seconds from the start of the measured window; warm-up is
 * negative): throughput intended / sent / acknowledged, latency P95 in the three views, consumer lag per group, and
 * dead letters and processing failures. Vertical lines mark the measured window and cluster events.
 */
public final class RunChart {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private RunChart() {
    }

    public static void write(Path png, String title, List<TimelineRow> rows) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        charts.add(panel(title + ": throughput", "events/s", rows, false, List.of(
                series("intended", TimelineRow::intendedRate),
                series("sent", r -> (double) r.sent()),
                series("acknowledged", r -> (double) r.acked()),
                series("failed", r -> r.failed() == 0 ? null : (double) r.failed()))));
        charts.add(panel("latency P95 per second", "ms (log)", rows, true, List.of(
                series("publish (send to ack)", TimelineRow::publishP95),
                series("from intended send time", TimelineRow::intendedP95),
                series("end to end", TimelineRow::e2eP95))));
        Set<String> groups = new LinkedHashSet<>();
        rows.forEach(r -> groups.addAll(r.lag().keySet()));
        List<Series> lag = new ArrayList<>();
        for (String g : groups) {
            lag.add(series(io.pipebench.load.measure.GroupLagView.label(g), r -> r.lag().get(g) == null ? null : (double) r.lag().get(g)));
        }
        charts.add(panel("consumer lag (records, all partitions)", "records", rows, false, lag));
        charts.add(panel("dead letters and processing failures (running total)", "count", rows, false, List.of(
                series("dead letters", r -> r.deadLetters() == null ? null : (double) r.deadLetters()),
                series("failed processing attempts",
                        r -> r.processingFailures() == null ? null : (double) r.processingFailures()))));
        BitmapEncoder.saveBitmap(charts, 2, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The powers of ten just below {@code low} and just above {@code high} (> 0), at least a decade apart. */
    static double[] decadeBounds(double low, double high) {
        double bottom = Math.pow(10, Math.floor(Math.log10(low)));
        double top = Math.pow(10, Math.ceil(Math.log10(high)));
        return new double[] {bottom, Math.max(top, bottom * 10)};
    }

    private record Series(String name, Function<TimelineRow, Double> value) {
    }

    private static Series series(String name, Function<TimelineRow, Double> value) {
        return new Series(name, value);
    }

    private static XYChart panel(String title, String unit, List<TimelineRow> rows, boolean log, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(760).height(380).title(title).xAxisTitle("seconds (0 = measured "
                + "window starts)").yAxisTitle(unit).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        // One row a second is "equally spaced" to XChart, which then ignores the tick spacing hint and packs the labels
        // of a long run ("105120135") together; slanted, three-digit labels keep their own width apart.
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        boolean any = false;
        double low = Double.MAX_VALUE;
        double high = 0;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (TimelineRow r : rows) {
                Double v = s.value().apply(r);
                if (v != null && !v.isNaN() && (!log || v > 0)) {
                    xs.add((double) r.offset());
                    ys.add(log ? Math.max(v, 0.01) : v);
                    low = Math.min(low, ys.get(ys.size() - 1));
                    high = Math.max(high, ys.get(ys.size() - 1));
                }
            }
            if (!xs.isEmpty()) {
                XYSeries line = chart.addSeries(s.name(), xs, ys);
                line.setMarker(SeriesMarkers.NONE);
                any = true;
            }
        }
        if (!any) {
            chart.addSeries("no data", List.of(0.0), List.of(0.0)).setMarker(SeriesMarkers.NONE);
        } else if (log) {
            // XChart labels a log axis at whole decades only, so a panel between 20 and 90 ms showed no label at
            // all; bounded by decades the axis always has a labelled bottom and top. (Labelling every tick overprints
            // across several decades; a formatting function would switch XChart to its linear tick calculator.)
            double[] bounds = decadeBounds(low, high);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(bounds[0]);
            chart.getStyler().setYAxisMax(bounds[1]);
            // Within a single decade every tick (20, 30, ... ms) has room for its label.
            chart.getStyler().setYAxisLogarithmicDecadeOnly(bounds[1] / bounds[0] > 10.5);
            chart.getStyler().setYAxisDecimalPattern("#,##0.## 'ms'");
        }
        if (!log) {
            chart.getStyler().setYAxisMin(0.0);
        }
        chart.addAnnotation(new AnnotationLine(0, true, false));
        for (TimelineRow r : rows) {
            if (r.event() != null) {
                chart.addAnnotation(new AnnotationLine(r.offset(), true, false));
            }
        }
        return chart;
    }
}
