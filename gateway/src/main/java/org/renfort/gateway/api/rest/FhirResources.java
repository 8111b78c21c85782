package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferStatus;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FHIR R4 views of Renfort's data, read-only: a hospital as an {@code Organization} (identified by
 * its FINESS number) and its {@code Location} (position, beds per category in extensions); a
 * transfer as a {@code Task} whose focus is a contained {@code ServiceRequest} (what the patient
 * needs), with the status mapping of transfer-service/README.md. Written as JSON trees: the
 * gateway starts without a FHIR context; FhirResourcesTest checks every shape with the official
 * validator.
 */
public final class FhirResources {
    public static final String MEDIA_TYPE = "application/fhir+json";
    /** FINESS (établissement), as the French FHIR profiles name it. */
    static final String FINESS = "urn:oid:1.2.250.1.71.4.2.2";
    static final String EXTENSIONS = "https://renfort.fr/fhir/StructureDefinition/";
    static final String CODES = "https://renfort.fr/fhir/CodeSystem/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Renfort transfer states for each FHIR Task status (the search parameter), and back. */
    public static final Map<String, Set<TransferStatus>> TASK_STATUSES = Map.of(
            "requested", EnumSet.of(TransferStatus.TRANSFER_STATUS_REQUESTED),
            "received", EnumSet.of(TransferStatus.TRANSFER_STATUS_NEGOTIATING),
            "accepted", EnumSet.of(TransferStatus.TRANSFER_STATUS_ACCEPTED),
            "on-hold", EnumSet.of(TransferStatus.TRANSFER_STATUS_UNPLACED),
            "in-progress", EnumSet.of(TransferStatus.TRANSFER_STATUS_TRANSPORT_ASSIGNED, TransferStatus.TRANSFER_STATUS_IN_TRANSIT,
                    TransferStatus.TRANSFER_STATUS_ARRIVED),
            "completed", EnumSet.of(TransferStatus.TRANSFER_STATUS_COMPLETED),
            "cancelled", EnumSet.of(TransferStatus.TRANSFER_STATUS_CANCELLED));

    private FhirResources() {
    }

    static String taskStatus(TransferStatus status) {
        return TASK_STATUSES.entrySet().stream().filter(e -> e.getValue().contains(status)).map(Map.Entry::getKey)
                .findFirst().orElse("draft");
    }

    // ---- hospitals -----------------------------------------------------------------------------

    /** Every registered hospital: its Location (searched) and its Organization (included). */
    public static ObjectNode locations(GetRegionSnapshotResponse region, String base, String selfUrl) {
        ObjectNode bundle = searchset(selfUrl, Optional.empty());
        ArrayNode entries = bundle.putArray("entry");
        for (HospitalPicture picture : region.getHospitalsList()) {
            entries.add(entry(base + "Location/" + picture.getHospital().getHospitalId(), location(picture), "match"));
        }
        for (HospitalPicture picture : region.getHospitalsList()) {
            entries.add(entry(base + "Organization/" + picture.getHospital().getHospitalId(), organization(picture.getHospital()), "include"));
        }
        bundle.put("total", region.getHospitalsCount());
        return bundle;
    }

    static ObjectNode organization(Hospital hospital) {
        ObjectNode organization = resource("Organization", hospital.getHospitalId());
        organization.putArray("identifier").add(JSON.objectNode().put("system", FINESS).put("value", hospital.getHospitalId()));
        organization.put("active", !hospital.getRetired());
        organization.putArray("type").add(JSON.objectNode().set("coding", JSON.arrayNode().add(JSON.objectNode()
                .put("system", "http://terminology.hl7.org/CodeSystem/organization-type").put("code", "prov")
                .put("display", "Healthcare Provider"))));
        organization.put("name", hospital.getName());
        return organization;
    }

