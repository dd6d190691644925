package io.pipebench.gate.compare;

import java.util.List;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Welch's two-sample t-test (unequal variances, two-sided), from commons-math3. The gate gives it one mean per JMH
 * fork (the independent observations); pooled iterations only when few forks are explicitly allowed.
 */
public final class WelchTest {

    private static final TTest T_TEST = new TTest();

    private WelchTest() {
    }

    /** True when both samples are large enough for the test (two observations each). */
    public static boolean applicable(List<Double> baseline, List<Double> candidate) {
        return baseline.size() >= 2 && candidate.size() >= 2;
    }

    /**
     * The two-sided p-value of "the means are equal". Two constant samples (e.g. allocation per op, which is often
     * exactly the same in every iteration) have no variance, where commons-math divides by zero: they are equal
     * (p = 1) or certainly different (p = 0).
     */
    public static double pValue(List<Double> baseline, List<Double> candidate) {
        if (!applicable(baseline, candidate)) {
            throw new IllegalArgumentException("Welch's t-test needs at least 2 observations per side, got "
                    + baseline.size() + " and " + candidate.size());
        }
        double[] a = baseline.stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = candidate.stream().mapToDouble(Double::doubleValue).toArray();
        double standardError = StatUtils.variance(a) / a.length + StatUtils.variance(b) / b.length;
        if (standardError == 0) {
            return StatUtils.mean(a) == StatUtils.mean(b) ? 1.0 : 0.0;
        }
        return T_TEST.tTest(a, b);
    }
}
