package io.pipebench.load.driver.reference;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.harness.LoadConfig;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.testing.SharedKafka;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers the harness runs on an external (shared) cluster use group ids of their own, so they can never commit
 * offsets for the deployed system's groups, unless the user asks for the real groups.
 */
class HarnessGroupIdsTest {

    @Test
    void onAnExternalClusterTheHarnessConsumersUseRunScopedGroups(@TempDir Path dir) throws Exception {
        List<String> ids = startAndListGroups(dir, "false");
        assertThat(ids).hasSize(1);
        assertThat(ids.get(0)).matches("pipebench-harness-\\d{8}T\\d{6}Z-[0-9a-f]{6}-notification");
        try (Admin admin = Admin.create(SharedKafka.cluster().connectionProperties())) {
            assertThat(admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS))
                    .anySatisfy(g -> assertThat(g.groupId()).isEqualTo(ids.get(0)));
        }
    }

    @Test
    void realGroupsOnlyWhenAskedFor(@TempDir Path dir) throws Exception {
        assertThat(startAndListGroups(dir, "true")).containsExactly("genai-demo-notification");
    }

    @Test
    void theRunScopeIsTimeAndARandomSuffix() {
        String a = ReferencePipeline.runScope(Instant.parse("2026-11-30T00:45:00Z"));
        assertThat(a).startsWith("20261130T004500Z-");
        assertThat(a).isNotEqualTo(ReferencePipeline.runScope(Instant.parse("2026-11-30T00:45:00Z")));
    }

    private static List<String> startAndListGroups(Path dir, String realGroups) throws Exception {
        KafkaCluster cluster = SharedKafka.cluster();
        Path config = dir.resolve("cluster.properties");
        Files.writeString(config, "bootstrap.servers=" + cluster.bootstrapServers() + "\n");
        LoadOptions o = new LoadOptions();
        o.cluster = "external";
        o.clusterConfig = config.toString();
        o.startConsumers = "true";
        o.realGroups = realGroups;
        Workload smoke = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke");
        Workload w = new Workload(smoke.name(), smoke.description(), smoke.warmup(), smoke.duration(), smoke.rate(),
                smoke.aggregatesPerContext(), smoke.keyDistribution(), smoke.zipfExponent(), smoke.contextWeights(),
                smoke.typeWeights(), smoke.producerProfile(), smoke.producerOverrides(), List.of("notification"),
                smoke.seed(), smoke.thresholds(), smoke.source());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LoadEnvironment env = LoadEnvironment.open(LoadConfig.parse(o).reference(true), w,
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(env.pipeline().consumersHere()).isTrue();
            return env.groupIds();
        }
    }
}
