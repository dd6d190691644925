package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A phone number as the customer typed it: digits with an optional leading {@code +}, spaces, dashes, brackets. */
public record Phone(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Phone {
        Require.nonBlank(value, "phone");
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0))) {
                throw new IllegalArgumentException("phone may hold only digits, spaces, '-', '(', ')' and a leading"
                        + " '+', was '" + value + "'");
            }
        }
        if (digits < 4) {
            throw new IllegalArgumentException("phone must have at least 4 digits, was '" + value + "'");
        }
    }
}
