package org.renfort.transfer.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.kernel.HospitalId;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hospitals capacity-service's registry knows, to refuse a transfer that names an unknown
 * one before anything is stored. The registry is read once and again only when a request names
 * an id it has not seen (a hospital registered since): the common case costs no call. While
 * capacity-service cannot be reached, ids already seen are still checked; an id never seen is
 * taken on trust (the request is kept, and the negotiation's bed search refuses it) rather than
 * refusing a transfer during an outage.
 */
@ApplicationScoped
public class HospitalDirectory {
    private static final Logger LOG = Logger.getLogger(HospitalDirectory.class);

    private final CapacityClient capacity;
    private volatile Set<String> registered = Set.of();

    HospitalDirectory(CapacityClient capacity) {
        this.capacity = capacity;
    }

    /** The ids among these that the registry does not know, in the order given. */
    public Uni<Set<HospitalId>> unknownAmong(Collection<HospitalId> ids) {
        if (unknown(ids, registered).isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return capacity.registeredHospitals()
                .map(fetched -> {
                    registered = fetched;
                    return unknown(ids, fetched);
                })
                .onFailure(CapacityClient::isUnavailable).recoverWithItem(failure -> {
                    LOG.warnf("hospital references not verified: capacity-service unavailable (%s)", failure.getMessage());
                    return Set.of();
                });
    }

    private static Set<HospitalId> unknown(Collection<HospitalId> ids, Set<String> known) {
        return ids.stream().filter(id -> !known.contains(id.value())).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
