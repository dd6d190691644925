package io.pipebench.load.gatling;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolKey;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.measure.CpuSampling;
import io.pipebench.load.measure.SendListener;
import io.pipebench.load.plan.IntendedSchedule;
import scala.Function1;

import java.util.function.Supplier;

/**
 * The settings of the {@code publishing()} protocol, fixed when the simulation is set up; built by
 * {@link DriverProtocolBuilder}. Gatling turns them into one {@link PublishComponents} (one shared publisher) per run.
 *
 * @param publisher      makes the run's publisher when the run starts (it is closed when the run ends)
 * @param runId          goes into every message's run tag
 * @param cpuSampleEvery a power of two: the sending thread's CPU is read for one send in this many, chosen by
 *                       {@link CpuSampling#timed}
 */
public record DriverProtocol(Supplier<Publisher<?>> publisher, String runId, IntendedSchedule schedule,
                             SendListener listener, int cpuSampleEvery) implements Protocol {

    public DriverProtocol {
        CpuSampling.requireValid(cpuSampleEvery);
    }

    /** Gatling's handle on the protocol: its class, and how to make its components. */
    public static final ProtocolKey<DriverProtocol, PublishComponents> KEY = new ProtocolKey<>() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        @Override
        public Class<Protocol> protocolClass() {
            return (Class) DriverProtocol.class;
        }

        @Override
        public DriverProtocol defaultProtocolValue(GatlingConfiguration configuration) {
            throw new IllegalStateException("The publishing protocol has no defaults: configure it with "
                    + "setUp(...).protocols(PublishDsl.publishing().publisher(...))");
        }

        @Override
        public Function1<DriverProtocol, PublishComponents> newComponents(CoreComponents coreComponents) {
            return protocol -> PublishComponents.start(protocol, coreComponents);
        }
    };
}
