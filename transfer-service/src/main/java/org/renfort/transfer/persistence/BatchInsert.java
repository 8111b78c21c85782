package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.renfort.servicekit.SessionSql;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Append-only rows (history, feed) that nothing reads back through the session, written in the
 * session's transaction as one prepared single-row INSERT executed for every row in one round
 * trip: the same statement whatever the number of rows, so it is prepared once per connection.
 * Rows keep their order, so a serial key follows it.
 */
final class BatchInsert {
    private BatchInsert() {
    }

    /** Inserts the rows (each one value per column, null allowed) into the table; nothing when there are none. */
    static Uni<Void> into(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sql = statement(table, columns);
        return Panache.getSession().chain(s -> SessionSql.executeForEach(s, sql, rows));
    }

    /** One row's INSERT into these columns, a placeholder per column. */
    static String statement(String table, List<String> columns) {
        return "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + IntStream.rangeClosed(1, columns.size()).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";
    }
}
