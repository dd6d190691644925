package io.pipebench.events;

/** Lifecycle status of a customer account, as in the source system. */
public enum CustomerStatus {
    ACTIVE,
    INACTIVE,
    SUSPENDED,
    BLOCKED,
    PENDING_VERIFICATION
}
