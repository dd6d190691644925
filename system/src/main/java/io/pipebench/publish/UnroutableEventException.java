package io.pipebench.publish;

/** An event with no topic: refused when publish is called, never sent anywhere. */
public final class UnroutableEventException extends IllegalArgumentException {
    public UnroutableEventException(String message) {
        super(message);
    }
}