    static ObjectNode location(HospitalPicture picture) {
        Hospital hospital = picture.getHospital();
        ObjectNode location = resource("Location", hospital.getHospitalId());
        ArrayNode extensions = location.putArray("extension");
        if (picture.hasStatus()) {
            extensions.add(code("facility-status", RestValues.strip(picture.getStatus().getFacilityStatus(), "FACILITY_STATUS_")));
            extensions.add(code("emergency-department-status",
                    RestValues.strip(picture.getStatus().getEmergencyDepartmentStatus(), "EMERGENCY_DEPARTMENT_STATUS_")));
            extensions.add(code("crisis-plan-level", RestValues.strip(picture.getStatus().getCrisisPlanLevel(), "CRISIS_PLAN_LEVEL_")));
        }
        for (CategoryPicture category : picture.getCategoriesList()) {
            extensions.add(beds(category));
        }
        if (extensions.isEmpty()) {
            location.remove("extension");
        }
        location.putArray("identifier").add(JSON.objectNode().put("system", FINESS).put("value", hospital.getHospitalId()));
        location.put("status", hospital.getRetired() ? "inactive" : "active");
        location.put("name", hospital.getName());
        location.put("mode", "instance");
        location.putArray("type").add(JSON.objectNode().set("coding", JSON.arrayNode().add(JSON.objectNode()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-RoleCode").put("code", "HOSP").put("display", "Hospital"))));
        location.set("physicalType", JSON.objectNode().set("coding", JSON.arrayNode().add(JSON.objectNode()
                .put("system", "http://terminology.hl7.org/CodeSystem/location-physical-type").put("code", "bu").put("display", "Building"))));
        location.set("position", JSON.objectNode().put("longitude", hospital.getLocation().getLongitude())
                .put("latitude", hospital.getLocation().getLatitude()));
        location.set("managingOrganization", JSON.objectNode().put("reference", "Organization/" + hospital.getHospitalId()));
        return location;
    }

    /** One category's beds: what was counted, what is held, what can be offered now, and when. */
    private static ObjectNode beds(CategoryPicture category) {
        var beds = category.getBeds();
        ArrayNode parts = JSON.arrayNode()
                .add(JSON.objectNode().put("url", "category").set("valueCoding", JSON.objectNode()
                        .put("system", CODES + "bed-category").put("code", RestValues.strip(beds.getCategory(), "BED_CATEGORY_"))))
                .add(count("staffed", beds.getStaffed())).add(count("occupied", beds.getOccupied()))
                .add(count("available", beds.getAvailable())).add(count("held", category.getHeld()))
                .add(count("effectiveAvailable", category.getEffectiveAvailable()))
                .add(count("additionalWithin24h", beds.getAdditionalWithin24H()))
                .add(count("additionalWithin72h", beds.getAdditionalWithin72H()));
        if (category.getFreshness().hasReportedAt()) {
            parts.add(JSON.objectNode().put("url", "reportedAt").put("valueDateTime", instant(category.getFreshness().getReportedAt())));
        }
        parts.add(JSON.objectNode().put("url", "stale").put("valueBoolean", category.getFreshness().getStale()));
        ObjectNode extension = JSON.objectNode().put("url", EXTENSIONS + "bed-capacity");
        extension.set("extension", parts);
        return extension;
    }

    // ---- transfers -----------------------------------------------------------------------------

    public static ObjectNode tasks(List<Transfer> transfers, String base, String selfUrl, Optional<String> nextUrl) {
        ObjectNode bundle = searchset(selfUrl, nextUrl);
        ArrayNode entries = bundle.putArray("entry");
        transfers.forEach(t -> entries.add(entry(base + "Task/" + t.getTransferId(), task(t), "match")));
        return bundle;
    }

    /**
     * A transfer as the Task of fulfilling a transfer request; the patient appears only by the
     * pseudonymous reference the origin chose, the clinical note only where the caller may read it
     * (transfer-service already left it out otherwise).
     */
    public static ObjectNode task(Transfer transfer) {
        ObjectNode task = resource("Task", transfer.getTransferId());
        var requirements = transfer.getRequirements();
        ObjectNode patient = JSON.objectNode().set("identifier", JSON.objectNode()
                .put("system", CODES + "patient-reference").put("value", requirements.getPatientReference()));

        ObjectNode request = JSON.objectNode().put("resourceType", "ServiceRequest").put("id", "request")
                .put("status", "active").put("intent", "order").put("priority", priority(requirements.getAcuityValue()));
        request.set("code", JSON.objectNode().put("text", "Transfer to a bed: " + humane(RestValues.strip(requirements.getBedCategory(), "BED_CATEGORY_"))).set("coding", JSON.arrayNode().add(JSON.objectNode().put("system", CODES + "bed-category")
                .put("code", RestValues.strip(requirements.getBedCategory(), "BED_CATEGORY_")))));
        request.set("subject", patient.deepCopy());
        request.put("authoredOn", instant(transfer.getCreatedAt()));
        if (!transfer.getClinicalNote().isEmpty()) {
            request.putArray("note").add(JSON.objectNode().put("text", transfer.getClinicalNote()));
        }
        task.putArray("contained").add(request);

        task.putArray("identifier").add(JSON.objectNode().put("system", "urn:ietf:rfc:3986")
                .put("value", "urn:uuid:" + transfer.getTransferId()));
        String status = taskStatus(transfer.getStatus());
        task.put("status", status);
        if (!transfer.getWaitingReason().isEmpty()) {
            task.set("statusReason", JSON.objectNode().put("text", transfer.getWaitingReason()));
        }
        task.set("businessStatus", JSON.objectNode().put("text", humane(RestValues.strip(transfer.getStatus(), "TRANSFER_STATUS_")))
                .set("coding", JSON.arrayNode().add(JSON.objectNode().put("system", CODES + "transfer-status")
                        .put("code", RestValues.strip(transfer.getStatus(), "TRANSFER_STATUS_")))));
        task.put("intent", "order");
        task.put("priority", priority(requirements.getAcuityValue()));
        task.set("code", JSON.objectNode().set("coding", JSON.arrayNode().add(JSON.objectNode()
                .put("system", "http://hl7.org/fhir/CodeSystem/task-code").put("code", "fulfill"))));
        task.set("focus", JSON.objectNode().put("reference", "#request"));
        task.set("for", patient);
        task.put("authoredOn", instant(transfer.getCreatedAt()));
        if (transfer.hasUpdatedAt()) {
            task.put("lastModified", instant(transfer.getUpdatedAt()));
        }
        if (transfer.getOrigin().hasPosition()) {
            task.set("requester", JSON.objectNode().put("display", String.format(Locale.ROOT, "in the field at %.5f, %.5f",
                    transfer.getOrigin().getPosition().getLatitude(), transfer.getOrigin().getPosition().getLongitude())));
        } else {
            task.set("requester", JSON.objectNode().put("reference", "Organization/" + transfer.getOrigin().getHospitalId()));
        }
        if (!transfer.getDestinationHospitalId().isEmpty()) {
            task.set("owner", JSON.objectNode().put("reference", "Organization/" + transfer.getDestinationHospitalId()));
        }
        return task;
    }

    private static String priority(int acuity) {
        return switch (acuity) {
            case 1 -> "stat";
            case 2 -> "urgent";
            default -> "routine";
        };
    }

    // ---- errors --------------------------------------------------------------------------------

    /** An error as FHIR says it: one issue, its code from the HTTP status, the problem's detail as diagnostics. */
    public static ObjectNode operationOutcome(int status, String diagnostics) {
        String code = switch (status) {
            case 400, 422 -> "invalid";
            case 401 -> "login";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 409 -> "conflict";
            case 413 -> "too-costly";
            case 429 -> "throttled";
            case 503 -> "transient";
            default -> "exception";
        };
        ObjectNode outcome = JSON.objectNode().put("resourceType", "OperationOutcome");
        outcome.putArray("issue").add(JSON.objectNode().put("severity", "error").put("code", code)
                .put("diagnostics", diagnostics == null ? "" : diagnostics));
        return outcome;
    }

    // ---- shared shapes -------------------------------------------------------------------------

    private static ObjectNode resource(String type, String id) {
        return JSON.objectNode().put("resourceType", type).put("id", id);
    }

    private static ObjectNode searchset(String selfUrl, Optional<String> nextUrl) {
        ObjectNode bundle = JSON.objectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode links = bundle.putArray("link");
        links.add(JSON.objectNode().put("relation", "self").put("url", selfUrl));
        nextUrl.ifPresent(next -> links.add(JSON.objectNode().put("relation", "next").put("url", next)));
        return bundle;
    }

    private static ObjectNode entry(String reference, ObjectNode resource, String mode) {
        ObjectNode entry = JSON.objectNode().put("fullUrl", reference);
        entry.set("resource", resource);
        entry.set("search", JSON.objectNode().put("mode", mode));
        return entry;
    }

    private static ObjectNode code(String name, String value) {
        return JSON.objectNode().put("url", EXTENSIONS + name).put("valueCode", value);
    }

    private static ObjectNode count(String name, int value) {
        return JSON.objectNode().put("url", name).put("valueUnsignedInt", value);
    }

    private static String humane(String code) {
        return code.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String instant(Timestamp t) {
        return RestValues.instant(t).toString();
    }
}
