package io.pipebench.gate.compare;

import java.util.Locale;

/** How numbers look in tables: about four significant figures, signed percentages, compact p-values. */
public final class Figures {

    private Figures() {
    }

    /** 123456.7 -> "123457", 12.3456 -> "12.35", 0.0123456 -> "0.01235". */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1 || abs == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
    }

    /** A figure with its JMH error and unit: "1234 ± 12 ops/s"; the error is left out when NaN. */
    public static String withError(double value, double error, String unit) {
        return number(value) + (Double.isNaN(error) ? "" : " ± " + number(error)) + (unit.isEmpty() ? "" : " " + unit);
    }

    /** 0.2 -> "+20.0%", -0.031 -> "-3.1%", NaN -> "". */
    public static String percent(double relative) {
        if (Double.isNaN(relative)) {
            return "";
        }
        if (Double.isInfinite(relative)) {
            return relative > 0 ? "+inf%" : "-inf%";
        }
        return String.format(Locale.ROOT, "%+.1f%%", relative * 100);
    }

    /** p-values: "p=0.034", "p=2.1e-07", "p<1e-15". */
    public static String pValue(double p) {
        if (p < 1e-15) {
            return "p<1e-15";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "p=%.3f", p) : String.format(Locale.ROOT, "p=%.1e", p);
    }
}
