package io.pipebench.metrics;

/** Receives every sample of a {@link ConsumerLagMonitor}, on the monitor's thread; keep it quick. */
@FunctionalInterface
public interface LagListener {
    void onSample(LagSnapshot snapshot);
}
