package org.renfort.gateway.api.rest;

import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.gateway.api.rest.TransferDtos.DirectionInput;
import org.renfort.gateway.api.rest.TransferDtos.ReasonInput;
import org.renfort.gateway.api.rest.TransferDtos.AnswerInput;
import org.renfort.gateway.api.rest.TransferDtos.EventView;
import org.renfort.gateway.api.rest.TransferDtos.OfferToDecide;
import org.renfort.gateway.api.rest.TransferDtos.OfferView;
import org.renfort.gateway.api.rest.TransferDtos.OriginView;
import org.renfort.gateway.api.rest.TransferDtos.PositionView;
import org.renfort.gateway.api.rest.TransferDtos.TransferInput;
import org.renfort.gateway.api.rest.TransferDtos.TransferView;
import org.renfort.gateway.api.rest.TransferDtos.TransportInput;
import org.renfort.gateway.api.rest.TransferDtos.TransportView;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.transfer.v1.DirectTransferRequest;
import org.renfort.proto.transfer.v1.ReopenTransferRequest;
import org.renfort.proto.transfer.v1.CancelTransferRequest;
import org.renfort.proto.transfer.v1.AcceptAnswer;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.Arrived;
import org.renfort.proto.transfer.v1.AssignCrew;
import org.renfort.proto.transfer.v1.ReportProgress;
import org.renfort.proto.transfer.v1.Completed;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.CrewType;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.DeclineReason;
import org.renfort.proto.transfer.v1.DeferAnswer;
import org.renfort.proto.transfer.v1.Departed;
import org.renfort.proto.transfer.v1.ListOffersRequest;
import org.renfort.proto.transfer.v1.OfferStatus;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.Offer;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferStatus;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;

import java.util.List;

import static org.renfort.gateway.api.rest.RestValues.instantOrNull;
import static org.renfort.gateway.api.rest.RestValues.parse;
import static org.renfort.gateway.api.rest.RestValues.strip;

/** Maps the transfer endpoints' JSON to transfer-service's messages and back; malformed input names its field. */
@ApplicationScoped
public class TransferRestMapper {

    public CreateTransferRequest toRequest(TransferInput in, String idempotencyKey) {
        if (in == null) {
            throw new InvalidInput("body", "is required");
        }
        Origin origin = origin(in.origin(), "origin");
        TransferRequirements.Builder requirements = TransferRequirements.newBuilder()
                .setPatientReference(in.patientReference() == null ? "" : in.patientReference())
                .setAgeBand(parse(AgeBand.class, "AGE_BAND_", in.ageBand(), "ageBand"))
                .setBedCategory(parse(BedCategory.class, "BED_CATEGORY_", in.bedCategory(), "bedCategory"))
                .setAcuity(parse(Acuity.class, "ACUITY_", in.acuity(), "acuity"))
                .setMaxTravelMinutes(in.maxTravelMinutes())
                .addAllPreferredHospitalIds(orEmpty(in.preferredHospitalIds()))
                .addAllExcludedHospitalIds(orEmpty(in.excludedHospitalIds()));
        List<String> capabilities = orEmpty(in.requiredCapabilities());
        for (int i = 0; i < capabilities.size(); i++) {
            requirements.addRequiredCapabilities(parse(Capability.class, "CAPABILITY_", capabilities.get(i),
                    "requiredCapabilities[" + i + "]"));
        }
        return CreateTransferRequest.newBuilder().setOrigin(origin).setRequirements(requirements)
                .setClinicalNote(in.clinicalNote() == null ? "" : in.clinicalNote())
                .setIdempotencyKey(orEmpty(idempotencyKey)).build();
    }

    /** Where a patient is: a hospital, or a position in the field; {@code field} names it in a refusal. */
    static Origin origin(OriginView in, String field) {
        if (in == null) {
            throw new InvalidInput(field, "is required: a hospitalId, or a latitude and a longitude");
        }
        Origin.Builder origin = Origin.newBuilder();
        if (in.hospitalId() != null) {
            origin.setHospitalId(in.hospitalId());
        } else if (in.latitude() != null && in.longitude() != null) {
            origin.setPosition(GeoPoint.newBuilder().setLatitude(in.latitude()).setLongitude(in.longitude()));
        } else {
            throw new InvalidInput(field, "needs a hospitalId, or a latitude and a longitude");
        }
        return origin.build();
    }

    static OriginView toView(Origin o) {
        return o.hasPosition() ? new OriginView(null, o.getPosition().getLatitude(), o.getPosition().getLongitude())
                : new OriginView(o.getHospitalId(), null, null);
    }

