package org.renfort.gateway.api.rest;

import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The regional picture as an OASIS EDXL-HAVE 1.0 {@code HospitalStatus} document: one
 * {@code Hospital} per registered hospital, with its identity (FINESS number), position, EMS
 * traffic status and reason, bed capacity per bed type (what can be offered now: available minus
 * held), the services it covers, facility status and crisis plan, and when it last reported. Categories without a HAVE
 * bed type carry none and say so in a comment; stale figures and hospitals that never reported
 * say so too. The mapping is in gateway/README.md ("EDXL-HAVE export").
 */
public final class HaveExport {
    public static final String MEDIA_TYPE = "application/xml";
    static final String HAVE = "urn:oasis:names:tc:emergency:EDXL:HAVE:1.0";
    static final String XPIL = "urn:oasis:names:tc:ciq:xpil:3";
    static final String XNL = "urn:oasis:names:tc:ciq:xnl:3";
    static final String GML = "http://www.opengis.net/gml";

    /** The HAVE bed type of each category, and the sub-category naming ours under a shared parent. */
    record BedType(Optional<String> type, Optional<String> subCategory) {
        static BedType of(String type) {
            return new BedType(Optional.of(type), Optional.empty());
        }

        static BedType under(String type, String subCategory) {
            return new BedType(Optional.of(type), Optional.of(subCategory));
        }
    }

    static final Map<BedCategory, BedType> BED_TYPES = new EnumMap<>(Map.ofEntries(
            Map.entry(BedCategory.BED_CATEGORY_ADULT_ICU, BedType.of("AdultICU")),
            Map.entry(BedCategory.BED_CATEGORY_PAEDIATRIC_ICU, BedType.of("PediatricICU")),
            Map.entry(BedCategory.BED_CATEGORY_NEONATAL_ICU, BedType.of("NeonatalICU")),
            Map.entry(BedCategory.BED_CATEGORY_INTERMEDIATE_CARE, BedType.under("MedicalSurgical", "IntermediateCare")),
            Map.entry(BedCategory.BED_CATEGORY_MEDICINE, BedType.under("MedicalSurgical", "Medicine")),
            Map.entry(BedCategory.BED_CATEGORY_SURGERY, BedType.under("MedicalSurgical", "Surgery")),
            Map.entry(BedCategory.BED_CATEGORY_PAEDIATRICS, BedType.of("Pediatrics")),
            Map.entry(BedCategory.BED_CATEGORY_MATERNITY, new BedType(Optional.empty(), Optional.empty())),
            Map.entry(BedCategory.BED_CATEGORY_PSYCHIATRY, BedType.of("AdultPsychiatric")),
            Map.entry(BedCategory.BED_CATEGORY_BURNS, BedType.of("Burn")),
            Map.entry(BedCategory.BED_CATEGORY_NEGATIVE_PRESSURE_ISOLATION, BedType.of("NegativeFlowIsolation")),
            Map.entry(BedCategory.BED_CATEGORY_EMERGENCY_BOX, BedType.of("EmergencyDepartment"))));

    private HaveExport() {
    }

