package io.pipebench.events;

import java.util.Set;

/**
 * One registered event type: the name written to the {@code event-type} header and the store's type column, the
 * record class it decodes to, its context, the version new events are written at and every version still readable.
 */
public record EventType(String name, Class<? extends DomainEvent> javaClass, BoundedContext context,
                        int currentVersion, Set<Integer> supportedVersions) {

    public EventType {
        Require.nonBlank(name, "name");
        Require.nonNull(javaClass, "javaClass");
        Require.nonNull(context, "context");
        Require.positive(currentVersion, "currentVersion");
        supportedVersions = Set.copyOf(Require.nonNull(supportedVersions, "supportedVersions"));
        if (!supportedVersions.contains(currentVersion)) {
            throw new IllegalArgumentException("supportedVersions " + supportedVersions + " of " + name
                    + " must contain currentVersion " + currentVersion);
        }
    }

    /** A type at version 1 only, named after its class. */
    public static EventType v1(Class<? extends DomainEvent> javaClass, BoundedContext context) {
        return new EventType(javaClass.getSimpleName(), javaClass, context, 1, Set.of(1));
    }

    public boolean supports(int schemaVersion) {
        return supportedVersions.contains(schemaVersion);
    }
}
