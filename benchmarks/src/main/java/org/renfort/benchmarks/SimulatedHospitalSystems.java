package org.renfort.benchmarks;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import org.renfort.proto.transfer.v1.AcceptAnswer;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.DeclineReason;
import org.renfort.proto.transfer.v1.Offer;
import org.renfort.proto.transfer.v1.OfferEventKind;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.RespondToOfferResponse;
import org.renfort.proto.transfer.v1.TransferServiceGrpc;
import org.renfort.proto.transfer.v1.WatchOffersRequest;
import org.renfort.proto.transfer.v1.WatchOffersResponse;
import org.renfort.testsupport.BearerToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The hospitals' systems of the transfer benchmarks: each watches its offers (WatchOffers) and
 * accepts or declines each new one at random after 5 ms to {@code maxAnswerDelayMs}. Answers go
 * on each hospital's behalf with a coordinator's token: the benchmarks' hospitals have no
 * Keycloak client of their own. Records when each transfer got its first offer and its accepted
 * answer (System.nanoTime()).
 */
final class SimulatedHospitalSystems implements AutoCloseable {
    private final TransferServiceGrpc.TransferServiceStub async;
    private final double acceptProbability;
    private final int maxAnswerDelayMs;
    private final Consumer<Offer> onOffer;
    private final ScheduledExecutorService answerers = Executors.newScheduledThreadPool(4);
    private final List<io.grpc.Context.CancellableContext> streams = new ArrayList<>();
    final Map<String, Long> firstOffer = new ConcurrentHashMap<>();
    final Map<String, Long> accepted = new ConcurrentHashMap<>();
    final AtomicLong offers = new AtomicLong();
    /** Accepts refused because another hospital was first. */
    final AtomicLong lostRaces = new AtomicLong();

    SimulatedHospitalSystems(ManagedChannel channel, String token, double acceptProbability, int maxAnswerDelayMs,
                             Consumer<Offer> onOffer) {
        this.async = TransferServiceGrpc.newStub(channel).withCallCredentials(new BearerToken(token));
        this.acceptProbability = acceptProbability;
        this.maxAnswerDelayMs = maxAnswerDelayMs;
        this.onOffer = onOffer;
    }

    void watch(String hospital) {
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        streams.add(context);
        context.run(() -> async.watchOffers(WatchOffersRequest.newBuilder().setHospitalId(hospital).build(), new StreamObserver<>() {
            public void onNext(WatchOffersResponse event) {
                if (event.getKind() == OfferEventKind.OFFER_EVENT_KIND_OFFERED) {
                    offered(event.getOffer());
                }
            }

            public void onError(Throwable t) {
            }

            public void onCompleted() {
            }
        }));
    }

    private void offered(Offer offer) {
        offers.incrementAndGet();
        onOffer.accept(offer);
        firstOffer.putIfAbsent(offer.getTransferId(), System.nanoTime());
        boolean accept = ThreadLocalRandom.current().nextDouble() < acceptProbability;
        RespondToOfferRequest.Builder answer = RespondToOfferRequest.newBuilder().setOfferId(offer.getOfferId())
                .setIdempotencyKey(UUID.randomUUID().toString());
        if (accept) {
            answer.setAccept(AcceptAnswer.getDefaultInstance());
        } else {
            answer.setDecline(DeclineAnswer.newBuilder().setReason(DeclineReason.DECLINE_REASON_NO_BED));
        }
        answerers.schedule(() -> async.respondToOffer(answer.build(), new StreamObserver<>() {
            public void onNext(RespondToOfferResponse value) {
                if (accept) {
                    accepted.putIfAbsent(offer.getTransferId(), System.nanoTime());
                }
            }

            public void onError(Throwable t) {
                lostRaces.incrementAndGet();
            }

            public void onCompleted() {
            }
        }), ThreadLocalRandom.current().nextInt(5, Math.max(6, maxAnswerDelayMs + 1)), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        streams.forEach(c -> c.cancel(null));
        answerers.shutdownNow();
    }
}
