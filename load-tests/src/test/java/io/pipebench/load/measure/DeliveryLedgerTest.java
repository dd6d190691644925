package io.pipebench.load.measure;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerTest {

    @Test
    void countsLostDuplicatedAndReadButUnacknowledged() {
        DeliveryLedger ledger = new DeliveryLedger();
        LongStream.range(0, 10).forEach(ledger::acknowledged);
        // 3 and 7 never read; 5 read three times; 12 read although its send was reported failed
        for (long s : new long[] {0, 1, 2, 4, 5, 5, 6, 8, 9, 5, 12}) {
            ledger.read(s);
        }
        assertThat(ledger.lost()).isEqualTo(2);
        assertThat(ledger.sampleLost(10)).containsExactly(3L, 7L);
        assertThat(ledger.duplicated()).isEqualTo(2);
        assertThat(ledger.readButNotAcknowledged()).isEqualTo(1);
        assertThat(ledger.acknowledgedCount()).isEqualTo(10);
        assertThat(ledger.readCount()).isEqualTo(9);
    }

    @Test
    void aFirstReadIsReportedOnceAndRepeatsAreDuplicates() {
        DeliveryLedger ledger = new DeliveryLedger();
        assertThat(ledger.read(42)).isTrue();
        assertThat(ledger.read(42)).isFalse();
        assertThat(ledger.duplicated()).isEqualTo(1);
    }

    @Test
    void sequencesAcrossPagesAndConcurrentWritersAreAllCounted() throws InterruptedException {
        DeliveryLedger ledger = new DeliveryLedger();
        long n = 3_000_000; // three 1 M-bit pages
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int offset = t;
            pool.submit(() -> {
                for (long s = offset; s < n; s += 4) {
                    ledger.acknowledged(s);
                    if (s % 1000 != 999) {
                        ledger.read(s);
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ledger.acknowledgedCount()).isEqualTo(n);
        assertThat(ledger.lost()).isEqualTo(n / 1000);
        assertThat(ledger.sampleLost(2)).containsExactly(999L, 1999L);
        assertThat(ledger.duplicated()).isZero();
    }
}
