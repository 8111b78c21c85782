package org.renfort.capacity.application;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.AcceptedReport;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Caller;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.CapacityReport;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.HistoryPoint;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.HospitalCapacity;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.PublishingRights;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.CategoryState;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.Reported;
import org.renfort.capacity.persistence.CapacityRepository;
import org.renfort.capacity.persistence.ChangeLog;
import org.renfort.capacity.persistence.HoldRepository;
import org.renfort.capacity.persistence.HospitalRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Accepts capacity reports and answers with current figures. */
@ApplicationScoped
public class CapacityReports {

    static final String PUBLISH = "PublishCapacity";

    private final HospitalRepository hospitals;
    private final CapacityRepository capacity;
    private final HoldRepository holds;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;
    private final PictureClock pictures;

    CapacityReports(HospitalRepository hospitals, CapacityRepository capacity, HoldRepository holds, ChangeLog changes,
                    AuditTrail audit, Clock clock, PictureClock pictures) {
        this.pictures = pictures;
        this.hospitals = hospitals;
        this.capacity = capacity;
        this.holds = holds;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    public record Published(AcceptedReport report, CapacitySnapshot snapshot) {
    }

    /** Current figures with the instant and freshness limit their ages are computed at. */
    public record CapacitySnapshot(HospitalCapacity capacity, AsOf asOf) {
    }

    /**
     * Applies a report whole or not at all. Reports of one hospital are serialised by a row lock,
     * so the staleness check and the write cannot interleave with another report.
     */
    @WithTransaction
    public Uni<Published> publish(Caller caller, CapacityReport report) {
        HospitalId id = report.hospitalId();
        ReportSource source;
        try {
            source = PublishingRights.sourceFor(caller, id);
        } catch (PermissionDeniedException denied) {
            return audit.refuse(caller, PUBLISH, id.value(), Optional.of(id), denied);
        }
        AsOf asOf = pictures.now();
        Instant now = asOf.at();
        return hospitals.lockForUpdate(id)
                .flatMap(hospital -> {
                    hospital.orElseThrow(() -> new NotFoundException("hospital " + id + " not found")).requireActive();
                    return capacity.findReport(id, report.idempotencyKey());
                })
                .flatMap(previous -> {
                    if (previous.isPresent()) {
                        return resent(previous.get(), report, asOf);
                    }
                    return capacity.current(id).flatMap(current -> {
                        current.checkNotStale(report);
                        report.checkAcceptable(now, current.currentStatus());
                        return capacity.append(report, source, caller.subject(), now)
                                .call(accepted -> audit.allowed(caller, PUBLISH, id.value(), Optional.of(id),
                                        describe(accepted, report)))
                                .call(accepted -> announce(report, source, now))
                                .map(accepted -> new Published(accepted,
                                        new CapacitySnapshot(current.with(report, source), asOf)));
                    });
                });
    }

    /** Tells the region: the reported categories with their held beds once the report applies. */
    private Uni<Void> announce(CapacityReport report, ReportSource source, Instant now) {
        Map<BedCategory, Instant> reportedAt = new EnumMap<>(BedCategory.class);
        report.beds().forEach(b -> reportedAt.put(b.category(), report.reportedAt()));
        return holds.heldByCategory(report.hospitalId(), now, reportedAt).flatMap(held -> changes.append(
                report.hospitalId(), RegionChange.Kind.CAPACITY_REPORTED, now, new RegionChange.CapacityReported(
                        report.beds().stream().map(b -> new CategoryState(b, report.reportedAt(), source,
                                held.getOrDefault(b.category(), 0))).toList(),
                        report.status().map(s -> new Reported<>(s, report.reportedAt(), source)))));
    }

    /** What the audit says of a report: its id, its categories, and whether it was made on behalf. */
    private static String describe(AcceptedReport accepted, CapacityReport report) {
        String categories = report.beds().stream().map(b -> b.category().name()).toList().toString();
        String onBehalf = accepted.source() == ReportSource.COORDINATOR_ON_BEHALF
                ? "on behalf of " + report.hospitalId() + "; " : "";
        return onBehalf + "report " + accepted.reportId() + " " + categories + (report.status().isPresent() ? " + status" : "");
    }

    private Uni<Published> resent(AcceptedReport previous, CapacityReport report, AsOf asOf) {
        if (!previous.fingerprint().equals(report.fingerprint())) {
            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                    "was already used for a different report (" + previous.reportId() + ")"));
        }
        return capacity.current(report.hospitalId())
                .map(current -> new Published(previous, new CapacitySnapshot(current, asOf)));
    }

    @WithSession
    public Uni<CapacitySnapshot> current(HospitalId id) {
        return hospitals.find(id).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().failure(new NotFoundException("hospital " + id + " not found"))
                : capacity.current(id).map(c -> new CapacitySnapshot(c, pictures.now())));
    }

    /** At most this many points per answer: a week of hourly reports of every category fits. */
    static final int HISTORY_LIMIT = 10_000;

    @WithSession
    public Uni<List<HistoryPoint>> history(HospitalId id, Optional<Instant> from, Optional<Instant> to,
                                           Optional<BedCategory> category) {
        Instant end = to.orElse(clock.instant());
        Instant start = from.orElse(end.minus(java.time.Duration.ofDays(7)));
        if (!start.isBefore(end)) {
            return Uni.createFrom().failure(new InvalidArgumentException("from", "must be before to"));
        }
        return hospitals.find(id).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().failure(new NotFoundException("hospital " + id + " not found"))
                : capacity.history(id, start, end, category, HISTORY_LIMIT));
    }
}
