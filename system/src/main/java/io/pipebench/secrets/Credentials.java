package io.pipebench.secrets;

import java.util.Locale;
import java.util.function.Function;

/**
 * What a credential may contain. A line break inside a JAAS line, a JDBC property or a header ends the value early
 * or injects another setting, so control characters are refused before anything connects; quotes, backslashes and
 * spaces are fine (their quoting is the job of whoever embeds the value).
 */
public final class Credentials {

    private Credentials() {
    }

    /**
     * Returns {@code value} unchanged when it holds no control character (null passes); otherwise throws the error
     * made by {@code error} from a message that names {@code field} and the character's code point, never the value.
     */
    public static String requireNoControlCharacters(String field, String value,
                                                    Function<String, ? extends RuntimeException> error) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw error.apply(field + " contains a control character (U+" + String.format(Locale.ROOT, "%04X", (int) c)
                        + (c == '\n' || c == '\r' ? ", a line break" : "") + "): remove it. A credential may hold "
                        + "quotes, backslashes and spaces, but no line breaks, tabs or other control characters.");
            }
        }
        return value;
    }
}
