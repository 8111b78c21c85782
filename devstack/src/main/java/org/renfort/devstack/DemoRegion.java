package org.renfort.devstack;

import org.renfort.testsupport.BearerToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.common.v1.GeoPoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Loads the illustrative demo region through the real front doors: a coordinator registers the
 * hospitals, then each hospital's information system publishes its capacity over gRPC with
 * its own client-credentials token (coordinators publish on behalf of those without one).
 */
public final class DemoRegion {
    private final JsonNode region;

    private DemoRegion(JsonNode region) {
        this.region = region;
    }

    public static DemoRegion load() {
        try (InputStream in = DemoRegion.class.getResourceAsStream("/demo-region.json")) {
            return new DemoRegion(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("demo-region.json is unreadable", e);
        }
    }

    public int size() {
        return region.get("hospitals").size();
    }

    public void loadInto(StackConfig config) {
        TokenClient tokens = new TokenClient(config.realmUrl());
        String coordinator = tokens.password("coordinator", "coordinator");
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", config.capacityPort()).usePlaintext().build();
        try {
            CapacityServiceBlockingStub capacity = CapacityServiceGrpc.newBlockingStub(channel);
            long run = Instant.now().getEpochSecond();
            for (JsonNode h : region.get("hospitals")) {
                register(capacity.withCallCredentials(new BearerToken(coordinator)), h);
                String publisher = h.has("system")
                        ? tokens.clientCredentials(h.get("system").asText(), h.get("system").asText() + "-secret")
                        : coordinator;
                capacity.withCallCredentials(new BearerToken(publisher))
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .publishCapacity(report(h, "demo-" + h.get("id").asText() + "-" + run));
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private static void register(CapacityServiceBlockingStub capacity, JsonNode h) {
        Hospital.Builder hospital = Hospital.newBuilder()
                .setHospitalId(h.get("id").asText())
                .setName(h.get("name").asText())
                .setKind(HospitalKind.valueOf("HOSPITAL_KIND_" + h.get("kind").asText()))
                .setLocation(GeoPoint.newBuilder().setLatitude(h.get("lat").asDouble()).setLongitude(h.get("lon").asDouble()))
                .setDepartment(h.get("department").asText())
                .setHasEmergencyDepartment(h.get("ed").asBoolean());
        h.get("capabilities").forEach(c -> hospital.addCapabilities(Capability.valueOf("CAPABILITY_" + c.asText())));
        try {
            capacity.withDeadlineAfter(10, TimeUnit.SECONDS).createHospital(CreateHospitalRequest.newBuilder()
                    .setHospital(hospital).setIdempotencyKey("demo-hospital-" + h.get("id").asText()).build());
        } catch (StatusRuntimeException e) {
            // Kept from an earlier run (the database persists between runs): nothing to do.
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    private static PublishCapacityRequest report(JsonNode h, String idempotencyKey) {
        Instant now = Instant.now();
        JsonNode s = h.get("status");
        PublishCapacityRequest.Builder report = PublishCapacityRequest.newBuilder()
                .setHospitalId(h.get("id").asText())
                .setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setIdempotencyKey(idempotencyKey)
                .setStatus(HospitalStatus.newBuilder()
                        .setEmergencyDepartmentStatus(EmergencyDepartmentStatus.valueOf("EMERGENCY_DEPARTMENT_STATUS_" + s.get("ed").asText()))
                        .setEmergencyDepartmentReason(s.get("reason").asText())
                        .setFacilityStatus(FacilityStatus.valueOf("FACILITY_STATUS_" + s.get("facility").asText()))
                        .setCrisisPlanLevel(CrisisPlanLevel.valueOf("CRISIS_PLAN_LEVEL_" + s.get("plan").asText())));
        for (Iterator<Map.Entry<String, JsonNode>> it = h.get("beds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> bed = it.next();
            report.addBeds(BedCount.newBuilder()
                    .setCategory(BedCategory.valueOf("BED_CATEGORY_" + bed.getKey()))
                    .setStaffed(bed.getValue().get(0).asInt())
                    .setOccupied(bed.getValue().get(1).asInt())
                    .setAvailable(bed.getValue().get(2).asInt()));
        }
        return report.build();
    }
}
