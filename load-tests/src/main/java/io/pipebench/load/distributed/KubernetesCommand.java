package io.pipebench.load.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pipebench.load.harness.LoadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code pipebench load k8s}: the manifests of a distributed run on Kubernetes, the engine: an Indexed Job of N
 * injector pods ({@code completionMode: Indexed}, {@code JOB_COMPLETION_INDEX} is each pod's index) and a merge Job
 * that waits for their parts on the run topic and prints the merged verdict. The cluster settings come from a Secret
 * through {@code envFrom} (SCRAM credentials, or for MSK IAM only the bootstrap servers and mechanism, the AWS
 * identity coming from the pod's service account): no setting or credential is written into the manifest.
 */
@Command(name = "k8s", mixinStandardHelpOptions = true, description = {"Print the Kubernetes manifests of a "
        + "distributed run: an Indexed Job of N injectors and the Job that merges their results."})
public final class KubernetesCommand implements Callable<Integer> {

    /**
     * Injector CPU per published record from the injector-ratio run (results/load/README.md): the send action held
     * 81,403 records/s with Gatling's threads and the producer's I/O thread at 72 % of 2 cores (the brokers had the
     * rest), i.e. 1.44 cores / 81,403/s = 17.7 µs per record.
     */
    public static final double MEASURED_US_PER_EVENT = 17.7;
    /** Target CPU use of a pod: the end-to-end tracker reading back every record and the GC need the rest. */
    public static final double UTILISATION = 0.5;
    /** The deployed system's group ids, {@code genai-demo-<name>}; a constant, as an annotation default must be. */
    private static final String DOCUMENT_GROUPS = LoadOptions.DOCUMENT_GROUP_IDS;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");

    @Option(names = "--run", required = true, description = "The run id (lower case, digits, '-'): names the Jobs "
            + "and the run topic.")
    String run;

    @Option(names = "--injectors", required = true, description = "How many injector pods.")
    int injectors;

    @Option(names = "--image", required = true, description = "The harness image (mvn -Pjib ... jib:build).")
    String image;

    @Option(names = "--secret", defaultValue = "pipebench-kafka", description = "The Secret holding the KAFKA_* "
            + "settings (and credentials for SCRAM).")
    String secret;

    @Option(names = "--service-account", defaultValue = "", description = "The service account the pods run as "
            + "(MSK IAM: one bound to an IAM role, e.g. EKS IRSA or Pod Identity).")
    String serviceAccount;

    @Option(names = "--namespace", defaultValue = "", description = "The namespace (default: kubectl's).")
    String namespace;

    @Option(names = "--scenario", defaultValue = "steady", description = "steady, smoke or soak.")
    String scenario;

    @Option(names = "--workload", defaultValue = "", description = "A workload name or a file inside the image.")
    String workload;

    @Option(names = "--rate", required = true, description = "The run's total events/s; each injector takes 1/N.")
    double rate;

    @Option(names = "--duration", defaultValue = "", description = "The measured duration, e.g. 10m.")
    String duration;

    @Option(names = "--groups", defaultValue = DOCUMENT_GROUPS, description = "The consumer groups injector 0 watches.")
    String groups;

    @Option(names = "--consumer-metrics", defaultValue = "", description = "The consumers' Prometheus endpoint.")
    String consumerMetrics;

    @Option(names = "--not-applicable", defaultValue = "", description = "Passed to the merge, see `load --help`.")
    String notApplicable;

    @Option(names = "--us-per-event", defaultValue = "" + MEASURED_US_PER_EVENT,
            description = "Injector CPU µs per record, to size the pods (default: measured, see the source).")
    double usPerEvent;

    @Option(names = "--out", description = "Write the manifests here instead of printing them.")
    Path out;

    @Override
    public Integer call() throws IOException {
        String yaml = yaml(manifests());
        if (out == null) {
            System.out.print(yaml);
        } else {
            Files.writeString(out, yaml);
            System.err.println("Wrote " + out + " (kubectl apply -f " + out + ")");
        }
        return 0;
    }

    /** CPU cores to request per pod: its share of the rate at the measured cost, at the target use, at least 1. */
    public static double coresPerPod(double rate, int injectors, double usPerEvent) {
        double cores = rate / injectors * usPerEvent / 1e6 / UTILISATION;
        return Math.max(1, Math.ceil(cores * 2) / 2);
    }

    /** The injector Job and the merge Job. */
    public List<Map<String, Object>> manifests() {
        if (!NAME.matcher(run).matches()) {
            throw new IllegalArgumentException("--run " + run + " must be lower-case letters, digits and '-' (at most "
                    + "42), as Kubernetes names need");
        }
        if (injectors < 1 || injectors > 1000) {
            throw new IllegalArgumentException("--injectors must be between 1 and 1000, was " + injectors);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be > 0 events/s, was " + rate);
        }
        new InjectorSlice(run, 0, injectors).requireScenario(scenario);
        double cores = coresPerPod(rate, injectors, usPerEvent);
        List<String> args = new ArrayList<>(List.of("--scenario=" + scenario, "--cluster=external",
                "--rate=" + fmt(rate), "--groups=" + groups, "--results=/tmp/results",
                "--gatling-results=/tmp/gatling"));
        if (!workload.isBlank()) {
            args.add("--workload=" + workload);
        }
        if (!duration.isBlank()) {
            args.add("--duration=" + duration);
        }
        if (!consumerMetrics.isBlank()) {
            args.add("--consumer-metrics=" + consumerMetrics);
        }
        Map<String, Object> injectorsJob = job(run + "-injectors", Map.of(
                "completionMode", "Indexed", "completions", injectors, "parallelism", injectors,
                // A restarted injector would miss the barrier and double its share: one attempt, the merge names it.
                "backoffLimit", 0),
                container("injector", args, "-Dinjector.run=" + run + " -Dinjector.count=" + injectors,
                        resources(cores, "3Gi")), true);
        List<String> mergeArgs = new ArrayList<>(List.of("merge", "--run=" + run, "--injectors=" + injectors,
                "--results=/tmp/results"));
        if (!notApplicable.isBlank()) {
            mergeArgs.add("--not-applicable=" + notApplicable);
        }
        Map<String, Object> mergeJob = job(run + "-merge", Map.of("completions", 1, "parallelism", 1,
                "backoffLimit", 0), container("merge", mergeArgs, "", resources(1, "2Gi")), false);
        return List.of(injectorsJob, mergeJob);
    }

    private Map<String, Object> job(String name, Map<String, Object> jobSpec, Map<String, Object> container,
                                    boolean spread) {
        Map<String, Object> labels = Map.of("app.kubernetes.io/name", "pipebench", "pipebench/run", run);
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        if (!serviceAccount.isBlank()) {
            podSpec.put("serviceAccountName", serviceAccount);
        }
        if (spread) {
            // One injector per node where possible: each measures on its own clock and its own cores.
            podSpec.put("topologySpreadConstraints", List.of(Map.of("maxSkew", 1,
                    "topologyKey", "kubernetes.io/hostname", "whenUnsatisfiable", "ScheduleAnyway",
                    "labelSelector", Map.of("matchLabels", Map.of("job-name", name)))));
        }
        podSpec.put("containers", List.of(container));
        Map<String, Object> spec = new LinkedHashMap<>(jobSpec);
        spec.put("ttlSecondsAfterFinished", 7 * 24 * 3600);
        spec.put("template", Map.of("metadata", Map.of("labels", labels), "spec", podSpec));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (!namespace.isBlank()) {
            metadata.put("namespace", namespace);
        }
        metadata.put("labels", labels);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", metadata);
        job.put("spec", spec);
        return job;
    }

    private Map<String, Object> container(String name, List<String> args, String javaOptions,
                                          Map<String, Object> resources) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("image", image);
        c.put("args", args);
        c.put("env", List.of(Map.of("name", "JAVA_TOOL_OPTIONS",
                "value", (javaOptions + " -XX:MaxRAMPercentage=70 -XX:-HeapDumpOnOutOfMemoryError").trim())));
        c.put("envFrom", List.of(Map.of("secretRef", Map.of("name", secret))));
        c.put("resources", resources);
        return c;
    }

    private static Map<String, Object> resources(double cores, String memory) {
        String cpu = fmt(cores);
        // Requests equal limits: a throttled injector would measure the node, not the system.
        return Map.of("requests", Map.of("cpu", cpu, "memory", memory), "limits", Map.of("cpu", cpu,
                "memory", memory));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /** Multi-document YAML, as kubectl applies it. */
    public static String yaml(List<Map<String, Object>> docs) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.SPLIT_LINES));
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> d : docs) {
            sb.append(mapper.writeValueAsString(d));
        }
        return sb.toString();
    }
}
