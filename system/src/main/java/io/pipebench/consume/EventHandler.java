package io.pipebench.consume;

import java.util.List;

/**
 * What a consumer group does with events. The runner calls it with one record at a time, or with a whole poll
 * batch when the group is configured for batches (the audit consumer writes a batch in one transaction).
 * Throwing fails the whole call: the runner retries it with backoff, without limit unless the failure is known to be
 * the record's ({@link RetryPolicy}); a handler that knows the record is at fault throws
 * {@link NonRetryableException} to have it dead-lettered. Handlers run at least once per record, so they must
 * tolerate redelivery.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(List<ConsumedEvent> events) throws Exception;
}
