package io.pipebench.events;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount in a currency. The amount keeps its scale ({@code 12.50} stays {@code 12.50}, in JSON a number) and
 * {@link #equals} is scale-sensitive, as {@link BigDecimal#equals} is. The currency is its ISO 4217 code in JSON.
 */
public record Money(BigDecimal amount, Currency currency) implements java.io.Serializable {

    public Money {
        Require.nonNull(amount, "amount");
        Require.nonNull(currency, "currency");
        // The event store keeps amounts in PostgreSQL's numeric (inside jsonb): at most 131072 digits before the point
        // and 16383 after. A larger amount (1e400000000 is 3 bytes of JSON) could be processed by every group and
        // never stored, or blow up whoever prints it in full; refuse it here, where decoding names the field.
        // In long: precision 1 minus scale -2147483647 (the amount 1e2147483647) overflows an int.
        long digitsBeforePoint = (long) amount.precision() - amount.scale();
        if (digitsBeforePoint > 131_072 || amount.scale() > 16_383) {
            throw new IllegalArgumentException("amount has " + digitsBeforePoint
                    + " digits before the point and scale " + amount.scale() + ": outside what the event store's "
                    + "numeric holds (131072 digits before the point, 16383 after)");
        }
    }

    /** E.g. {@code Money.of("12.50", "EUR")}. */
    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }
}
