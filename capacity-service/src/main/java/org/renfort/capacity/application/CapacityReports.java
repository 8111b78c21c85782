package org.renfort.capacity.application;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.renfort.kernel.IdempotencyKey;
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
import java.util.HashMap;
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
    /** How long a batch's transaction takes and how many reports it carries: where a report waits once it is checked. */
    private final Timer batchTransactions;
    private final DistributionSummary batchSizes;

    CapacityReports(HospitalRepository hospitals, CapacityRepository capacity, ReportStore reports, ChangeLog changes,
                    AuditTrail audit, Clock clock, PictureClock pictures, MeterRegistry meters) {
        this.batchTransactions = Timer.builder("renfort.capacity.report.batch")
                .description("Transactions of reports committed together, from their first statement to their commit")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("renfort.capacity.report.batch.size")
                .description("Reports in a transaction of reports committed together").register(meters);
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

    /**
     * Reports of distinct hospitals in one transaction, each statement once for all of them (see
     * {@link ReportStore}); each report's refusal is its own outcome and writes nothing.
     */
    private Uni<List<Coalescer.Outcome<Published>>> inOneTransaction(List<Submitted> group) {
        AsOf asOf = pictures.now();
        Instant now = asOf.at();
        Map<HospitalId, IdempotencyKey> keys = new HashMap<>();
        group.forEach(s -> keys.put(s.hospital(), s.report().idempotencyKey()));
        batchSizes.record(group.size());
        Timer.Sample transaction = Timer.start();
        return reports.inTransaction(tx -> tx.lockAndRead(keys).flatMap(before -> {
            List<Coalescer.Outcome<Published>> outcomes = new ArrayList<>(Collections.nCopies(group.size(), null));
            List<Integer> accepted = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                Submitted submitted = group.get(i);
                try {
                    Optional<Published> resent = checked(submitted, before.get(submitted.hospital()), asOf);
                    if (resent.isPresent()) {
                        outcomes.set(i, Coalescer.Outcome.of(resent.get()));
                    } else {
                        accepted.add(i);
                    }
                } catch (RuntimeException refused) {
                    outcomes.set(i, Coalescer.Outcome.failed(refused));
                }
            }
            if (accepted.isEmpty()) {
                return Uni.createFrom().item(outcomes);
            }
            List<Submitted> toWrite = accepted.stream().map(group::get).toList();
            return written(tx, toWrite, now).map(written -> {
                for (int k = 0; k < toWrite.size(); k++) {
                    Submitted s = toWrite.get(k);
                    HospitalCapacity current = before.get(s.hospital()).current();
                    outcomes.set(accepted.get(k), Coalescer.Outcome.of(new Published(written.get(k).accepted(),
                            new CapacitySnapshot(current.with(s.report(), s.source()), asOf))));
                }
                return outcomes;
            });
        })).onTermination().invoke(() -> transaction.stop(batchTransactions));
    }

    /** Checked reports written, with their audit entries and change-log rows: three statements for the lot. */
    private Uni<List<ReportStore.Written>> written(ReportStore.ReportTransaction tx, List<Submitted> toWrite, Instant now) {
        return tx.write(toWrite.stream().map(s -> new ReportStore.ToWrite(s.report(), s.source(), s.caller().subject())).toList(), now)
                .call(written -> {
                    List<AuditTrail.Allowed> entries = new ArrayList<>();
                    List<ChangeLog.Entry> changed = new ArrayList<>();
                    for (int k = 0; k < toWrite.size(); k++) {
                        Submitted s = toWrite.get(k);
                        entries.add(new AuditTrail.Allowed(s.caller(), PUBLISH, s.hospital().value(), Optional.of(s.hospital()),
                                describe(written.get(k).accepted(), s.report())));
                        changed.add(new ChangeLog.Entry(s.hospital(), RegionChange.Kind.CAPACITY_REPORTED, now,
                                reported(s.report(), s.source(), written.get(k).held())));
                    }
                    // The change log last: its positions are taken by a transaction that has already written.
                    return audit.allowedAll(tx.client(), entries).chain(() -> changes.appendAll(tx.client(), changed));
                });
    }

    /**
     * Checks a report against what its hospital's lock let us read: the answer already given if it
     * was sent before under its key, empty if it is to be written; throws if it is refused.
     */
    private static Optional<Published> checked(Submitted submitted, ReportStore.Before before, AsOf asOf) {
        CapacityReport report = submitted.report();
        before.hospital().orElseThrow(() -> new NotFoundException("hospital " + report.hospitalId() + " not found")).requireActive();
        HospitalCapacity current = before.current();
        if (before.previous().isPresent()) {
            AcceptedReport previous = before.previous().get();
            if (!previous.fingerprint().equals(report.fingerprint())) {
                throw new InvalidArgumentException("idempotency_key",
                        "was already used for a different report (" + previous.reportId() + ")");
            }
            return Optional.of(new Published(previous, new CapacitySnapshot(current, asOf)));
        }
        current.checkNotStale(report);
        report.checkAcceptable(asOf.at(), current.currentStatus());
        return Optional.empty();
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
