package org.renfort.benchmarks;

import com.google.protobuf.Timestamp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.renfort.contractrules.RequestRules;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.TransferRequirements;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What checking a request against the contract's field rules costs, per request, on the hot
 * paths (a 12-category capacity report, a bed search) and on a transfer request. Every service
 * pays it once per call, and the gateway once more per call it sends.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main RequestRulesBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestRulesBenchmark {
    private final RequestRules rules = new RequestRules();
    private final PublishCapacityRequest report = report();
    private final FindBedsRequest search = FindBedsRequest.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
            .setOriginHospitalId("590000017").setMaxTravelMinutes(60).setLimit(10).build();
    private final CreateTransferRequest transfer = CreateTransferRequest.newBuilder()
            .setOrigin(Origin.newBuilder().setHospitalId("590000017"))
            .setRequirements(TransferRequirements.newBuilder().setPatientReference("ARM-7f3a9c").setAgeBand(AgeBand.AGE_BAND_ADULT)
                    .setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setAcuity(Acuity.ACUITY_URGENT).setMaxTravelMinutes(60)
                    .addPreferredHospitalIds("590000025"))
            .setClinicalNote("Ventilated, FiO2 60 %, stable since 04:00.\nNo known allergy.")
            .setIdempotencyKey("0b6c5a7e-3f1d-4c1e-9d7a-2f8e4b1c6a90").build();

    @Benchmark
    public Optional<String> capacityReportOf12Categories() {
        return rules.violations(report);
    }

    @Benchmark
    public Optional<String> bedSearch() {
        return rules.violations(search);
    }

    @Benchmark
    public Optional<String> transferRequest() {
        return rules.violations(transfer);
    }

    private static PublishCapacityRequest report() {
        Instant now = Instant.now();
        PublishCapacityRequest.Builder report = PublishCapacityRequest.newBuilder().setHospitalId("590000017")
                .setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .setIdempotencyKey("0b6c5a7e-3f1d-4c1e-9d7a-2f8e4b1c6a91")
                .setStatus(HospitalStatus.newBuilder()
                        .setEmergencyDepartmentStatus(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_CLOSED)
                        .setEmergencyDepartmentReason("cyber attack, diversion to Lille")
                        .setFacilityStatus(FacilityStatus.FACILITY_STATUS_COMPROMISED)
                        .setCrisisPlanLevel(CrisisPlanLevel.CRISIS_PLAN_LEVEL_PLAN_BLANC));
        for (BedCategory category : BedCategory.values()) {
            if (category != BedCategory.BED_CATEGORY_UNSPECIFIED && category != BedCategory.UNRECOGNIZED) {
                report.addBeds(BedCount.newBuilder().setCategory(category).setStaffed(20).setOccupied(15).setAvailable(5));
            }
        }
        return report.build();
    }
}
