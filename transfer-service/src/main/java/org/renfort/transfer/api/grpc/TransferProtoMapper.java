package org.renfort.transfer.api.grpc;

import org.renfort.servicekit.ProtoTime;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.servicekit.CommonEnums;
import org.renfort.transfer.domain.ClinicalNote;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.ExternalReference;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.domain.TransferRequest;
import org.renfort.transfer.domain.TransferRequirements;

import org.renfort.proto.transfer.v1.ListOffersRequest;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferAnswer;
import org.renfort.transfer.domain.OfferFilter;
import org.renfort.transfer.domain.OfferStatus;
import org.renfort.transfer.domain.TransferFilter;
import org.renfort.transfer.domain.TransferStatus;
import org.renfort.transfer.domain.TransferView;
import org.renfort.transfer.domain.Transport;
import org.renfort.transfer.domain.TransportStep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Maps between protobuf messages and the domain, validating on the way in. */
@ApplicationScoped
public class TransferProtoMapper {

    public TransferRequest toDomain(CreateTransferRequest r) {
        Origin origin = origin(r.hasOrigin(), r.getOrigin(), "origin");
        if (!r.hasRequirements()) {
            throw new InvalidArgumentException("requirements", "is required");
        }
        var q = r.getRequirements();
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (int i = 0; i < q.getRequiredCapabilitiesCount(); i++) {
            capabilities.add(CommonEnums.CAPABILITY.toDomain(q.getRequiredCapabilities(i), "requirements.required_capabilities[" + i + "]"));
        }
        TransferRequirements requirements = new TransferRequirements(
                new PatientReference(q.getPatientReference()),
                CommonEnums.AGE_BAND.toDomain(q.getAgeBand(), "requirements.age_band"),
                CommonEnums.BED_CATEGORY.toDomain(q.getBedCategory(), "requirements.bed_category"),
                capabilities,
                TransferEnums.ACUITY.toDomain(q.getAcuity(), "requirements.acuity"),
                q.getMaxTravelMinutes(),
                hospitals("requirements.preferred_hospital_ids", q.getPreferredHospitalIdsList()),
                hospitals("requirements.excluded_hospital_ids", q.getExcludedHospitalIdsList()));
        return new TransferRequest(origin, requirements, new ClinicalNote(r.getClinicalNote()),
                new IdempotencyKey(r.getIdempotencyKey()), externalReference(r.getExternalReference()));
    }

