package org.renfort.transfer.persistence;

import jakarta.persistence.Column;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plain-SQL rows name every column the entities map, once: a column added to an entity and
 * forgotten here would be read as null and never written by the negotiation's saves.
 */
class TransferRowsTest {

    @Test
    void theTransferRowHasEveryColumnOfTheEntity() {
        assertEquals(mappedColumns(TransferEntity.class), names(TransferRows.TRANSFER));
    }

    @Test
    void theOfferRowHasEveryColumnOfTheEntity() {
        assertEquals(mappedColumns(OfferEntity.class), names(TransferRows.OFFER));
    }

    @Test
    void aChangeWritesWhatAMoveCanChangeByKey() {
        assertEquals("update offer set status = $1, hold_id = $2, deadline = $3, offered_at = $4, answered_at = $5, "
                + "answered_by = $6, decline_reason = $7, answer_text = $8, available_from = $9, hold_action = $10, "
                + "hold_action_at = $11, hold_expires_at = $12 where offer_id = $13", TransferRows.OFFER.update());
    }

    private static Set<String> names(TransferRows.Table<?> table) {
        List<String> names = table.columns().stream().map(TransferRows.Column::name).toList();
        assertEquals(names.size(), Set.copyOf(names).size(), "a column named twice: " + names);
        return Set.copyOf(names);
    }

    private static Set<String> mappedColumns(Class<?> entity) {
        return Arrays.stream(entity.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(TransferRowsTest::column).collect(Collectors.toSet());
    }

    private static String column(Field f) {
        Column column = f.getAnnotation(Column.class);
        return column != null && !column.name().isEmpty() ? column.name() : f.getName();
    }
}
