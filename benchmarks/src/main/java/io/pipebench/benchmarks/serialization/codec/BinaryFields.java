package io.pipebench.benchmarks.serialization.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The field conversions the schema codecs (Avro, Protobuf) share, so both carry the same information in the same
 * shape: a UUID as its 16 bytes, an instant as epoch microseconds (events keep no finer precision), an amount as
 * BigDecimal's unscaled bytes plus its scale (so 50.00 stays 50.00). Written by hand: neither library maps these
 * JDK types exactly (Avro's decimal fixes the scale in the schema; Protobuf has no decimal).
 */
final class BinaryFields {

    private BinaryFields() {
    }

    static byte[] uuid(UUID value) {
        return ByteBuffer.allocate(16).putLong(value.getMostSignificantBits())
                .putLong(value.getLeastSignificantBits()).array();
    }

    static UUID uuid(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a UUID needs 16 bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    static byte[] unscaled(BigDecimal amount) {
        return amount.unscaledValue().toByteArray();
    }

    static BigDecimal decimal(byte[] unscaled, int scale) {
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
