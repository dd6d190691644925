package io.pipebench.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static io.pipebench.store.TestSchema.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationTest {

    private static final int LATEST = 17;

    @Test
    void aFreshSchemaGetsEveryMigration() throws Exception {
        try (TestSchema db = TestSchema.unmigrated()) {
            assertThat(db.store.migrate()).isEqualTo(LATEST);
            assertThat(db.store.flyway().load().info().pending()).isEmpty();
            assertThat(db.scalar("select " + db.schema() + ".stream_lock_key('Order', 'o-1')"))
                    .isEqualTo(db.scalar("select hashtextextended('o-1', hashtextextended('" + db.schema()
                            + ".Order', 0))"));
        }
    }

    @Test
    void theEventsTableIsAnalyzedWhenItHasGrownByItsOwnSizeWithoutPayloadStatistics() throws Exception {
        try (TestSchema db = new TestSchema()) {
            // V17: an insert-only table at thousands of events/s must not be analyzed every minute.
            assertThat(db.scalar("select array_to_string(reloptions, ',') from pg_class c join pg_namespace n"
                    + " on n.oid = c.relnamespace where n.nspname = '" + db.schema() + "' and c.relname = 'events'"))
                    .isEqualTo("autovacuum_analyze_scale_factor=1.0");
            // and no statistics on the payload columns, which no query reads
            assertThat(db.scalar("select string_agg(attname || '=' || attstattarget, ',' order by attname)"
                    + " from pg_attribute where attrelid = '" + db.schema() + ".events'::regclass"
                    + " and attname in ('data', 'metadata')")).isEqualTo("data=0,metadata=0");
        }
    }

    @Test
    void aStoreAtV9UpgradesWithItsStreamsAndLockKeysUnchanged() throws Exception {
        try (TestSchema db = TestSchema.unmigrated()) {
            Flyway atV9 = db.store.flyway().target("9").load();
            assertThat(atV9.migrate().migrationsExecuted).isEqualTo(9);
            NewEvent stored = event("Customer", "c-1", "CustomerCreated", "{\"name\": \"a\"}");
            db.store.append("Customer", "c-1", 0, List.of(stored));
            db.store.appendAll(List.of(event("Customer", "c-1", "CustomerProfileUpdated", "{}")));
            // V9's inline hash, the key every writer at V9 takes
            Object v9Key = db.scalar("select hashtextextended('c-1', hashtextextended('" + db.schema()
                    + ".Customer', 0))");

            assertThat(db.store.migrate()).isEqualTo(LATEST - 9);

            assertThat(db.scalar("select " + db.schema() + ".stream_lock_key('Customer', 'c-1')")).isEqualTo(v9Key);
            assertThat(db.store.appendAll(List.of(event("Customer", "c-1", "CustomerStatusChanged", "{}")))
                    .streamVersions()).containsEntry(new StreamId("Customer", "c-1"), 3L);
            NewEvent reused = new NewEvent(stored.eventId(), "CustomerCreated", 1, "Customer", "c-2",
                    stored.dataJson(), null, stored.occurredOn());
            assertThatThrownBy(() -> db.store.appendAll(List.of(reused)))
                    .isInstanceOf(ConflictingEventException.class);
            assertThat(new SnapshotStore(db.database).save("Customer", "c-1", 3, "{}")).isTrue();
            assertThat(db.count("events")).isEqualTo(3);
        }
    }

    @Test
    void theEditedV8IsResolvedWithTheChecksumEditedMigrationsExpects() throws Exception {
        try (TestSchema db = TestSchema.unmigrated()) {
            // Fails when V8's text changes again: then add the new edit to EditedMigrations (or make a migration).
            assertThat(db.store.flyway().load().info().pending()).filteredOn(m -> m.getVersion().getVersion()
                    .equals("8")).singleElement().satisfies(m -> assertThat(m.getChecksum())
                    .isEqualTo(EditedMigrations.EDITS.get("8").after()));
        }
    }

    @Test
    void aStoreThatAppliedV8BeforeItsHeaderStillMigratesAndAnyOtherChecksumIsRefused() throws Exception {
        try (TestSchema db = TestSchema.unmigrated()) {
            assertThat(db.store.flyway().target("8").load().migrate().migrationsExecuted).isEqualTo(8);
            String history = db.schema() + "." + EditedMigrations.HISTORY_TABLE;
            int before = EditedMigrations.EDITS.get("8").before();
            db.scalar("update " + history + " set checksum = " + before + " where version = '8' returning checksum");

            assertThat(db.store.migrate()).isEqualTo(LATEST - 8);
            assertThat(db.scalar("select checksum from " + history + " where version = '8'"))
                    .isEqualTo(EditedMigrations.EDITS.get("8").after());

            // A text nobody listed (an edit of the SQL itself, say) still fails Flyway's validation.
            db.scalar("update " + history + " set checksum = 12345 where version = '8' returning checksum");
            assertThatThrownBy(db.store::migrate).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("checksum");
        }
    }

    @Test
    void aRoleThatMayOnlyReadTheHistoryTableStartsWhenNoChecksumNeedsMoving() throws Exception {
        try (TestSchema db = new TestSchema()) {
            String history = db.schema() + "." + EditedMigrations.HISTORY_TABLE;
            // SELECT only, as a read-only role's: the owner revokes its own rights, so the test needs no CREATEROLE.
            try (Connection c = db.database.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("revoke insert, update, delete, truncate on " + history + " from current_user");
            }
            assertThatThrownBy(() -> db.scalar("update " + history + " set checksum = checksum where version = '8'"
                    + " returning checksum")).hasMessageContaining("permission denied");

            try (Connection c = db.database.dataSource().getConnection()) {
                assertThat(EditedMigrations.realign(c, db.schema())).isZero();
            }
            assertThat(db.store.migrate()).isZero();
            assertThat(db.scalar("select checksum from " + history + " where version = '8'"))
                    .isEqualTo(EditedMigrations.EDITS.get("8").after());
        }
    }

    @Test
    void aSnapshotMovedBackwardsByHandIsRefused() throws Exception {
        try (TestSchema db = new TestSchema()) {
            SnapshotStore snapshots = new SnapshotStore(db.database);
            assertThat(snapshots.save("Order", "o-1", 100, "{\"v\": 100}")).isTrue();
            assertThatThrownBy(() -> db.scalar("update " + db.schema() + ".snapshots set version = 50"
                    + " where aggregate_id = 'o-1' returning version"))
                    .hasMessageContaining("cannot move back from version 100 to 50");
            assertThat(snapshots.load("Order", "o-1").orElseThrow().version()).isEqualTo(100);
        }
    }
}
