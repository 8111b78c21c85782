package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * One INSERT of many rows, in the session's transaction: append-only rows (history, feed) that
 * nothing reads back through the session, written in one round trip instead of one per row.
 * Rows keep their order, so a serial key follows it.
 */
final class MultiRowInsert {
    private MultiRowInsert() {
    }

    /** Inserts the rows (each one value per column, null allowed) into the table; nothing when there are none. */
    static Uni<Void> into(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (").append(String.join(", ", columns))
                .append(") values ");
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append(":p").append(r).append('_').append(c);
            }
            sql.append(')');
        }
        return Panache.getSession().flatMap(s -> {
            var query = s.createNativeQuery(sql.toString());
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < columns.size(); c++) {
                    query.setParameter("p" + r + "_" + c, rows.get(r)[c]);
                }
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
