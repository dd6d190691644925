package io.pipebench.gate.compare;

import java.util.regex.Pattern;

/**
 * A metric-name pattern: {@code *} matches any run of characters, {@code ?} one character, everything else itself.
 * Hand-written because file-system globs give '/', '{' and ',' meanings, and metric ids contain all three
 * ({@code steady/publish.p95}, {@code Codec.encode{size=1024,codec=json}@thrpt}).
 */
public final class Glob {

    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern) {
        this.pattern = pattern;
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Compiles a pattern. */
    public static Glob of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a metric pattern must not be empty");
        }
        return new Glob(pattern);
    }

    /** True when the whole id matches. */
    public boolean matches(String id) {
        return regex.matcher(id).matches();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
