package io.pipebench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.run.ProfileComparison;
import io.pipebench.workload.WorkloadLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "profiles", mixinStandardHelpOptions = true, description = "Producer profiles (seed, tuned).",
        subcommands = {ProfilesCommand.Compare.class})
final class ProfilesCommand {

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Publish the same real events unthrottled with each profile, interleaved over rounds on one "
                    + "cluster, and compare throughput and send-to-ack latency (a ratio inside one run).",
                    "Example: pipebench profiles compare --events 200000 --rounds 3 --out results/profiles"})
    static final class Compare implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--profiles", split = ",", defaultValue = "seed,tuned", description = "Default ${DEFAULT-VALUE}.")
        List<String> profiles;

        @Option(names = "--events", defaultValue = "200000", description = "Events per profile per round (default ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--rounds", defaultValue = "3", description = "Rounds (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--workload", defaultValue = "steady", description = "Event mix and keys (default ${DEFAULT-VALUE}).")
        String workload;

        @Option(names = "--out", paramLabel = "DIR", description = "Also write the rounds as JSON into this folder.")
        Path out;

        @Override
        public Integer call() throws Exception {
            var w = new WorkloadLoader(EventTypeRegistry.standard()).load(workload);
            try (KafkaCluster c = cluster.open()) {
                Topics.applyAndPrint(c, Optional.empty(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                System.out.println("Cluster: " + c.describe());
                System.out.printf("%-7s %5s %9s %8s %11s %8s %8s %8s %9s%n", "profile", "round", "events", "seconds",
                        "events/s", "p50 ms", "p95 ms", "p99 ms", "max ms");
                List<ProfileComparison.Round> rounds = new ProfileComparison(c, w).run(profiles, events, this.rounds,
                        r -> System.out.printf("%-7s %5d %9d %8.2f %11.0f %8.1f %8.1f %8.1f %9.1f%n", r.profile(),
                                r.round(), r.events(), r.seconds(), r.eventsPerSecond(), r.p50Ms(), r.p95Ms(),
                                r.p99Ms(), r.maxMs()));
                Map<String, double[]> tp = ProfileComparison.throughput(rounds);
                System.out.println();
                tp.forEach((p, a) -> System.out.printf("%-7s mean %.0f events/s (min %.0f, max %.0f) over %d rounds%n",
                        p, a[0], a[1], a[2], (int) a[3]));
                if (tp.size() >= 2) {
                    var it = tp.entrySet().iterator();
                    var first = it.next();
                    while (it.hasNext()) {
                        var other = it.next();
                        System.out.printf("%s / %s = %.2f%n", other.getKey(), first.getKey(),
                                other.getValue()[0] / first.getValue()[0]);
                    }
                }
                if (out != null) {
                    Files.createDirectories(out);
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("measuredAt", Instant.now());
                    doc.put("command", "pipebench profiles compare --events " + events + " --rounds " + this.rounds
                            + " --profiles " + String.join(",", profiles) + " --workload " + workload);
                    doc.put("cluster", c.describe());
                    doc.put("cpus", Runtime.getRuntime().availableProcessors());
                    doc.put("rounds", rounds);
                    Path file = out.resolve("profiles-" + Instant.now().toString().replace(':', '-') + ".json");
                    new ObjectMapper().registerModule(new JavaTimeModule())
                            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                            .enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
                    System.out.println("Wrote " + file);
                }
                return 0;
            }
        }
    }
}
