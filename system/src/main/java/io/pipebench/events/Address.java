package io.pipebench.events;

/** A delivery address, every part non-blank; {@code country} is free text as the source system keeps it. */
public record Address(String street, String city, String zipCode, String country) {

    public Address {
        Require.nonBlank(street, "street");
        Require.nonBlank(city, "city");
        Require.nonBlank(zipCode, "zipCode");
        Require.nonBlank(country, "country");
    }
}
