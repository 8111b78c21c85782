package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.renfort.kernel.Fingerprint;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferStatus;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The French SAMU hub's resource request (RS-DR) and response (RS-RR), schema 26.07.29, as
 * Renfort reads and writes them. An RS-DR says who asks (caseId, requestId), for what (purpose)
 * and how soon (deadline); where the patients are and which bed they need travel beside it as the
 * endpoint's parameters ({@link Placement}), since in the hub they come from the case's own
 * messages. The answer is computed from the request's transfers each time it is asked for.
 */
final class SamuHubMessages {
    static final String REQUEST = "resourcesRequest";
    static final String RESPONSE = "resourcesResponse";
    /** Purposes that move a patient to a bed; the others (SAP, MG, CUMP...) are not Renfort's to answer. */
    static final Set<String> BED_TRANSFERS = Set.of("SMUR", "TIH", "BRANCARD", "BARIA");
    static final ZoneId HUB_ZONE = ZoneId.of("Europe/Paris");
    /** A patient's pseudonymous reference is the case id (plus ":n" in a group): 64 characters at most. */
    static final int MAX_CASE_ID = 60;
    private static final DateTimeFormatter HUB_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final Set<TransferStatus> PLACED = EnumSet.of(TransferStatus.TRANSFER_STATUS_ACCEPTED,
            TransferStatus.TRANSFER_STATUS_TRANSPORT_ASSIGNED, TransferStatus.TRANSFER_STATUS_IN_TRANSIT,
            TransferStatus.TRANSFER_STATUS_ARRIVED, TransferStatus.TRANSFER_STATUS_COMPLETED);
    private static final Set<TransferStatus> NEGOTIATING = EnumSet.of(TransferStatus.TRANSFER_STATUS_REQUESTED,
            TransferStatus.TRANSFER_STATUS_NEGOTIATING);

    private static final Set<TransferStatus> OVER = EnumSet.of(TransferStatus.TRANSFER_STATUS_ARRIVED,
            TransferStatus.TRANSFER_STATUS_COMPLETED, TransferStatus.TRANSFER_STATUS_CANCELLED);

    private SamuHubMessages() {
    }

    /** What an ANNULEE still cancels: a transfer not yet arrived, completed or cancelled. */
    static boolean cancellable(Transfer transfer) {
        return !OVER.contains(transfer.getStatus());
    }

    /** What Renfort reads of an RS-DR that passed its schema. */
    record ResourceRequest(String caseId, String requestId, String purpose, Optional<String> deadline, String freetext,
                           boolean cancelled) {
        static ResourceRequest of(JsonNode message) {
            JsonNode request = message.get("request");
            return new ResourceRequest(message.get("caseId").asText(), request.get("requestId").asText(),
                    request.get("purpose").asText(), Optional.ofNullable(request.get("deadline")).map(JsonNode::asText),
                    request.path("freetext").asText(""), "ANNULEE".equals(message.path("status").asText()));
        }

        boolean asksForABed() {
            return BED_TRANSFERS.contains(purpose);
        }
    }

    /** What the RS-DR does not carry and a transfer needs, from the endpoint's parameters. */
    record Placement(Origin origin, BedCategory bedCategory, AgeBand ageBand, List<Capability> capabilities,
                     int maxTravelMinutes, int patients) {
    }

    /** The hub's intervention deadline as a Renfort acuity: immediate, within two hours, or later. */
    static Acuity acuity(Optional<String> deadline) {
        return switch (deadline.orElse("")) {
            case "DEL0", "ASAP" -> Acuity.ACUITY_IMMEDIATE;
            case "30M", "45M", "1H", "2H" -> Acuity.ACUITY_URGENT;
            default -> Acuity.ACUITY_PLANNED;
        };
    }

    /**
     * One transfer per patient. The idempotency key comes from the requestId, so a resent RS-DR
     * creates nothing new (and completes a group cut short by a failure); the free text, which may
     * name the patient, goes only into the clinical note (origin, destination, coordinators).
     */
    static List<CreateTransferRequest> transferRequests(ResourceRequest r, Placement p) {
        if (r.caseId().length() > MAX_CASE_ID) {
            throw new InvalidInput(REQUEST + ".caseId", "at most " + MAX_CASE_ID
                    + " characters here: it becomes the patients' pseudonymous reference");
        }
        if (r.requestId().length() > InputLimits.EXTERNAL_REFERENCE) {
            throw new InvalidInput(REQUEST + ".request.requestId", "at most " + InputLimits.EXTERNAL_REFERENCE + " characters");
        }
        if (r.freetext().length() > InputLimits.CLINICAL_NOTE) {
            throw new InvalidInput(REQUEST + ".request.freetext", "at most " + InputLimits.CLINICAL_NOTE
                    + " characters here: it becomes the transfer's clinical note");
        }
        String keyPrefix = "rs-dr:" + Fingerprint.of(r.requestId()) + ":";
        List<CreateTransferRequest> requests = new ArrayList<>();
        for (int i = 1; i <= p.patients(); i++) {
            requests.add(CreateTransferRequest.newBuilder()
                    .setOrigin(p.origin())
                    .setRequirements(TransferRequirements.newBuilder()
                            .setPatientReference(p.patients() == 1 ? r.caseId() : r.caseId() + ":" + i)
                            .setAgeBand(p.ageBand()).setBedCategory(p.bedCategory())
                            .addAllRequiredCapabilities(p.capabilities())
                            .setAcuity(acuity(r.deadline())).setMaxTravelMinutes(p.maxTravelMinutes()))
                    .setClinicalNote(r.freetext())
                    .setIdempotencyKey(keyPrefix + i)
                    .setExternalReference(r.requestId())
                    .build());
        }
        return requests;
    }

