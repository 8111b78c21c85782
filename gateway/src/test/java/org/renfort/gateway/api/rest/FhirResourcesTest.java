package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.Freshness;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferStatus;
import org.renfort.testsupport.FhirValidation;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every FHIR shape the gateway answers passes the official R4 validator, and says what Renfort knows. */
class FhirResourcesTest {
    static final Timestamp CREATED = Timestamp.newBuilder().setSeconds(1_765_000_000L).build();
    static final String BASE = "http://localhost:8080/fhir/r4/";

    @Test
    void aTransferInEveryStateIsAValidTaskWithTheReadmesStatus() {
        for (TransferStatus status : TransferStatus.values()) {
            if (status == TransferStatus.TRANSFER_STATUS_UNSPECIFIED || status == TransferStatus.UNRECOGNIZED) {
                continue;
            }
            ObjectNode task = FhirResources.task(transfer(status));
            FhirValidation.assertValid(task.toString());
            assertEquals(expectedTaskStatus(status), task.get("status").asText(), status.name());
        }
        ObjectNode accepted = FhirResources.task(transfer(TransferStatus.TRANSFER_STATUS_ACCEPTED));
        assertEquals("Organization/590000025", accepted.at("/owner/reference").asText());
        assertEquals("Organization/590000017", accepted.at("/requester/reference").asText());
        assertEquals("ARM-7f3a9c", accepted.at("/for/identifier/value").asText(), "the pseudonymous reference only");
        assertEquals("#request", accepted.at("/focus/reference").asText());
        assertEquals("ADULT_ICU", accepted.at("/contained/0/code/coding/0/code").asText());
        assertEquals("urgent", accepted.get("priority").asText());
        assertEquals("ventilated", accepted.at("/contained/0/note/0/text").asText());

        Transfer fromTheField = transfer(TransferStatus.TRANSFER_STATUS_UNPLACED).toBuilder().clearClinicalNote()
                .setWaitingReason("no candidate left")
                .setOrigin(Origin.newBuilder().setPosition(GeoPoint.newBuilder().setLatitude(50.63).setLongitude(3.06))).build();
        ObjectNode unplaced = FhirResources.task(fromTheField);
        FhirValidation.assertValid(unplaced.toString());
        assertEquals("no candidate left", unplaced.at("/statusReason/text").asText());
        assertTrue(unplaced.at("/requester/display").asText().startsWith("in the field"));
        assertFalse(unplaced.at("/contained/0").has("note"), "no note where the caller may not read it");

        ObjectNode page = FhirResources.tasks(List.of(transfer(TransferStatus.TRANSFER_STATUS_ACCEPTED)), BASE,
                BASE + "Task?status=accepted", Optional.of(BASE + "Task?status=accepted&_page_token=x"));
        FhirValidation.assertValid(page.toString());
        assertEquals("next", page.at("/link/1/relation").asText());
    }

    @Test
    void theRegionIsAValidBundleOfLocationsWithTheirOrganizations() {
        GetRegionSnapshotResponse region = GetRegionSnapshotResponse.newBuilder().setAsOf(CREATED)
                .addHospitals(HospitalPicture.newBuilder().setHospital(hospital("590000017", "CH d'Armentières"))
                        .setStatus(HospitalStatus.newBuilder().setFacilityStatus(FacilityStatus.FACILITY_STATUS_COMPROMISED)
                                .setEmergencyDepartmentStatus(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_CLOSED)
                                .setCrisisPlanLevel(CrisisPlanLevel.CRISIS_PLAN_LEVEL_PLAN_BLANC))
                        .addCategories(CategoryPicture.newBuilder()
                                .setBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setStaffed(12).setOccupied(9).setAvailable(3))
                                .setFreshness(Freshness.newBuilder().setReportedAt(CREATED)).setHeld(1).setEffectiveAvailable(2)))
                .addHospitals(HospitalPicture.newBuilder().setHospital(hospital("590000041", "Jamais entendu")))
                .build();
        ObjectNode bundle = FhirResources.locations(region, BASE, BASE + "Location");
        FhirValidation.assertValid(bundle.toString());
        assertEquals(2, bundle.get("total").asInt());
        ObjectNode armentieres = (ObjectNode) bundle.at("/entry/0/resource");
        assertEquals("Location", armentieres.get("resourceType").asText());
        assertEquals("590000017", armentieres.at("/identifier/0/value").asText());
        assertEquals("COMPROMISED", armentieres.at("/extension/0/valueCode").asText());
        assertEquals(2, armentieres.at("/extension/3/extension/5/valueUnsignedInt").asInt(), "effectively available");
        assertEquals("Organization", bundle.at("/entry/2/resource/resourceType").asText());
        assertEquals("include", bundle.at("/entry/2/search/mode").asText());

        // The check can fail: a status FHIR does not know is an error.
        ObjectNode broken = FhirResources.task(transfer(TransferStatus.TRANSFER_STATUS_ACCEPTED)).put("status", "teleported");
        assertThrows(AssertionError.class, () -> FhirValidation.assertValid(broken.toString()));
    }

    private static String expectedTaskStatus(TransferStatus status) {
        return switch (status) {
            case TRANSFER_STATUS_REQUESTED -> "requested";
            case TRANSFER_STATUS_NEGOTIATING -> "received";
            case TRANSFER_STATUS_ACCEPTED -> "accepted";
            case TRANSFER_STATUS_UNPLACED -> "on-hold";
            case TRANSFER_STATUS_TRANSPORT_ASSIGNED, TRANSFER_STATUS_IN_TRANSIT, TRANSFER_STATUS_ARRIVED -> "in-progress";
            case TRANSFER_STATUS_COMPLETED -> "completed";
            case TRANSFER_STATUS_CANCELLED -> "cancelled";
            default -> throw new IllegalArgumentException(status.name());
        };
    }

    private static Transfer transfer(TransferStatus status) {
        Transfer.Builder transfer = Transfer.newBuilder().setTransferId("3f0c2a4e-8d1b-4c55-9a7e-2b6d1e9f4c70")
                .setOrigin(Origin.newBuilder().setHospitalId("590000017"))
                .setRequirements(TransferRequirements.newBuilder().setPatientReference("ARM-7f3a9c").setAgeBand(AgeBand.AGE_BAND_ADULT)
                        .setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setAcuity(Acuity.ACUITY_URGENT).setMaxTravelMinutes(60))
                .setStatus(status).setClinicalNote("ventilated").setCreatedAt(CREATED).setUpdatedAt(CREATED);
        if (status.getNumber() >= TransferStatus.TRANSFER_STATUS_ACCEPTED.getNumber() && status != TransferStatus.TRANSFER_STATUS_CANCELLED) {
            transfer.setDestinationHospitalId("590000025");
        }
        return transfer.build();
    }

    private static Hospital hospital(String id, String name) {
        return Hospital.newBuilder().setHospitalId(id).setName(name).setDepartment("59")
                .setLocation(GeoPoint.newBuilder().setLatitude(50.69).setLongitude(2.88)).build();
    }
}
