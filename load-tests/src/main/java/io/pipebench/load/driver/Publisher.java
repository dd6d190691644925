package io.pipebench.load.driver;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a run's messages (OpenMessaging Benchmark's {@code BenchmarkProducer}). Both methods are called by many
 * threads at once.
 *
 * @param <P> the driver's payload type
 */
public interface Publisher<P> extends AutoCloseable {

    /** The next message of the run's workload. */
    Message<P> next();

    /**
     * Sends one message with the harness's headers beside the driver's own. The future completes when the broker has
     * acknowledged it, or exceptionally with the client's own exception (not wrapped); a send refused at once may
     * also throw.
     */
    CompletableFuture<Void> sendAsync(String key, P payload, Map<String, byte[]> headers);

    /** Sends what is buffered, then releases the client. */
    @Override
    void close();
}
