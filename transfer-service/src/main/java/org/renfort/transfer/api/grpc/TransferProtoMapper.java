package org.renfort.transfer.api.grpc;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.servicekit.ProtoEnums;
import org.renfort.transfer.domain.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.transfer.domain.ClinicalNote;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferRequest;
import org.renfort.transfer.domain.TransferRequirements;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Maps between protobuf messages and the domain, validating on the way in. */
@ApplicationScoped
public class TransferProtoMapper {

    public TransferRequest toDomain(CreateTransferRequest r) {
        if (!r.hasOrigin() || r.getOrigin().getPlaceCase() == org.renfort.proto.transfer.v1.Origin.PlaceCase.PLACE_NOT_SET) {
            throw new InvalidArgumentException("origin", "is required: a hospital_id or a position");
        }
        Origin origin = switch (r.getOrigin().getPlaceCase()) {
            case HOSPITAL_ID -> new Origin.AtHospital(HospitalId.parse("origin.hospital_id", r.getOrigin().getHospitalId()));
            case POSITION -> new Origin.InTheField(new GeoPoint(r.getOrigin().getPosition().getLatitude(),
                    r.getOrigin().getPosition().getLongitude()));
            case PLACE_NOT_SET -> throw new InvalidArgumentException("origin", "is required");
        };
        if (!r.hasRequirements()) {
            throw new InvalidArgumentException("requirements", "is required");
        }
        var q = r.getRequirements();
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (int i = 0; i < q.getRequiredCapabilitiesCount(); i++) {
            capabilities.add(ProtoEnums.toDomain(q.getRequiredCapabilities(i), "CAPABILITY_", Capability.class,
                    "requirements.required_capabilities[" + i + "]"));
        }
        TransferRequirements requirements = new TransferRequirements(
                new PatientReference(q.getPatientReference()),
                ProtoEnums.toDomain(q.getAgeBand(), "AGE_BAND_", AgeBand.class, "requirements.age_band"),
                ProtoEnums.toDomain(q.getBedCategory(), "BED_CATEGORY_", BedCategory.class, "requirements.bed_category"),
                capabilities,
                ProtoEnums.toDomain(q.getAcuity(), "ACUITY_", Acuity.class, "requirements.acuity"),
                q.getMaxTravelMinutes(),
                hospitals("requirements.preferred_hospital_ids", q.getPreferredHospitalIdsList()),
                hospitals("requirements.excluded_hospital_ids", q.getExcludedHospitalIdsList()));
        return new TransferRequest(origin, requirements, new ClinicalNote(r.getClinicalNote()),
                new IdempotencyKey(r.getIdempotencyKey()));
    }

    public UUID transferId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("transfer_id", "must be a UUID (got '" + value + "')");
        }
    }

    public org.renfort.proto.transfer.v1.Transfer toProto(Transfer t) {
        var origin = org.renfort.proto.transfer.v1.Origin.newBuilder();
        if (t.origin() instanceof Origin.AtHospital at) {
            origin.setHospitalId(at.hospitalId().value());
        } else if (t.origin() instanceof Origin.InTheField field) {
            origin.setPosition(org.renfort.proto.common.v1.GeoPoint.newBuilder()
                    .setLatitude(field.position().latitude()).setLongitude(field.position().longitude()));
        }
        TransferRequirements q = t.requirements();
        var requirements = org.renfort.proto.transfer.v1.TransferRequirements.newBuilder()
                .setPatientReference(q.patient().value())
                .setAgeBand(ProtoEnums.toProto(q.ageBand(), "AGE_BAND_", org.renfort.proto.common.v1.AgeBand.class))
                .setBedCategory(ProtoEnums.toProto(q.bedCategory(), "BED_CATEGORY_", org.renfort.proto.common.v1.BedCategory.class))
                .setAcuity(ProtoEnums.toProto(q.acuity(), "ACUITY_", org.renfort.proto.transfer.v1.Acuity.class))
                .setMaxTravelMinutes(q.maxTravelMinutes())
                .addAllPreferredHospitalIds(q.preferredHospitals().stream().map(HospitalId::value).toList())
                .addAllExcludedHospitalIds(q.excludedHospitals().stream().map(HospitalId::value).toList());
        q.requiredCapabilities().stream().sorted().forEach(c -> requirements.addRequiredCapabilities(
                ProtoEnums.toProto(c, "CAPABILITY_", org.renfort.proto.common.v1.Capability.class)));
        var builder = org.renfort.proto.transfer.v1.Transfer.newBuilder()
                .setTransferId(t.id().toString())
                .setOrigin(origin)
                .setRequirements(requirements)
                .setStatus(ProtoEnums.toProto(t.status(), "TRANSFER_STATUS_", org.renfort.proto.transfer.v1.TransferStatus.class))
                .setClinicalNote(t.note().text())
                .setCreatedAt(Timestamp.newBuilder().setSeconds(t.createdAt().getEpochSecond()).setNanos(t.createdAt().getNano()));
        t.destination().ifPresent(d -> builder.setDestinationHospitalId(d.value()));
        return builder.build();
    }

    private static List<HospitalId> hospitals(String field, List<String> ids) {
        List<HospitalId> parsed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            parsed.add(HospitalId.parse(field + "[" + i + "]", ids.get(i)));
        }
        return parsed;
    }
}
