package io.pipebench.benchmarks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
            int written = 0;
            for (Shape shape : Shape.values()) {
                for (Strategy strategy : STRATEGIES) {
                    List<Row> rows = source.next(10, shape);
                    strategy.write(target, rows);
                    written += rows.size();
                    for (Row row : rows) {
                        // Every strategy, COPY's hand-written escaping included, stores the payload unchanged.
                        assertThat(storesSamePayload(target, row)).as("payload of " + row.eventId()).isTrue();
                    }
                }
            }
            assertThat(target.rowCount()).isEqualTo(written);
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

    private static boolean storesSamePayload(WriteTarget target, Row row) throws SQLException {
        String column = target.layout == Layout.lean ? "data" : "event_data";
        try (PreparedStatement st = target.autoCommit.prepareStatement("select " + column + " = ?::jsonb from "
                + target.schema + "." + target.layout.table() + " where event_id = ?")) {
            st.setString(1, row.json());
            st.setObject(2, row.eventId());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("row " + row.eventId() + " stored").isTrue();
                return rs.getBoolean(1);
            }
        }
    }

    private static String schema() {
        return "t_jmh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
