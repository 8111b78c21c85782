package org.renfort.transfer.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The transfer and offer tables as plain SQL (run with SessionSql on the session's connection):
 * every negotiation step locks, loads and saves transfers with their offers several times, and
 * Hibernate's entity machinery around those few statements - hydrating, dirty checking,
 * flushing - cost more CPU than the statements. The entities stay the rows' shape, so that one
 * mapping to the domain serves Hibernate's reads, these and the feed's (FeedReads).
 */
final class TransferRows {
    private TransferRows() {
    }

    /** A column: its name, how to read it from a row object, how to set it from what the driver decoded. */
    record Column<E>(String name, Function<E, Object> get, BiConsumer<E, Object> set) {
    }

    /** A table's columns; the first is the key, those after {@code firstMutable} are what a change can write. */
    record Table<E>(String name, List<Column<E>> columns, int firstMutable, Supplier<E> create) {
        String columnList(String prefix) {
            return columns.stream().map(c -> prefix + c.name()).collect(Collectors.joining(", "));
        }

        /** One row's insert: a value per column, {@link #values} order. */
        String insert() {
            return BatchInsert.statement(name, columns.stream().map(Column::name).toList());
        }

        /** One row's update of the columns a change can write, by key: {@link #changes} order. */
        String update() {
            StringBuilder sql = new StringBuilder("update ").append(name).append(" set ");
            List<Column<E>> mutable = columns.subList(firstMutable, columns.size());
            for (int i = 0; i < mutable.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(mutable.get(i).name()).append(" = $").append(i + 1);
            }
            return sql.append(" where ").append(columns.get(0).name()).append(" = $").append(mutable.size() + 1).toString();
        }

        /** A row selected with {@link #columnList}, values in its order. */
        E read(Object[] row) {
            E e = create.get();
            for (int i = 0; i < columns.size(); i++) {
                columns.get(i).set().accept(e, row[i]);
            }
            return e;
        }

        /** A row read by column name (a join's columns, some left out). */
        E read(Function<String, Object> valueOf) {
            E e = create.get();
            for (Column<E> c : columns) {
                c.set().accept(e, valueOf.apply(c.name()));
            }
            return e;
        }

        Object[] values(E e) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = columns.get(i).get().apply(e);
            }
            return values;
        }

        /** The columns a change can write, then the key. */
        Object[] changes(E e) {
            int n = columns.size() - firstMutable;
            Object[] values = new Object[n + 1];
            for (int i = 0; i < n; i++) {
                values[i] = columns.get(firstMutable + i).get().apply(e);
            }
            values[n] = columns.get(0).get().apply(e);
            return values;
        }
    }

    private static <E> Column<E> column(String name, Function<E, Object> get, BiConsumer<E, Object> set) {
        return new Column<>(name, get, set);
    }

    /** Timestamps come back as OffsetDateTime; SessionSql binds Instants. */
    private static Instant instant(Object value) {
        return value == null ? null : ((OffsetDateTime) value).toInstant();
    }

    static final Table<TransferEntity> TRANSFER = new Table<>("transfer", List.of(
            column("transfer_id", e -> e.transferId, (e, v) -> e.transferId = (UUID) v),
            column("origin_hospital_id", e -> e.originHospitalId, (e, v) -> e.originHospitalId = (String) v),
            column("origin_latitude", e -> e.originLatitude, (e, v) -> e.originLatitude = (Double) v),
            column("origin_longitude", e -> e.originLongitude, (e, v) -> e.originLongitude = (Double) v),
            column("patient_reference", e -> e.patientReference, (e, v) -> e.patientReference = (String) v),
            column("age_band", e -> e.ageBand, (e, v) -> e.ageBand = (String) v),
            column("bed_category", e -> e.bedCategory, (e, v) -> e.bedCategory = (String) v),
            column("required_capabilities", e -> e.requiredCapabilities, (e, v) -> e.requiredCapabilities = (String) v),
            column("acuity", e -> e.acuity, (e, v) -> e.acuity = (String) v),
            column("max_travel_minutes", e -> e.maxTravelMinutes, (e, v) -> e.maxTravelMinutes = (Integer) v),
            column("preferred_hospital_ids", e -> e.preferredHospitalIds, (e, v) -> e.preferredHospitalIds = (String) v),
            column("excluded_hospital_ids", e -> e.excludedHospitalIds, (e, v) -> e.excludedHospitalIds = (String) v),
            column("clinical_note", e -> e.clinicalNote, (e, v) -> e.clinicalNote = (String) v),
            column("created_at", e -> e.createdAt, (e, v) -> e.createdAt = instant(v)),
            column("created_by", e -> e.createdBy, (e, v) -> e.createdBy = (String) v),
            column("idempotency_key", e -> e.idempotencyKey, (e, v) -> e.idempotencyKey = (String) v),
            column("fingerprint", e -> e.fingerprint, (e, v) -> e.fingerprint = (String) v),
            column("dispatch_center", e -> e.dispatchCenter, (e, v) -> e.dispatchCenter = (String) v),
            column("external_reference", e -> e.externalReference, (e, v) -> e.externalReference = (String) v),
            // What a move can change (TransferRepository#copy):
            column("status", e -> e.status, (e, v) -> e.status = (String) v),
            column("destination_hospital_id", e -> e.destinationHospitalId, (e, v) -> e.destinationHospitalId = (String) v),
            column("updated_at", e -> e.updatedAt, (e, v) -> e.updatedAt = instant(v)),
            column("waiting_reason", e -> e.waitingReason, (e, v) -> e.waitingReason = (String) v),
            column("crew_type", e -> e.crewType, (e, v) -> e.crewType = (String) v),
            column("call_sign", e -> e.callSign, (e, v) -> e.callSign = (String) v),
            column("estimated_arrival", e -> e.estimatedArrival, (e, v) -> e.estimatedArrival = instant(v)),
            column("transport_assigned_by", e -> e.transportAssignedBy, (e, v) -> e.transportAssignedBy = (String) v),
            column("crew_latitude", e -> e.crewLatitude, (e, v) -> e.crewLatitude = (Double) v),
            column("crew_longitude", e -> e.crewLongitude, (e, v) -> e.crewLongitude = (Double) v),
            column("crew_position_at", e -> e.crewPositionAt, (e, v) -> e.crewPositionAt = instant(v)),
            column("campaign", e -> e.campaign, (e, v) -> e.campaign = (Integer) v),
            column("round", e -> e.round, (e, v) -> e.round = (Integer) v),
            column("pass_start_round", e -> e.passStartRound, (e, v) -> e.passStartRound = (Integer) v),
            column("next_round_at", e -> e.nextRoundAt, (e, v) -> e.nextRoundAt = instant(v)),
            column("directed_hospital_id", e -> e.directedHospitalId, (e, v) -> e.directedHospitalId = (String) v),
            column("directed_travel_minutes", e -> e.directedTravelMinutes, (e, v) -> e.directedTravelMinutes = (Integer) v),
            column("direction_falls_back", e -> e.directionFallsBack, (e, v) -> e.directionFallsBack = (Boolean) v)),
            19, TransferEntity::new);

    static final Table<OfferEntity> OFFER = new Table<>("offer", List.of(
            column("offer_id", e -> e.offerId, (e, v) -> e.offerId = (UUID) v),
            column("transfer_id", e -> e.transferId, (e, v) -> e.transferId = (UUID) v),
            column("hospital_id", e -> e.hospitalId, (e, v) -> e.hospitalId = (String) v),
            column("campaign", e -> e.campaign, (e, v) -> e.campaign = (Integer) v),
            column("round", e -> e.round, (e, v) -> e.round = (Integer) v),
            column("travel_minutes", e -> e.travelMinutes, (e, v) -> e.travelMinutes = (Integer) v),
            column("created_at", e -> e.createdAt, (e, v) -> e.createdAt = instant(v)),
            // What a move can change (OfferRepository#copy):
            column("status", e -> e.status, (e, v) -> e.status = (String) v),
            column("hold_id", e -> e.holdId, (e, v) -> e.holdId = (UUID) v),
            column("deadline", e -> e.deadline, (e, v) -> e.deadline = instant(v)),
            column("offered_at", e -> e.offeredAt, (e, v) -> e.offeredAt = instant(v)),
            column("answered_at", e -> e.answeredAt, (e, v) -> e.answeredAt = instant(v)),
            column("answered_by", e -> e.answeredBy, (e, v) -> e.answeredBy = (String) v),
            column("decline_reason", e -> e.declineReason, (e, v) -> e.declineReason = (String) v),
            column("answer_text", e -> e.answerText, (e, v) -> e.answerText = (String) v),
            column("available_from", e -> e.availableFrom, (e, v) -> e.availableFrom = instant(v)),
            column("hold_action", e -> e.holdAction, (e, v) -> e.holdAction = (String) v),
            column("hold_action_at", e -> e.holdActionAt, (e, v) -> e.holdActionAt = instant(v)),
            column("hold_expires_at", e -> e.holdExpiresAt, (e, v) -> e.holdExpiresAt = instant(v))),
            7, OfferEntity::new);
}
