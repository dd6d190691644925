package io.pipebench.load.scenario;

import io.pipebench.load.measure.RunRecorder;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The max-rate search's chart: each step's rate, largest lag, latency P95 and lag slope, passed and failed. */
final class MaxRateChart {

    private MaxRateChart() {
    }

    static void write(Path png, List<MaxRateSearch.Step> steps, double lagLimit) throws IOException {
        XYChart rates = panel("max-rate search: rate of each step", "events/s");
        XYChart lag = panel("largest consumer lag in the step", "records");
        XYChart latency = panel("latency P95 per step", "ms");
        XYChart slope = panel("lag growth over the step's held window", "records/s");
        add(rates, "intended, passed", steps, s -> s.passed() ? s.rate() : null, Color.GREEN.darker(),
                SeriesMarkers.CIRCLE);
        add(rates, "intended, failed", steps, s -> s.passed() ? null : s.rate(), Color.RED, SeriesMarkers.CIRCLE);
        add(rates, "acknowledged", steps, s -> s.run().figures().achievedRate(), Color.DARK_GRAY,
                SeriesMarkers.CROSS);
        add(lag, "passed", steps, s -> s.passed() ? (double) s.run().figures().maxLag() : null, Color.GREEN.darker(),
                SeriesMarkers.CIRCLE);
        add(lag, "failed", steps, s -> s.passed() ? null : (double) s.run().figures().maxLag(), Color.RED,
                SeriesMarkers.CIRCLE);
        lag.addAnnotation(new AnnotationLine(lagLimit, false, false));
        add(latency, "publish (send to ack)", steps, s -> nan(s.run().figures().view(RunRecorder.View.PUBLISH).p95()),
                Color.BLUE, SeriesMarkers.CIRCLE);
        add(latency, "from intended send", steps, s -> nan(s.run().figures().view(RunRecorder.View.INTENDED).p95()),
                Color.ORANGE, SeriesMarkers.DIAMOND);
        add(latency, "end to end", steps, s -> nan(s.run().figures().view(RunRecorder.View.E2E).p95()),
                Color.MAGENTA, SeriesMarkers.SQUARE);
        add(slope, "steepest group lag slope", steps, s -> nan(s.hold().steepestLagSlope()), Color.BLUE,
                SeriesMarkers.CIRCLE);
        slope.getStyler().setYAxisMin(null);
        BitmapEncoder.saveBitmap(List.of(rates, lag, latency, slope), 2, 2, png.toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart panel(String title, String unit) {
        XYChart c = new XYChartBuilder().width(760).height(380).title(title).xAxisTitle("step").yAxisTitle(unit)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return c;
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static void add(XYChart chart, String name, List<MaxRateSearch.Step> steps,
                            Function<MaxRateSearch.Step, Double> y, Color color, Marker marker) {
        List<Integer> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (MaxRateSearch.Step s : steps) {
            Double v = y.apply(s);
            if (v != null) {
                xs.add(s.number());
                ys.add(v);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries series = chart.addSeries(name, xs, ys);
            series.setMarker(marker);
            series.setMarkerColor(color);
        }
    }
}
