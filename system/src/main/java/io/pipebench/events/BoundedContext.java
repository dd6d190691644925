package io.pipebench.events;

/** The source system's four bounded contexts; each owns one aggregate type and one topic. */
public enum BoundedContext {
    CUSTOMER("Customer"),
    ORDER("Order"),
    PAYMENT("Payment"),
    INVENTORY("Inventory");

    private final String aggregateType;

    BoundedContext(String aggregateType) {
        this.aggregateType = aggregateType;
    }

    /** The aggregate type stored with each event, e.g. {@code Order}. */
    public String aggregateType() {
        return aggregateType;
    }
}
