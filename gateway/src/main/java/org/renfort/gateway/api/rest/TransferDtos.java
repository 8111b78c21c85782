package org.renfort.gateway.api.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of the transfer endpoints. Enum values are the proto names without prefix. */
public final class TransferDtos {
    private TransferDtos() {
    }

    @Schema(name = "Origin", description = "A hospital (hospitalId), or a position in the field (latitude and longitude).")
    public record OriginView(@Schema(examples = "590000017") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                             @Min(-90) @Max(90) Double latitude, @Min(-180) @Max(180) Double longitude) {
    }

    @Schema(name = "TransferRequest", description = "What the receiving hospitals need to decide, and nothing more: "
            + "there is no field for a name, a birth date or a national identifier.")
    public record TransferInput(@Schema(required = true) @NotNull @Valid OriginView origin,
                                @Schema(required = true, description = "opaque pseudonymous reference, 6-64 characters")
                                @NotNull @Size(max = InputLimits.PATIENT_REFERENCE) String patientReference,
                                @Schema(required = true, examples = "ADULT") String ageBand,
                                @Schema(required = true, examples = "ADULT_ICU") String bedCategory,
                                @Size(max = InputLimits.CAPABILITIES) List<String> requiredCapabilities,
                                @Schema(required = true, examples = "URGENT") String acuity,
                                @Schema(required = true, examples = "60") @Min(1) @Max(InputLimits.TRAVEL_MINUTES) int maxTravelMinutes,
                                @Size(max = InputLimits.LISTED_HOSPITALS) List<@Size(max = InputLimits.HOSPITAL_ID) String> preferredHospitalIds,
                                @Size(max = InputLimits.LISTED_HOSPITALS) List<@Size(max = InputLimits.HOSPITAL_ID) String> excludedHospitalIds,
                                @Schema(description = "shown to origin, destination and coordinators only")
                                @Size(max = InputLimits.CLINICAL_NOTE) String clinicalNote) {
    }

    @Schema(name = "Offer")
    public record OfferView(String offerId, String transferId, String hospitalId,
                            @Schema(examples = "OPEN") String status, int travelMinutes, Instant deadline, Instant offeredAt,
                            @Schema(examples = "NO_STAFF") String declineReason, String answerText, Instant availableFrom) {
    }

    @Schema(name = "OfferToDecide", description = "An offer made to a hospital, with what it needs to decide; never the "
            + "clinical note (it goes to the destination once it has accepted)")
    public record OfferToDecide(OfferView offer, OriginView origin,
                                @Schema(description = "the origin's pseudonymous reference") String patientReference,
                                @Schema(examples = "ADULT") String ageBand, @Schema(examples = "ADULT_ICU") String bedCategory,
                                List<String> requiredCapabilities, @Schema(examples = "URGENT") String acuity, int maxTravelMinutes) {
    }

    @Schema(name = "OfferEvent", description = "A hospital's live offer stream (event `offer`, id = position): an offer made, "
            + "withdrawn, expired, or its outcome")
    public record OfferEventView(long position, @Schema(examples = "OFFERED") String kind, Instant occurredAt, OfferToDecide offer) {
    }

    @Schema(name = "OfferPage")
    public record OfferPage(List<OfferToDecide> offers,
                            @Schema(description = "pass as pageToken for the next page; absent on the last page")
                            String nextPageToken) {
    }

    @Schema(name = "TransportEvent", description = "A dispatch centre's live transport stream (event `transport`, id = position): "
            + "a transfer that needs or is under transport, as it is now")
    public record TransportEventView(long position, Instant occurredAt, TransferView transfer) {
    }

    @Schema(name = "TransferEvent")
    public record EventView(@Schema(examples = "NEGOTIATING") String status, String actor, Instant occurredAt, String reason) {
    }

    @Schema(name = "Transport")
    public record TransportView(@Schema(examples = "SMUR") String crewType, String callSign, Instant estimatedArrival,
                                String assignedBy,
                                @Schema(description = "The crew's latest reported position; absent before its first report.")
                                PositionView lastPosition, Instant lastPositionAt) {
    }

    @Schema(name = "Position", description = "A WGS 84 position in decimal degrees.")
    public record PositionView(@Schema(required = true, examples = "50.6292") @NotNull @Min(-90) @Max(90) Double latitude,
                               @Schema(required = true, examples = "3.0573") @NotNull @Min(-180) @Max(180) Double longitude) {
    }

    @Schema(name = "Transfer")
    public record TransferView(String transferId, OriginView origin, String patientReference, String ageBand,
                               String bedCategory, List<String> requiredCapabilities, String acuity, int maxTravelMinutes,
                               List<String> preferredHospitalIds, List<String> excludedHospitalIds,
                               @Schema(examples = "NEGOTIATING") String status,
                               @Schema(description = "empty when the caller may not read it") String clinicalNote,
                               Instant createdAt, Instant updatedAt, String destinationHospitalId,
                               @Schema(description = "why nothing is moving, when that is the case") String waitingReason,
                               TransportView transport, List<OfferView> offers, List<EventView> history) {
    }

    @Schema(name = "TransferPage")
    public record TransferPage(List<TransferView> transfers,
                               @Schema(description = "pass as pageToken for the next page; absent on the last page")
                               String nextPageToken) {
    }

    @Schema(name = "Reason")
    public record ReasonInput(@Schema(required = true, description = "kept in the history")
                              @NotNull @Size(max = InputLimits.TRANSFER_REASON) String reason) {
    }

    @Schema(name = "Direction")
    public record DirectionInput(@Schema(required = true, examples = "590000025") @NotNull @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                 @Schema(required = true) @NotNull @Size(max = InputLimits.TRANSFER_REASON) String reason) {
    }

    @Schema(name = "OfferAnswer", description = "ACCEPT; DECLINE with a declineReason (and text, required for OTHER); "
            + "DEFER with availableFrom.")
    public record AnswerInput(@Schema(required = true, examples = "ACCEPT") String answer,
                              @Schema(examples = "NO_STAFF") String declineReason, @Size(max = InputLimits.ANSWER_TEXT) String text,
                              Instant availableFrom) {
    }

    @Schema(name = "AnsweredOffer")
    public record AnsweredView(OfferView offer, TransferView transfer) {
    }

    @Schema(name = "TransportStep", description = "ASSIGN (crewType, callSign, estimatedArrival); PROGRESS on the way "
            + "(estimatedArrival, position or both: the state stays, only the latest position is kept); DEPARTED, ARRIVED "
            + "or COMPLETED.")
    public record TransportInput(@Schema(required = true, examples = "ASSIGN") String step,
                                 @Schema(examples = "SMUR") String crewType,
                                 @Schema(examples = "SMUR 59-2") @Size(max = InputLimits.CALL_SIGN) String callSign,
                                 Instant estimatedArrival, @Valid PositionView position) {
    }
}