    public static String of(GetRegionSnapshotResponse region) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(HAVE);
            xml.setPrefix("xpil", XPIL);
            xml.setPrefix("xnl", XNL);
            xml.setPrefix("gml", GML);
            xml.writeStartElement(HAVE, "HospitalStatus");
            xml.writeDefaultNamespace(HAVE);
            xml.writeNamespace("xpil", XPIL);
            xml.writeNamespace("xnl", XNL);
            xml.writeNamespace("gml", GML);
            Instant asOf = RestValues.instant(region.getAsOf());
            for (HospitalPicture hospital : region.getHospitalsList()) {
                if (!hospital.getHospital().getRetired()) {
                    hospital(xml, hospital, asOf);
                }
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            // Only a bug of ours can get here: the writer goes to a string.
            throw new IllegalStateException("writing the EDXL-HAVE document", e);
        }
        return text.toString();
    }

    private static void hospital(XMLStreamWriter xml, HospitalPicture picture, Instant asOf) throws XMLStreamException {
        var hospital = picture.getHospital();
        Optional<Instant> lastUpdate = lastUpdate(picture);
        xml.writeStartElement(HAVE, "Hospital");

        xml.writeStartElement(HAVE, "Organization");
        xml.writeStartElement(HAVE, "OrganizationInformation");
        xml.writeStartElement(XNL, "OrganisationName");
        text(xml, XNL, "NameElement", hospital.getName());
        xml.writeEndElement();
        xml.writeStartElement(XPIL, "Identifiers");
        xml.writeStartElement(XPIL, "Identifier");
        xml.writeAttribute("xpil", XPIL, "Type", "RegistrationID");
        text(xml, XPIL, "IdentifierElement", hospital.getHospitalId());
        xml.writeStartElement(XPIL, "IssuerName");
        text(xml, XNL, "NameElement", "FINESS");
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement(HAVE, "OrganizationGeoLocation");
        xml.writeStartElement(GML, "Point");
        text(xml, GML, "pos", String.format(Locale.ROOT, "%.6f %.6f", hospital.getLocation().getLatitude(),
                hospital.getLocation().getLongitude()));
        xml.writeEndElement();
        xml.writeEndElement();
        if (lastUpdate.isEmpty()) {
            text(xml, HAVE, "CommentText", "Never reported: no figures and no status; LastUpdateTime is the time of this export.");
        } else if (stale(picture)) {
            text(xml, HAVE, "CommentText", "Stale: some figures are older than the region's freshness limit.");
        }
        xml.writeEndElement();

        if (picture.hasStatus()) {
            xml.writeStartElement(HAVE, "EmergencyDepartmentStatus");
            xml.writeStartElement(HAVE, "EMSTraffic");
            text(xml, HAVE, "EMSTrafficStatus", switch (picture.getStatus().getEmergencyDepartmentStatus()) {
                case EMERGENCY_DEPARTMENT_STATUS_ADVISORY -> "Advisory";
                case EMERGENCY_DEPARTMENT_STATUS_CLOSED -> "Closed";
                case EMERGENCY_DEPARTMENT_STATUS_NOT_APPLICABLE -> "NotApplicable";
                default -> "Normal";
            });
            if (!picture.getStatus().getEmergencyDepartmentReason().isBlank()) {
                text(xml, HAVE, "EMSTrafficReason", picture.getStatus().getEmergencyDepartmentReason());
            }
            xml.writeEndElement();
            xml.writeEndElement();
        }

        if (picture.getCategoriesCount() > 0) {
            xml.writeStartElement(HAVE, "HospitalBedCapacityStatus");
            for (CategoryPicture category : picture.getCategoriesList()) {
                bedCapacity(xml, category);
            }
            xml.writeEndElement();
        }

        serviceCoverage(xml, hospital);

        if (picture.hasStatus()) {
            CrisisPlanLevel plan = picture.getStatus().getCrisisPlanLevel();
            xml.writeStartElement(HAVE, "HospitalFacilityStatus");
            text(xml, HAVE, "HospitalEOCStatus", plan == CrisisPlanLevel.CRISIS_PLAN_LEVEL_INTERNAL_MOBILISATION
                    || plan == CrisisPlanLevel.CRISIS_PLAN_LEVEL_PLAN_BLANC ? "Active" : "Inactive");
            text(xml, HAVE, "HospitalEOCPlan", plan == CrisisPlanLevel.CRISIS_PLAN_LEVEL_PLAN_BLANC ? "Active" : "Inactive");
            text(xml, HAVE, "FacilityStatus", switch (picture.getStatus().getFacilityStatus()) {
                case FACILITY_STATUS_COMPROMISED -> "Compromised";
                case FACILITY_STATUS_EVACUATING -> "Evacuating";
                case FACILITY_STATUS_CLOSED -> "Closed";
                default -> "Normal";
            });
            xml.writeEndElement();
        }

        text(xml, HAVE, "LastUpdateTime", lastUpdate.orElse(asOf).toString());
        xml.writeEndElement();
    }

    /** The hospital's capabilities, in the schema's order; only what it has is said, its ED either way. */
    private static void serviceCoverage(XMLStreamWriter xml, Hospital hospital) throws XMLStreamException {
        Set<Capability> has = EnumSet.noneOf(Capability.class);
        hospital.getCapabilitiesList().stream().filter(c -> c != Capability.UNRECOGNIZED && c != Capability.CAPABILITY_UNSPECIFIED)
                .forEach(has::add);
        xml.writeStartElement(HAVE, "ServiceCoverageStatus");
        flag(xml, has.contains(Capability.CAPABILITY_BURNS), "Burn");
        if (has.contains(Capability.CAPABILITY_CARDIOLOGY_CATH_LAB)) {
            nested(xml, "CardiologyIndicator", "CardiologySubType", "CardiologyInvasive");
        }
        flag(xml, has.contains(Capability.CAPABILITY_DIALYSIS), "Dialysis");
        text(xml, HAVE, "EmergencyDepartment", Boolean.toString(hospital.getHasEmergencyDepartment()));
        flag(xml, has.contains(Capability.CAPABILITY_HYPERBARIC_CHAMBER), "HyperbaricChamber");
        flag(xml, has.contains(Capability.CAPABILITY_INFECTIOUS_DISEASE), "InfectiousDisease");
        flag(xml, has.contains(Capability.CAPABILITY_NEONATOLOGY), "Neonatology");
        if (has.contains(Capability.CAPABILITY_STROKE_UNIT)) {
            nested(xml, "NeurologyIndicator", "Neurology");
        }
        if (has.contains(Capability.CAPABILITY_MATERNITY_LEVEL_1) || has.contains(Capability.CAPABILITY_MATERNITY_LEVEL_2)
                || has.contains(Capability.CAPABILITY_MATERNITY_LEVEL_3)) {
            nested(xml, "OBGYNIndicator", "OBGYNSubType", "OBGYNWithLaborDelivery");
        }
        flag(xml, has.contains(Capability.CAPABILITY_PAEDIATRICS), "Pediatrics");
        if (has.contains(Capability.CAPABILITY_PSYCHIATRY)) {
            nested(xml, "PsychiatricIndicator", "Psychiatric");
        }
        if (has.contains(Capability.CAPABILITY_NEUROSURGERY)) {
            nested(xml, "SurgeryIndicator", "SurgerySubType", "Neurosurgery");
        }
        Optional<String> traumaLevel = has.contains(Capability.CAPABILITY_TRAUMA_CENTRE_LEVEL_1) ? Optional.of("Level1")
                : has.contains(Capability.CAPABILITY_TRAUMA_CENTRE_LEVEL_2) ? Optional.of("Level2")
                : has.contains(Capability.CAPABILITY_TRAUMA_CENTRE_LEVEL_3) ? Optional.of("Level3") : Optional.empty();
        if (traumaLevel.isPresent()) {
            xml.writeStartElement(HAVE, "TraumaCenterServicesIndicator");
            text(xml, HAVE, "TraumaCenterServices", "true");
            text(xml, HAVE, "TraumaCenterServicesLevel", traumaLevel.get());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void flag(XMLStreamWriter xml, boolean present, String element) throws XMLStreamException {
        if (present) {
            text(xml, HAVE, element, "true");
        }
    }

    /** {@code <a><b>...<last>true</last>...</b></a>}: an indicator and, where the schema has one, its sub-type. */
    private static void nested(XMLStreamWriter xml, String... path) throws XMLStreamException {
        for (int i = 0; i < path.length - 1; i++) {
            xml.writeStartElement(HAVE, path[i]);
        }
        text(xml, HAVE, path[path.length - 1], "true");
        for (int i = 0; i < path.length - 1; i++) {
            xml.writeEndElement();
        }
    }

    private static void bedCapacity(XMLStreamWriter xml, CategoryPicture category) throws XMLStreamException {
        BedType type = BED_TYPES.get(category.getBeds().getCategory());
        xml.writeStartElement(HAVE, "BedCapacity");
        if (type != null && type.type().isPresent()) {
            text(xml, HAVE, "BedType", type.type().get());
            if (type.subCategory().isPresent()) {
                text(xml, HAVE, "SubCategoryBedType", type.subCategory().get());
            }
        }
        xml.writeStartElement(HAVE, "Capacity");
        text(xml, HAVE, "CapacityStatus", category.getEffectiveAvailable() > 0 ? "Vacant/Available" : "NotAvailable");
        text(xml, HAVE, "AvailableCount", Integer.toString(category.getEffectiveAvailable()));
        text(xml, HAVE, "BaselineCount", Integer.toString(category.getBeds().getStaffed()));
        text(xml, HAVE, "AdditionalCapacityCount24Hr", Integer.toString(category.getBeds().getAdditionalWithin24H()));
        text(xml, HAVE, "AdditionalCapacityCount72Hr", Integer.toString(category.getBeds().getAdditionalWithin72H()));
        xml.writeEndElement();
        String name = RestValues.strip(category.getBeds().getCategory(), "BED_CATEGORY_");
        if (type == null || type.type().isEmpty()) {
            text(xml, HAVE, "CommentText", "Renfort category " + name + ": no EDXL-HAVE bed type.");
        }
        if (category.getFreshness().getStale()) {
            text(xml, HAVE, "CommentText", "Stale: " + name + " last reported " + RestValues.instant(category.getFreshness().getReportedAt()) + ".");
        }
        xml.writeEndElement();
    }

    private static Optional<Instant> lastUpdate(HospitalPicture picture) {
        Optional<Instant> latest = picture.hasStatusFreshness() && picture.getStatusFreshness().hasReportedAt()
                ? Optional.of(RestValues.instant(picture.getStatusFreshness().getReportedAt())) : Optional.empty();
        for (CategoryPicture category : picture.getCategoriesList()) {
            if (category.getFreshness().hasReportedAt()) {
                Instant at = RestValues.instant(category.getFreshness().getReportedAt());
                latest = latest.isEmpty() || at.isAfter(latest.get()) ? Optional.of(at) : latest;
            }
        }
        return latest;
    }

    private static boolean stale(HospitalPicture picture) {
        return (picture.hasStatusFreshness() && picture.getStatusFreshness().getStale())
                || picture.getCategoriesList().stream().anyMatch(c -> c.getFreshness().getStale());
    }

    private static void text(XMLStreamWriter xml, String namespace, String element, String value) throws XMLStreamException {
        xml.writeStartElement(namespace, element);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }
}
