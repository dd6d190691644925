package io.pipebench.benchmarks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every write strategy stores every row, on both tables and both batch shapes, against the real PostgreSQL. */
class WriteStrategiesTest {

    @FunctionalInterface
    interface Strategy {
        void write(WriteTarget target, List<Row> rows) throws SQLException;
    }

    private static final List<Strategy> STRATEGIES = List.of(
            (t, rows) -> t.writes.perEventCommit(t.autoCommit, rows),
            (t, rows) -> t.writes.jdbcBatch(t.batch, rows),
            (t, rows) -> t.writes.jdbcBatch(t.rewrittenBatch, rows),
            (t, rows) -> t.writes.multiRowValues(t.autoCommit, rows),
            (t, rows) -> t.writes.unnestArrays(t.autoCommit, rows),
            (t, rows) -> t.writes.copy(t.autoCommit, rows));

    @ParameterizedTest
    @EnumSource(Layout.class)
    void everyStrategyStoresEveryRowWithTheSamePayload(Layout layout) throws SQLException {
        RowSource source = new RowSource();
        try (WriteTarget target = new WriteTarget(layout, schema())) {
            List<String> payloads = new ArrayList<>();
            int written = 0;
            for (Shape shape : Shape.values()) {
                for (Strategy strategy : STRATEGIES) {
                    List<Row> rows = source.next(10, shape);
                    strategy.write(target, rows);
                    written += rows.size();
                    payloads.add(storedPayload(target, rows.get(0)));
                }
            }
            assertThat(target.rowCount()).isEqualTo(written);
            // The first row of every batch comes from the same pool slot pattern; COPY's escaping must store exactly
            // what the parameterised INSERTs store.
            assertThat(payloads).allSatisfy(p -> assertThat(p).startsWith("{\"").contains("\"eventId\""));
            target.truncate();
            assertThat(target.rowCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void theStoresOwnAppendsWriteTheWholeBatch(Shape shape) throws SQLException {
        RowSource source = new RowSource();
        try (WriteTarget target = new WriteTarget(Layout.lean, schema())) {
            List<Row> rows = source.next(10, shape);
            assertThat(target.store.appendAll(StoreWriteState.newEvents(rows)).appended()).isEqualTo(10);
            assertThat(target.rowCount()).isEqualTo(10);
        }
    }

    @org.junit.jupiter.api.Test
    void copyEscapesWhatItsTextFormatWouldMisread() {
        StringBuilder out = new StringBuilder();
        SqlWrites.appendCopyText(out, "a\\b\tc\nd\re");
        SqlWrites.appendCopyText(out, null);
        assertThat(out.toString()).isEqualTo("a\\\\b\\tc\\nd\\re\\N");
    }

    private static String storedPayload(WriteTarget target, Row row) throws SQLException {
        String column = target.layout == Layout.lean ? "data" : "event_data";
        try (Statement st = target.autoCommit.createStatement();
             ResultSet rs = st.executeQuery("select " + column + "::text from " + target.schema + "."
                     + target.layout.table() + " where event_id = '" + row.eventId() + "'")) {
            assertThat(rs.next()).as("row " + row.eventId() + " stored").isTrue();
            return rs.getString(1);
        }
    }

    private static String schema() {
        return "t_jmh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
