package io.pipebench.load.kafka;

import io.pipebench.events.DomainEvent;

/**
 * Where the publish action gets its next event. Called on Gatling's event-loop threads, several at once: an
 * implementation must be safe for that (see {@link WorkloadEvents}, which keeps one generator per thread).
 */
@FunctionalInterface
public interface EventSource {

    DomainEvent next();
}
