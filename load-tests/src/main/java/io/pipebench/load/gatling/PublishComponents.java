package io.pipebench.load.gatling;

import io.gatling.core.CoreComponents;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.measure.SendListener;
import io.pipebench.load.plan.IntendedSchedule;
import scala.Function1;
import scala.runtime.BoxedUnit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run of the protocol holds: one publisher shared by every virtual user, made before the first user starts
 * and closed when Gatling's actor system terminates; the run's sequence counter, schedule and listener.
 */
public final class PublishComponents implements ProtocolComponents {

    private final DriverProtocol protocol;
    private final Publisher<?> publisher;
    private final long runKey;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PublishComponents(DriverProtocol protocol, Publisher<?> publisher) {
        this.protocol = protocol;
        this.publisher = publisher;
        this.runKey = RunTag.key(protocol.runId());
    }

    static PublishComponents start(DriverProtocol protocol, CoreComponents core) {
        PublishComponents components = new PublishComponents(protocol, protocol.publisher().get());
        core.actorSystem().registerOnTermination(() -> {
            components.close();
            return BoxedUnit.UNIT;
        });
        return components;
    }

    long nextSequence() {
        return sequence.getAndIncrement();
    }

    /** Records published so far in this run (sequence numbers handed out). */
    public long sequences() {
        return sequence.get();
    }

    long runKey() {
        return runKey;
    }

    Publisher<?> publisher() {
        return publisher;
    }

    IntendedSchedule schedule() {
        return protocol.schedule();
    }

    int cpuSampleEvery() {
        return protocol.cpuSampleEvery();
    }

    SendListener listener() {
        return protocol.listener();
    }

    @Override
    public Function1<Session, Session> onStart() {
        return Session.Identity();
    }

    @Override
    public Function1<Session, BoxedUnit> onExit() {
        return ProtocolComponents.NoopOnExit();
    }

    /** Sends what the publisher still holds and closes it. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            publisher.close();
        }
    }
}
