package org.renfort.capacity.api.grpc;

import com.google.protobuf.Timestamp;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.AuditEvent;
import org.renfort.kernel.AuditOutcome;
import org.renfort.kernel.AuditQuery;
import org.renfort.kernel.HospitalId;
import org.renfort.proto.audit.v1.AuditService;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.audit.v1.ListAuditEventsResponse;
import org.renfort.servicekit.GrpcErrors;
import org.renfort.servicekit.ProtoEnums;
import org.renfort.servicekit.audit.AuditTrail;

import java.time.Instant;
import java.util.Optional;

/** This service's audit trail, for coordinators (the gateway merges it with the others'). */
@GrpcService
public class AuditGrpcService implements AuditService {
    private final AuditTrail audit;

    AuditGrpcService(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<ListAuditEventsResponse> listAuditEvents(ListAuditEventsRequest r) {
        return GrpcErrors.guarded(() -> audit.search(new AuditQuery(
                        r.hasFrom() ? Optional.of(instant(r.getFrom())) : Optional.empty(),
                        r.hasTo() ? Optional.of(instant(r.getTo())) : Optional.empty(),
                        text(r.getSubject()), text(r.getHospitalId()).map(h -> HospitalId.parse("hospital_id", h)),
                        text(r.getAction()),
                        r.getOutcomeValue() == 0 ? Optional.empty()
                                : Optional.of(ProtoEnums.toDomain(r.getOutcome(), "AUDIT_OUTCOME_", AuditOutcome.class, "outcome")),
                        r.getLimit()))
                .map(events -> ListAuditEventsResponse.newBuilder()
                        .addAllEvents(events.stream().map(AuditGrpcService::toProto).toList()).build()));
    }

    static org.renfort.proto.audit.v1.AuditEvent toProto(AuditEvent e) {
        return org.renfort.proto.audit.v1.AuditEvent.newBuilder()
                .setEventId(e.eventId().toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(e.occurredAt().getEpochSecond()).setNanos(e.occurredAt().getNano()))
                .setService(e.service()).setSubject(e.subject()).addAllRoles(e.roles().stream().sorted().toList())
                .setCallerHospitalId(e.callerHospital().map(HospitalId::value).orElse(""))
                .setAction(e.action()).setTarget(e.target())
                .setTargetHospitalId(e.targetHospital().map(HospitalId::value).orElse(""))
                .setOutcome(ProtoEnums.toProto(e.outcome(), "AUDIT_OUTCOME_", org.renfort.proto.audit.v1.AuditOutcome.class))
                .setDetail(e.detail()).setRequestId(e.requestId())
                .build();
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
