package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Payloads an attacker or a broken producer could send (issue 14, item 8). Each must either decode to a valid event
 * or fail as {@link EventDecodingException} with a reason naming the type, so the consumer dead-letters it; never
 * another exception (which the consumer would treat as an outage and retry for ever) and never a stack overflow.
 */
class HostilePayloadTest {

    private static final ObjectMapper MAPPER = JsonEventCodec.newObjectMapper();
    private final JsonEventCodec codec = new JsonEventCodec(EventTypeRegistry.standard());

    private ObjectNode sample() throws Exception {
        return (ObjectNode) MAPPER.readTree(codec.encode(EventFactory.sampleOrderCreated()));
    }

    private static void assertMalformed(byte[] payload, String... fragments) {
        assertThatThrownBy(() -> new JsonEventCodec(EventTypeRegistry.standard()).decode("OrderCreated", 1, payload))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.MALFORMED_PAYLOAD))
                .message().contains(fragments);
    }

    @Test
    void bytesThatAreNotUtf8AreMalformed() throws Exception {
        byte[] json = MAPPER.writeValueAsBytes(sample());
        String text = new String(json, StandardCharsets.UTF_8);
        int quote = text.indexOf("\"customerId\":\"") + "\"customerId\":\"".length();
        byte[] hostile = new byte[json.length + 2];
        System.arraycopy(json, 0, hostile, 0, quote);
        hostile[quote] = (byte) 0xC3; // a lone lead byte followed by ASCII: invalid UTF-8
        hostile[quote + 1] = (byte) 0x28;
        System.arraycopy(json, quote, hostile, quote + 2, json.length - quote);
        assertMalformed(hostile, "OrderCreated");
    }

    @Test
    void aNulCharacterInATextFieldIsRefusedBecauseTheEventStoreCouldNeverStoreIt() throws Exception {
        // PostgreSQL's jsonb rejects \u0000 (SQLState 22P05): refuse it at decoding, naming the field, rather than
        // let every group process an event the store will never hold.
        ObjectNode json = sample();
        json.put("customerId", "c-1\u0000");
        assertMalformed(MAPPER.writeValueAsBytes(json), "OrderCreated", "U+0000", "22P05");
        // An escaped backslash followed by "u0000" is ordinary text.
        assertThat(JsonEventCodec.nulEscape("{\"a\":\"x\\\\u0000\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(JsonEventCodec.nulEscape("{\"a\":\"x\\u0000\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(7);
    }

    @Test
    void aHugeNumberIsMalformedNamingTheFieldNeverAnOverflowDownstream() throws Exception {
        String text = new String(MAPPER.writeValueAsBytes(sample()), StandardCharsets.UTF_8);
        String hugeAmount = text.replaceFirst("\"amount\":[-0-9.eE]+", "\"amount\":1e400000000");
        assertThat(hugeAmount).isNotEqualTo(text);
        assertMalformed(hugeAmount.getBytes(StandardCharsets.UTF_8), "OrderCreated", "totalAmount", "numeric");
        // The largest exponent a BigDecimal takes: precision minus scale overflows an int if counted in one.
        String maxExponent = text.replaceFirst("\"amount\":[-0-9.eE]+", "\"amount\":1e2147483647");
        assertMalformed(maxExponent.getBytes(StandardCharsets.UTF_8), "OrderCreated", "totalAmount");
        String longDigits = text.replaceFirst("\"amount\":[-0-9.eE]+", "\"amount\":" + "9".repeat(5000));
        // 5,000 digits: Jackson's own limit on a number's length (1000) refuses it before any BigDecimal exists.
        assertMalformed(longDigits.getBytes(StandardCharsets.UTF_8), "OrderCreated", "totalAmount", "length");
    }

    @Test
    void deeplyNestedJsonIsMalformedNotAStackOverflow() throws Exception {
        String text = new String(MAPPER.writeValueAsBytes(sample()), StandardCharsets.UTF_8);
        String nested = text.substring(0, text.length() - 1) + ",\"extra\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + "}";
        assertMalformed(nested.getBytes(StandardCharsets.UTF_8), "OrderCreated");
    }

    @Test
    void anOversizedStringIsMalformed() throws Exception {
        ObjectNode json = sample();
        json.put("customerId", "c".repeat(30_000_000));
        assertMalformed(MAPPER.writeValueAsBytes(json), "OrderCreated");
    }
}
