package org.renfort.gateway.api.rest;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.Freshness;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.testsupport.Standards;
import org.w3c.dom.Document;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export of a region with every case the crisis cell meets - a compromised hospital on its
 * Plan blanc with its emergency department closed, a closed one, a stale one, one that never
 * reported, categories with and without a HAVE bed type - validates against the official
 * EDXL-HAVE 1.0 schema and says what the picture says.
 */
class HaveExportTest {
    static final long AS_OF = 1_765_000_000L;

    @Test
    void aRegionInCrisisExportsAsAValidHaveDocument() throws Exception {
        GetRegionSnapshotResponse region = GetRegionSnapshotResponse.newBuilder()
                .setAsOf(at(AS_OF)).setPosition(7)
                .addHospitals(picture("590000017", "CH d'Armentières", status(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_CLOSED,
                        "information system down (ransomware)", FacilityStatus.FACILITY_STATUS_COMPROMISED, CrisisPlanLevel.CRISIS_PLAN_LEVEL_PLAN_BLANC),
                        category(BedCategory.BED_CATEGORY_ADULT_ICU, 12, 9, 3, 1, AS_OF - 600, false)))
                .addHospitals(picture("590000025", "CHU de Lille", status(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_NORMAL, "",
                        FacilityStatus.FACILITY_STATUS_NORMAL, CrisisPlanLevel.CRISIS_PLAN_LEVEL_NONE),
                        category(BedCategory.BED_CATEGORY_MEDICINE, 80, 70, 10, 0, AS_OF - 60, false),
                        category(BedCategory.BED_CATEGORY_MATERNITY, 30, 28, 2, 0, AS_OF - 60, false)))
                .addHospitals(picture("620000018", "CH de Lens", status(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_NOT_APPLICABLE, "",
                        FacilityStatus.FACILITY_STATUS_CLOSED, CrisisPlanLevel.CRISIS_PLAN_LEVEL_NONE),
                        category(BedCategory.BED_CATEGORY_BURNS, 4, 4, 0, 0, AS_OF - 300, false)))
                .addHospitals(picture("590000033", "Clinique de Roubaix", null,
                        category(BedCategory.BED_CATEGORY_SURGERY, 20, 10, 10, 2, AS_OF - 6 * 3600, true)))
                .addHospitals(picture("590000041", "Hôpital jamais entendu", null))
                .addHospitals(picture("590000058", "Ancienne clinique", null).toBuilder()
                        .setHospital(hospital("590000058", "Ancienne clinique").toBuilder().setRetired(true)).build())
                .build();

        String exported = HaveExport.of(region);
        // Kept with the build output: the README's example is taken from it.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "edxl-have-example.xml"), exported);
        Document have = Standards.validXml("edxl-have-1.0/have.xsd", exported);

        assertEquals(5.0, number(have, "count(/h:HospitalStatus/h:Hospital)"), "every hospital but the retired one");
        String armentieres = hospitalPath("590000017");
        assertEquals("Closed", text(have, armentieres + "/h:EmergencyDepartmentStatus/h:EMSTraffic/h:EMSTrafficStatus"));
        assertEquals("information system down (ransomware)",
                text(have, armentieres + "/h:EmergencyDepartmentStatus/h:EMSTraffic/h:EMSTrafficReason"));
        assertEquals("Compromised", text(have, armentieres + "/h:HospitalFacilityStatus/h:FacilityStatus"));
        assertEquals("Active", text(have, armentieres + "/h:HospitalFacilityStatus/h:HospitalEOCPlan"));
        assertEquals("AdultICU", text(have, armentieres + "/h:HospitalBedCapacityStatus/h:BedCapacity/h:BedType"));
        assertEquals("2", text(have, armentieres + "/h:HospitalBedCapacityStatus/h:BedCapacity/h:Capacity/h:AvailableCount"),
                "what can be offered now: 3 available, 1 held");
        assertEquals("12", text(have, armentieres + "/h:HospitalBedCapacityStatus/h:BedCapacity/h:Capacity/h:BaselineCount"));
        assertEquals("2025-12-06T05:36:40Z", text(have, armentieres + "/h:LastUpdateTime"));
        assertEquals("true", text(have, armentieres + "/h:ServiceCoverageStatus/h:EmergencyDepartment"));
        assertEquals("true", text(have, armentieres + "/h:ServiceCoverageStatus/h:Burn"));
        assertEquals("true", text(have, armentieres + "/h:ServiceCoverageStatus/h:NeurologyIndicator/h:Neurology"));
        assertEquals("true", text(have, armentieres
                + "/h:ServiceCoverageStatus/h:CardiologyIndicator/h:CardiologySubType/h:CardiologyInvasive"));
        assertEquals("true", text(have, armentieres
                + "/h:ServiceCoverageStatus/h:OBGYNIndicator/h:OBGYNSubType/h:OBGYNWithLaborDelivery"));
        assertEquals("true", text(have, armentieres + "/h:ServiceCoverageStatus/h:SurgeryIndicator/h:SurgerySubType/h:Neurosurgery"));
        assertEquals("Level2", text(have, armentieres + "/h:ServiceCoverageStatus/h:TraumaCenterServicesIndicator/h:TraumaCenterServicesLevel"));
        assertEquals(0.0, number(have, "count(" + hospitalPath("590000025") + "/h:ServiceCoverageStatus/h:Burn)"), "only what it has");

        String lille = hospitalPath("590000025");
        assertEquals("MedicalSurgical", text(have, lille + "/h:HospitalBedCapacityStatus/h:BedCapacity[1]/h:BedType"));
        assertEquals("Medicine", text(have, lille + "/h:HospitalBedCapacityStatus/h:BedCapacity[1]/h:SubCategoryBedType"));
        assertEquals(0.0, number(have, "count(" + lille + "/h:HospitalBedCapacityStatus/h:BedCapacity[2]/h:BedType)"),
                "maternity has no HAVE bed type");
        assertTrue(text(have, lille + "/h:HospitalBedCapacityStatus/h:BedCapacity[2]/h:CommentText").contains("MATERNITY: no EDXL-HAVE bed type"));

        String lens = hospitalPath("620000018");
        assertEquals("Closed", text(have, lens + "/h:HospitalFacilityStatus/h:FacilityStatus"));
        assertEquals("NotAvailable", text(have, lens + "/h:HospitalBedCapacityStatus/h:BedCapacity/h:Capacity/h:CapacityStatus"));

        String roubaix = hospitalPath("590000033");
        assertTrue(text(have, roubaix + "/h:Organization/h:CommentText").startsWith("Stale"));
        assertTrue(text(have, roubaix + "/h:HospitalBedCapacityStatus/h:BedCapacity/h:CommentText").startsWith("Stale: SURGERY"));

        String silent = hospitalPath("590000041");
        assertTrue(text(have, silent + "/h:Organization/h:CommentText").startsWith("Never reported"));
        assertEquals(0.0, number(have, "count(" + silent + "/h:HospitalBedCapacityStatus)"));
        assertEquals("2025-12-06T05:46:40Z", text(have, silent + "/h:LastUpdateTime"), "the export's time");
    }

