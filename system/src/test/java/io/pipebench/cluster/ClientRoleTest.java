package io.pipebench.cluster;

import io.pipebench.publish.TopicRouter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each role's ACL bindings, as the authorizer would match them against a topic (literal, prefixed and wildcard
 * patterns alike): only the dead-letter writer may write the dead-letter topic; the harness writes the event topics
 * and its own {@code pipebench-*} topics. {@link MutualTlsAclTest} checks the same against a broker.
 */
class ClientRoleTest {

    private static final List<String> EVENT_TOPICS = List.of("customer-events", "order-events");

    @Test
    void onlyTheDeadLetterWriterMayWriteTheDeadLetterTopic() {
        String dlq = TopicRouter.DEAD_LETTER_TOPIC;
        assertThat(mayWrite(ClientRole.harness(EVENT_TOPICS), dlq)).isFalse();
        assertThat(mayWrite(ClientRole.publisher(EVENT_TOPICS), dlq)).isFalse();
        assertThat(mayWrite(ClientRole.consumer("audit", EVENT_TOPICS), dlq)).isFalse();
        assertThat(mayWrite(ClientRole.deadLetterWriter(dlq), dlq)).isTrue();
    }

    @Test
    void theHarnessWritesTheEventTopicsAndItsOwnOnly() {
        ClientRole harness = ClientRole.harness(EVENT_TOPICS);
        assertThat(harness.principal()).isEqualTo("harness");
        assertThat(mayWrite(harness, "order-events")).isTrue();
        assertThat(mayWrite(harness, "pipebench-run-20261130T125001Z")).isTrue();
        assertThat(mayWrite(harness, "pipebench-producer-performance")).isTrue();
        assertThat(mayWrite(harness, "payment-events")).as("not among the event topics it was given").isFalse();
        assertThat(harness.acls()).noneMatch(acl -> acl.entry().operation() == AclOperation.ALL)
                .noneMatch(acl -> acl.pattern().resourceType() == ResourceType.GROUP
                        && acl.entry().operation() != AclOperation.DESCRIBE);
    }

    @Test
    void theHarnessMayStillApplyTheCatalogAndReadWhatItReadsBack() {
        ClientRole harness = ClientRole.harness(EVENT_TOPICS);
        String dlq = TopicRouter.DEAD_LETTER_TOPIC;
        assertThat(may(harness, dlq, AclOperation.CREATE)).isTrue();
        assertThat(may(harness, dlq, AclOperation.ALTER_CONFIGS)).isTrue();
        assertThat(may(harness, dlq, AclOperation.DESCRIBE)).as("its end offsets count dead letters").isTrue();
        assertThat(may(harness, "order-events", AclOperation.READ)).isTrue();
        assertThat(may(harness, "pipebench-run-x", AclOperation.READ)).isTrue();
    }

    private static boolean mayWrite(ClientRole role, String topic) {
        return may(role, topic, AclOperation.WRITE);
    }

    /** Whether an ALLOW binding of the role grants the operation on the topic (ALL grants every operation). */
    private static boolean may(ClientRole role, String topic, AclOperation operation) {
        ResourcePatternFilter applies = new ResourcePatternFilter(ResourceType.TOPIC, topic, PatternType.MATCH);
        for (AclBinding acl : role.acls()) {
            ResourcePattern p = acl.pattern();
            AclOperation op = acl.entry().operation();
            if (applies.matches(p) && (op == operation || op == AclOperation.ALL)) {
                return true;
            }
        }
        return false;
    }
}
