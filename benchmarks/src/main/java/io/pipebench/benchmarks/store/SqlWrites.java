package io.pipebench.benchmarks.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.postgresql.PGConnection;

/**
 * The generic ways to write a batch of rows into one table, each as a client would write it with plain JDBC. Every
 * batched way is one transaction per batch; {@link #perEventCommit} is the document's repository (one INSERT and one
 * commit per event). Statements are prepared per call and left to pgjdbc's statement cache, as JdbcTemplate does.
 */
final class SqlWrites {

    private final List<Layout.Column> columns;
    private final String insertOne;
    private final String insertPrefix;
    private final String tuple;
    private final String unnest;
    private final String copy;
    private final Map<Integer, String> multiRow = new HashMap<>();

    SqlWrites(String schema, Layout layout) {
        this.columns = layout.columns();
        String table = schema + "." + layout.table();
        StringJoiner names = new StringJoiner(", ", "(", ")");
        StringJoiner placeholders = new StringJoiner(", ", "(", ")");
        StringJoiner arrays = new StringJoiner(", ");
        for (Layout.Column column : columns) {
            names.add(column.name());
            placeholders.add("?::" + column.sqlType());
            arrays.add("?::" + column.sqlType() + "[]");
        }
        this.insertPrefix = "insert into " + table + " " + names + " values ";
        this.tuple = placeholders.toString();
        this.insertOne = insertPrefix + tuple;
        this.unnest = "insert into " + table + " " + names + " select * from unnest(" + arrays + ")";
        this.copy = "copy " + table + " " + names + " from stdin (format text)";
    }

    /** The document's way: one INSERT per event, each committed on its own ({@code connection} in auto-commit). */
    void perEventCommit(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(insertOne)) {
            for (Row row : rows) {
                bindRow(st, 1, row);
                st.executeUpdate();
            }
        }
    }

    /**
     * A JDBC batch of single-row INSERTs in one transaction ({@code connection} not in auto-commit). Whether pgjdbc
     * sends N statements in one round trip or rewrites them into multi-row INSERTs depends on the connection's
     * {@code reWriteBatchedInserts}.
     */
    void jdbcBatch(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(insertOne)) {
            for (Row row : rows) {
                bindRow(st, 1, row);
                st.addBatch();
            }
            st.executeBatch();
        }
        connection.commit();
    }

    /** One INSERT ... VALUES (...), (...), ... with a tuple per row (at most 65535 / columns rows). */
    void multiRowValues(Connection connection, List<Row> rows) throws SQLException {
        String sql = multiRow.computeIfAbsent(rows.size(), n -> insertPrefix + String.join(", ",
                java.util.Collections.nCopies(n, tuple)));
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int index = 1;
            for (Row row : rows) {
                index = bindRow(st, index, row);
            }
            st.executeUpdate();
        }
    }

    /** One INSERT ... SELECT * FROM unnest(array per column): the statement's size does not grow with the batch. */
    void unnestArrays(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(unnest)) {
            for (int c = 0; c < columns.size(); c++) {
                Layout.Column column = columns.get(c);
                Object[] values = new Object[rows.size()];
                for (int r = 0; r < values.length; r++) {
                    values[r] = arrayValue(column.value().apply(rows.get(r)));
                }
                Array array = connection.createArrayOf(column.sqlType(), values);
                st.setArray(c + 1, array);
            }
            st.executeUpdate();
        }
    }

    /** COPY ... FROM STDIN in text format through pgjdbc's CopyManager: the ceiling for getting rows in. */
    void copy(Connection connection, List<Row> rows) throws SQLException {
        StringBuilder text = new StringBuilder(rows.size() * 512);
        for (Row row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    text.append('\t');
                }
                appendCopyText(text, columns.get(c).value().apply(row));
            }
            text.append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY input failed", e);
        }
    }

    private int bindRow(PreparedStatement st, int first, Row row) throws SQLException {
        int index = first;
        for (Layout.Column column : columns) {
            Object value = column.value().apply(row);
            if (value == null) {
                st.setNull(index++, Types.VARCHAR);
            } else {
                st.setObject(index++, value);
            }
        }
        return index;
    }

    /** Array elements: times as ISO-8601 text (pgjdbc's createArrayOf takes no java.time values). */
    private static Object arrayValue(Object value) {
        return value instanceof Temporal ? value.toString() : value;
    }

    /**
     * A value in COPY's text format: NULL as \N; backslash, tab, newline and carriage return escaped. Written by
     * hand: pgjdbc offers the COPY stream, not a row encoder.
     */
    static void appendCopyText(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
