package io.pipebench.gate.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts for the reports, drawn with XChart and written as PNG or SVG. PNG is the default: XChart's SVG draws every
 * glyph as a path, so an SVG chart is about ten times the size of the same PNG in the repository.
 */
public final class Charts {

    static {
        // Reports run in CI and on servers: never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    // Plain grouped numbers on the value axis (150,000 rather than 1.5E5).
    private static final String DECIMALS = "#,##0.###";

    private Charts() {
    }

    /**
     * Bars with error bars: one bar per label, the error bar being JMH's 99.9% confidence half-width.
     *
     * @param out a .png or .svg file
     */
    public static void scoreBars(String title, String unit, List<String> labels, List<Double> scores,
                                 List<Double> errors, Path out) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(640, 90 * labels.size() + 200)).height(480)
                .title(title).xAxisTitle("").yAxisTitle(unit).build();
        Styler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(labels.size() > 3 ? 30 : 0);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setYAxisDecimalPattern(DECIMALS);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x4C78A8)});
        chart.addSeries("score", labels, scores, errors.stream().map(e -> Double.isNaN(e) ? 0.0 : e).toList());
        save(chart, out);
    }

    /**
     * Lines over time, one per series; points are (time, value) pairs sorted by time.
     *
     * @param out a .png or .svg file
     */
    public static void trend(String title, String unit, Map<String, List<Map.Entry<Date, Double>>> series, Path out)
            throws IOException {
        // Legend to the right, and the chart as tall as the legend: below the plot, 20 series squeezed it to nothing.
        int height = Math.max(420, 120 + 21 * series.size());
        XYChart chart = new XYChartBuilder().width(1000).height(height).title(title).xAxisTitle("run time")
                .yAxisTitle(unit).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDatePattern("MM-dd HH:mm"); // several runs a day are usual
        chart.getStyler().setYAxisMin(0.0); // from zero, so a 3% wobble does not look like a cliff
        chart.getStyler().setYAxisDecimalPattern(DECIMALS);
        for (Map.Entry<String, List<Map.Entry<Date, Double>>> s : series.entrySet()) {
            XYSeries line = chart.addSeries(s.getKey(), s.getValue().stream().map(Map.Entry::getKey).toList(),
                    s.getValue().stream().map(Map.Entry::getValue).toList());
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, out);
    }

    /**
     * A strip plot: one row per category, one dot per value, so every run of a campaign is seen rather than hidden in
     * a mean. Rows are offset from each other by one; within a row, repeated values are spread a little upward so
     * ten runs at 0.1 s do not print as one dot.
     *
     * @param out a .png or .svg file
     */
    public static void strips(String title, String unit, Map<String, List<Double>> values, Path out)
            throws IOException {
        // A category without values gets no row (XChart draws no empty series): the legend must still name each row.
        Map<String, List<Double>> rows = new java.util.LinkedHashMap<>();
        values.forEach((name, xs) -> {
            if (!xs.isEmpty()) {
                rows.put(name, xs);
            }
        });
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("nothing to chart: every category of '" + title + "' is empty");
        }
        XYChart chart = new XYChartBuilder().width(1000).height(Math.max(360, 120 + 34 * rows.size())).title(title)
                .xAxisTitle(unit).yAxisTitle("").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisTicksVisible(false); // the legend names the rows, top row first
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern(DECIMALS);
        chart.getStyler().setYAxisMin(-0.5);
        chart.getStyler().setYAxisMax(rows.size() - 0.5);
        int row = rows.size() - 1;
        for (Map.Entry<String, List<Double>> r : rows.entrySet()) {
            List<Double> xs = r.getValue().stream().sorted().toList();
            List<Double> ys = new java.util.ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                int repeat = 0;
                for (int j = 0; j < i; j++) {
                    repeat += Math.abs(xs.get(j) - xs.get(i)) < 1e-9 ? 1 : 0;
                }
                ys.add(row + Math.min(0.4, 0.06 * repeat));
            }
            chart.addSeries(r.getKey() + " (" + xs.size() + ")", xs, ys).setMarker(SeriesMarkers.CIRCLE);
            row--;
        }
        save(chart, out);
    }

    private static void save(Chart<?, ?> chart, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean svg = isSvg(out);
        try (OutputStream stream = Files.newOutputStream(out)) {
            if (svg) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, stream, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else {
                BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG);
            }
        }
    }

    private static boolean isSvg(Path out) {
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new IllegalArgumentException(out + ": charts are written as .svg or .png");
        }
        return name.endsWith(".svg");
    }
}
