package io.pipebench.gate.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.Yaml;
import io.pipebench.gate.model.Better;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gate's thresholds, read from results/gate.yaml:
 * <pre>
 * alpha: 0.01              # Welch t-test significance level (two-sided), JMH only
 * minimum-effect: 0.10     # a significant JMH change must also be at least this large to count:
 *                          #   |ln(new/old)| &gt;= ln(1.10), the same factor up or down
 * tolerances:              # load-test figures: allowed relative change in the bad direction
 *   higher: 0.15           #   metrics where higher is better (throughput)
 *   lower: 0.25            #   metrics where lower is better (latency percentiles)
 *   by-unit: {ms: 0.25}    #   by unit, before the direction default
 * overrides:               # per setting, the first matching pattern that sets it wins
 *   - match: "*CodecBenchmark.decode*"
 *     minimum-effect: 0.05
 * ignore: ["*:gc.count"]   # metric patterns never gated
 * </pre>
 * Every key is validated; an unknown or out-of-range key is refused with its path and the accepted values.
 */
public final class Thresholds {

    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_MINIMUM_EFFECT = 0.10;
    public static final double DEFAULT_TOLERANCE_LOWER = 0.25;
    public static final double DEFAULT_TOLERANCE_HIGHER = 0.15;

    private static final Set<String> TOP_KEYS = Set.of("alpha", "minimum-effect", "tolerances", "overrides", "ignore");
    private static final Set<String> TOLERANCE_KEYS = Set.of("higher", "lower", "by-unit");
    private static final Set<String> OVERRIDE_KEYS = Set.of("match", "alpha", "minimum-effect", "tolerance", "better");

    /**
     * Settings for the metrics a pattern matches; null fields keep the defaults.
     *
     * @param match         the metric pattern
     * @param alpha         significance level
     * @param minimumEffect minimum relative JMH effect
     * @param tolerance     load-test tolerance
     * @param better        direction, for metrics with none or a wrong one
     */
    public record Rule(Glob match, Double alpha, Double minimumEffect, Double tolerance, Better better) {
    }

    private final double alpha;
    private final double minimumEffect;
    private final double toleranceHigher;
    private final double toleranceLower;
    private final Map<String, Double> toleranceByUnit;
    private final List<Rule> overrides;
    private final List<Glob> ignore;
    private final String source;

    public Thresholds(double alpha, double minimumEffect, double toleranceHigher, double toleranceLower,
                      Map<String, Double> toleranceByUnit, List<Rule> overrides, List<Glob> ignore) {
        this(alpha, minimumEffect, toleranceHigher, toleranceLower, toleranceByUnit, overrides, ignore,
                "the built-in thresholds");
    }

    private Thresholds(double alpha, double minimumEffect, double toleranceHigher, double toleranceLower,
                       Map<String, Double> toleranceByUnit, List<Rule> overrides, List<Glob> ignore, String source) {
        this.source = source;
        this.alpha = alpha;
        this.minimumEffect = minimumEffect;
        this.toleranceHigher = toleranceHigher;
        this.toleranceLower = toleranceLower;
        this.toleranceByUnit = Map.copyOf(toleranceByUnit);
        this.overrides = List.copyOf(overrides);
        this.ignore = List.copyOf(ignore);
    }

    /** The built-in thresholds: alpha 0.01, minimum effect 10%, tolerance 15% (higher-better) / 25% (lower-better). */
    public static Thresholds defaults() {
        return new Thresholds(DEFAULT_ALPHA, DEFAULT_MINIMUM_EFFECT, DEFAULT_TOLERANCE_HIGHER, DEFAULT_TOLERANCE_LOWER,
                Map.of(), List.of(), List.of());
    }

