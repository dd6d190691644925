package io.pipebench.gate;

/**
 * Bad input to the gate: a missing or malformed result file, a thresholds file that does not validate, a unit that
 * cannot be compared. The message names the file or field and the fix; the CLI prints it and exits with code 2.
 */
public final class GateInputException extends RuntimeException {

    public GateInputException(String message) {
        super(message);
    }

    public GateInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
