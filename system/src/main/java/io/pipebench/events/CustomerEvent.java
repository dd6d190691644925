package io.pipebench.events;

/** An event of the Customer aggregate; its aggregate id is the customer id. Topic {@code customer-events}. */
public sealed interface CustomerEvent extends DomainEvent
        permits CustomerCreated, CustomerProfileUpdated, CustomerSpendingUpdated, CustomerStatusChanged,
        CustomerVipUpgraded, DeliveryAddressAdded, DeliveryAddressRemoved, MembershipLevelUpgraded,
        NotificationPreferencesUpdated, RewardPointsEarned, RewardPointsRedeemed {

    CustomerId customerId();

    @Override
    default String aggregateId() {
        return customerId().value();
    }

    @Override
    default BoundedContext context() {
        return BoundedContext.CUSTOMER;
    }
}
