package io.pipebench.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@link Instant#toString()}, character for character, without its cost: the occurred-on header and the JSON's
 * instants of every event the load injector sends. {@code Instant.toString} goes through
 * {@code DateTimeFormatter.ISO_INSTANT} (a print context, a {@code LocalDateTime}, a {@code StringBuilder}) and took 9 %
 * of the injector's sending threads by itself (results/load/README.md, "The injector ratio").
 * <p>
 * Events are stamped by a clock, so consecutive ones mostly fall in the same second: the text up to the seconds
 * ({@code yyyy-MM-ddTHH:mm:ss}) is cached for the last second seen and copied, and the fraction is appended as
 * {@code Instant.toString} writes it: none when the nanos are 0, else 3, 6 or 9 digits (the fewest that are
 * exact). The cached text itself comes from {@code Instant.toString} of the whole second, so only the fraction is
 * written by hand. Outside years 0000-9999 ({@code Instant.toString} adds a sign and more year digits there) this
 * falls back to {@code Instant.toString}. Hand-written because no library on the class path formats an instant in
 * this exact form without going through {@code DateTimeFormatter} (Jackson's own {@code InstantSerializer} calls it
 * too); {@code IsoInstantTest} holds it to {@code Instant.toString} over edge cases and random instants.
 * <p>
 * Thread-safe: the cache is one immutable object read and replaced without locking (its fields are final, so a
 * thread sees either the old or the new second, whole). Threads stamping different seconds only miss more often.
 */
public final class IsoInstant {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the seconds whose text has a plain 4-digit year. */
    static final long FIRST_SECOND = -62_167_219_200L;
    static final long LAST_SECOND = 253_402_300_799L;
    private static final int PREFIX = 19; // yyyy-MM-ddTHH:mm:ss

    private static final class Second {
        final long epochSecond;
        final byte[] prefix;

        Second(long epochSecond, byte[] prefix) {
            this.epochSecond = epochSecond;
            this.prefix = prefix;
        }
    }

    private static Second last = new Second(Long.MIN_VALUE, null); // matches no second in range

    private IsoInstant() {
    }

    /** {@code instant.toString()}. */
    public static String format(Instant instant) {
        byte[] text = fast(instant);
        return text == null ? instant.toString() : new String(text, StandardCharsets.ISO_8859_1);
    }

    /** {@code instant.toString().getBytes(UTF_8)} (ASCII): a new array on each call, the caller may keep it. */
    public static byte[] ascii(Instant instant) {
        byte[] text = fast(instant);
        return text == null ? instant.toString().getBytes(StandardCharsets.UTF_8) : text;
    }

    /** The text, or null outside years 0000-9999. */
    private static byte[] fast(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < FIRST_SECOND || epochSecond > LAST_SECOND) {
            return null;
        }
        Second cached = last;
        if (cached.epochSecond != epochSecond) {
            cached = second(epochSecond);
            if (cached == null) {
                return null;
            }
            last = cached;
        }
        int nano = instant.getNano();
        int digits;
        int fraction;
        if (nano == 0) {
            digits = 0;
            fraction = 0;
        } else if (nano % 1_000_000 == 0) {
            digits = 3;
            fraction = nano / 1_000_000;
        } else if (nano % 1_000 == 0) {
            digits = 6;
            fraction = nano / 1_000;
        } else {
            digits = 9;
            fraction = nano;
        }
        int length = PREFIX + (digits == 0 ? 0 : 1 + digits) + 1;
        byte[] out = new byte[length];
        System.arraycopy(cached.prefix, 0, out, 0, PREFIX);
        int at = length - 1;
        out[at] = 'Z';
        if (digits > 0) {
            for (int i = 0; i < digits; i++) {
                out[--at] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            out[--at] = '.';
        }
        return out;
    }

    /**
     * The text of a whole second up to the seconds, from Instant.toString itself ("yyyy-MM-ddTHH:mm:ssZ"); null if a
     * JDK ever wrote it otherwise (then every instant falls back to Instant.toString).
     */
    private static Second second(long epochSecond) {
        String whole = Instant.ofEpochSecond(epochSecond).toString();
        if (whole.length() != PREFIX + 1 || whole.charAt(PREFIX) != 'Z') {
            return null;
        }
        return new Second(epochSecond, whole.substring(0, PREFIX).getBytes(StandardCharsets.ISO_8859_1));
    }
}
