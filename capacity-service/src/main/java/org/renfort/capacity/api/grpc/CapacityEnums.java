package org.renfort.capacity.api.grpc;

import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.EmergencyDepartmentStatus;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.HoldStatus;
import org.renfort.capacity.domain.HospitalKind;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.servicekit.EnumBridge;

/** The bridges of renfort.capacity.v1's enums to the domain's (the shared ones are in CommonEnums). */
final class CapacityEnums {
    static final EnumBridge<HospitalKind, org.renfort.proto.capacity.v1.HospitalKind> HOSPITAL_KIND =
            EnumBridge.of(HospitalKind.class, org.renfort.proto.capacity.v1.HospitalKind.class);
    static final EnumBridge<EmergencyDepartmentStatus, org.renfort.proto.capacity.v1.EmergencyDepartmentStatus> EMERGENCY_DEPARTMENT_STATUS =
            EnumBridge.of(EmergencyDepartmentStatus.class, org.renfort.proto.capacity.v1.EmergencyDepartmentStatus.class);
    static final EnumBridge<FacilityStatus, org.renfort.proto.capacity.v1.FacilityStatus> FACILITY_STATUS =
            EnumBridge.of(FacilityStatus.class, org.renfort.proto.capacity.v1.FacilityStatus.class);
    static final EnumBridge<CrisisPlanLevel, org.renfort.proto.capacity.v1.CrisisPlanLevel> CRISIS_PLAN_LEVEL =
            EnumBridge.of(CrisisPlanLevel.class, org.renfort.proto.capacity.v1.CrisisPlanLevel.class);
    static final EnumBridge<HoldStatus, org.renfort.proto.capacity.v1.HoldStatus> HOLD_STATUS =
            EnumBridge.of(HoldStatus.class, org.renfort.proto.capacity.v1.HoldStatus.class);
    static final EnumBridge<RegionChange.Kind, org.renfort.proto.capacity.v1.ChangeKind> CHANGE_KIND =
            EnumBridge.of(RegionChange.Kind.class, org.renfort.proto.capacity.v1.ChangeKind.class);
    static final EnumBridge<ReportSource, org.renfort.proto.capacity.v1.ReportSource> REPORT_SOURCE =
            EnumBridge.of(ReportSource.class, org.renfort.proto.capacity.v1.ReportSource.class);

    private CapacityEnums() {
    }
}
