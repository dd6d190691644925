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
    }

    /** E.g. {@code Money.of("12.50", "EUR")}. */
    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }
}
