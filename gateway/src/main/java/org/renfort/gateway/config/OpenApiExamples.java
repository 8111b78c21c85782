package org.renfort.gateway.config;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import java.util.List;
import java.util.Map;

/**
 * An example for every field and every parameter of the API, so that each endpoint's request and
 * answer render as a complete, realistic sample (Armentières' ICU asking Lille). Fields annotated
 * with their own example keep it; the rest take theirs from this one dictionary, so that the same
 * name shows the same value everywhere. {@code OpenApiExamplesTest} fails on any field or
 * parameter left without one.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiExamples implements OASFilter {
    private static final String ID = "3f0c2a4e-8d1b-4c55-9a7e-2b6d1e9f4c70";
    private static final String AT = "2026-12-06T09:14:03Z";

    /** By "Schema.property" first, then by property name. */
    static final Map<String, Object> FIELDS = Map.ofEntries(
            Map.entry("accepted", 96), Map.entry("action", "PublishCapacity"), Map.entry("actor", "staff-lille"),
            Map.entry("acuity", "URGENT"), Map.entry("additionalWithin24h", 2), Map.entry("additionalWithin72h", 4),
            Map.entry("ageBand", "ADULT"), Map.entry("ageSeconds", 420), Map.entry("answerText", "no ventilator free before 18:00"),
            Map.entry("arrived", 61), Map.entry("assignedBy", "dispatcher-samu59"), Map.entry("available", 3),
            Map.entry("bedCategory", "ADULT_ICU"), Map.entry("callSign", "SMUR 59-2"), Map.entry("callerHospitalId", "590000025"),
            Map.entry("cancelled", 1), Map.entry("category", "ADULT_ICU"), Map.entry("clinicalNote", "ventilated, FiO2 60 %"),
            Map.entry("compromised", false), Map.entry("createdBy", "coordinator-ars"),
            Map.entry("crisisPlan", Map.of("NONE", 40, "PLAN_BLANC", 2)),
            Map.entry("destinationHospitalId", "590000025"),
            Map.entry("AuditEvent.detail", "on behalf of 590000017"),
            Map.entry("Problem.detail", "maxTravelMinutes: must be between 1 and 720 (got 900)"),
            Map.entry("effectiveAvailable", 2),
            Map.entry("emergencyDepartmentReason", "information system down (ransomware)"),
            Map.entry("emergencyDepartmentStatus", Map.of("NORMAL", 39, "DIVERT", 2, "CLOSED", 1)),
            Map.entry("eventId", ID), Map.entry("facilityStatus", Map.of("NORMAL", 40, "COMPROMISED", 1, "CLOSED", 1)),
            Map.entry("gapPercent", 12.5), Map.entry("groupReference", "ARM-ICU"), Map.entry("hasEmergencyDepartment", true),
            Map.entry("held", 1), Map.entry("hospitalId", "590000025"), Map.entry("hospitals", 42), Map.entry("inTransit", 14),
            Map.entry("instance", "/api/v1/transfers"), Map.entry("latitude", 50.6881), Map.entry("longitude", 2.8811),
            Map.entry("maxTravelMinutes", 60), Map.entry("name", "Centre hospitalier d'Armentières"),
            Map.entry("nextPageToken", AT + "_" + ID), Map.entry("number", 1), Map.entry("occupied", 9),
            Map.entry("offerId", ID), Map.entry("offered", 120), Map.entry("oldestReportAgeSeconds", 900),
            Map.entry("partners", 38), Map.entry("patientReference", "ARM-7f3a9c"), Map.entry("patients", 12),
            Map.entry("placed", 118), Map.entry("placedBeyondGreedy", 3), Map.entry("planId", ID), Map.entry("planned", 120),
            Map.entry("position", 48213), Map.entry("provenOptimal", true), Map.entry("reason", "the patient's state changed"),
            Map.entry("regionInCrisis", true), Map.entry("reportId", ID), Map.entry("requestId", "c1b9f0d2-7a3e-4b8f-a6c5-0e2d4f1a9b37"),
            Map.entry("retired", false), Map.entry("service", "capacity-service"), Map.entry("solveMicros", 8400),
            Map.entry("source", "HOSPITAL_SYSTEM"), Map.entry("staffed", 12), Map.entry("stale", false),
            Map.entry("staleAfterSeconds", 14400), Map.entry("staleFigures", false), Map.entry("staleHospitals", 1),
            Map.entry("Problem.status", 400), Map.entry("subject", "staff-lille"), Map.entry("substituted", false),
            Map.entry("target", "590000017"), Map.entry("targetHospitalId", "590000017"),
            Map.entry("text", "no ventilator free before 18:00"), Map.entry("Problem.title", "Bad Request"),
            Map.entry("transferId", ID), Map.entry("transfersCreated", 120), Map.entry("travelMinutes", 23),
            Map.entry("Problem.type", "about:blank"), Map.entry("unplaced", 2),
            Map.entry("waitingReason", "capacity-service unreachable: retrying"), Map.entry("weightedMinutes", 5230),
            Map.entry("worstTravelMinutes", 74));

    /** By "path parameter" first, then by parameter name. */
    static final Map<String, Object> PARAMETERS = Map.ofEntries(
            Map.entry("action", "PublishCapacity"), Map.entry("ageBand", "ADULT"), Map.entry("capabilities", "STROKE_UNIT"),
            Map.entry("createdAfter", "2026-12-06T06:00:00Z"), Map.entry("createdBefore", "2026-12-06T18:00:00Z"),
            Map.entry("department", "59"), Map.entry("from", "2026-12-01T00:00:00Z"), Map.entry("fromHospital", "590000017"),
            Map.entry("hospitalId", "590000017"), Map.entry("Idempotency-Key", "5b0e6f3a-2c41-4f7e-9d0a-6a1f3c2b9e11"),
            Map.entry("includeRetired", false), Map.entry("Last-Event-ID", "48213"), Map.entry("latitude", 50.6881),
            Map.entry("limit", 20), Map.entry("longitude", 2.8811), Map.entry("maxTravelMinutes", 60),
            Map.entry("offerId", ID), Map.entry("outcome", "DENIED"), Map.entry("pageSize", 50),
            Map.entry("/api/v1/hospitals pageToken", "590000017"),
            Map.entry("/api/v1/hospitals/{hospitalId}/capacity/history pageToken", AT + "_" + ID + "_ADULT_ICU"),
            Map.entry("pageToken", AT + "_" + ID), Map.entry("planId", ID),
            Map.entry("/api/v1/offers status", "OPEN"), Map.entry("/fhir/r4/Task status", "accepted"),
            Map.entry("_count", 50), Map.entry("_page_token", AT + "_" + ID), Map.entry("id", ID), Map.entry("status", "UNPLACED"), Map.entry("subject", "staff-lille"),
            Map.entry("requiredCapability", "DIALYSIS"), Map.entry("to", "2026-12-06T00:00:00Z"), Map.entry("transferId", ID));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach((name, schema) -> {
                if (schema.getProperties() != null) {
                    schema.getProperties().forEach((property, field) -> exemplify(name, property, field));
                }
            });
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> {
                List<Parameter> shared = item.getParameters() == null ? List.of() : item.getParameters();
                shared.forEach(p -> exemplify(path, p));
                item.getOperations().values().stream().map(Operation::getParameters).filter(ps -> ps != null)
                        .forEach(ps -> ps.forEach(p -> exemplify(path, p)));
            });
        }
    }

    private static void exemplify(String schemaName, String property, Schema field) {
        if (field.getRef() != null || hasExample(field) || isArray(field)) {
            return;
        }
        Object example = FIELDS.getOrDefault(schemaName + "." + property, FIELDS.get(property));
        if (example != null) {
            field.setExamples(List.of(example));
        }
    }

    private static void exemplify(String path, Parameter parameter) {
        if (parameter.getExample() != null || (parameter.getExamples() != null && !parameter.getExamples().isEmpty())
                || (parameter.getSchema() != null && hasExample(parameter.getSchema()))) {
            return;
        }
        Object example = PARAMETERS.getOrDefault(path + " " + parameter.getName(), PARAMETERS.get(parameter.getName()));
        if (example != null) {
            // A repeatable parameter (?status=A&status=B) is an array: its example is one too.
            parameter.setExample(parameter.getSchema() != null && isArray(parameter.getSchema()) ? List.of(example) : example);
        }
    }

    static boolean hasExample(Schema schema) {
        return (schema.getExamples() != null && !schema.getExamples().isEmpty()) || schema.getExample() != null;
    }

    static boolean isArray(Schema schema) {
        return schema.getType() != null && schema.getType().contains(Schema.SchemaType.ARRAY);
    }
}
