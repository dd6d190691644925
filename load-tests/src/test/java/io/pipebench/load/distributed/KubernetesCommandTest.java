package io.pipebench.load.distributed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generated manifests, read back with fabric8's Kubernetes API model classes (unknown fields refused). */
class KubernetesCommandTest {

    private static KubernetesCommand command(String... args) {
        KubernetesCommand c = new KubernetesCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static List<Job> parse(String yaml) throws Exception {
        ObjectMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        ObjectMapper reader = new ObjectMapper(new YAMLFactory());
        List<Job> jobs = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(yaml)) {
            for (Map<?, ?> doc : reader.readValues(p, Map.class).readAll()) {
                Job job = strict.convertValue(doc, Job.class);
                // fabric8 keeps fields it does not know in additionalProperties: there must be none, at any level.
                assertThat(job.getAdditionalProperties()).isEmpty();
                assertThat(job.getSpec().getAdditionalProperties()).isEmpty();
                assertThat(job.getSpec().getTemplate().getSpec().getAdditionalProperties()).isEmpty();
                job.getSpec().getTemplate().getSpec().getContainers()
                        .forEach(c -> assertThat(c.getAdditionalProperties()).isEmpty());
                jobs.add(job);
            }
        }
        return jobs;
    }

    @Test
    void anIndexedJobOfNInjectorsWithTheClusterFromASecret() throws Exception {
        String yaml = KubernetesCommand.yaml(command("--run", "peak-1", "--injectors", "4", "--rate", "100000",
                "--image", "registry.example/pipebench:1", "--secret", "msk-staging", "--duration", "10m")
                .manifests());
        List<Job> jobs = parse(yaml);
        assertThat(jobs).hasSize(2);
        Job injectors = jobs.get(0);
        assertThat(injectors.getApiVersion()).isEqualTo("batch/v1");
        assertThat(injectors.getMetadata().getName()).isEqualTo("peak-1-injectors");
        assertThat(injectors.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(injectors.getSpec().getParallelism()).isEqualTo(4);
        assertThat(injectors.getSpec().getCompletions()).isEqualTo(4);
        assertThat(injectors.getSpec().getBackoffLimit()).isZero();
        Container c = injectors.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/pipebench:1");
        assertThat(c.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getSecretRef().getName())
                .isEqualTo("msk-staging"));
        assertThat(c.getEnv()).singleElement().satisfies(e -> assertThat(e.getValue())
                .contains("-Dinjector.run=peak-1", "-Dinjector.count=4").doesNotContain("injector.index"));
        assertThat(c.getArgs()).contains("--cluster=external", "--rate=100000", "--duration=10m",
                "--groups=genai-demo-notification,genai-demo-analytics,genai-demo-audit,genai-demo-reporting");
        // 25,000/s per pod at 17.7 µs per record and 50 % use: 0.885 cores, rounded up to 1.
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
        assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("1"));
        assertThat(injectors.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        Job merge = jobs.get(1);
        assertThat(merge.getSpec().getCompletionMode()).isNull();
        assertThat(merge.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .startsWith("merge", "--run=peak-1", "--injectors=4");
        // Nothing of the cluster's settings is in the manifest: they come from the Secret.
        assertThat(yaml).doesNotContain("KAFKA_", "bootstrap", "password", "PASSWORD");
    }

    @Test
    void mskIamRunsAsTheServiceAccount() throws Exception {
        List<Job> jobs = parse(KubernetesCommand.yaml(command("--run", "r", "--injectors", "2", "--rate", "1000",
                "--image", "i", "--service-account", "pipebench-msk").manifests()));
        assertThat(jobs).allSatisfy(j -> assertThat(j.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("pipebench-msk"));
    }

    @Test
    void podsAreSizedFromTheMeasuredCostPerRecord() {
        assertThat(KubernetesCommand.coresPerPod(100_000, 2, 17.7)).isEqualTo(2.0); // 1.77 cores
        assertThat(KubernetesCommand.coresPerPod(100_000, 1, 17.7)).isEqualTo(4.0); // 3.54 cores
        assertThat(KubernetesCommand.coresPerPod(1_000, 3, 17.7)).isEqualTo(1.0);
    }

    @Test
    void badRunNamesAndScenariosAreRefused() {
        assertThatThrownBy(() -> command("--run", "Peak_1", "--injectors", "2", "--rate", "1", "--image", "i")
                .manifests()).hasMessageContaining("--run Peak_1");
        assertThatThrownBy(() -> command("--run", "p", "--injectors", "2", "--rate", "1", "--image", "i",
                "--scenario", "max-rate").manifests()).hasMessageContaining("max-rate scenario cannot run");
    }
}
