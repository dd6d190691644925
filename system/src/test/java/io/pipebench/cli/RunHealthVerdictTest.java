package io.pipebench.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.store.Database;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.FreshClusterAndSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pipebench run}'s exit code: a member killed by a fatal database error (its table gone: SQLState 42P01) is
 * restarted, counted in the health meter, and turns the run's verdict into {@link RunCommand#UNHEALTHY}; once the
 * table is back, the restarted member stores the event.
 */
class RunHealthVerdictTest {

    @RegisterExtension
    final FreshClusterAndSchema fixture = new FreshClusterAndSchema("health");

    @Test
    void aMemberThatDiedMakesTheRunUnhealthyAndIsRestarted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String audit = ReferenceSystem.groupId("audit");
        try (ReferenceSystem system = ReferenceSystem.builder(fixture.cluster()).eventStore(fixture.settings())
                .groups(List.of("audit"))
                .concurrency(1).meterRegistry(meters).start();
             Database db = Database.open(fixture.settings());
             Connection admin = db.dataSource().getConnection();
             Statement sql = admin.createStatement()) {
            assertThat(system.awaitGroupsReady(Duration.ofSeconds(60))).isTrue();
            assertThat(verdict(system).code()).as("healthy so far").isZero();
            assertThat(RunCommand.memberFailures(system)).isEqualTo(" | member failures 0");

            sql.execute("ALTER TABLE " + fixture.settings().schema() + ".events RENAME TO events_away");
            DomainEvent event = new EventFactory(system.registry(), 1).create("OrderCreated");
            system.publisher().publish(event).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> system.meters().memberFailuresOf(audit) >= 1);

            Verdict unhealthy = verdict(system);
            assertThat(unhealthy.code()).isEqualTo(RunCommand.UNHEALTHY);
            assertThat(unhealthy.err()).contains("group " + audit).contains("member failure").contains("42P01");
            assertThat(meters.get(PipelineMeters.MEMBER_FAILURES).tag("group", audit).counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(RunCommand.memberFailures(system)).as("the progress line")
                    .matches(" \\| member failures [1-9]\\d* \\(audit=[1-9]\\d*\\)");

            sql.execute("ALTER TABLE " + fixture.settings().schema() + ".events_away RENAME TO events");
            await().atMost(Duration.ofSeconds(90)).until(() -> StoreQueries.rows(db).containsKey(event.eventId()));
            assertThat(verdict(system).code()).as("a death during the run stays in the verdict")
                    .isEqualTo(RunCommand.UNHEALTHY);
        }
    }

    private record Verdict(int code, String err) {
    }

    private static Verdict verdict(ReferenceSystem system) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = RunCommand.healthVerdict(system, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Verdict(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
