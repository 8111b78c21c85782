package org.renfort.transfer.api.grpc;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.servicekit.ProtoEnums;
import org.renfort.transfer.domain.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.transfer.domain.ClinicalNote;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferRequest;
import org.renfort.transfer.domain.TransferRequirements;

import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;
import org.renfort.transfer.domain.CrewType;
import org.renfort.transfer.domain.DeclineReason;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferAnswer;
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
        if (!r.hasOrigin() || r.getOrigin().getPlaceCase() == org.renfort.proto.transfer.v1.Origin.PlaceCase.PLACE_NOT_SET) {
            throw new InvalidArgumentException("origin", "is required: a hospital_id or a position");
        }
        Origin origin = switch (r.getOrigin().getPlaceCase()) {
            case HOSPITAL_ID -> new Origin.AtHospital(HospitalId.parse("origin.hospital_id", r.getOrigin().getHospitalId()));
            case POSITION -> new Origin.InTheField(new GeoPoint(r.getOrigin().getPosition().getLatitude(),
                    r.getOrigin().getPosition().getLongitude()));
            case PLACE_NOT_SET -> throw new InvalidArgumentException("origin", "is required");
        };
        if (!r.hasRequirements()) {
            throw new InvalidArgumentException("requirements", "is required");
        }
        var q = r.getRequirements();
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (int i = 0; i < q.getRequiredCapabilitiesCount(); i++) {
            capabilities.add(ProtoEnums.toDomain(q.getRequiredCapabilities(i), "CAPABILITY_", Capability.class,
                    "requirements.required_capabilities[" + i + "]"));
        }
        TransferRequirements requirements = new TransferRequirements(
                new PatientReference(q.getPatientReference()),
                ProtoEnums.toDomain(q.getAgeBand(), "AGE_BAND_", AgeBand.class, "requirements.age_band"),
                ProtoEnums.toDomain(q.getBedCategory(), "BED_CATEGORY_", BedCategory.class, "requirements.bed_category"),
                capabilities,
                ProtoEnums.toDomain(q.getAcuity(), "ACUITY_", Acuity.class, "requirements.acuity"),
                q.getMaxTravelMinutes(),
                hospitals("requirements.preferred_hospital_ids", q.getPreferredHospitalIdsList()),
                hospitals("requirements.excluded_hospital_ids", q.getExcludedHospitalIdsList()));
        return new TransferRequest(origin, requirements, new ClinicalNote(r.getClinicalNote()),
                new IdempotencyKey(r.getIdempotencyKey()));
    }

    public UUID transferId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("transfer_id", "must be a UUID (got '" + value + "')");
        }
    }

    public org.renfort.proto.transfer.v1.Transfer toProto(Transfer t) {
        var origin = org.renfort.proto.transfer.v1.Origin.newBuilder();
        if (t.origin() instanceof Origin.AtHospital at) {
            origin.setHospitalId(at.hospitalId().value());
        } else if (t.origin() instanceof Origin.InTheField field) {
            origin.setPosition(org.renfort.proto.common.v1.GeoPoint.newBuilder()
                    .setLatitude(field.position().latitude()).setLongitude(field.position().longitude()));
        }
        TransferRequirements q = t.requirements();
        var requirements = org.renfort.proto.transfer.v1.TransferRequirements.newBuilder()
                .setPatientReference(q.patient().value())
                .setAgeBand(ProtoEnums.toProto(q.ageBand(), "AGE_BAND_", org.renfort.proto.common.v1.AgeBand.class))
                .setBedCategory(ProtoEnums.toProto(q.bedCategory(), "BED_CATEGORY_", org.renfort.proto.common.v1.BedCategory.class))
                .setAcuity(ProtoEnums.toProto(q.acuity(), "ACUITY_", org.renfort.proto.transfer.v1.Acuity.class))
                .setMaxTravelMinutes(q.maxTravelMinutes())
                .addAllPreferredHospitalIds(q.preferredHospitals().stream().map(HospitalId::value).toList())
                .addAllExcludedHospitalIds(q.excludedHospitals().stream().map(HospitalId::value).toList());
        q.requiredCapabilities().stream().sorted().forEach(c -> requirements.addRequiredCapabilities(
                ProtoEnums.toProto(c, "CAPABILITY_", org.renfort.proto.common.v1.Capability.class)));
        var builder = org.renfort.proto.transfer.v1.Transfer.newBuilder()
                .setTransferId(t.id().toString())
                .setOrigin(origin)
                .setRequirements(requirements)
                .setStatus(ProtoEnums.toProto(t.status(), "TRANSFER_STATUS_", org.renfort.proto.transfer.v1.TransferStatus.class))
                .setClinicalNote(t.note().text())
                .setCreatedAt(timestamp(t.createdAt()));
        t.destination().ifPresent(d -> builder.setDestinationHospitalId(d.value()));
        builder.setWaitingReason(t.waitingReason()).setUpdatedAt(timestamp(t.updatedAt()));
        t.transport().ifPresent(tr -> {
            var transport = org.renfort.proto.transfer.v1.Transport.newBuilder()
                    .setCrewType(ProtoEnums.toProto(tr.crewType(), "CREW_TYPE_", org.renfort.proto.transfer.v1.CrewType.class))
                    .setCallSign(tr.callSign()).setAssignedBy(tr.assignedBy());
            tr.estimatedArrival().ifPresent(eta -> transport.setEstimatedArrival(timestamp(eta)));
            builder.setTransport(transport);
        });
        return builder.build();
    }

    public org.renfort.proto.transfer.v1.Transfer toProto(TransferView view) {
        var builder = toProto(view.transfer()).toBuilder();
        view.offers().forEach(o -> builder.addOffers(toProto(o, Optional.empty())));
        view.history().forEach(e -> builder.addHistory(org.renfort.proto.transfer.v1.TransferEvent.newBuilder()
                .setStatus(ProtoEnums.toProto(e.status(), "TRANSFER_STATUS_", org.renfort.proto.transfer.v1.TransferStatus.class))
                .setActor(e.actor()).setOccurredAt(timestamp(e.occurredAt())).setReason(e.reason())));
        return builder.build();
    }

    /** An offer; with its transfer (origin and requirements, never the note) when the hospital asked needs them. */
    public org.renfort.proto.transfer.v1.Offer toProto(Offer o, Optional<Transfer> transfer) {
        var builder = org.renfort.proto.transfer.v1.Offer.newBuilder()
                .setOfferId(o.id().toString())
                .setTransferId(o.transferId().toString())
                .setHospitalId(o.hospital().value())
                .setStatus(ProtoEnums.toProto(o.status(), "OFFER_STATUS_", org.renfort.proto.transfer.v1.OfferStatus.class))
                .setTravelMinutes(o.travelMinutes())
                .setAnswerText(o.answerText());
        o.deadline().ifPresent(d -> builder.setDeadline(timestamp(d)));
        o.offeredAt().ifPresent(d -> builder.setOfferedAt(timestamp(d)));
        o.availableFrom().ifPresent(d -> builder.setAvailableFrom(timestamp(d)));
        o.declineReason().ifPresent(r -> builder.setDeclineReason(
                ProtoEnums.toProto(r, "DECLINE_REASON_", org.renfort.proto.transfer.v1.DeclineReason.class)));
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
                    : ProtoEnums.toDomain(r.getDecline().getReason(), "DECLINE_REASON_", DeclineReason.class, "decline.reason"),
                    r.getDecline().getText());
            case DEFER -> new OfferAnswer.Defer(r.getDefer().hasAvailableFrom()
                    ? instant(r.getDefer().getAvailableFrom()) : null, r.getDefer().getText());
            case ANSWER_NOT_SET -> throw new InvalidArgumentException("answer", "is required: accept, decline or defer");
        };
    }

    public TransportStep toDomain(UpdateTransportRequest r, String subject) {
        return switch (r.getStepCase()) {
            case ASSIGN -> new TransportStep.AssignCrew(new Transport(
                    r.getAssign().getCrewTypeValue() == 0 ? null
                            : ProtoEnums.toDomain(r.getAssign().getCrewType(), "CREW_TYPE_", CrewType.class, "assign.crew_type"),
                    r.getAssign().getCallSign(),
                    r.getAssign().hasEstimatedArrival() ? Optional.of(instant(r.getAssign().getEstimatedArrival())) : Optional.empty(),
                    subject));
            case DEPARTED -> new TransportStep.Departed();
            case ARRIVED -> new TransportStep.Arrived();
            case COMPLETED -> new TransportStep.Completed();
            case STEP_NOT_SET -> throw new InvalidArgumentException("step", "is required: assign, departed, arrived or completed");
        };
    }

    public TransferFilter toDomain(ListTransfersRequest r) {
        Set<TransferStatus> statuses = EnumSet.noneOf(TransferStatus.class);
        for (int i = 0; i < r.getStatusesCount(); i++) {
            statuses.add(ProtoEnums.toDomain(r.getStatuses(i), "TRANSFER_STATUS_", TransferStatus.class, "statuses[" + i + "]"));
        }
        Optional<TransferFilter.Cursor> cursor = Optional.empty();
        if (!r.getPageToken().isEmpty()) {
            String[] parts = r.getPageToken().split("_", 2);
            try {
                cursor = Optional.of(new TransferFilter.Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1])));
            } catch (RuntimeException e) {
                throw new InvalidArgumentException("page_token", "is not a token this service issued");
            }
        }
        return new TransferFilter(statuses,
                r.getHospitalId().isEmpty() ? Optional.empty() : Optional.of(HospitalId.parse("hospital_id", r.getHospitalId())),
                r.getAcuityValue() == 0 ? Optional.empty()
                        : Optional.of(ProtoEnums.toDomain(r.getAcuity(), "ACUITY_", Acuity.class, "acuity")),
                r.hasCreatedAfter() ? Optional.of(instant(r.getCreatedAfter())) : Optional.empty(),
                r.hasCreatedBefore() ? Optional.of(instant(r.getCreatedBefore())) : Optional.empty(),
                Optional.empty(), cursor);
    }

    /** The cursor of the next page: the last transfer's creation time and id. */
    public String pageToken(Transfer last) {
        return last.createdAt() + "_" + last.id();
    }

    public UUID offerId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("offer_id", "must be a UUID (got '" + value + "')");
        }
    }

    static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static List<HospitalId> hospitals(String field, List<String> ids) {
        List<HospitalId> parsed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            parsed.add(HospitalId.parse(field + "[" + i + "]", ids.get(i)));
        }
        return parsed;
    }
}
