package io.pipebench.events;

/** Why a customer's total spending changed. Only {@link #ADJUSTMENT} may come without an order. */
public enum SpendingType {
    PURCHASE,
    REFUND,
    ADJUSTMENT
}
