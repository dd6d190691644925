package io.pipebench.alarms;

/**
 * An alarm file has a bad value; the message names the file, the rule and the field, and says what is accepted.
 * An {@link IllegalArgumentException}, so the command line reports it as one line with exit code 2.
 */
public final class InvalidAlarmRuleException extends IllegalArgumentException {
    public InvalidAlarmRuleException(String message) {
        super(message);
    }

    public InvalidAlarmRuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
