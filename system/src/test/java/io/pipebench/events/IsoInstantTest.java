package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link IsoInstant} against the JDK: {@code format} writes {@link Instant#toString()}'s text and {@code parse} reads
 * {@link Instant#parse}'s instant (or fails as it does) for every text, cached second or not.
 */
class IsoInstantTest {

    @Test
    void edgeCasesAreWrittenExactlyAsInstantToString() {
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(0, 1),
                Instant.parse("2025-01-15T10:30:00Z"),            // zero nanos, zero seconds (":00" kept)
                Instant.parse("2025-01-15T10:30:00.123Z"),        // millis only
                Instant.parse("2025-01-15T10:30:00.123456Z"),     // micros
                Instant.parse("2025-01-15T10:30:00.123456789Z"),  // nanos
                Instant.parse("2025-01-15T10:30:00.100Z"),        // trailing zeros inside a group of three
                Instant.parse("2025-01-15T10:30:00.000120Z"),
                Instant.parse("2025-01-15T10:30:00.000000001Z"),
                Instant.parse("2025-01-15T10:30:00.999999999Z"),
                Instant.parse("2025-01-15T10:30:00.001Z"),
                Instant.parse("2025-01-15T10:30:00.000001Z"),
                Instant.parse("2025-01-15T10:30:00.010Z"),
                Instant.parse("2025-01-15T10:30:00.000010Z"),
                Instant.parse("2024-02-29T23:59:59.500Z"),        // leap day
                Instant.parse("1969-12-31T23:59:59.500Z"),        // negative epoch second with a fraction
                Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0999-06-30T12:00:00.5Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.ofEpochSecond(IsoInstant.FIRST_SECOND),
                Instant.ofEpochSecond(IsoInstant.LAST_SECOND, 999_999_999),
                // outside 0000-9999: Instant.toString writes a sign and more digits, IsoInstant falls back to it
                Instant.ofEpochSecond(IsoInstant.FIRST_SECOND - 1),
                Instant.ofEpochSecond(IsoInstant.FIRST_SECOND - 1, 123_000),
                Instant.ofEpochSecond(IsoInstant.LAST_SECOND + 1),
                Instant.ofEpochSecond(IsoInstant.LAST_SECOND + 1, 5),
                Instant.parse("-0001-01-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00.1Z"),
                Instant.MIN,
                Instant.MAX));
        for (Instant instant : instants) {
            assertSame(instant);
        }
        assertThat(IsoInstant.format(Instant.ofEpochSecond(IsoInstant.FIRST_SECOND))).isEqualTo("0000-01-01T00:00:00Z");
        assertThat(IsoInstant.format(Instant.ofEpochSecond(IsoInstant.LAST_SECOND)))
                .isEqualTo("9999-12-31T23:59:59Z");
        assertThat(IsoInstant.format(Instant.ofEpochSecond(IsoInstant.FIRST_SECOND - 1)))
                .isEqualTo("-0001-12-31T23:59:59Z");
        assertThat(IsoInstant.format(Instant.ofEpochSecond(IsoInstant.LAST_SECOND + 1)))
                .isEqualTo("+10000-01-01T00:00:00Z");
    }

    @Test
    void everyFractionLengthOfOneSecondMatches() {
        long second = Instant.parse("2031-07-04T08:09:10Z").getEpochSecond();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            assertSame(Instant.ofEpochSecond(second, nano(random)));
        }
        for (int nano = 0; nano < 2_000; nano++) {
            assertSame(Instant.ofEpochSecond(second, nano));
            assertSame(Instant.ofEpochSecond(second, nano * 1_000L));
            assertSame(Instant.ofEpochSecond(second, nano * 1_000_000L % 1_000_000_000L));
            assertSame(Instant.ofEpochSecond(second, 999_999_999 - nano));
        }
    }

    @Test
    void randomInstantsOverEveryRangeMatch() {
        SplittableRandom random = new SplittableRandom(13);
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = switch (i % 4) {
                case 0 -> random.nextLong(IsoInstant.FIRST_SECOND, IsoInstant.LAST_SECOND + 1); // the cached range
                case 1 -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond() + 1);
                case 2 -> now + random.nextLong(-86_400, 86_400); // a running system's stamps, seconds apart
                default -> random.nextBoolean() // around either end of the fast range
                        ? IsoInstant.FIRST_SECOND + random.nextLong(-100, 100)
                        : IsoInstant.LAST_SECOND + random.nextLong(-100, 100);
            };
            assertSame(Instant.ofEpochSecond(second, nano(random)));
        }
    }

    @Test
    void clockReadingsMatchAsTheInjectorStampsThem() {
        Instant previous = null;
        for (int i = 0; i < 100_000; i++) {
            Instant now = Instant.now();
            assertSame(now);
            assertSame(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS)); // as events keep them
            if (previous != null) {
                assertSame(previous); // back to the previous second now and then: a miss must not mix them up
            }
            previous = now;
        }
    }

    @Test
    void threadsFormattingDifferentSecondsAtOnceEachGetTheirOwnText() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    long base = Instant.parse("2025-01-15T10:30:00Z").getEpochSecond();
                    for (int i = 0; i < 50_000; i++) {
                        assertSame(Instant.ofEpochSecond(base + random.nextInt(8), nano(random)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parseReadsWhatInstantParseReadsForTheTextsFormatWrites() {
        SplittableRandom random = new SplittableRandom(17);
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = i % 2 == 0 ? now + random.nextLong(-5, 5) // mostly the cached second, as in a run
                    : random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond() + 1);
            assertParsesAsJdk(Instant.ofEpochSecond(second, nano(random)).toString());
        }
    }

    @Test
    void parseAgreesWithInstantParseOnEdgesAndRefusesWhatItRefuses() {
        List<String> texts = List.of(
                "2025-01-15T10:30:00Z", "2025-01-15T10:30:00.5Z", "2025-01-15T10:30:00.123456789Z",
                "2025-01-15T10:30:00.1234567891Z",   // 10 digits: refused by both
                "2025-01-15T10:30:00.Z",             // a point and no digits: whatever the JDK does
                "2025-01-15T10:30:00.123z", "2025-01-15t10:30:00.123Z", // case: the JDK's parse is case-insensitive
                "2025-01-15T10:30:00.123+01:00", "2025-01-15T10:30:00+00:00", "2025-01-15T10:30:00.123",
                "2025-01-15T10:30:00.12a4Z", "2025-01-15T10:30:00.123ZZ", "2025-01-15T10:30:00 Z",
                "2025-01-15T24:00:00Z", "2025-01-15T24:00:00.5Z", // hour 24: the next day, but only without a fraction
                "2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5Z", // a leap second
                "2025-02-29T10:30:00Z", "2024-02-29T10:30:00.25Z", "2025-13-01T00:00:00Z", "2025-01-15T10:60:00Z",
                "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00.5Z", "0000-01-01T00:00:00Z", "Z", "", "garbage");
        for (String text : texts) {
            // each alone, then after a text of the same second has been parsed (its second cached), then again
            assertParsesAsJdk(text);
            if (text.length() >= 19) {
                assertParsesAsJdk(text.substring(0, 19) + "Z");
                assertParsesAsJdk(text.substring(0, 19) + ".75Z");
            }
            assertParsesAsJdk(text);
        }
    }

    @Test
    void parseOfMutatedTextsAfterTheirSecondIsCachedFailsOrSucceedsAsInstantParse() {
        SplittableRandom random = new SplittableRandom(23);
        String alphabet = "0123456789.:-+TZzt ";
        long base = Instant.parse("2025-01-15T10:30:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            String valid = Instant.ofEpochSecond(base + random.nextInt(3), nano(random)).toString();
            assertParsesAsJdk(valid); // caches its second
            StringBuilder mutated = new StringBuilder(valid);
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(mutated.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> mutated.insert(at, c);
                    case 1 -> mutated.setCharAt(Math.min(at, mutated.length() - 1), c);
                    default -> mutated.deleteCharAt(Math.min(at, mutated.length() - 1));
                }
            }
            assertParsesAsJdk(mutated.toString());
        }
    }

    @Test
    void eachCallGetsItsOwnArray() {
        Instant instant = Instant.parse("2025-01-15T10:30:00.123456Z");
        byte[] first = IsoInstant.ascii(instant);
        first[0] = 'x';
        assertThat(new String(IsoInstant.ascii(instant), StandardCharsets.UTF_8))
                .isEqualTo("2025-01-15T10:30:00.123456Z");
    }

    /** Nanos of each shape Instant.toString distinguishes: 0, whole millis, whole micros, any. */
    private static int nano(SplittableRandom random) {
        int nano = random.nextInt(1_000_000_000);
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> nano / 1_000_000 * 1_000_000;
            case 2 -> nano / 1_000 * 1_000;
            default -> nano;
        };
    }

    private static void assertSame(Instant instant) {
        String expected = instant.toString();
        String actual = IsoInstant.format(instant);
        if (!expected.equals(actual)) {
            throw new AssertionError("IsoInstant.format(" + instant.getEpochSecond() + "s, " + instant.getNano()
                    + "ns) = '" + actual + "', Instant.toString = '" + expected + "'");
        }
        byte[] bytes = IsoInstant.ascii(instant);
        if (!java.util.Arrays.equals(expected.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new AssertionError("IsoInstant.ascii(" + instant.getEpochSecond() + "s, " + instant.getNano()
                    + "ns) = '" + new String(bytes, StandardCharsets.UTF_8) + "', Instant.toString = '" + expected
                    + "'");
        }
    }

    /** IsoInstant.parse(text) returns what Instant.parse returns, or throws the same exception type when it throws. */
    private static void assertParsesAsJdk(String text) {
        Object expected;
        try {
            expected = Instant.parse(text);
        } catch (RuntimeException e) {
            expected = e.getClass();
        }
        Object actual;
        try {
            actual = IsoInstant.parse(text);
        } catch (RuntimeException e) {
            actual = e.getClass();
        }
        if (!expected.equals(actual)) {
            throw new AssertionError("IsoInstant.parse('" + text + "') = " + actual + ", Instant.parse: " + expected);
        }
    }
}
