package io.pipebench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.ConsumerSettings;
import io.pipebench.consume.GroupNames;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.profile.PipelineProfile;
import io.pipebench.profile.PipelineProfiler;
import io.pipebench.profile.ProfileReport;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/** Profiles the whole pipeline at a rate: CPU by part per event, broker requests by API, batching, latency. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Profile the whole pipeline at a steady rate, without Gatling: publisher, the consumer groups, "
                + "audit into the event store, a lag monitor. Prints CPU µs per event by part (broker threads, "
                + "publisher, each group, lag monitor, harness, JVM, PostgreSQL processes), the brokers' requests "
                + "by API, batching per poll and fetch, end-to-end latency per group; writes it as JSON.",
                "CPU per event is the figure to compare on a shared machine; wall-clock rates are noisy.",
                "Example: pipebench profile --rate 1000 --seconds 60 --consumer-profile tuned --out results/capacity/runs"})
final class ProfileCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--rate", required = true, paramLabel = "EVENTS_PER_S", description = "Steady publish rate.")
    double rate;

    @Option(names = "--seconds", defaultValue = "60", paramLabel = "S",
            description = "Measured window (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "20", paramLabel = "S",
            description = "Publishing before the window opens (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--producer-profile", defaultValue = "seed", paramLabel = "NAME",
            description = "seed (default) or tuned.")
    String producerProfile;

    @Option(names = "--consumer-profile", defaultValue = "seed", paramLabel = "NAME",
            description = "seed (default) or tuned.")
    String consumerProfile;

    @Option(names = "--workload", defaultValue = "steady", paramLabel = "NAME|FILE",
            description = "Event mix and keys (default ${DEFAULT-VALUE}); its rate is replaced by --rate.")
    String workload;

    @Option(names = "--groups", split = ",", paramLabel = "NAME",
            description = "Consumer groups (default: all of notification,analytics,audit,reporting).")
    List<String> groups = ReferenceSystem.Builder.ALL_GROUPS;

    @Option(names = "--out", paramLabel = "DIR", description = "Write profile-<time>.json into this folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--seconds must be > 0 and --warmup >= 0, were " + seconds + " and "
                    + warmup);
        }
        Workload w = new WorkloadLoader(EventTypeRegistry.standard()).load(workload);
        Map<String, Object> producer = ProducerProfiles.named(producerProfile, w.producerOverrides());
        ConsumerSettings.Profile consumer = ConsumerSettings.named(consumerProfile, "--consumer-profile");
        // A schema of the run's own, dropped after: a store that grows from run to run would move the figures.
        EventStoreSettings store = groups.contains(GroupNames.AUDIT) ? EventStoreSettings.fromEnvironment()
                .withSchema("profile_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)) : null;
        PipelineProfile profile;
        try (KafkaCluster c = cluster.open()) {
            Topics.applyAndPrint(c, Optional.empty(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            System.out.println("Kafka: " + c.describe());
            try {
                profile = new PipelineProfiler(c, store).run(new PipelineProfiler.Options(rate,
                        Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), producerProfile, producer,
                        consumer, w, groups), System.out);
            } finally {
                if (store != null) {
                    Database.dropSchemaAfterRun(store).ifPresent(why -> System.err.println(
                            "pipebench: could not drop the profile's schema " + store.schema() + ": " + why));
                }
            }
        }
        System.out.print(ProfileReport.render(profile));
        if (out != null) {
            Files.createDirectories(out);
            Path file = out.resolve("profile-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                    .withZone(ZoneOffset.UTC).format(profile.started()) + "-" + Math.round(rate) + "-"
                    + producerProfile + "-" + consumerProfile + ".json");
            new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValue(file.toFile(), profile);
            System.out.println("Wrote " + file);
        }
        return 0;
    }
}
