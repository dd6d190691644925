package io.pipebench.events;

/** Customer membership levels of the source system, lowest first (so {@code ordinal()} orders them). */
public enum MembershipLevel {
    STANDARD,
    SILVER,
    GOLD,
    PLATINUM,
    VIP
}
