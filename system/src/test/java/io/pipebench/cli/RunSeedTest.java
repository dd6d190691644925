package io.pipebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code pipebench run}s into one event store. With the workload's fixed seed the second run generated the first
 * run's event ids with other content, and the audit group dead-lettered every one as a conflict (a fault run found
 * 102). Each run now draws its own seed, printed; {@code --seed} repeats a run, and shows the conflict on purpose.
 */
class RunSeedTest {

    private static final Pattern DEAD_LETTERS = Pattern.compile("dead letters (\\d+)");

    private EventStoreSettings store;
    private PrintStream originalOut;

    /** A cluster of its own: on the shared one the audit group meets other tests' records (and their conflicts). */
    private io.pipebench.cluster.EmbeddedKafkaCluster cluster;

    @BeforeEach
    void storeOfItsOwn() {
        cluster = io.pipebench.testing.Clusters.freshWithCatalog();
        store = TestSchemas.fresh("seed");
        System.setProperty("eventstore.jdbc.url", store.jdbcUrl());
        System.setProperty("eventstore.user", store.user());
        System.setProperty("eventstore.password", store.password());
        System.setProperty("eventstore.schema", store.schema());
        originalOut = System.out;
    }

    @AfterEach
    void restore() throws Exception {
        System.setOut(originalOut);
        cluster.close();
        for (String p : new String[] {"eventstore.jdbc.url", "eventstore.user", "eventstore.password",
                "eventstore.schema"}) {
            System.clearProperty(p);
        }
        try (Database db = Database.open(store)) {
            StoreQueries.dropSchema(db);
        }
    }

    @Test
    void aSecondRunIntoTheSameStoreDeadLettersNothingUnlessItRepeatsTheSeed(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("cluster.properties");
        Files.writeString(config, "bootstrap.servers=" + this.cluster.bootstrapServers() + "\n");
        Path cluster = config;

        String first = run(cluster, "--seed", "7");
        assertThat(first).contains("Event seed 7 (--seed)");
        assertThat(lastDeadLetters(first)).as(first).isZero();

        // A new seed: its own ids (what the first run left unprocessed is replayed with the same content: no conflict)
        String fresh = run(cluster);
        assertThat(fresh).containsPattern("Event seed -?\\d+ \\(new this run");
        assertThat(lastDeadLetters(fresh)).as(fresh).isZero();

        // The fault: the first run's ids again with other content (timestamps), as every run had before.
        String repeated = run(cluster, "--seed", "7");
        assertThat(lastDeadLetters(repeated)).as("the same ids again, other content: conflicts%n%s", repeated)
                .isPositive();
    }

    private String run(Path cluster, String... seed) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            String[] args = {"run", "--cluster", "external", "--cluster-config", cluster.toString(),
                    "--groups", "audit", "--rate", "100", "--duration", "4s", "--progress-every", "1",
                    "--metrics-port", "-1"};
            String[] all = new String[args.length + seed.length];
            System.arraycopy(args, 0, all, 0, args.length);
            System.arraycopy(seed, 0, all, args.length, seed.length);
            assertThat(PipebenchCli.execute(all)).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            System.setOut(originalOut);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** The dead letters of the run's last progress line (printed after the groups drained and closed). */
    private static long lastDeadLetters(String output) {
        Matcher m = DEAD_LETTERS.matcher(output);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }
}
