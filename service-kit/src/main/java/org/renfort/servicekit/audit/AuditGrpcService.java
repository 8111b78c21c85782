package org.renfort.servicekit.audit;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.AuditEvent;
import org.renfort.kernel.AuditQuery;
import org.renfort.kernel.HospitalId;
import org.renfort.proto.audit.v1.AuditServiceGrpc;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.audit.v1.ListAuditEventsResponse;
import org.renfort.servicekit.CommonEnums;
import org.renfort.servicekit.GrpcErrors;
import org.renfort.servicekit.ProtoTime;

import java.util.Optional;

/**
 * A service's own audit trail, for coordinators (the gateway merges the services' trails). The
 * same in every data-owning service: written once here, against the grpc-java base class, whose
 * generated stubs each service already has (this module compiles against its own copy and does
 * not ship it).
 */
@GrpcService
public class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase {
    private final AuditTrail audit;

    AuditGrpcService(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    @RolesAllowed("coordinator")
    public void listAuditEvents(ListAuditEventsRequest r, StreamObserver<ListAuditEventsResponse> answer) {
        GrpcErrors.guarded(() -> audit.search(new AuditQuery(
                        r.hasFrom() ? Optional.of(ProtoTime.instant(r.getFrom())) : Optional.empty(),
                        r.hasTo() ? Optional.of(ProtoTime.instant(r.getTo())) : Optional.empty(),
                        text(r.getSubject()), text(r.getHospitalId()).map(h -> HospitalId.parse("hospital_id", h)),
                        text(r.getAction()),
                        r.getOutcomeValue() == 0 ? Optional.empty()
                                : Optional.of(CommonEnums.AUDIT_OUTCOME.toDomain(r.getOutcome(), "outcome")),
                        r.getLimit(),
                        r.getPageToken().isEmpty() ? Optional.empty() : Optional.of(AuditQuery.Cursor.parse(r.getPageToken()))))
                        .map(events -> {
                            var response = ListAuditEventsResponse.newBuilder()
                                    .addAllEvents(events.stream().map(AuditGrpcService::toProto).toList());
                            int pageSize = r.getLimit() == 0 ? AuditQuery.DEFAULT_LIMIT : r.getLimit();
                            if (events.size() == pageSize) {
                                AuditEvent last = events.get(events.size() - 1);
                                response.setNextPageToken(new AuditQuery.Cursor(last.occurredAt(), last.eventId()).token());
                            }
                            return response.build();
                        }))
                .subscribe().with(response -> {
                    answer.onNext(response);
                    answer.onCompleted();
                }, answer::onError);
    }

    static org.renfort.proto.audit.v1.AuditEvent toProto(AuditEvent e) {
        return org.renfort.proto.audit.v1.AuditEvent.newBuilder()
                .setEventId(e.eventId().toString())
                .setOccurredAt(ProtoTime.timestamp(e.occurredAt()))
                .setService(e.service()).setSubject(e.subject()).addAllRoles(e.roles().stream().sorted().toList())
                .setCallerHospitalId(e.callerHospital().map(HospitalId::value).orElse(""))
                .setAction(e.action()).setTarget(e.target())
                .setTargetHospitalId(e.targetHospital().map(HospitalId::value).orElse(""))
                .setOutcome(CommonEnums.AUDIT_OUTCOME.toProto(e.outcome()))
                .setDetail(e.detail()).setRequestId(e.requestId())
                .build();
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
