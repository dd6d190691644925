package io.pipebench.cluster;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a client is and what it may do: a principal of its own and the ACLs it needs, no more. On a secured cluster this
 * process owns, {@link KafkaCluster#connectionProperties(ClientRole)} creates the principal and grants exactly these
 * rights; other clusters have one configured identity and ignore the role (their operators own the ACLs).
 *
 * @param principal the user name (SCRAM) or certificate common name (mTLS); Kafka's principal is {@code User:<it>}
 * @param acls      every right the principal holds
 */
public record ClientRole(String principal, List<AclBinding> acls) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /**
     * The names of the topics the load harness makes for itself (its run topics, ProducerPerformance's topic): it
     * writes and reads every topic so named, and no other beside the event topics.
     */
    public static final String HARNESS_TOPIC_PREFIX = "pipebench-";

    /** The cluster's operator: a super user (creates topics, users and ACLs); it needs no ACL. */
    public static final ClientRole ADMIN = new ClientRole("admin", List.of());

    public ClientRole {
        if (principal == null || !NAME.matcher(principal).matches()) {
            throw new IllegalArgumentException("A principal name must be 1-200 letters, digits, '.', '_' or '-', was '"
                    + principal + "'");
        }
        acls = List.copyOf(acls);
    }

    /** The event publisher: writes the event topics, nothing else. */
    public static ClientRole publisher(Collection<String> eventTopics) {
        List<AclBinding> acls = new ArrayList<>();
        eventTopics.forEach(t -> acls.add(allow("publisher", ResourceType.TOPIC, t, AclOperation.WRITE)));
        return new ClientRole("publisher", acls);
    }

    /** A consumer group's members: read their topics and commit in their own group, nothing else. */
    public static ClientRole consumer(String groupId, Collection<String> topics) {
        String principal = "consumer-" + groupId;
        List<AclBinding> acls = new ArrayList<>();
        topics.forEach(t -> acls.add(allow(principal, ResourceType.TOPIC, t, AclOperation.READ)));
        acls.add(allow(principal, ResourceType.GROUP, groupId, AclOperation.READ));
        return new ClientRole(principal, acls);
    }

    /** The dead-letter writer: the only principal that writes the dead-letter topic. */
    public static ClientRole deadLetterWriter(String deadLetterTopic) {
        return new ClientRole("dead-letters", List.of(allow("dead-letters", ResourceType.TOPIC, deadLetterTopic,
                AclOperation.WRITE)));
    }

    /**
     * The load harness: applies the catalog (creates, configures and describes any topic, which lets it plan the
     * catalog and read the dead-letter topic's end offsets), publishes load on the event topics as the publisher does,
     * reads them back (its consumers assign partitions, with no group), owns its {@value #HARNESS_TOPIC_PREFIX}*
     * topics, and describes every group for lag; it joins no group. It may not write the dead-letter topic: only the
     * dead-letter writer does, so a dead letter always comes from the system under test.
     */
    public static ClientRole harness(Collection<String> eventTopics) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.ALTER, AclOperation.ALTER_CONFIGS,
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow("harness", ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE, op));
        }
        for (String topic : eventTopics) {
            acls.add(allow("harness", ResourceType.TOPIC, topic, AclOperation.WRITE));
            acls.add(allow("harness", ResourceType.TOPIC, topic, AclOperation.READ));
        }
        ResourcePattern own = new ResourcePattern(ResourceType.TOPIC, HARNESS_TOPIC_PREFIX, PatternType.PREFIXED);
        acls.add(allow("harness", own, AclOperation.WRITE));
        acls.add(allow("harness", own, AclOperation.READ));
        acls.add(allow("harness", ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, AclOperation.DESCRIBE));
        return new ClientRole("harness", acls);
    }

    /** One ALLOW ACL for the principal from any host (READ and WRITE imply DESCRIBE). */
    public static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return allow(principal, new ResourcePattern(type, name, PatternType.LITERAL), operation);
    }

    private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + principal, "*", operation,
                AclPermissionType.ALLOW));
    }
}
