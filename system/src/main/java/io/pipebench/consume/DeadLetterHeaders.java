package io.pipebench.consume;

/** Headers a dead letter carries besides the original record's own headers, key and value (kept unchanged). */
public final class DeadLetterHeaders {
    public static final String ORIGINAL_TOPIC = "dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "dlq-original-offset";
    public static final String ORIGINAL_KEY = "dlq-original-key";
    public static final String CONSUMER_GROUP = "dlq-consumer-group";
    public static final String EXCEPTION_CLASS = "dlq-exception-class";
    public static final String EXCEPTION_MESSAGE = "dlq-exception-message";
    public static final String ATTEMPTS = "dlq-attempts";
    public static final String FAILED_AT = "dlq-failed-at";
    /** Why it was dead-lettered: {@code non-retryable} or a decoding reason (older letters: retries-exhausted). */
    public static final String REASON = "dlq-reason";
    /** Only on a pointer letter: why the key, value and original headers are left out (the record was too large). */
    public static final String VALUE_OMITTED = "dlq-value-omitted";

    private DeadLetterHeaders() {
    }
}
