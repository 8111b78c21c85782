package org.renfort.transfer.domain;

import org.renfort.kernel.Acuity;
import org.junit.jupiter.api.Test;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NegotiationPolicyTest {
    static final HospitalId A = new HospitalId("590000025");
    static final HospitalId B = new HospitalId("590000033");
    static final HospitalId C = new HospitalId("590000041");
    static final HospitalId D = new HospitalId("590000058");
    static final List<Candidate> FOUND = List.of(new Candidate(A, 10), new Candidate(B, 20), new Candidate(C, 30), new Candidate(D, 40));

    final NegotiationPolicy policy = new NegotiationPolicy(
            Map.of(Acuity.IMMEDIATE, 3, Acuity.URGENT, 2, Acuity.PLANNED, 1),
            Map.of(Acuity.IMMEDIATE, Duration.ofMinutes(5), Acuity.URGENT, Duration.ofMinutes(15), Acuity.PLANNED, Duration.ofMinutes(30)),
            Duration.ofHours(6), Duration.ofMinutes(2));

    @Test
    void asksTheNearestKByAcuitySkippingThoseNotToAsk() {
        assertEquals(List.of(A, B, C), hospitals(policy.choose(FOUND, requirements(Acuity.IMMEDIATE, List.of(), List.of()), Set.of(), Optional.empty())));
        assertEquals(List.of(A, B), hospitals(policy.choose(FOUND, requirements(Acuity.URGENT, List.of(), List.of()), Set.of(), Optional.empty())));
        assertEquals(List.of(B), hospitals(policy.choose(FOUND, requirements(Acuity.PLANNED, List.of(), List.of()), Set.of(A), Optional.empty())));
        assertEquals(List.of(C, D), hospitals(policy.choose(FOUND, requirements(Acuity.URGENT, List.of(), List.of(B)), Set.of(A), Optional.empty())));
    }

    @Test
    void preferredHospitalsComeFirstInTheOrderGiven() {
        assertEquals(List.of(D, C), hospitals(policy.choose(FOUND, requirements(Acuity.URGENT, List.of(D, C), List.of()), Set.of(), Optional.empty())));
    }

    @Test
    void aDirectedTransferAsksThatHospitalOnlyOncePerPass() {
        assertEquals(List.of(C), hospitals(policy.choose(FOUND, requirements(Acuity.IMMEDIATE, List.of(), List.of()), Set.of(), Optional.of(C))));
        HospitalId unlisted = new HospitalId("620000018");
        assertEquals(List.of(new Candidate(unlisted, 0)), policy.choose(FOUND, requirements(Acuity.URGENT, List.of(), List.of()), Set.of(), Optional.of(unlisted)));
        assertTrue(policy.choose(FOUND, requirements(Acuity.URGENT, List.of(), List.of()), Set.of(C), Optional.of(C)).isEmpty());
    }

    @Test
    void theAnswerDeadlineDependsOnTheAcuity() {
        Instant now = Instant.parse("2024-02-11T05:40:00.123456Z");
        assertEquals(Instant.parse("2024-02-11T05:45:00.123Z"), policy.answerBy(Acuity.IMMEDIATE, now));
        assertEquals(Instant.parse("2024-02-11T06:10:00.123Z"), policy.answerBy(Acuity.PLANNED, now));
    }

    private static TransferRequirements requirements(Acuity acuity, List<HospitalId> preferred, List<HospitalId> excluded) {
        return new TransferRequirements(new PatientReference("ARM-123456"), AgeBand.ADULT, BedCategory.ADULT_ICU, Set.of(), acuity, 60,
                preferred, excluded);
    }

    private static List<HospitalId> hospitals(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::hospital).toList();
    }
}
