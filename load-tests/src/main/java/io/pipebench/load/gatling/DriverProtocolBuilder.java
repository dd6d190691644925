package io.pipebench.load.gatling;

import io.gatling.core.protocol.Protocol;
import io.gatling.javaapi.core.ProtocolBuilder;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.measure.CpuSampling;
import io.pipebench.load.measure.SendListener;
import io.pipebench.load.plan.IntendedSchedule;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code publishing()}: which publisher, and the run's bookkeeping (run id, intended schedule, listener, which sends'
 * CPU is read).
 */
public final class DriverProtocolBuilder implements ProtocolBuilder {

    private Supplier<Publisher<?>> publisher;
    private String runId = UUID.randomUUID().toString().substring(0, 8);
    private IntendedSchedule schedule = IntendedSchedule.ACTUAL;
    private SendListener listener = SendListener.NONE;
    private int cpuSampleEvery = 1;

    DriverProtocolBuilder() {
    }

    /** Makes the run's publisher when Gatling starts the run (e.g. {@code () -> driver.publisher(spec)}). */
    public DriverProtocolBuilder publisher(Supplier<Publisher<?>> make) {
        this.publisher = Objects.requireNonNull(make, "publisher");
        return this;
    }

    public DriverProtocolBuilder runId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        this.runId = id;
        return this;
    }

    public DriverProtocolBuilder schedule(IntendedSchedule intended) {
        this.schedule = Objects.requireNonNull(intended, "schedule");
        return this;
    }

    public DriverProtocolBuilder listener(SendListener sendListener) {
        this.listener = Objects.requireNonNull(sendListener, "listener");
        return this;
    }

    /** Time the sending thread's CPU for one send in {@code every} (a power of two; 1, every send, by default). */
    public DriverProtocolBuilder cpuSampleEvery(int every) {
        this.cpuSampleEvery = CpuSampling.requireValid(every);
        return this;
    }

    public String runId() {
        return runId;
    }

    @Override
    public Protocol protocol() {
        if (publisher == null) {
            throw new IllegalStateException("publishing() needs a publisher: .publisher(() -> driver.publisher(spec))");
        }
        return new DriverProtocol(publisher, runId, schedule, listener, cpuSampleEvery);
    }
}
