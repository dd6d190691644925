package io.pipebench.events;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()}, character for character, without its cost: the occurred-on header and the JSON's
 * instants of every event the load injector sends; and {@link #parse}, {@link Instant#parse}'s result for the same
 * text, for the occurred-on header every consumer group reads back and, through {@link #cached} and
 * {@link #remember}, the instants of the JSON it decodes ({@code JsonEventCodec.IsoInstantDeserializer}).
 * {@code Instant.toString} goes through {@code DateTimeFormatter.ISO_INSTANT} (a print context, a
 * {@code LocalDateTime}, a {@code StringBuilder}) and took 9 % of the injector's sending threads by itself
 * (results/load/README.md, "The injector ratio").
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

    /** The last second {@link #parse} read: its text up to the seconds and its epoch second. */
    private static final class ParsedSecond {
        final String prefix;
        final long epochSecond;

        ParsedSecond(String prefix, long epochSecond) {
            this.prefix = prefix;
            this.epochSecond = epochSecond;
        }
    }

    private static ParsedSecond lastParsed = new ParsedSecond(null, 0);

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

    /**
     * {@code Instant.parse(text)}: the same instant, or the same {@code DateTimeParseException}. Why by hand:
     * {@code Instant.parse} of the occurred-on header, once per event in each of the four groups, ranked first in a
     * JFR allocation profile of a max-rate run (a parse context, a HashMap and an ArrayList per call), and costs
     * ~590 ns and 1,840 B per call against ~21 ns and 24 B here ({@code OccurredOnReadBenchmark},
     * results/capacity/README.md). As {@link #format} caches the last second's text, this caches the last
     * second parsed: a text that starts with the same 19 characters ({@code yyyy-MM-ddTHH:mm:ss}) and ends in
     * {@code Z} or {@code .} with 1-9 digits and {@code Z} is that second plus its fraction. Everything else (another
     * second, an offset, a lower-case z, an empty or 10-digit fraction, any error) goes to {@code Instant.parse}, which
     * decides; a second is cached only after {@code Instant.parse} accepted a text of that shape and agreed with the
     * arithmetic, and never hour 24 or second 60 (there the JDK rolls the day or reads a leap second, and a fraction
     * changes what it accepts). {@code IsoInstantTest} holds it to {@code Instant.parse} over valid and mutated texts.
     */
    public static Instant parse(String text) {
        Instant hit = cached(text);
        if (hit != null) {
            return hit;
        }
        Instant parsed = Instant.parse(text);
        remember(text, parsed);
        return parsed;
    }

    /**
     * {@link #parse}'s fast path alone: the instant when {@code text} is the last second parsed plus a tail {@code Z}
     * or {@code .d{1,9}Z}, else null (the caller's own parser decides, its errors included).
     */
    static Instant cached(String text) {
        ParsedSecond cached = lastParsed;
        if (cached.prefix != null && text.length() > PREFIX && text.startsWith(cached.prefix)) {
            int nano = fraction(text);
            if (nano >= 0) {
                return Instant.ofEpochSecond(cached.epochSecond, nano);
            }
        }
        return null;
    }

    /**
     * Caches the second of {@code text}, which some parser turned into {@code parsed}: only a plain second whose
     * fraction the arithmetic reads as the parser did (see {@link #parse}) and whose date and time are that epoch
     * second by the calendar's own reckoning, so that no parser (a custom deserializer, a problem handler's
     * substitute) can put a wrong second in the cache every reader shares. Runs about once a second.
     */
    static void remember(String text, Instant parsed) {
        int nano = text.length() > PREFIX ? fraction(text) : -1;
        if (nano < 0 || !plainSecond(text) || parsed.getNano() != nano) {
            return;
        }
        long second;
        try {
            second = LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2), number(text, 11, 2),
                    number(text, 14, 2), number(text, 17, 2)).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return; // February 30th and the like: Instant.parse refuses them too
        }
        if (second == parsed.getEpochSecond()) {
            lastParsed = new ParsedSecond(text.substring(0, PREFIX), second);
        }
    }

    /** The decimal number of {@code digits} characters at {@code from} (plainSecond checked they are digits). */
    private static int number(String text, int from, int digits) {
        int n = 0;
        for (int i = from; i < from + digits; i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }

    /** The nanos of a tail {@code Z} or {@code .d{1,9}Z} after the 19 characters of the second; -1 for any other tail. */
    private static int fraction(String text) {
        int length = text.length();
        if (text.charAt(length - 1) != 'Z') {
            return -1;
        }
        if (length == PREFIX + 1) {
            return 0;
        }
        int digits = length - PREFIX - 2;
        if (text.charAt(PREFIX) != '.' || digits < 1 || digits > 9) {
            return -1;
        }
        int nano = 0;
        for (int i = PREFIX + 1; i < length - 1; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            nano = nano * 10 + (c - '0');
        }
        for (int i = digits; i < 9; i++) {
            nano *= 10;
        }
        return nano;
    }

    /** {@code dddd-dd-ddTdd:dd:dd} with hour 00-23 and second 00-59: a second whose fraction changes nothing else. */
    private static boolean plainSecond(String text) {
        for (int i = 0; i < PREFIX; i++) {
            char c = text.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        int hour = (text.charAt(11) - '0') * 10 + (text.charAt(12) - '0');
        int second = (text.charAt(17) - '0') * 10 + (text.charAt(18) - '0');
        return hour <= 23 && second <= 59;
    }
}