    /**
     * The RS-RR for a request's transfers as they now stand: every patient placed, ACCEPTEE; some,
     * PARTIELLE (a group accepted in part); none yet but still negotiating, DIFFEREE; none and
     * nothing left to try, REFUSEE with the reason. Its time is the last change's, so asking again
     * without a change gives the same message.
     */
    static ObjectNode response(String requestId, List<Transfer> transfers) {
        if (transfers.isEmpty()) {
            throw new IllegalArgumentException("a response needs the request's transfers");
        }
        List<Transfer> byPatient = transfers.stream()
                .sorted(Comparator.comparing(t -> t.getRequirements().getPatientReference())).toList();
        String caseId = byPatient.get(0).getRequirements().getPatientReference().split(":")[0];
        Instant changed = byPatient.stream().map(t -> RestValues.instant(t.getUpdatedAt())).max(Comparator.naturalOrder())
                .orElseThrow();
        List<Transfer> placed = byPatient.stream().filter(t -> PLACED.contains(t.getStatus())).toList();
        long negotiating = byPatient.stream().filter(t -> NEGOTIATING.contains(t.getStatus())).count();
        long cancelled = byPatient.stream().filter(t -> t.getStatus() == TransferStatus.TRANSFER_STATUS_CANCELLED).count();
        List<Transfer> unplaced = byPatient.stream().filter(t -> t.getStatus() == TransferStatus.TRANSFER_STATUS_UNPLACED).toList();
        int all = byPatient.size();
        String destinations = placed.stream().map(t -> "FINESS " + t.getDestinationHospitalId()).collect(Collectors.joining(", "));

        if (cancelled == all) {
            return message(caseId, requestId, changed, "REFUSEE", "Demande annulée.");
        }
        if (placed.size() == all) {
            return message(caseId, requestId, changed, "ACCEPTEE", all == 1 ? "Lit accepté : " + destinations + "."
                    : all + " patients sur " + all + " acceptés : " + destinations + ".");
        }
        if (!placed.isEmpty()) {
            List<String> rest = new ArrayList<>();
            if (negotiating > 0) {
                rest.add(negotiating + " en négociation");
            }
            if (!unplaced.isEmpty()) {
                rest.add(unplaced.size() + " sans lit (" + unplaced.get(0).getWaitingReason() + ")");
            }
            if (cancelled > 0) {
                rest.add(cancelled + " annulé(s)");
            }
            return message(caseId, requestId, changed, "PARTIELLE", placed.size() + " patient(s) sur " + all + " accepté(s) : "
                    + destinations + " ; " + String.join(", ", rest) + ".");
        }
        if (negotiating > 0) {
            return message(caseId, requestId, changed, "DIFFEREE", "Négociation en cours avec les établissements partenaires ("
                    + all + " patient(s)) ; la réponse suivra.");
        }
        String reason = unplaced.isEmpty() ? "demande annulée" : unplaced.get(0).getWaitingReason();
        return message(caseId, requestId, changed, "REFUSEE", "Aucun lit : " + reason + ".");
    }

    /** The answer to an RS-DR whose purpose is not a patient to place: nothing is stored. */
    static ObjectNode notABedTransfer(ResourceRequest r, Instant now) {
        return message(r.caseId(), r.requestId(), now, "REFUSEE", "Renfort place des patients dans des lits ("
                + String.join(", ", BED_TRANSFERS.stream().sorted().toList()) + ") ; l'effet à obtenir " + r.purpose()
                + " n'en relève pas.");
    }

    private static ObjectNode message(String caseId, String requestId, Instant at, String answer, String freetext) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode message = root.putObject(RESPONSE);
        message.put("caseId", caseId);
        message.put("requestId", requestId);
        ObjectNode response = message.putObject("response");
        response.put("datetime", HUB_TIME.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(HUB_ZONE)));
        response.put("answer", answer);
        response.put("freetext", freetext);
        return root;
    }
}