    /** Reads and validates a thresholds file. */
    public static Thresholds read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GateInputException(file + ": thresholds file not found");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new GateInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses and validates YAML text; {@code source} names it in error messages. */
    public static Thresholds parse(String yaml, String source) {
        JsonNode root = Yaml.tree(yaml, source, GateInputException::new);
        if (root == null || root.isNull() || root.isMissingNode()) {
            return defaults();
        }
        if (!root.isObject()) {
            throw new GateInputException(source + ": expected a mapping with keys " + sorted(TOP_KEYS));
        }
        checkKeys(root, TOP_KEYS, source, "");
        double alpha = fraction(root, "alpha", source, "alpha", DEFAULT_ALPHA, true);
        double minimumEffect = fraction(root, "minimum-effect", source, "minimum-effect", DEFAULT_MINIMUM_EFFECT,
                false);
        double higher = DEFAULT_TOLERANCE_HIGHER;
        double lower = DEFAULT_TOLERANCE_LOWER;
        Map<String, Double> byUnit = new LinkedHashMap<>();
        JsonNode tolerances = root.get("tolerances");
        if (tolerances != null && !tolerances.isNull()) {
            if (!tolerances.isObject()) {
                throw new GateInputException(source + ": 'tolerances' must be a mapping with keys "
                        + sorted(TOLERANCE_KEYS));
            }
            checkKeys(tolerances, TOLERANCE_KEYS, source, "tolerances.");
            higher = tolerance(tolerances, "higher", source, "tolerances.higher", higher);
            lower = tolerance(tolerances, "lower", source, "tolerances.lower", lower);
            JsonNode units = tolerances.get("by-unit");
            if (units != null && !units.isNull()) {
                if (!units.isObject()) {
                    throw new GateInputException(source + ": 'tolerances.by-unit' must map a unit to a fraction, "
                            + "e.g. {ms: 0.25, \"events/s\": 0.15}");
                }
                for (Iterator<String> it = units.fieldNames(); it.hasNext(); ) {
                    String unit = it.next();
                    refuseEmpty(units, unit, source, "tolerances.by-unit." + unit);
                    byUnit.put(unit, tolerance(units, unit, source, "tolerances.by-unit." + unit, 0));
                }
            }
        }
        List<Rule> overrides = new ArrayList<>();
        JsonNode overridesNode = root.get("overrides");
        if (overridesNode != null && !overridesNode.isNull()) {
            if (!overridesNode.isArray()) {
                throw new GateInputException(source + ": 'overrides' must be a list of {match: pattern, ...}");
            }
            for (int i = 0; i < overridesNode.size(); i++) {
                overrides.add(rule(overridesNode.get(i), source, "overrides[" + i + "]"));
            }
        }
        List<Glob> ignore = new ArrayList<>();
        JsonNode ignoreNode = root.get("ignore");
        if (ignoreNode != null && !ignoreNode.isNull()) {
            if (!ignoreNode.isArray()) {
                throw new GateInputException(source + ": 'ignore' must be a list of metric patterns");
            }
            for (int i = 0; i < ignoreNode.size(); i++) {
                JsonNode pattern = ignoreNode.get(i);
                if (!pattern.isTextual() || pattern.asText().isBlank()) {
                    throw new GateInputException(source + ": 'ignore[" + i + "]' must be a non-empty pattern string");
                }
                ignore.add(Glob.of(pattern.asText()));
            }
        }
        return new Thresholds(alpha, minimumEffect, higher, lower, byUnit, overrides, ignore, source);
    }

    /** True when the metric matches an ignore pattern. */
    public boolean ignored(String metricId) {
        return ignore.stream().anyMatch(g -> g.matches(metricId));
    }

    /** The significance level for a metric. */
    public double alpha(String metricId) {
        return first(metricId, Rule::alpha).orElse(alpha);
    }

    /** The minimum JMH effect for a metric, as a factor minus one: 0.10 means a change by 1.1x either way. */
    public double minimumEffect(String metricId) {
        return first(metricId, Rule::minimumEffect).orElse(minimumEffect);
    }

    /** The direction an override sets, if any. */
    public Optional<Better> better(String metricId) {
        return first(metricId, Rule::better);
    }

    /**
     * The load-test tolerance: the override, else the unit's, else the direction's. Refused when 1 or more for a
     * figure where higher is better: it can fall by 100% at most, so such a tolerance could never fail it.
     */
    public double tolerance(String metricId, String unit, Better better) {
        Optional<Rule> rule = overrides.stream().filter(o -> o.tolerance() != null && o.match().matches(metricId))
                .findFirst();
        double tolerance = rule.map(Rule::tolerance).orElseGet(() -> toleranceByUnit.getOrDefault(unit,
                better == Better.HIGHER ? toleranceHigher : toleranceLower));
        if (better == Better.HIGHER && tolerance >= 1) {
            String setBy = rule.map(r -> "the override matching \"" + r.match() + "\"")
                    .orElse(toleranceByUnit.containsKey(unit) ? "'tolerances.by-unit." + unit + "'"
                            : "'tolerances.higher'");
            throw new GateInputException(source + ": " + setBy + " sets tolerance " + tolerance + " for " + metricId
                    + ", where higher is better: it can fall by 100% at most, so this can never fail it; give it a "
                    + "tolerance below 1" + (rule.isPresent() ? " (an override before this one)" : ""));
        }
        return tolerance;
    }