    public ListTransfersRequest toList(List<String> statuses, String hospitalId, String acuity, String createdAfter,
                                       String createdBefore, Integer pageSize, String pageToken) {
        ListTransfersRequest.Builder request = ListTransfersRequest.newBuilder();
        for (int i = 0; i < statuses.size(); i++) {
            request.addStatuses(parse(TransferStatus.class, "TRANSFER_STATUS_", statuses.get(i), "status"));
        }
        if (hospitalId != null) {
            request.setHospitalId(hospitalId);
        }
        if (acuity != null) {
            request.setAcuity(parse(Acuity.class, "ACUITY_", acuity, "acuity"));
        }
        if (createdAfter != null) {
            request.setCreatedAfter(RestValues.timestamp("createdAfter", createdAfter));
        }
        if (createdBefore != null) {
            request.setCreatedBefore(RestValues.timestamp("createdBefore", createdBefore));
        }
        if (pageSize != null) {
            request.setPageSize(pageSize);
        }
        if (pageToken != null) {
            request.setPageToken(pageToken);
        }
        return request.build();
    }

    public ListOffersRequest toOfferList(List<String> statuses, String hospitalId, Integer pageSize, String pageToken) {
        ListOffersRequest.Builder request = ListOffersRequest.newBuilder();
        for (String status : statuses) {
            request.addStatuses(parse(OfferStatus.class, "OFFER_STATUS_", status, "status"));
        }
        if (hospitalId != null) {
            request.setHospitalId(hospitalId);
        }
        if (pageSize != null) {
            request.setPageSize(pageSize);
        }
        if (pageToken != null) {
            request.setPageToken(pageToken);
        }
        return request.build();
    }

    /** An offer with what the hospital asked needs to decide (origin, patient's needs; never the clinical note). */
    public OfferToDecide toDecide(Offer o) {
        var q = o.getRequirements();
        return new OfferToDecide(toView(o), toView(o.getOrigin()), q.getPatientReference(), strip(q.getAgeBand(), "AGE_BAND_"),
                strip(q.getBedCategory(), "BED_CATEGORY_"),
                q.getRequiredCapabilitiesList().stream().map(c -> strip(c, "CAPABILITY_")).toList(),
                strip(q.getAcuity(), "ACUITY_"), q.getMaxTravelMinutes());
    }

    public CancelTransferRequest toCancel(String transferId, ReasonInput reason, String idempotencyKey) {
        return CancelTransferRequest.newBuilder().setTransferId(transferId).setReason(text(reason == null ? null : reason.reason()))
                .setIdempotencyKey(text(idempotencyKey)).build();
    }

    public ReopenTransferRequest toReopen(String transferId, ReasonInput reason, String idempotencyKey) {
        return ReopenTransferRequest.newBuilder().setTransferId(transferId).setReason(text(reason == null ? null : reason.reason()))
                .setIdempotencyKey(text(idempotencyKey)).build();
    }

    public DirectTransferRequest toDirect(String transferId, DirectionInput direction, String idempotencyKey) {
        return DirectTransferRequest.newBuilder().setTransferId(transferId)
                .setHospitalId(text(direction == null ? null : direction.hospitalId()))
                .setReason(text(direction == null ? null : direction.reason()))
                .setIdempotencyKey(text(idempotencyKey)).build();
    }

    /** Absent in JSON is empty in protobuf; the service names what is required. */
    private static String text(String value) {
        return value == null ? "" : value;
    }

    public RespondToOfferRequest toAnswer(String offerId, AnswerInput in, String idempotencyKey) {
        if (in == null) {
            throw new InvalidInput("answer", "is required: ACCEPT, DECLINE or DEFER");
        }
        RespondToOfferRequest.Builder request = RespondToOfferRequest.newBuilder().setOfferId(offerId)
                .setIdempotencyKey(orEmpty(idempotencyKey));
        String answer = in.answer() == null ? "" : in.answer();
        switch (answer) {
            case "ACCEPT" -> request.setAccept(AcceptAnswer.getDefaultInstance());
            case "DECLINE" -> request.setDecline(DeclineAnswer.newBuilder()
                    .setReason(parse(DeclineReason.class, "DECLINE_REASON_", in.declineReason(), "declineReason"))
                    .setText(orEmpty(in.text())));
            case "DEFER" -> {
                if (in.availableFrom() == null) {
                    throw new InvalidInput("availableFrom", "is required to defer");
                }
                request.setDefer(DeferAnswer.newBuilder().setAvailableFrom(RestValues.timestamp(in.availableFrom()))
                        .setText(orEmpty(in.text())));
            }
            default -> throw new InvalidInput("answer", "must be ACCEPT, DECLINE or DEFER (got '" + answer + "')");
        }
        return request.build();
    }

