package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** A hospital in the regional picture: registry entry, categories and status. Immutable. */
public record HospitalState(Hospital hospital, Map<BedCategory, CategoryState> categories,
                            Optional<Reported<HospitalStatus>> status) {

    public HospitalState {
        categories = Map.copyOf(categories);
    }

    public static HospitalState registered(Hospital hospital) {
        return new HospitalState(hospital, Map.of(), Optional.empty());
    }

    public HospitalState apply(RegionChange.Payload payload) {
        if (payload instanceof RegionChange.Registered registered) {
            return new HospitalState(registered.hospital(), categories, status);
        }
        Map<BedCategory, CategoryState> next = new EnumMap<>(BedCategory.class);
        next.putAll(categories);
        if (payload instanceof RegionChange.CapacityReported reported) {
            reported.categories().forEach(c -> next.put(c.beds().category(), c));
            return new HospitalState(hospital, next, reported.status().or(() -> status));
        }
        RegionChange.HoldsChanged holds = (RegionChange.HoldsChanged) payload;
        CategoryState current = next.get(holds.category());
        if (current != null) {
            next.put(holds.category(), current.withHeld(holds.held()));
        }
        return new HospitalState(hospital, next, status);
    }

    public Optional<HospitalStatus> currentStatus() {
        return status.map(Reported::value);
    }
}
