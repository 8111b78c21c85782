package org.renfort.benchmarks;

import io.grpc.ManagedChannel;
import org.renfort.devstack.RealmAdmin;
import org.renfort.devstack.TokenClient;
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
import java.util.function.Function;

/**
 * The hospitals' systems of the transfer benchmarks: each watches its offers (WatchOffers) and
 * accepts or declines each new one at random after 5 ms to {@code maxAnswerDelayMs}. Each hospital
 * watches and answers with its own system's token (a Keycloak client per hospital, registered by
 * RealmAdmin), as a hospital information system does. Records when each transfer got its first
 * offer and its accepted answer (System.nanoTime()).
 */
final class SimulatedHospitalSystems implements AutoCloseable {
    private final ManagedChannel channel;
    private final Function<String, String> tokenOfHospital;
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

    /** @param tokenOfHospital the access token of a hospital's own system */
    SimulatedHospitalSystems(ManagedChannel channel, Function<String, String> tokenOfHospital, double acceptProbability,
                             int maxAnswerDelayMs, Consumer<Offer> onOffer) {
        this.channel = channel;
        this.tokenOfHospital = tokenOfHospital;
        this.acceptProbability = acceptProbability;
        this.maxAnswerDelayMs = maxAnswerDelayMs;
        this.onOffer = onOffer;
    }

    /**
     * Tokens of every hospital's own system: a client registered per hospital in the local
     * Keycloak, its token taken with the client-credentials grant.
     */
    static Function<String, String> ownTokens(String realmUrl, List<String> hospitals) {
        RealmAdmin admin = new RealmAdmin(realmUrl);
        TokenClient tokens = new TokenClient(realmUrl);
        Map<String, String> byHospital = new ConcurrentHashMap<>();
        for (String hospital : hospitals) {
            String client = "bench-system-" + hospital;
            byHospital.put(hospital, tokens.clientCredentials(client, admin.registerHospitalSystem(client, hospital)));
        }
        return hospital -> {
            String token = byHospital.get(hospital);
            if (token == null) {
                throw new IllegalArgumentException("no system registered for hospital " + hospital);
            }
            return token;
        };
    }

    void watch(String hospital) {
        TransferServiceGrpc.TransferServiceStub async = TransferServiceGrpc.newStub(channel)
                .withCallCredentials(new BearerToken(tokenOfHospital.apply(hospital)));
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        streams.add(context);
        context.run(() -> async.watchOffers(WatchOffersRequest.newBuilder().setHospitalId(hospital).build(), new StreamObserver<>() {
            public void onNext(WatchOffersResponse event) {
                if (event.getKind() == OfferEventKind.OFFER_EVENT_KIND_OFFERED) {
                    offered(async, event.getOffer());
                }
            }

            public void onError(Throwable t) {
            }

            public void onCompleted() {
            }
        }));
    }

    private void offered(TransferServiceGrpc.TransferServiceStub async, Offer offer) {
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
