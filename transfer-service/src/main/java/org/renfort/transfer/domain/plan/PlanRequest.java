package org.renfort.transfer.domain.plan;

import org.renfort.kernel.Fingerprint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.planner.PlanRules;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A coordinator's request for a redistribution plan: the patients, the region-wide rules. */
public record PlanRequest(List<PlannedGroup> groups, PlanRules rules, IdempotencyKey idempotencyKey) {
    public static final int MAX_GROUPS = 500;
    public static final int MAX_PATIENTS = 5_000;

    public PlanRequest {
        if (groups == null || groups.isEmpty()) {
            throw new InvalidArgumentException("groups", "must name at least one group of patients");
        }
        if (groups.size() > MAX_GROUPS) {
            throw new InvalidArgumentException("groups", "at most " + MAX_GROUPS + " (got " + groups.size() + ")");
        }
        if (idempotencyKey == null) {
            throw new InvalidArgumentException("idempotency_key", "is required");
        }
        groups = List.copyOf(groups);
        int patients = groups.stream().mapToInt(PlannedGroup::count).sum();
        if (patients > MAX_PATIENTS) {
            throw new InvalidArgumentException("groups.count", "at most " + MAX_PATIENTS + " patients in a plan (got "
                    + patients + ")");
        }
        Set<String> references = new HashSet<>();
        Set<PatientReference> patientReferences = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            PlannedGroup g = groups.get(i);
            if (!references.add(g.reference())) {
                throw new InvalidArgumentException("groups[" + i + "].reference", "\"" + g.reference() + "\" names two groups");
            }
            for (PatientReference p : g.patientReferences()) {
                if (!patientReferences.add(p)) {
                    throw new InvalidArgumentException("groups[" + i + "].patient_references",
                            "patient " + p.value() + " is in two groups");
                }
            }
        }
    }

    /** The hospitals patients leave: being evacuated, they receive nobody from this plan. */
    public Set<HospitalId> origins() {
        Set<HospitalId> origins = new HashSet<>();
        groups.forEach(g -> {
            if (g.origin() instanceof Origin.AtHospital at) {
                origins.add(at.hospitalId());
            }
        });
        return origins;
    }

    /** Every hospital the request names, with the field that names it (to check they are registered). */
    public List<NamedHospital> namedHospitals() {
        List<NamedHospital> named = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            PlannedGroup g = groups.get(i);
            if (g.origin() instanceof Origin.AtHospital at) {
                named.add(new NamedHospital(at.hospitalId(), "groups[" + i + "].origin.hospital_id"));
            }
            for (HospitalId excluded : g.excluded()) {
                named.add(new NamedHospital(excluded, "groups[" + i + "].excluded_hospital_ids"));
            }
            for (HospitalId preferred : g.preferred()) {
                named.add(new NamedHospital(preferred, "groups[" + i + "].preferred_hospital_ids"));
            }
        }
        rules.usableShareOf().keySet().forEach(h -> named.add(new NamedHospital(h, "rules.hospital_shares")));
        return named;
    }

    public record NamedHospital(HospitalId hospital, String field) {
    }

    /** Tells a true resend (same key, same content) from a key reused for another request. */
    public String fingerprint() {
        // Sets and maps sorted: their iteration order differs between JVMs, and a resend may reach another instance.
        StringBuilder canonical = new StringBuilder();
        for (PlannedGroup g : groups) {
            canonical.append(g.reference()).append('|').append(g.origin()).append('|').append(g.count()).append('|')
                    .append(g.bedCategory()).append('|').append(g.acuity()).append('|').append(g.ageBand()).append('|')
                    .append(new TreeSet<>(g.requiredCapabilities())).append('|').append(g.maxTravelMinutes()).append('|')
                    .append(g.excluded().stream().map(HospitalId::value).sorted().toList()).append('|')
                    .append(g.preferred().stream().map(HospitalId::value).sorted().toList()).append('|')
                    .append(g.patientReferences()).append('\n');
        }
        canonical.append(rules.usableShare()).append('|').append(new TreeMap<>(rules.usableShareOf().entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().value(), Map.Entry::getValue)))).append('|')
                .append(rules.substitutions()).append('|').append(rules.excludeStale()).append('|')
                .append(new TreeMap<>(rules.acuityWeight()));
        return Fingerprint.of(canonical.toString());
    }
}
