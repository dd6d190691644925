package io.pipebench.load.driver;

import java.util.Map;

/**
 * The system under test started in this JVM for local injector processes ({@code --injectors N}), each of which
 * reaches it as an external system through the environment given here. An interface so that the command starting
 * the injectors names no broker; the wiring picks the implementation. Closing it stops what it started.
 */
public interface InjectorHost extends AutoCloseable {

    /** One line naming what runs where, safe to print: never a credential. */
    String describe();

    /**
     * The variables an injector process needs to reach this host, replacing every one of its parent's that names a
     * cluster: {@code consumers} for the one that runs the consumer groups (and so writes the event store).
     */
    Map<String, String> environment(boolean consumers);

    /** The distributed run's channel on this host's broker. */
    RunChannel runChannel(String run);

    @Override
    void close();
}
