package org.renfort.capacity.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.BedCount;
import org.renfort.capacity.domain.CategoryState;
import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.EmergencyDepartmentStatus;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.Reported;
import org.renfort.capacity.domain.Hospital;
import org.renfort.capacity.domain.HospitalKind;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/** The change log's payloads as JSON: the resulting state of what each change touched. */
@ApplicationScoped
public class ChangePayloadCodec {
    private final ObjectMapper json = new ObjectMapper();

    public String encode(RegionChange.Payload payload) {
        ObjectNode root = json.createObjectNode();
        if (payload instanceof RegionChange.CapacityReported reported) {
            ArrayNode categories = root.putArray("categories");
            reported.categories().forEach(c -> categories.add(encode(c)));
            reported.status().ifPresent(s -> {
                ObjectNode status = root.putObject("status");
                status.put("ed", s.value().emergencyDepartment().name());
                status.put("reason", s.value().emergencyDepartmentReason());
                status.put("facility", s.value().facility().name());
                status.put("plan", s.value().crisisPlan().name());
                status.put("reportedAt", s.reportedAt().toString());
                status.put("source", s.source().name());
            });
        } else if (payload instanceof RegionChange.Registered registered) {
            Hospital h = registered.hospital();
            root.put("id", h.id().value());
            root.put("name", h.name());
            root.put("kind", h.kind().name());
            root.put("lat", h.location().latitude());
            root.put("lon", h.location().longitude());
            root.put("department", h.department());
            root.put("ed", h.hasEmergencyDepartment());
            root.put("retired", h.retired());
            ArrayNode capabilities = root.putArray("capabilities");
            h.capabilities().stream().sorted().forEach(c -> capabilities.add(c.name()));
        } else if (payload instanceof RegionChange.HoldsChanged holds) {
            root.put("category", holds.category().name());
            root.put("held", holds.held());
        }
        return root.toString();
    }

    public RegionChange.Payload decodeReported(String text) {
        JsonNode root = parse(text);
        List<CategoryState> categories = new ArrayList<>();
        root.get("categories").forEach(c -> categories.add(new CategoryState(
                new BedCount(BedCategory.valueOf(c.get("category").asText()), c.get("staffed").asInt(),
                        c.get("occupied").asInt(), c.get("available").asInt(), c.get("add24").asInt(), c.get("add72").asInt()),
                Instant.parse(c.get("reportedAt").asText()), ReportSource.valueOf(c.get("source").asText()),
                c.get("held").asInt())));
        JsonNode s = root.get("status");
        Optional<Reported<HospitalStatus>> status = s == null ? Optional.empty() : Optional.of(new Reported<>(
                new HospitalStatus(EmergencyDepartmentStatus.valueOf(s.get("ed").asText()), s.get("reason").asText(),
                        FacilityStatus.valueOf(s.get("facility").asText()), CrisisPlanLevel.valueOf(s.get("plan").asText())),
                Instant.parse(s.get("reportedAt").asText()), ReportSource.valueOf(s.get("source").asText())));
        return new RegionChange.CapacityReported(categories, status);
    }

    public RegionChange.Payload decodeRegistered(String text) {
        JsonNode root = parse(text);
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        root.get("capabilities").forEach(c -> capabilities.add(Capability.valueOf(c.asText())));
        return new RegionChange.Registered(new Hospital(new HospitalId(root.get("id").asText()), root.get("name").asText(),
                HospitalKind.valueOf(root.get("kind").asText()),
                new GeoPoint(root.get("lat").asDouble(), root.get("lon").asDouble()), root.get("department").asText(),
                root.get("ed").asBoolean(), capabilities, root.path("retired").asBoolean(false)));
    }

    public RegionChange.Payload decode(RegionChange.Kind kind, String text) {
        return switch (kind) {
            case HOSPITAL_REGISTERED, HOSPITAL_UPDATED, HOSPITAL_RETIRED -> decodeRegistered(text);
            case CAPACITY_REPORTED -> decodeReported(text);
            case HOLD_PLACED, HOLD_RELEASED, HOLD_CONSUMED, HOLD_EXPIRED -> decodeHolds(text);
        };
    }

    /**
     * The SQL that encodes a {@link RegionChange.HoldsChanged} as {@link #encode} does, for a
     * statement that learns the held figure only as it runs (HoldRepository.takeAndAnnounce).
     * {@link #decodeHolds} reads both.
     */
    static String holdsChangedSql(String categoryText, String held) {
        return "json_build_object('category', " + categoryText + ", 'held', " + held + ")::text";
    }

    public RegionChange.Payload decodeHolds(String text) {
        JsonNode root = parse(text);
        return new RegionChange.HoldsChanged(BedCategory.valueOf(root.get("category").asText()), root.get("held").asInt());
    }

    private ObjectNode encode(CategoryState c) {
        ObjectNode node = json.createObjectNode();
        node.put("category", c.beds().category().name());
        node.put("staffed", c.beds().staffed());
        node.put("occupied", c.beds().occupied());
        node.put("available", c.beds().available());
        node.put("add24", c.beds().additionalWithin24h());
        node.put("add72", c.beds().additionalWithin72h());
        node.put("reportedAt", c.reportedAt().toString());
        node.put("source", c.source().name());
        node.put("held", c.held());
        return node;
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable change payload", e);
        }
    }
}
