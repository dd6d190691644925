package io.pipebench.events;

/** An event of the Payment aggregate; its aggregate id is the payment id. Topic {@code payment-events}. */
public sealed interface PaymentEvent extends DomainEvent
        permits PaymentCreated, PaymentRequested, PaymentCompleted, PaymentFailed {

    PaymentId paymentId();

    @Override
    default String aggregateId() {
        return paymentId().value().toString();
    }

    @Override
    default BoundedContext context() {
        return BoundedContext.PAYMENT;
    }
}
