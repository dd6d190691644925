package io.pipebench.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops warnings that embedded brokers log to each other while they start and stop (replica fetchers losing a peer
 * that is shutting down on purpose). Client-side warnings keep their level; errors always pass.
 */
public final class BrokerNoiseFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        String thread = event.getThreadName();
        if (thread != null && (thread.startsWith("ReplicaFetcherThread") || thread.startsWith("kafka-")
                || thread.startsWith("broker-") || thread.startsWith("controller-")
                || thread.startsWith("embedded-kafka"))) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
