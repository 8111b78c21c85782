package org.renfort.transfer.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.servicekit.Coalescer;
import org.renfort.servicekit.Coalescer.Outcome;
import org.renfort.transfer.client.CapacityClient.HoldPlaced;
import org.renfort.transfer.client.CapacityClient.HoldToPlace;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hold placements coalesced into PlaceHolds calls: a placement goes out at once while fewer than
 * {@link #IN_FLIGHT} calls are under way, and otherwise joins the next call with every other
 * placement that arrived meanwhile. One transfer at a time pays no delay; 500 directed offers of an
 * approved plan cost a handful of calls and transactions in capacity-service instead of 500.
 */
@ApplicationScoped
public class HoldPlacements {
    static final int IN_FLIGHT = 2;
    static final int MAX_BATCH = 500;

    private final CapacityClient capacity;
    private final Coalescer<HoldToPlace, BedHoldTicket> calls = new Coalescer<>(IN_FLIGHT, MAX_BATCH, this::send);

    HoldPlacements(CapacityClient capacity) {
        this.capacity = capacity;
    }

    /** Holds one bed; fails with {@link HoldRefusedException} when capacity-service refuses it. */
    public Uni<BedHoldTicket> place(HoldToPlace hold) {
        return calls.submit(hold);
    }

    private Uni<List<Outcome<BedHoldTicket>>> send(List<HoldToPlace> batch) {
        // The same offer placed twice at once (a retry racing its original) is one hold.
        Map<UUID, HoldToPlace> byOffer = new LinkedHashMap<>();
        batch.forEach(h -> byOffer.putIfAbsent(h.offerId(), h));
        List<HoldToPlace> holds = List.copyOf(byOffer.values());
        return capacity.placeHolds(holds).map(outcomes -> {
            Map<UUID, Outcome<BedHoldTicket>> byHold = new HashMap<>();
            for (int i = 0; i < holds.size(); i++) {
                HoldPlaced placed = outcomes.get(i);
                byHold.put(holds.get(i).offerId(), placed.ticket().map(Outcome::of)
                        .orElseGet(() -> Outcome.failed(placed.refused().orElseThrow())));
            }
            return batch.stream().map(h -> byHold.get(h.offerId())).toList();
        }).onFailure(f -> f instanceof HoldRefusedException && holds.size() > 1).recoverWithUni(() ->
                // The whole call was refused (one malformed hold): each is placed alone, so one answer per hold.
                Multi.createFrom().iterable(holds).onItem().transformToUniAndConcatenate(h -> capacity.placeHold(h)
                                .map(Outcome::of).onFailure().recoverWithItem(Outcome::<BedHoldTicket>failed)
                                .map(outcome -> Map.entry(h.offerId(), outcome)))
                        .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                        .map(byHold -> batch.stream().map(h -> byHold.get(h.offerId())).toList()));
    }
}