    public UpdateTransportRequest toTransport(String transferId, TransportInput in, String idempotencyKey) {
        if (in == null) {
            throw new InvalidInput("step", "is required: ASSIGN, PROGRESS, DEPARTED, ARRIVED or COMPLETED");
        }
        UpdateTransportRequest.Builder request = UpdateTransportRequest.newBuilder().setTransferId(transferId)
                .setIdempotencyKey(orEmpty(idempotencyKey));
        String step = in.step() == null ? "" : in.step();
        switch (step) {
            case "ASSIGN" -> {
                AssignCrew.Builder assign = AssignCrew.newBuilder()
                        .setCrewType(parse(CrewType.class, "CREW_TYPE_", in.crewType(), "crewType"))
                        .setCallSign(orEmpty(in.callSign()));
                if (in.estimatedArrival() != null) {
                    assign.setEstimatedArrival(RestValues.timestamp(in.estimatedArrival()));
                }
                request.setAssign(assign);
            }
            case "PROGRESS" -> {
                if (in.estimatedArrival() == null && in.position() == null) {
                    throw new InvalidInput("estimatedArrival", "or position (or both) is required for PROGRESS");
                }
                ReportProgress.Builder progress = ReportProgress.newBuilder();
                if (in.estimatedArrival() != null) {
                    progress.setEstimatedArrival(RestValues.timestamp(in.estimatedArrival()));
                }
                if (in.position() != null) {
                    progress.setPosition(GeoPoint.newBuilder().setLatitude(in.position().latitude())
                            .setLongitude(in.position().longitude()));
                }
                request.setProgress(progress);
            }
            case "DEPARTED" -> request.setDeparted(Departed.getDefaultInstance());
            case "ARRIVED" -> request.setArrived(Arrived.getDefaultInstance());
            case "COMPLETED" -> request.setCompleted(Completed.getDefaultInstance());
            default -> throw new InvalidInput("step", "must be ASSIGN, PROGRESS, DEPARTED, ARRIVED or COMPLETED (got '" + step + "')");
        }
        return request.build();
    }

    public TransferView toView(Transfer t) {
        var q = t.getRequirements();
        OriginView origin = toView(t.getOrigin());
        var tr = t.getTransport();
        TransportView transport = t.hasTransport() ? new TransportView(strip(tr.getCrewType(), "CREW_TYPE_"),
                tr.getCallSign(), instantOrNull(tr.hasEstimatedArrival(), tr.getEstimatedArrival()), tr.getAssignedBy(),
                tr.hasLastPosition() ? new PositionView(tr.getLastPosition().getLatitude(), tr.getLastPosition().getLongitude()) : null,
                instantOrNull(tr.hasLastPositionAt(), tr.getLastPositionAt())) : null;
        return new TransferView(t.getTransferId(), origin, q.getPatientReference(), strip(q.getAgeBand(), "AGE_BAND_"),
                strip(q.getBedCategory(), "BED_CATEGORY_"),
                q.getRequiredCapabilitiesList().stream().map(c -> strip(c, "CAPABILITY_")).toList(),
                strip(q.getAcuity(), "ACUITY_"), q.getMaxTravelMinutes(), q.getPreferredHospitalIdsList(),
                q.getExcludedHospitalIdsList(), strip(t.getStatus(), "TRANSFER_STATUS_"), t.getClinicalNote(),
                instantOrNull(t.hasCreatedAt(), t.getCreatedAt()), instantOrNull(t.hasUpdatedAt(), t.getUpdatedAt()),
                t.getDestinationHospitalId().isEmpty() ? null : t.getDestinationHospitalId(), t.getWaitingReason(), transport,
                t.getOffersList().stream().map(this::toView).toList(),
                t.getHistoryList().stream().map(e -> new EventView(strip(e.getStatus(), "TRANSFER_STATUS_"), e.getActor(),
                        RestValues.instant(e.getOccurredAt()), e.getReason())).toList());
    }

    public OfferView toView(Offer o) {
        return new OfferView(o.getOfferId(), o.getTransferId(), o.getHospitalId(), strip(o.getStatus(), "OFFER_STATUS_"),
                o.getTravelMinutes(), instantOrNull(o.hasDeadline(), o.getDeadline()), instantOrNull(o.hasOfferedAt(), o.getOfferedAt()),
                o.getDeclineReasonValue() == 0 ? null : strip(o.getDeclineReason(), "DECLINE_REASON_"), o.getAnswerText(),
                instantOrNull(o.hasAvailableFrom(), o.getAvailableFrom()));
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