    // For each setting, the first matching override that sets it.
    private <T> Optional<T> first(String metricId, java.util.function.Function<Rule, T> setting) {
        return overrides.stream().filter(o -> o.match().matches(metricId)).map(setting)
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private static Rule rule(JsonNode node, String source, String path) {
        if (node == null || !node.isObject()) {
            throw new GateInputException(source + ": '" + path + "' must be a mapping such as {match: \"*Codec*\", "
                    + "minimum-effect: 0.05}");
        }
        checkKeys(node, OVERRIDE_KEYS, source, path + ".");
        JsonNode match = node.get("match");
        if (match == null || !match.isTextual() || match.asText().isBlank()) {
            throw new GateInputException(source + ": '" + path + ".match' is missing: give the metric pattern "
                    + "this override applies to, e.g. \"*CodecBenchmark*\"");
        }
        if (node.size() < 2) {
            throw new GateInputException(source + ": '" + path + "' sets nothing: add one of alpha, minimum-effect, "
                    + "tolerance, better");
        }
        Double alpha = node.has("alpha") ? fraction(node, "alpha", source, path + ".alpha", 0, true) : null;
        Double effect = node.has("minimum-effect")
                ? fraction(node, "minimum-effect", source, path + ".minimum-effect", 0, false) : null;
        Double tolerance = node.has("tolerance") ? tolerance(node, "tolerance", source, path + ".tolerance", 0) : null;
        Better better = null;
        if (node.has("better")) {
            try {
                better = Better.parse(node.get("better").asText());
            } catch (IllegalArgumentException e) {
                throw new GateInputException(source + ": '" + path + ".better' must be \"higher\" or \"lower\", not "
                        + node.get("better"));
            }
        }
        return new Rule(Glob.of(match.asText()), alpha, effect, tolerance, better);
    }

    private static void checkKeys(JsonNode node, Set<String> known, String source, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new GateInputException(source + ": unknown key '" + prefix + key + "'; known keys here are "
                        + sorted(known));
            }
            refuseEmpty(node, key, source, prefix + key);
        }
    }

    // "alpha:" with no value is YAML null: read as absent it became 0 in an override and disabled the test.
    private static void refuseEmpty(JsonNode node, String key, String source, String path) {
        if (node.get(key) != null && node.get(key).isNull()) {
            throw new GateInputException(source + ": '" + path + "' is present but has no value: give it one or remove "
                    + "the key");
        }
    }

    // alpha must be in (0, 0.5]; a minimum effect in [0, 9]: it is a factor in log space (1.5 = 2.5x either way), so
    // values of 1 and more are meaningful; past 9 (10x) it would gate nothing.
    private static double fraction(JsonNode node, String key, String source, String path, double fallback,
                                   boolean isAlpha) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new GateInputException(source + ": '" + path + "' must be a number, not " + value);
        }
        double v = value.doubleValue();
        if (isAlpha && !(v > 0 && v <= 0.5)) {
            throw new GateInputException(source + ": '" + path + "' must be in (0, 0.5], e.g. 0.01; got " + v);
        }
        if (!isAlpha && !(v >= 0 && v <= 9)) {
            throw new GateInputException(source + ": '" + path + "' must be in [0, 9], e.g. 0.10 for a factor of 1.1 "
                    + "either way; got " + v);
        }
        return v;
    }

    private static double tolerance(JsonNode node, String key, String source, String path, double fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() < 0 || Double.isNaN(value.doubleValue())) {
            throw new GateInputException(source + ": '" + path + "' must be a non-negative fraction, e.g. 0.25 for "
                    + "25%; got " + value);
        }
        return value.doubleValue();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    @Override
    public String toString() {
        return "alpha " + alpha + ", minimum effect " + minimumEffect + ", tolerance higher " + toleranceHigher
                + " / lower " + toleranceLower + (toleranceByUnit.isEmpty() ? "" : ", by unit " + toleranceByUnit)
                + ", " + overrides.size() + " override(s), " + ignore.size() + " ignore pattern(s)";
    }
}
