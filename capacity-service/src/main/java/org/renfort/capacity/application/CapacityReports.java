package org.renfort.capacity.application;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.AcceptedReport;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Caller;
import org.renfort.capacity.domain.CapacityReport;
import org.renfort.capacity.domain.HistoryPoint;
import org.renfort.capacity.domain.HospitalCapacity;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.servicekit.Coalescer;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.capacity.domain.PublishingRights;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.CategoryState;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.domain.Reported;
import org.renfort.capacity.persistence.CapacityRepository;
import org.renfort.capacity.persistence.ChangeLog;
import org.renfort.capacity.persistence.ReportStore;
import org.renfort.capacity.persistence.HospitalRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Accepts capacity reports and answers with current figures. */
@ApplicationScoped
public class CapacityReports {

    static final String PUBLISH = "PublishCapacity";
    /** Reports written together: at most this many transactions at once, each of at most MAX_REPORTS. */
    static final int REPORTS_IN_FLIGHT = 2;
    static final int MAX_REPORTS = 64;

    private final HospitalRepository hospitals;
    private final CapacityRepository capacity;
    private final ReportStore reports;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;
    private final PictureClock pictures;
    private final Coalescer<Submitted, Published> publishing = new Coalescer<>(REPORTS_IN_FLIGHT, MAX_REPORTS, this::publishTogether);

