package io.pipebench.benchmarks.serialization;

import io.pipebench.benchmarks.serialization.codec.Candidate;
import io.pipebench.events.EventCodec;

/**
 * The guard against silent winners: a codec that drops or bends a field (a lost BigDecimal scale, a truncated
 * instant, a missing header) would be cheap and wrong. Records compare by value, BigDecimal by value and scale.
 */
public final class RoundTrip {

    private RoundTrip() {
    }

    /**
     * Encodes the input and decodes it back.
     *
     * @return the encoded form, for callers that go on to measure or size it
     * @throws IllegalStateException naming the codec, the input and both values if they differ
     */
    public static Object verify(Candidate candidate, EventCodec codec, Input input) {
        Object original = input.sample();
        Object encoded = input.encode(codec, original);
        Object decoded = input.decode(codec, encoded);
        if (!original.equals(decoded)) {
            throw new IllegalStateException(candidate + " does not round-trip " + input + ": wrote " + original
                    + " but read back " + decoded + ". A codec that loses information must not be ranked.");
        }
        // Encoding must also be repeatable: same input, same bytes (a size table would lie otherwise).
        Object again = input.encode(codec, original);
        if (!java.util.Arrays.equals(input.payload(encoded), input.payload(again))) {
            throw new IllegalStateException(candidate + " encodes " + input + " to different bytes on each call");
        }
        return encoded;
    }
}
