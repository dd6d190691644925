package io.pipebench.testing;

import io.pipebench.store.EventStoreSettings;

import java.util.UUID;

/** Each test class gets its own database schema, so concurrent runs never see each other's rows. */
public final class TestSchemas {

    private TestSchemas() {
    }

    public static EventStoreSettings fresh(String prefix) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return EventStoreSettings.fromEnvironment().withSchema("t_" + prefix + "_" + suffix);
    }
}
