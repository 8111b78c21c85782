package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.renfort.gateway.api.rest.SamuHubMessages.Placement;
import org.renfort.gateway.api.rest.SamuHubMessages.ResourceRequest;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferStatus;
import org.renfort.testsupport.Standards;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RS-DR in, RS-RR out: the hub's own samples are read, every answer passes the hub's schema. */
class SamuHubMessagesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUEST_ID = "fr.health.samu590.request.tih42";
    static final Placement ONE_ICU_BED = new Placement(Origin.newBuilder().setHospitalId("590000017").build(),
            BedCategory.BED_CATEGORY_ADULT_ICU, AgeBand.AGE_BAND_ADULT, List.of(Capability.CAPABILITY_DIALYSIS), 90, 1);
    final SamuHubSchemas schemas = new SamuHubSchemas();

    @Test
    void theHubsOwnSamplesAreReadAndEverySmurRequestBecomesATransfer() throws IOException {
        List<Path> samples = samples("RS-DR");
        for (Path sample : samples) {
            JsonNode message = schemas.resourceRequest(JSON.readTree(sample.toFile()));
            ResourceRequest request = ResourceRequest.of(message);
            assertTrue(request.asksForABed(), sample + ": " + request.purpose());
            CreateTransferRequest transfer = SamuHubMessages.transferRequests(request, ONE_ICU_BED).get(0);
            assertEquals(request.caseId(), transfer.getRequirements().getPatientReference());
            assertEquals(request.requestId(), transfer.getExternalReference());
            assertEquals(request.freetext(), transfer.getClinicalNote(), "the free text only ever becomes the clinical note");
            assertEquals(request.deadline().map(d -> Acuity.ACUITY_IMMEDIATE).orElse(Acuity.ACUITY_PLANNED),
                    transfer.getRequirements().getAcuity(), sample + ": the samples ask DEL0 or nothing");
        }
    }

    @Test
    void theDeadlineSetsTheAcuityAndAGroupGetsOneTransferPerPatientUnderOneKeyPrefix() throws IOException {
        assertEquals(Acuity.ACUITY_IMMEDIATE, SamuHubMessages.acuity(Optional.of("ASAP")));
        assertEquals(Acuity.ACUITY_URGENT, SamuHubMessages.acuity(Optional.of("45M")));
        assertEquals(Acuity.ACUITY_URGENT, SamuHubMessages.acuity(Optional.of("2H")));
        assertEquals(Acuity.ACUITY_PLANNED, SamuHubMessages.acuity(Optional.of("RDV")));

        ResourceRequest request = ResourceRequest.of(schemas.resourceRequest(rsDr("TIH", "1H")));
        List<CreateTransferRequest> group = SamuHubMessages.transferRequests(request,
                new Placement(ONE_ICU_BED.origin(), BedCategory.BED_CATEGORY_MEDICINE, AgeBand.AGE_BAND_ELDERLY, List.of(), 120, 3));
        assertEquals(List.of("fr.health.samu590.DRFR1559024:1", "fr.health.samu590.DRFR1559024:2", "fr.health.samu590.DRFR1559024:3"),
                group.stream().map(t -> t.getRequirements().getPatientReference()).toList());
        assertEquals(3, group.stream().map(CreateTransferRequest::getIdempotencyKey).distinct().count());
        assertEquals(group, SamuHubMessages.transferRequests(request, new Placement(ONE_ICU_BED.origin(),
                BedCategory.BED_CATEGORY_MEDICINE, AgeBand.AGE_BAND_ELDERLY, List.of(), 120, 3)), "a resend asks exactly the same");
        assertTrue(group.stream().allMatch(t -> t.getRequirements().getAcuity() == Acuity.ACUITY_URGENT));
    }

    @Test
    void everyAnswerPassesTheHubsSchemaAndSaysWhereThePatientsGo() throws IOException {
        assertAnswer("ACCEPTEE", "Lit accepté : FINESS 590000025.", transfer(1, TransferStatus.TRANSFER_STATUS_ACCEPTED, "590000025"));
        assertAnswer("ACCEPTEE", "FINESS 590000025", transfer(1, TransferStatus.TRANSFER_STATUS_ARRIVED, "590000025"));
        assertAnswer("DIFFEREE", "Négociation en cours", transfer(1, TransferStatus.TRANSFER_STATUS_NEGOTIATING, ""));
        assertAnswer("REFUSEE", "Aucun lit : no candidate left", transfer(1, TransferStatus.TRANSFER_STATUS_UNPLACED, ""));
        assertAnswer("REFUSEE", "Demande annulée", transfer(1, TransferStatus.TRANSFER_STATUS_CANCELLED, ""));
        assertAnswer("PARTIELLE", "2 patient(s) sur 3 accepté(s) : FINESS 590000025, FINESS 590000033 ; 1 en négociation",
                transfer(3, TransferStatus.TRANSFER_STATUS_NEGOTIATING, ""), transfer(1, TransferStatus.TRANSFER_STATUS_ACCEPTED, "590000025"),
                transfer(2, TransferStatus.TRANSFER_STATUS_IN_TRANSIT, "590000033"));
        assertAnswer("ACCEPTEE", "3 patients sur 3 acceptés", transfer(1, TransferStatus.TRANSFER_STATUS_ACCEPTED, "590000025"),
                transfer(2, TransferStatus.TRANSFER_STATUS_ACCEPTED, "590000025"), transfer(3, TransferStatus.TRANSFER_STATUS_ACCEPTED, "590000041"));

        ResourceRequest firstAid = ResourceRequest.of(schemas.resourceRequest(rsDr("SAP", "DEL0")));
        assertFalse(firstAid.asksForABed());
        JsonNode refused = valid(SamuHubMessages.notABedTransfer(firstAid, java.time.Instant.parse("2026-12-06T08:00:00Z")));
        assertEquals("REFUSEE", refused.at("/response/answer").asText());
        assertEquals("2026-12-06T09:00:00+01:00", refused.at("/response/datetime").asText(), "Paris time, as the hub writes it");
    }

    @Test
    void anInvalidRequestIsRefusedNamingTheInstanceAndSchemaPathsWithoutQuotingIt() throws IOException {
        assertRefused(rsDr("TAXI", "1H"), "/resourcesRequest/request/purpose:", "/definitions/request/properties/purpose/enum");
        assertRefused(rsDr("TIH", "3H"), "/resourcesRequest/request/deadline:", "/definitions/request/properties/deadline/enum");
        assertRefused(JSON.readTree(rsDr("TIH", "1H").toString().replace("\"caseId\"", "\"patientName\"")), "caseId", "required");
        assertRefused(JSON.readTree(rsDr("TIH", "1H").toString().replace("\"freetext\":\"Ventilé\"", "\"freetext\":\"Ventilé\",\"nom\":\"Dupont\"")),
                "nom", "additionalProperties");
        InvalidInput notWrapped = assertThrows(InvalidInput.class, () -> schemas.resourceRequest(rsDr("TIH", "1H").get("resourcesRequest")));
        assertTrue(notWrapped.getMessage().startsWith("body: must be one RS-DR message"), notWrapped.getMessage());
        InvalidInput secret = assertThrows(InvalidInput.class, () -> schemas.resourceRequest(JSON.readTree(
                rsDr("TIH", "1H").toString().replace("\"purpose\":\"TIH\"", "\"purpose\":\"Jean Dupont, 54 ans\""))));
        assertFalse(secret.getMessage().contains("Dupont"), "a refusal never repeats what the message said: " + secret.getMessage());

        ResourceRequest longCase = ResourceRequest.of(schemas.resourceRequest(JSON.readTree(rsDr("TIH", "1H").toString()
                .replace("DRFR1559024", "DRFR1559024" + "0".repeat(60)))));
        InvalidInput tooLong = assertThrows(InvalidInput.class, () -> SamuHubMessages.transferRequests(longCase, ONE_ICU_BED));
        assertTrue(tooLong.getMessage().startsWith("resourcesRequest.caseId"), tooLong.getMessage());
    }

    @Test
    void theGatewaysSchemasAreTheHubsByteForByte() throws IOException {
        for (String file : List.of("RS-DR.schema.json", "RS-RR.schema.json")) {
            Path official = Standards.find("hubsante/" + file).orElse(null);
            Assumptions.assumeTrue(official != null, "no ../shared/standards/hubsante on this machine: the copies are not compared");
            try (InputStream copy = getClass().getClassLoader().getResourceAsStream("hubsante/" + file)) {
                assertArrayEquals(Files.readAllBytes(official), copy.readAllBytes(), file);
            }
        }
    }

    private void assertAnswer(String answer, String freetextPart, Transfer... transfers) throws IOException {
        JsonNode message = valid(SamuHubMessages.response(REQUEST_ID, List.of(transfers)));
        assertEquals(answer, message.at("/response/answer").asText(), message::toString);
        assertTrue(message.at("/response/freetext").asText().contains(freetextPart), message::toString);
        assertEquals(REQUEST_ID, message.get("requestId").asText());
        assertEquals("fr.health.samu590.DRFR1559024", message.get("caseId").asText(), "the case, without the patient's number");
    }

    /** Checked by the gateway's copy, then by the official file when this machine has it. */
    private JsonNode valid(JsonNode wrapped) throws IOException {
        schemas.checkedResponse(wrapped);
        JsonNode message = wrapped.get(SamuHubMessages.RESPONSE);
        if (Standards.find("hubsante/RS-RR.schema.json").isPresent()) {
            Standards.validJson("hubsante/RS-RR.schema.json", message.toString());
        }
        return message;
    }

    private void assertRefused(JsonNode body, String instancePart, String schemaPart) {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> schemas.resourceRequest(body));
        assertTrue(refused.getMessage().startsWith("resourcesRequest: not a valid RS-DR"), refused.getMessage());
        assertTrue(refused.getMessage().contains(instancePart), refused.getMessage());
        assertTrue(refused.getMessage().contains(schemaPart), refused.getMessage());
    }

    static JsonNode rsDr(String purpose, String deadline) throws IOException {
        return JSON.readTree("""
                {"resourcesRequest":{"caseId":"fr.health.samu590.DRFR1559024",
                 "request":{"requestId":"%s","datetime":"2026-12-06T09:15:00+01:00",
                  "purpose":"%s","deadline":"%s","freetext":"Ventilé"}}}""".formatted(REQUEST_ID, purpose, deadline));
    }

    private static Transfer transfer(int patient, TransferStatus status, String destination) {
        return Transfer.newBuilder().setTransferId("00000000-0000-0000-0000-00000000000" + patient).setStatus(status)
                .setRequirements(TransferRequirements.newBuilder().setPatientReference("fr.health.samu590.DRFR1559024:" + patient))
                .setDestinationHospitalId(destination)
                .setWaitingReason(status == TransferStatus.TRANSFER_STATUS_UNPLACED ? "no candidate left" : "")
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_765_000_000L + patient)).setExternalReference(REQUEST_ID).build();
    }

    private static List<Path> samples(String kind) throws IOException {
        Path folder = Standards.find("hubsante/samples/" + kind + "/RS-DR_Incendie_RaymondeLECCIA.02.json").map(Path::getParent).orElse(null);
        Assumptions.assumeTrue(folder != null, "no ../shared/standards/hubsante samples on this machine");
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(found::add);
        }
        return found;
    }
}
