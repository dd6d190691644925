package io.pipebench.benchmarks.serialization.codec;

/**
 * A schema codec asked for an event it has no schema for: the benchmarks give Avro and Protobuf schemas for their
 * three inputs only (PaymentFailed, OrderCreated, OrderInventoryReservationRequested).
 */
public final class UnsupportedEventException extends IllegalArgumentException {

    UnsupportedEventException(String codec, String eventType) {
        super(codec + " has no schema for " + eventType + "; it covers PaymentFailed, OrderCreated and"
                + " OrderInventoryReservationRequested only (add the type to src/main/avro or src/main/protobuf)");
    }
}
