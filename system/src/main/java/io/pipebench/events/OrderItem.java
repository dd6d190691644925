package io.pipebench.events;

/** One line of an order: a product, how many ({@code > 0}) and the unit price. */
public record OrderItem(ProductId productId, int quantity, Money price) implements java.io.Serializable {

    public OrderItem {
        Require.nonNull(productId, "productId");
        Require.positive(quantity, "quantity");
        Require.nonNull(price, "price");
    }
}
