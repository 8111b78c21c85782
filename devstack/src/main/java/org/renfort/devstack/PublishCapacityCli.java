package org.renfort.devstack;

import org.renfort.testsupport.BearerToken;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.common.v1.BedCategory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What a hospital information system does, from the command line: get a client-credentials
 * token, publish one bed category over gRPC. A reference for integrators, and a way to try the
 * machine path of a running ./run.sh:
 * <pre>
 * java -cp devstack/target/devstack.jar org.renfort.devstack.PublishCapacityCli \
 *   --client system-armentieres --secret system-armentieres-secret --hospital 590000017 \
 *   --category ADULT_ICU --staffed 10 --occupied 7 --available 2
 * </pre>
 * Options: --realm (http://localhost:8180/realms/renfort), --target (localhost:8081).
 */
public final class PublishCapacityCli {
    private PublishCapacityCli() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>(Map.of("realm", "http://localhost:8180/realms/renfort",
                "target", "localhost:8081"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : new String[] {"client", "secret", "hospital", "category", "staffed", "occupied", "available"}) {
            if (!options.containsKey(required)) {
                usage("--" + required + " is required");
            }
        }
        String token = new TokenClient(options.get("realm")).clientCredentials(options.get("client"), options.get("secret"));
        ManagedChannel channel = ManagedChannelBuilder.forTarget(options.get("target")).usePlaintext().build();
        try {
            Instant now = Instant.now();
            PublishCapacityResponse response = CapacityServiceGrpc.newBlockingStub(channel)
                    .withCallCredentials(new BearerToken(token)).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .publishCapacity(PublishCapacityRequest.newBuilder()
                            .setHospitalId(options.get("hospital"))
                            .setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                            .setIdempotencyKey(options.getOrDefault("idempotency-key", UUID.randomUUID().toString()))
                            .addBeds(BedCount.newBuilder()
                                    .setCategory(BedCategory.valueOf("BED_CATEGORY_" + options.get("category")))
                                    .setStaffed(Integer.parseInt(options.get("staffed")))
                                    .setOccupied(Integer.parseInt(options.get("occupied")))
                                    .setAvailable(Integer.parseInt(options.get("available"))))
                            .build());
            System.out.println("accepted: report " + response.getReportId() + " as " + response.getSource());
            response.getCapacity().getCategoriesList().forEach(c -> System.out.println("  " + c.getBeds().getCategory()
                    + ": staffed " + c.getBeds().getStaffed() + ", occupied " + c.getBeds().getOccupied()
                    + ", available " + c.getBeds().getAvailable() + (c.getFreshness().getStale() ? " (stale)" : "")));
        } catch (StatusRuntimeException refused) {
            System.err.println("refused: " + refused.getStatus().getCode() + ": " + refused.getStatus().getDescription());
            System.exit(2);
        } finally {
            channel.shutdownNow();
        }
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: --client ID --secret SECRET --hospital FINESS --category ADULT_ICU "
                + "--staffed N --occupied N --available N [--realm URL] [--target host:port] [--idempotency-key KEY]");
        System.exit(64);
    }
}
