package io.pipebench.gate.cli;

import io.pipebench.gate.Json;
import io.pipebench.gate.model.EnvironmentInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gate env}: records where results are measured. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"Capture this machine's environment (CPU count and model, OS, JVM, Kafka version, git commit, "
                + "time) as environment.json.",
                "Run it on the machine that produces results, next to them, so the gate can tell whether two runs "
                        + "are comparable."},
        footer = {"", "Example:", "  gate env --kafka-version 4.4.0 --out results/jmh/environment.json"})
public final class EnvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka-version", paramLabel = "VERSION",
            description = "The Kafka version the run used (the gate module does not load Kafka itself), e.g. 4.4.0.")
    String kafkaVersion;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it; without it, print to stdout.")
    Path out;

    @Override
    public Integer call() throws IOException {
        EnvironmentInfo environment = EnvironmentInfo.capture(kafkaVersion);
        if (out == null) {
            spec.commandLine().getOut().println(Json.mapper().writeValueAsString(environment));
        } else {
            environment.write(out);
            spec.commandLine().getOut().println("wrote " + out);
        }
        if (kafkaVersion == null) {
            spec.commandLine().getErr().println("gate: no --kafka-version given: it is recorded as unknown, and the "
                    + "gate will flag the environment as not comparable");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