    public UUID transferId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("transfer_id", "must be a UUID (got '" + value + "')");
        }
    }

    /** Where a patient is, as a request names it under {@code field}: a hospital or a position. */
    static Origin origin(boolean present, org.renfort.proto.transfer.v1.Origin o, String field) {
        if (!present || o.getPlaceCase() == org.renfort.proto.transfer.v1.Origin.PlaceCase.PLACE_NOT_SET) {
            throw new InvalidArgumentException(field, "is required: a hospital_id or a position");
        }
        return switch (o.getPlaceCase()) {
            case HOSPITAL_ID -> new Origin.AtHospital(HospitalId.parse(field + ".hospital_id", o.getHospitalId()));
            case POSITION -> new Origin.InTheField(new GeoPoint(o.getPosition().getLatitude(), o.getPosition().getLongitude()));
            case PLACE_NOT_SET -> throw new InvalidArgumentException(field, "is required");
        };
    }

    static org.renfort.proto.transfer.v1.Origin toProto(Origin o) {
        var origin = org.renfort.proto.transfer.v1.Origin.newBuilder();
        if (o instanceof Origin.AtHospital at) {
            origin.setHospitalId(at.hospitalId().value());
        } else if (o instanceof Origin.InTheField field) {
            origin.setPosition(toProto(field.position()));
        }
        return origin.build();
    }

    private static org.renfort.proto.common.v1.GeoPoint toProto(GeoPoint point) {
        return org.renfort.proto.common.v1.GeoPoint.newBuilder().setLatitude(point.latitude()).setLongitude(point.longitude()).build();
    }

    public org.renfort.proto.transfer.v1.Transfer toProto(TransferDetails t) {
        var origin = toProto(t.origin());
        TransferRequirements q = t.requirements();
        var requirements = org.renfort.proto.transfer.v1.TransferRequirements.newBuilder()
                .setPatientReference(q.patient().value())
                .setAgeBand(CommonEnums.AGE_BAND.toProto(q.ageBand()))
                .setBedCategory(CommonEnums.BED_CATEGORY.toProto(q.bedCategory()))
                .setAcuity(TransferEnums.ACUITY.toProto(q.acuity()))
                .setMaxTravelMinutes(q.maxTravelMinutes())
                .addAllPreferredHospitalIds(q.preferredHospitals().stream().map(HospitalId::value).toList())
                .addAllExcludedHospitalIds(q.excludedHospitals().stream().map(HospitalId::value).toList());
        q.requiredCapabilities().stream().sorted().forEach(c -> requirements.addRequiredCapabilities(
                CommonEnums.CAPABILITY.toProto(c)));
        var builder = org.renfort.proto.transfer.v1.Transfer.newBuilder()
                .setTransferId(t.id().toString())
                .setOrigin(origin)
                .setRequirements(requirements)
                .setStatus(TransferEnums.TRANSFER_STATUS.toProto(t.status()))
                .setClinicalNote(t.note().text())
                .setCreatedAt(ProtoTime.timestamp(t.createdAt()));
        t.destination().ifPresent(d -> builder.setDestinationHospitalId(d.value()));
        builder.setWaitingReason(t.waitingReason()).setUpdatedAt(ProtoTime.timestamp(t.updatedAt()));
        t.externalReference().ifPresent(r -> builder.setExternalReference(r.value()));
        t.transport().ifPresent(tr -> {
            var transport = org.renfort.proto.transfer.v1.Transport.newBuilder()
                    .setCrewType(TransferEnums.CREW_TYPE.toProto(tr.crewType()))
                    .setCallSign(tr.callSign()).setAssignedBy(tr.assignedBy());
            tr.estimatedArrival().ifPresent(eta -> transport.setEstimatedArrival(ProtoTime.timestamp(eta)));
            tr.lastPosition().ifPresent(p -> transport.setLastPosition(toProto(p.point()))
                    .setLastPositionAt(ProtoTime.timestamp(p.reportedAt())));
            builder.setTransport(transport);
        });
        return builder.build();
    }

    public org.renfort.proto.transfer.v1.Transfer toProto(TransferView view) {
        var builder = toProto(view.transfer()).toBuilder();
        view.offers().forEach(o -> builder.addOffers(toProto(o, Optional.empty())));
        view.history().forEach(e -> builder.addHistory(org.renfort.proto.transfer.v1.TransferEvent.newBuilder()
                .setStatus(TransferEnums.TRANSFER_STATUS.toProto(e.status()))
                .setActor(e.actor()).setOccurredAt(ProtoTime.timestamp(e.occurredAt())).setReason(e.reason())));
        return builder.build();
    }

    /** An offer; with its transfer (origin and requirements, never the note) when the hospital asked needs them. */
    public org.renfort.proto.transfer.v1.Offer toProto(Offer o, Optional<TransferDetails> transfer) {
        var builder = org.renfort.proto.transfer.v1.Offer.newBuilder()
                .setOfferId(o.id().toString())
                .setTransferId(o.transferId().toString())
                .setHospitalId(o.hospital().value())
                .setStatus(TransferEnums.OFFER_STATUS.toProto(o.status()))
                .setTravelMinutes(o.travelMinutes())
                .setAnswerText(o.answerText());
        o.deadline().ifPresent(d -> builder.setDeadline(ProtoTime.timestamp(d)));
        o.offeredAt().ifPresent(d -> builder.setOfferedAt(ProtoTime.timestamp(d)));
        o.availableFrom().ifPresent(d -> builder.setAvailableFrom(ProtoTime.timestamp(d)));
        o.declineReason().ifPresent(r -> builder.setDeclineReason(
                TransferEnums.DECLINE_REASON.toProto(r)));
        transfer.ifPresent(t -> {
            var full = toProto(t.withoutNote());
            builder.setOrigin(full.getOrigin()).setRequirements(full.getRequirements());
        });
        return builder.build();
    }

    public OfferAnswer toDomain(RespondToOfferRequest r) {
        return switch (r.getAnswerCase()) {
            case ACCEPT -> new OfferAnswer.Accept();
            case DECLINE -> new OfferAnswer.Decline(r.getDecline().getReasonValue() == 0 ? null
                    : TransferEnums.DECLINE_REASON.toDomain(r.getDecline().getReason(), "decline.reason"),
                    r.getDecline().getText());
            case DEFER -> new OfferAnswer.Defer(r.getDefer().hasAvailableFrom()
                    ? ProtoTime.instant(r.getDefer().getAvailableFrom()) : null, r.getDefer().getText());
            case ANSWER_NOT_SET -> throw new InvalidArgumentException("answer", "is required: accept, decline or defer");
        };
    }

    public TransportStep toDomain(UpdateTransportRequest r, String subject) {
        return switch (r.getStepCase()) {
            case ASSIGN -> new TransportStep.AssignCrew(new Transport(
                    r.getAssign().getCrewTypeValue() == 0 ? null
                            : TransferEnums.CREW_TYPE.toDomain(r.getAssign().getCrewType(), "assign.crew_type"),
                    r.getAssign().getCallSign(),
                    r.getAssign().hasEstimatedArrival() ? Optional.of(ProtoTime.instant(r.getAssign().getEstimatedArrival())) : Optional.empty(),
                    subject));
            case PROGRESS -> new TransportStep.Progress(
                    r.getProgress().hasEstimatedArrival() ? Optional.of(ProtoTime.instant(r.getProgress().getEstimatedArrival()))
                            : Optional.empty(),
                    r.getProgress().hasPosition() ? Optional.of(new GeoPoint(r.getProgress().getPosition().getLatitude(),
                            r.getProgress().getPosition().getLongitude())) : Optional.empty());
            case DEPARTED -> new TransportStep.Departed();
            case ARRIVED -> new TransportStep.Arrived();
            case COMPLETED -> new TransportStep.Completed();
            case STEP_NOT_SET -> throw new InvalidArgumentException("step", "is required: assign, progress, departed, arrived or completed");
        };
    }

    public TransferFilter toDomain(ListTransfersRequest r) {
        Set<TransferStatus> statuses = EnumSet.noneOf(TransferStatus.class);
        for (int i = 0; i < r.getStatusesCount(); i++) {
            statuses.add(TransferEnums.TRANSFER_STATUS.toDomain(r.getStatuses(i), "statuses[" + i + "]"));
        }
        Optional<TransferFilter.Cursor> cursor = pageAfter(r.getPageToken()).map(c -> new TransferFilter.Cursor(c.at(), c.id()));
        return new TransferFilter(statuses,
                r.getHospitalId().isEmpty() ? Optional.empty() : Optional.of(HospitalId.parse("hospital_id", r.getHospitalId())),
                r.getAcuityValue() == 0 ? Optional.empty()
                        : Optional.of(TransferEnums.ACUITY.toDomain(r.getAcuity(), "acuity")),
                r.hasCreatedAfter() ? Optional.of(ProtoTime.instant(r.getCreatedAfter())) : Optional.empty(),
                r.hasCreatedBefore() ? Optional.of(ProtoTime.instant(r.getCreatedBefore())) : Optional.empty(),
                Optional.empty(), cursor, externalReference(r.getExternalReference()));
    }

    private static Optional<ExternalReference> externalReference(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(new ExternalReference(value));
    }

    /** The cursor of the next page: the last transfer's creation time and id. */
    public String pageToken(TransferDetails last) {
        return last.createdAt() + "_" + last.id();
    }

    public String pageToken(Offer last) {
        return last.createdAt() + "_" + last.id();
    }

    /** A page token: the creation time and id of the previous page's last row. */
    private record PageCursor(Instant at, UUID id) {
    }

    private static Optional<PageCursor> pageAfter(String token) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = token.split("_", 2);
        try {
            return Optional.of(new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1])));
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("page_token", "is not a token this service issued");
        }
    }

    public OfferFilter toDomain(ListOffersRequest r) {
        Set<OfferStatus> statuses = EnumSet.noneOf(OfferStatus.class);
        for (int i = 0; i < r.getStatusesCount(); i++) {
            statuses.add(TransferEnums.OFFER_STATUS.toDomain(r.getStatuses(i), "statuses[" + i + "]"));
        }
        return new OfferFilter(r.getHospitalId().isEmpty() ? Optional.empty()
                : Optional.of(HospitalId.parse("hospital_id", r.getHospitalId())), statuses,
                pageAfter(r.getPageToken()).map(c -> new OfferFilter.Cursor(c.at(), c.id())));
    }

    public UUID offerId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("offer_id", "must be a UUID (got '" + value + "')");
        }
    }


    static List<HospitalId> hospitals(String field, List<String> ids) {
        List<HospitalId> parsed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            parsed.add(HospitalId.parse(field + "[" + i + "]", ids.get(i)));
        }
        return parsed;
    }
}