    private static String hospitalPath(String finess) {
        return "/h:HospitalStatus/h:Hospital[h:Organization/h:OrganizationInformation/xpil:Identifiers/xpil:Identifier/xpil:IdentifierElement='"
                + finess + "']";
    }

    private static String text(Document document, String path) throws Exception {
        return (String) xpath().evaluate(path, document, XPathConstants.STRING);
    }

    private static double number(Document document, String path) throws Exception {
        return (Double) xpath().evaluate(path, document, XPathConstants.NUMBER);
    }

    private static XPath xpath() {
        XPath xpath = XPathFactory.newInstance().newXPath();
        Map<String, String> namespaces = Map.of("h", HaveExport.HAVE, "xpil", HaveExport.XPIL, "xnl", HaveExport.XNL);
        xpath.setNamespaceContext(new javax.xml.namespace.NamespaceContext() {
            public String getNamespaceURI(String prefix) {
                return namespaces.get(prefix);
            }

            public String getPrefix(String uri) {
                return null;
            }

            public Iterator<String> getPrefixes(String uri) {
                return List.<String>of().iterator();
            }
        });
        return xpath;
    }

    private static Hospital hospital(String id, String name) {
        Hospital.Builder hospital = Hospital.newBuilder().setHospitalId(id).setName(name).setDepartment(id.substring(0, 2))
                .setLocation(GeoPoint.newBuilder().setLatitude(50.69).setLongitude(2.88)).setHasEmergencyDepartment(true);
        if (id.equals("590000017")) {
            // Every capability that has a HAVE counterpart, once.
            hospital.addAllCapabilities(List.of(Capability.CAPABILITY_BURNS, Capability.CAPABILITY_CARDIOLOGY_CATH_LAB,
                    Capability.CAPABILITY_DIALYSIS, Capability.CAPABILITY_HYPERBARIC_CHAMBER, Capability.CAPABILITY_INFECTIOUS_DISEASE,
                    Capability.CAPABILITY_NEONATOLOGY, Capability.CAPABILITY_STROKE_UNIT, Capability.CAPABILITY_MATERNITY_LEVEL_3,
                    Capability.CAPABILITY_PAEDIATRICS, Capability.CAPABILITY_PSYCHIATRY, Capability.CAPABILITY_NEUROSURGERY,
                    Capability.CAPABILITY_TRAUMA_CENTRE_LEVEL_2, Capability.CAPABILITY_TRAUMA_CENTRE_LEVEL_3));
        }
        return hospital.build();
    }

    private static HospitalPicture picture(String id, String name, HospitalStatus status, CategoryPicture... categories) {
        HospitalPicture.Builder picture = HospitalPicture.newBuilder().setHospital(hospital(id, name)).addAllCategories(List.of(categories));
        if (status != null) {
            picture.setStatus(status).setStatusFreshness(Freshness.newBuilder().setReportedAt(at(AS_OF - 600)));
        }
        return picture.build();
    }

    private static HospitalStatus status(EmergencyDepartmentStatus ed, String reason, FacilityStatus facility, CrisisPlanLevel plan) {
        return HospitalStatus.newBuilder().setEmergencyDepartmentStatus(ed).setEmergencyDepartmentReason(reason)
                .setFacilityStatus(facility).setCrisisPlanLevel(plan).build();
    }

    private static CategoryPicture category(BedCategory category, int staffed, int occupied, int available, int held,
                                            long reportedAt, boolean stale) {
        return CategoryPicture.newBuilder()
                .setBeds(BedCount.newBuilder().setCategory(category).setStaffed(staffed).setOccupied(occupied).setAvailable(available))
                .setFreshness(Freshness.newBuilder().setReportedAt(at(reportedAt)).setStale(stale))
                .setHeld(held).setEffectiveAvailable(Math.max(0, available - held)).build();
    }

    private static Timestamp at(long seconds) {
        return Timestamp.newBuilder().setSeconds(seconds).build();
    }
}
