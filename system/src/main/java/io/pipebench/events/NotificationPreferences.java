package io.pipebench.events;

/** Which channels a customer accepts notifications on, and whether marketing messages are welcome. */
public record NotificationPreferences(boolean emailEnabled, boolean smsEnabled, boolean pushEnabled,
                                      boolean marketingEnabled) {
}