    CapacityReports(HospitalRepository hospitals, CapacityRepository capacity, ReportStore reports, ChangeLog changes,
                    AuditTrail audit, Clock clock, PictureClock pictures) {
        this.pictures = pictures;
        this.hospitals = hospitals;
        this.capacity = capacity;
        this.reports = reports;
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
     * Applies a report whole or not at all, and answers once it is durable. Reports that arrive
     * while earlier ones are being written are committed together (see {@link #publishTogether}).
     */
    public Uni<Published> publish(Caller caller, CapacityReport report) {
        HospitalId id = report.hospitalId();
        ReportSource source;
        try {
            source = PublishingRights.sourceFor(caller, id);
        } catch (PermissionDeniedException denied) {
            return audit.refuse(caller, PUBLISH, id.value(), Optional.of(id), denied);
        }
        return publishing.submit(new Submitted(caller, report, source));
    }

    private record Submitted(Caller caller, CapacityReport report, ReportSource source) {
        HospitalId hospital() {
            return report.hospitalId();
        }
    }

    /**
     * Group commit: the reports of different hospitals that arrived together share one
     * transaction on one connection - their statements pipelined, their hospitals locked in id
     * order (the order every writer takes them in), one commit and one wait for the disk for all.
     * Each is checked and answered on its own. A second report of one hospital goes in the next
     * transaction, so it is checked against the first. When a transaction fails as a whole, its
     * reports are written again one by one.
     */
    private Uni<List<Coalescer.Outcome<Published>>> publishTogether(List<Submitted> batch) {
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            HospitalId hospital = batch.get(i).hospital();
            int index = i;
            rounds.stream().filter(round -> round.stream().noneMatch(j -> batch.get(j).hospital().equals(hospital)))
                    .findFirst().orElseGet(() -> {
                        rounds.add(new ArrayList<>());
                        return rounds.get(rounds.size() - 1);
                    }).add(index);
        }
        List<Coalescer.Outcome<Published>> outcomes = new ArrayList<>(Collections.nCopies(batch.size(), null));
        Uni<Void> done = Uni.createFrom().voidItem();
        for (List<Integer> round : rounds) {
            List<Integer> ordered = round.stream().sorted(Comparator.comparing(i -> batch.get(i).hospital().value())).toList();
            List<Submitted> group = ordered.stream().map(batch::get).toList();
            done = done.chain(() -> inOneTransaction(group)
                    .onFailure(f -> group.size() > 1).recoverWithUni(() -> Multi.createFrom().iterable(group)
                            .onItem().transformToUniAndConcatenate(alone -> inOneTransaction(List.of(alone)).map(one -> one.get(0))
                                    .onFailure().recoverWithItem(Coalescer.Outcome::<Published>failed))
                            .collect().asList())
                    .invoke(written -> {
                        for (int k = 0; k < ordered.size(); k++) {
                            outcomes.set(ordered.get(k), written.get(k));
                        }
                    })
                    .onFailure().invoke(f -> ordered.forEach(k -> outcomes.set(k, Coalescer.Outcome.failed(f))))
                    .onFailure().recoverWithNull()
                    .replaceWithVoid());
        }
        return done.map(v -> outcomes);
    }

    /** Reports of distinct hospitals, in hospital order, in one transaction; each report's refusal is its own outcome. */
    private Uni<List<Coalescer.Outcome<Published>>> inOneTransaction(List<Submitted> group) {
        AsOf asOf = pictures.now();
        return reports.inTransaction(tx -> Uni.join().all(group.stream()
                        .map(s -> written(tx, s, asOf).map(Coalescer.Outcome::of).onFailure().recoverWithItem(Coalescer.Outcome::<Published>failed))
                        .toList())
                .andFailFast());
    }

    /** One report under its hospital's row lock, so that the staleness check and the write cannot interleave with another. */
    private Uni<Published> written(ReportStore.ReportTransaction tx, Submitted submitted, AsOf asOf) {
        CapacityReport report = submitted.report();
        HospitalId id = report.hospitalId();
        Instant now = asOf.at();
        return tx.lockHospital(id)
                .flatMap(hospital -> {
                    hospital.orElseThrow(() -> new NotFoundException("hospital " + id + " not found")).requireActive();
                    return tx.read(id, report.idempotencyKey());
                })
                .flatMap(before -> {
                    HospitalCapacity current = before.current();
                    if (before.previous().isPresent()) {
                        return resent(before.previous().get(), report, current, asOf);
                    }
                    current.checkNotStale(report);
                    report.checkAcceptable(now, current.currentStatus());
                    return tx.write(report, submitted.source(), submitted.caller().subject(), now)
                            .call(w -> audit.allowed(tx.client(), submitted.caller(), PUBLISH, id.value(), Optional.of(id),
                                    describe(w.accepted(), report)))
                            .call(w -> changes.append(tx.client(), id, RegionChange.Kind.CAPACITY_REPORTED, now,
                                    reported(report, submitted.source(), w.held())))
                            .map(w -> new Published(w.accepted(), new CapacitySnapshot(current.with(report, submitted.source()), asOf)));
                });
    }

    /** What the region is told: the reported categories, with the beds held in each once the report applies. */
    private static RegionChange.CapacityReported reported(CapacityReport report, ReportSource source,
                                                          Map<BedCategory, Integer> held) {
        return new RegionChange.CapacityReported(
                report.beds().stream().map(b -> new CategoryState(b, report.reportedAt(), source,
                        held.getOrDefault(b.category(), 0))).toList(),
                report.status().map(s -> new Reported<>(s, report.reportedAt(), source)));
    }

    /** What the audit says of a report: its id, its categories, and whether it was made on behalf. */
    private static String describe(AcceptedReport accepted, CapacityReport report) {
        String categories = report.beds().stream().map(b -> b.category().name()).toList().toString();
        String onBehalf = accepted.source() == ReportSource.COORDINATOR_ON_BEHALF
                ? "on behalf of " + report.hospitalId() + "; " : "";
        return onBehalf + "report " + accepted.reportId() + " " + categories + (report.status().isPresent() ? " + status" : "");
    }

    private static Uni<Published> resent(AcceptedReport previous, CapacityReport report, HospitalCapacity current, AsOf asOf) {
        if (!previous.fingerprint().equals(report.fingerprint())) {
            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                    "was already used for a different report (" + previous.reportId() + ")"));
        }
        return Uni.createFrom().item(new Published(previous, new CapacitySnapshot(current, asOf)));
    }

    @WithSession
    public Uni<CapacitySnapshot> current(HospitalId id) {
        return hospitals.find(id).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().failure(new NotFoundException("hospital " + id + " not found"))
                : capacity.current(id).map(c -> new CapacitySnapshot(c, pictures.now())));
    }

    /** At most this many points per answer: a week of hourly reports of every category fits. */
    public static final int HISTORY_LIMIT = 10_000;

    /** A page of a hospital's history over [from, to) (default: the last 7 days); at most {@code pageSize} points. */
    @WithSession
    public Uni<List<HistoryPoint>> history(HospitalId id, Optional<Instant> from, Optional<Instant> to,
                                           Optional<BedCategory> category, Optional<HistoryPoint.Cursor> after, int pageSize) {
        Instant end = to.orElse(clock.instant());
        Instant start = from.orElse(end.minus(java.time.Duration.ofDays(7)));
        if (!start.isBefore(end)) {
            return Uni.createFrom().failure(new InvalidArgumentException("from", "must be before to"));
        }
        return hospitals.find(id).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().failure(new NotFoundException("hospital " + id + " not found"))
                : capacity.history(id, start, end, category, after, pageSize));
    }
}
