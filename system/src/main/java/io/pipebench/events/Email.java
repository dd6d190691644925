package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An e-mail address, written in JSON as a plain string. Checked only for shape (one {@code @} between a non-empty
 * local part and domain): full RFC 5322 validation belongs to whoever sends the mail, not to an event.
 */
public record Email(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Email {
        Require.nonBlank(value, "email");
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1) {
            throw new IllegalArgumentException("email must look like local@domain, was '" + value + "'");
        }
    }
}
