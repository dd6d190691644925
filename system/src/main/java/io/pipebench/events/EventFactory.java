package io.pipebench.events;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic random events for tests, benchmarks and the load generator: varied names, e-mails, addresses, products
 * and 2-decimal amounts in a few currencies, every field valid. All randomness (event ids included) comes from one
 * {@link SplittableRandom} seeded by the caller, so the same seed and the same clock readings give the same events.
 * Event ids are random version-4 UUIDs unless the factory is asked for {@link EventIds#TIME_ORDERED} ones.
 * <p>
 * Not thread-safe: give each thread its own factory (different seeds). Creation costs a few small allocations and
 * no locking, so tens of thousands per second per thread is cheap.
 * <p>
 * Its length (past 400 lines) is one small generator per event type, each a few lines, and the field helpers they
 * share: splitting them by context would spread one seeded random stream over several classes.
 */
public final class EventFactory {

    /** One generator per event class; a registered type without one cannot be created here. */
    @FunctionalInterface
    private interface Generator {
        DomainEvent create(EventFactory factory, UUID eventId, Instant at, String aggregateId);
    }

    private static final Map<Class<? extends DomainEvent>, Generator> GENERATORS = Map.ofEntries(
            Map.entry(CustomerCreated.class, EventFactory::customerCreated),
            Map.entry(CustomerProfileUpdated.class, EventFactory::customerProfileUpdated),
            Map.entry(CustomerSpendingUpdated.class, EventFactory::customerSpendingUpdated),
            Map.entry(CustomerStatusChanged.class, EventFactory::customerStatusChanged),
            Map.entry(CustomerVipUpgraded.class, EventFactory::customerVipUpgraded),
            Map.entry(DeliveryAddressAdded.class, EventFactory::deliveryAddressAdded),
            Map.entry(DeliveryAddressRemoved.class, EventFactory::deliveryAddressRemoved),
            Map.entry(MembershipLevelUpgraded.class, EventFactory::membershipLevelUpgraded),
            Map.entry(NotificationPreferencesUpdated.class, EventFactory::notificationPreferencesUpdated),
            Map.entry(RewardPointsEarned.class, EventFactory::rewardPointsEarned),
            Map.entry(RewardPointsRedeemed.class, EventFactory::rewardPointsRedeemed),
            Map.entry(OrderCreated.class, EventFactory::orderCreated),
            Map.entry(OrderItemAdded.class, EventFactory::orderItemAdded),
            Map.entry(OrderSubmitted.class, EventFactory::orderSubmitted),
            Map.entry(OrderConfirmed.class, EventFactory::orderConfirmed),
            Map.entry(OrderPaymentRequested.class, EventFactory::orderPaymentRequested),
            Map.entry(OrderInventoryReservationRequested.class, EventFactory::orderInventoryReservationRequested),
            Map.entry(PaymentCreated.class, EventFactory::paymentCreated),
            Map.entry(PaymentRequested.class, EventFactory::paymentRequested),
            Map.entry(PaymentCompleted.class, EventFactory::paymentCompleted),
            Map.entry(PaymentFailed.class, EventFactory::paymentFailed),
            Map.entry(InventoryCreated.class, EventFactory::inventoryCreated),
            Map.entry(StockAdded.class, EventFactory::stockAdded),
            Map.entry(StockReserved.class, EventFactory::stockReserved));

    private static final Currency[] CURRENCIES = {
            Currency.getInstance("USD"), Currency.getInstance("EUR"), Currency.getInstance("GBP"),
            Currency.getInstance("CHF")};
    private static final String[] FIRST_NAMES = {
            "Alice", "Bruno", "Chloé", "Daniel", "Elif", "Farid", "Grace", "Hiroshi", "Ingrid", "Jamal", "Kavya",
            "Lucas", "Mei", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma", "Wei", "Yusuf",
            "Zoë"};
    private static final String[] FIRST_NAME_SLUGS = {
            "alice", "bruno", "chloe", "daniel", "elif", "farid", "grace", "hiroshi", "ingrid", "jamal", "kavya",
            "lucas", "mei", "nadia", "oscar", "priya", "quentin", "rosa", "sven", "tomas", "uma", "wei", "yusuf",
            "zoe"};
    private static final String[] LAST_NAMES = {
            "Smith", "Müller", "García", "Chen", "Kowalski", "Okafor", "Rossi", "Nguyen", "Dubois", "Andersson",
            "Tanaka", "Silva", "Novák", "O'Brien", "Haddad", "Petrov"};
    private static final String[] LAST_NAME_SLUGS = {
            "smith", "mueller", "garcia", "chen", "kowalski", "okafor", "rossi", "nguyen", "dubois", "andersson",
            "tanaka", "silva", "novak", "obrien", "haddad", "petrov"};
    private static final String[] MAIL_DOMAINS = {"example.com", "example.org", "example.net", "mail.example"};
    private static final String[] PHONE_PREFIXES = {"+1 555 ", "+44 20 7946 ", "+49 30 9012 ", "+886 2 2345 "};
    private static final String[] STREETS = {
            "Main Street", "Elm Avenue", "Harbour Road", "Station Lane", "Rue de la Paix", "Hauptstraße",
            "Calle Mayor", "Market Square", "Ocean Drive", "Zhongshan Road"};
    /** City, country and the leading digits of its postal codes, so an address is at least plausible. */
    private static final String[][] PLACES = {
            {"Seattle", "United States", "981"}, {"London", "United Kingdom", "SW1"}, {"Berlin", "Germany", "101"},
            {"Paris", "France", "750"}, {"Madrid", "Spain", "280"}, {"Taipei", "Taiwan", "100"},
            {"Zürich", "Switzerland", "80"}, {"Toronto", "Canada", "M5V"}};
    private static final String[] ADJECTIVES = {
            "Ergonomic", "Wireless", "Stainless", "Organic", "Compact", "Vintage", "Smart", "Heavy-Duty", "Recycled",
            "Portable"};
    private static final String[] PRODUCTS = {
            "Desk Lamp", "Coffee Grinder", "Backpack", "Water Bottle", "Keyboard", "Headphones", "Yoga Mat",
            "Chef's Knife", "Rain Jacket", "Bookshelf", "Tea Kettle", "Monitor Stand"};
    private static final String[] STATUS_REASONS = {
            "Customer request", "Payment overdue", "Identity verified", "Fraud review", "Inactive for 12 months",
            "Reactivated by support"};
    private static final String[] EARN_REASONS = {
            "Order purchase", "Product review", "Birthday bonus", "Referral", "Promotion"};
    private static final String[] REDEEM_REASONS = {"Order discount", "Gift card", "Free shipping", "Donation"};
    private static final String[] FAILURES = {
            "Insufficient funds", "Card expired", "Issuer declined", "Suspected fraud", "Gateway timeout",
            "Provider unavailable"};
    /** Parallel to {@link #FAILURES}: only transient failures are worth a retry. */
    private static final boolean[] FAILURE_RETRYABLE = {false, false, false, false, true, true};
    private static final int PRODUCT_CATALOG_SIZE = 10_000;

    private final EventTypeRegistry registry;
    private final SplittableRandom random;
    private final Clock clock;
    private final EventIds eventIds;

    /** A factory stamping events with the system UTC clock. */
    public EventFactory(EventTypeRegistry registry, long seed) {
        this(registry, seed, Clock.systemUTC());
    }

    /** A factory stamping events with {@code clock} (a fixed clock makes runs fully repeatable). */
    public EventFactory(EventTypeRegistry registry, long seed, Clock clock) {
        this(registry, seed, clock, EventIds.RANDOM);
    }

    /** As above, with event ids made as {@code eventIds} says; every other UUID in a payload stays version 4. */
    public EventFactory(EventTypeRegistry registry, long seed, Clock clock, EventIds eventIds) {
        this.registry = Require.nonNull(registry, "registry");
        this.random = new SplittableRandom(seed);
        this.clock = Require.nonNull(clock, "clock");
        this.eventIds = Require.nonNull(eventIds, "eventIds");
    }

    /**
     * A new valid event of the named type for the given aggregate, occurring now.
     *
     * @param aggregateId a UUID string, or for a customer any non-blank string
     * @throws IllegalArgumentException for an unknown type or an aggregate id of the wrong form
     */
    public DomainEvent create(String eventType, String aggregateId) {
        EventType type = registry.find(eventType).orElseThrow(() -> new IllegalArgumentException(
                "unknown event type '" + eventType + "': not in the event type registry"));
        Generator generator = GENERATORS.get(type.javaClass());
        if (generator == null) {
            throw new IllegalArgumentException("EventFactory has no generator for " + type.javaClass().getName());
        }
        Require.nonBlank(aggregateId, "aggregateId");
        Instant at = clock.instant(); // the clock and the generator are independent: reading it first changes no bits
        UUID eventId = eventIds == EventIds.TIME_ORDERED ? timeOrderedUuid(at) : uuid();
        return generator.create(this, eventId, at, aggregateId);
    }

    /** A new valid event of the named type for a new aggregate. */
    public DomainEvent create(String eventType) {
        EventType type = registry.find(eventType).orElseThrow(() -> new IllegalArgumentException(
                "unknown event type '" + eventType + "': not in the event type registry"));
        return create(eventType, newAggregateId(type.context()));
    }

    /** A new aggregate id: a random UUID string in every context (customers included). */
    public String newAggregateId(BoundedContext context) {
        Require.nonNull(context, "context");
        return uuid().toString();
    }

    // ---- fixed samples for benchmarks: same bytes every run, so results compare across runs ----

    private static final Instant SAMPLE_TIME = Instant.parse("2025-01-15T10:30:00.123456Z");
    private static final OrderId SAMPLE_ORDER = OrderId.parse("8f14e45f-ceea-467a-9af0-2a3c4d5e6f70");
    private static final CustomerId SAMPLE_CUSTOMER = new CustomerId("c9f0f895-fb98-4b91-8f1a-7e3b2a1d0c4e");
    private static final Currency EUR = Currency.getInstance("EUR");

    private static final PaymentFailed SAMPLE_PAYMENT_FAILED = new PaymentFailed(
            UUID.fromString("45c48cce-2e2d-4fbd-8a3c-6b1e9f0d2a71"), SAMPLE_TIME,
            PaymentId.parse("d3d94468-02a4-4e8b-b1c2-5a6f7e8d9c0b"), SAMPLE_ORDER,
            new Money(new BigDecimal("249.97"), EUR), "Issuer declined: insufficient funds", true);

    private static final OrderCreated SAMPLE_ORDER_CREATED = new OrderCreated(
            UUID.fromString("6512bd43-d9ca-4a6e-9f21-0c8b7a6e5d43"), SAMPLE_TIME, SAMPLE_ORDER, SAMPLE_CUSTOMER,
            new Money(new BigDecimal("249.97"), EUR),
            List.of(new ProductId("SKU-00042"), new ProductId("SKU-01337"), new ProductId("SKU-31415")));

    private static final OrderInventoryReservationRequested SAMPLE_RESERVATION_REQUEST =
            new OrderInventoryReservationRequested(
                    UUID.fromString("c20ad4d7-6fe9-4759-aa27-a0c99bff6710"), SAMPLE_TIME, SAMPLE_ORDER,
                    SAMPLE_CUSTOMER, List.of(
                    new OrderItem(new ProductId("SKU-00042"), 2, new Money(new BigDecimal("49.99"), EUR)),
                    new OrderItem(new ProductId("SKU-01337"), 1, new Money(new BigDecimal("99.99"), EUR)),
                    new OrderItem(new ProductId("SKU-31415"), 1, new Money(new BigDecimal("50.00"), EUR))));

    /**
     * Payment {@code d3d94468-02a4-4e8b-b1c2-5a6f7e8d9c0b} of order {@code 8f14e45f-ceea-467a-9af0-2a3c4d5e6f70}
     * failed: 249.97 EUR, "Issuer declined: insufficient funds", retryable; event id
     * {@code 45c48cce-2e2d-4fbd-8a3c-6b1e9f0d2a71}, at 2025-01-15T10:30:00.123456Z.
     */
    public static PaymentFailed samplePaymentFailed() {
        return SAMPLE_PAYMENT_FAILED;
    }

    /**
     * Order {@code 8f14e45f-ceea-467a-9af0-2a3c4d5e6f70} of customer {@code c9f0f895-fb98-4b91-8f1a-7e3b2a1d0c4e}
     * created with 3 products (SKU-00042, SKU-01337, SKU-31415), total 249.97 EUR; event id
     * {@code 6512bd43-d9ca-4a6e-9f21-0c8b7a6e5d43}, at 2025-01-15T10:30:00.123456Z.
     */
    public static OrderCreated sampleOrderCreated() {
        return SAMPLE_ORDER_CREATED;
    }

    /**
     * The same order asking to reserve 3 lines: 2 x SKU-00042 at 49.99, 1 x SKU-01337 at 99.99, 1 x SKU-31415 at
     * 50.00 EUR; event id {@code c20ad4d7-6fe9-4759-aa27-a0c99bff6710}, at 2025-01-15T10:30:00.123456Z.
     */
    public static OrderInventoryReservationRequested sampleReservationRequest() {
        return SAMPLE_RESERVATION_REQUEST;
    }

    // ---- generators, one per event ----

    private DomainEvent customerCreated(UUID id, Instant at, String customer) {
        int first = random.nextInt(FIRST_NAMES.length);
        int last = random.nextInt(LAST_NAMES.length);
        return new CustomerCreated(id, at, new CustomerId(customer), name(first, last), email(first, last),
                pick(MembershipLevel.values()));
    }

    private DomainEvent customerProfileUpdated(UUID id, Instant at, String customer) {
        int first = random.nextInt(FIRST_NAMES.length);
        int last = random.nextInt(LAST_NAMES.length);
        return new CustomerProfileUpdated(id, at, new CustomerId(customer), name(first, last), email(first, last),
                phone());
    }

    private DomainEvent customerSpendingUpdated(UUID id, Instant at, String customer) {
        Currency currency = pick(CURRENCIES);
        long spendingCents = 500 + random.nextInt(50_000);
        long totalCents = spendingCents + random.nextInt(500_000);
        SpendingType type = pick(SpendingType.values());
        OrderId order = type == SpendingType.ADJUSTMENT ? null : new OrderId(uuid());
        return new CustomerSpendingUpdated(id, at, new CustomerId(customer), money(spendingCents, currency),
                money(totalCents, currency), order, type);
    }

    private DomainEvent customerStatusChanged(UUID id, Instant at, String customer) {
        CustomerStatus[] statuses = CustomerStatus.values();
        int from = random.nextInt(statuses.length);
        int to = (from + 1 + random.nextInt(statuses.length - 1)) % statuses.length; // always a real change
        return new CustomerStatusChanged(id, at, new CustomerId(customer), statuses[from], statuses[to],
                pick(STATUS_REASONS));
    }

    private DomainEvent customerVipUpgraded(UUID id, Instant at, String customer) {
        MembershipLevel[] levels = MembershipLevel.values();
        return new CustomerVipUpgraded(id, at, new CustomerId(customer), levels[random.nextInt(levels.length - 1)],
                MembershipLevel.VIP);
    }

    private DomainEvent deliveryAddressAdded(UUID id, Instant at, String customer) {
        return new DeliveryAddressAdded(id, at, new CustomerId(customer), address(), 1 + random.nextInt(5));
    }

    private DomainEvent deliveryAddressRemoved(UUID id, Instant at, String customer) {
        return new DeliveryAddressRemoved(id, at, new CustomerId(customer), address(), random.nextInt(5));
    }

    private DomainEvent membershipLevelUpgraded(UUID id, Instant at, String customer) {
        MembershipLevel[] levels = MembershipLevel.values();
        int from = random.nextInt(levels.length - 1);
        int to = from + 1 + random.nextInt(levels.length - 1 - from); // strictly higher
        return new MembershipLevelUpgraded(id, at, new CustomerId(customer), levels[from], levels[to]);
    }

    private DomainEvent notificationPreferencesUpdated(UUID id, Instant at, String customer) {
        int before = random.nextInt(16);
        int after = before ^ (1 + random.nextInt(15)); // flips at least one of the four settings
        return new NotificationPreferencesUpdated(id, at, new CustomerId(customer), preferences(before),
                preferences(after));
    }

    private DomainEvent rewardPointsEarned(UUID id, Instant at, String customer) {
        int earned = 1 + random.nextInt(500);
        return new RewardPointsEarned(id, at, new CustomerId(customer), earned, earned + random.nextInt(10_000),
                pick(EARN_REASONS));
    }

    private DomainEvent rewardPointsRedeemed(UUID id, Instant at, String customer) {
        return new RewardPointsRedeemed(id, at, new CustomerId(customer), 1 + random.nextInt(500),
                random.nextInt(10_000), pick(REDEEM_REASONS));
    }

    private DomainEvent orderCreated(UUID id, Instant at, String order) {
        int count = 1 + random.nextInt(5);
        List<ProductId> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(productId());
        }
        return new OrderCreated(id, at, OrderId.parse(order), new CustomerId(uuid().toString()), amount(), items);
    }

    private DomainEvent orderItemAdded(UUID id, Instant at, String order) {
        return new OrderItemAdded(id, at, OrderId.parse(order), productId(), 1 + random.nextInt(5), amount());
    }

    private DomainEvent orderSubmitted(UUID id, Instant at, String order) {
        return new OrderSubmitted(id, at, OrderId.parse(order), new CustomerId(uuid().toString()), amount(),
                1 + random.nextInt(5));
    }

    private DomainEvent orderConfirmed(UUID id, Instant at, String order) {
        return new OrderConfirmed(id, at, OrderId.parse(order), new CustomerId(uuid().toString()), amount());
    }

    private DomainEvent orderPaymentRequested(UUID id, Instant at, String order) {
        return new OrderPaymentRequested(id, at, OrderId.parse(order), new CustomerId(uuid().toString()), amount());
    }

    private DomainEvent orderInventoryReservationRequested(UUID id, Instant at, String order) {
        Currency currency = pick(CURRENCIES); // one order, one currency
        int count = 1 + random.nextInt(5);
        List<OrderItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(new OrderItem(productId(), 1 + random.nextInt(5), money(99 + random.nextInt(30_000), currency)));
        }
        return new OrderInventoryReservationRequested(id, at, OrderId.parse(order), new CustomerId(uuid().toString()),
                items);
    }

    private DomainEvent paymentCreated(UUID id, Instant at, String payment) {
        return new PaymentCreated(id, at, PaymentId.parse(payment), new OrderId(uuid()), amount(),
                pick(PaymentMethod.values()));
    }

    private DomainEvent paymentRequested(UUID id, Instant at, String payment) {
        return new PaymentRequested(id, at, PaymentId.parse(payment), new OrderId(uuid()), amount());
    }

    private DomainEvent paymentCompleted(UUID id, Instant at, String payment) {
        return new PaymentCompleted(id, at, PaymentId.parse(payment), new OrderId(uuid()), amount(),
                "txn_" + Long.toHexString(random.nextLong()));
    }

    private DomainEvent paymentFailed(UUID id, Instant at, String payment) {
        int failure = random.nextInt(FAILURES.length);
        return new PaymentFailed(id, at, PaymentId.parse(payment), new OrderId(uuid()), amount(), FAILURES[failure],
                FAILURE_RETRYABLE[failure]);
    }

    private DomainEvent inventoryCreated(UUID id, Instant at, String inventory) {
        return new InventoryCreated(id, at, InventoryId.parse(inventory), productId(),
                pick(ADJECTIVES) + " " + pick(PRODUCTS), random.nextInt(1_000));
    }

    private DomainEvent stockAdded(UUID id, Instant at, String inventory) {
        int added = 1 + random.nextInt(500);
        return new StockAdded(id, at, InventoryId.parse(inventory), productId(), added,
                added + random.nextInt(1_000));
    }

    private DomainEvent stockReserved(UUID id, Instant at, String inventory) {
        return new StockReserved(id, at, InventoryId.parse(inventory), productId(), new ReservationId(uuid()),
                new OrderId(uuid()), 1 + random.nextInt(10), random.nextInt(1_000));
    }

    // ---- field helpers ----

    /** A version-4 UUID from the seeded generator (UUID.randomUUID would be neither repeatable nor cheap). */
    private UUID uuid() {
        long msb = (random.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_4000L;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /**
     * A version-7 UUID (RFC 9562): {@code at}'s Unix milliseconds, the version, 12 random bits, the variant, 62
     * random bits. It draws as many numbers as {@link #uuid()}, so the rest of the event is the random-id event's.
     */
    private UUID timeOrderedUuid(Instant at) {
        long millis = at.toEpochMilli();
        if (millis < 0 || millis >>> 48 != 0) {
            throw new IllegalArgumentException("a time-ordered event id needs an instant in 1970..10889, not " + at);
        }
        long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    private CustomerName name(int first, int last) {
        return new CustomerName(FIRST_NAMES[first] + " " + LAST_NAMES[last]);
    }

    private Email email(int first, int last) {
        return new Email(FIRST_NAME_SLUGS[first] + "." + LAST_NAME_SLUGS[last] + random.nextInt(1_000) + "@"
                + pick(MAIL_DOMAINS));
    }

    private Phone phone() {
        return new Phone(pick(PHONE_PREFIXES) + digits(random.nextInt(10_000), 4));
    }

    private Address address() {
        String[] place = pick(PLACES);
        return new Address((1 + random.nextInt(250)) + " " + pick(STREETS), place[0],
                place[2] + digits(random.nextInt(100), 2), place[1]);
    }

    private static NotificationPreferences preferences(int bits) {
        return new NotificationPreferences((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
    }

    private ProductId productId() {
        return new ProductId("SKU-" + digits(random.nextInt(PRODUCT_CATALOG_SIZE), 5));
    }

    /** 1.00 to 2,000.00 in one of the currencies, always with scale 2. */
    private Money amount() {
        return money(100 + random.nextInt(199_901), pick(CURRENCIES));
    }

    private static Money money(long cents, Currency currency) {
        return new Money(BigDecimal.valueOf(cents, 2), currency);
    }

    /** Zero-padded decimal, without String.format's parsing cost on the load generator's path. */
    private static String digits(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
