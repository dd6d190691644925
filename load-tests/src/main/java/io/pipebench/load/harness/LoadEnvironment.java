package io.pipebench.load.harness;

import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.InjectorHost;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.RunChannel;
import io.pipebench.load.driver.Yardstick;
import io.pipebench.load.driver.kafka.RunTopic;
import io.pipebench.load.driver.rawkafka.KafkaYardstick;
import io.pipebench.load.driver.reference.EmbeddedInjectorHost;
import io.pipebench.load.driver.reference.ReferenceDriver;
import io.pipebench.load.measure.GroupLagView;
import io.pipebench.load.report.RunReport;
import io.pipebench.workload.Workload;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a load run runs against, set up once per command (the max-rate search runs all its steps on one): a
 * {@link Driver} and what it observes of the pipeline. The harness knows the system under test only through it.
 */
public final class LoadEnvironment implements AutoCloseable {

    private final Driver driver;

    public LoadEnvironment(Driver driver) {
        this.driver = driver;
        // Reports name groups and versions as this command's driver does.
        GroupLagView.labels(driver.pipeline()::label);
        RunReport.versions(driver.versions());
    }

    /**
     * Opens a command's environment for its workload. The wiring makes one from the driver's settings
     * ({@link LoadConfig#environment}), so that a scenario opens its environment without naming the driver.
     */
    @FunctionalInterface
    public interface Opener {
        LoadEnvironment open(Workload workload, PrintStream out);
    }

    /** Opens the reference system: its cluster and, when the settings ask, the workload's consumer groups. */
    public static LoadEnvironment open(ReferenceDriver.Settings settings, Workload workload, PrintStream out) {
        return new LoadEnvironment(ReferenceDriver.open(settings, workload, out));
    }

    /** Starts the reference system in this JVM for local injector processes ({@code --injectors N}). */
    public static InjectorHost injectorHost(Workload workload, PrintStream out) {
        return EmbeddedInjectorHost.start(workload, out);
    }

    /**
     * A distributed run's channel on the external cluster of {@code clusterConfig} and the KAFKA_* variables, for a
     * merge run apart from the injectors, with no driver of its own; closing it closes the connection.
     */
    public static RunChannel runChannel(Optional<Path> clusterConfig, String run) {
        return RunTopic.external(clusterConfig, run);
    }

    /**
     * The injector ratio's yardstick beside this environment's driver, its payload files beside {@code dir}. Made
     * here, in the wiring, so that the scenario names no broker: only Kafka has one so far.
     */
    public Yardstick yardstick(Workload w, Path dir) {
        return KafkaYardstick.beside(driver, w, dir);
    }

    public Driver driver() {
        return driver;
    }

    public PipelineProbe pipeline() {
        return driver.pipeline();
    }

    /** Processing failures and dead letters, and what of them cannot be observed. */
    public PipelineProbe observer() {
        return driver.pipeline();
    }

    public List<String> groupIds() {
        return driver.pipeline().groupIds();
    }

    @Override
    public void close() {
        driver.close();
    }
}
