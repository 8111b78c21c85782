package org.renfort.servicekit;

import org.renfort.kernel.AgeBand;
import org.renfort.kernel.AuditOutcome;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;

/** The bridges of the enums every service shares (renfort.common.v1, renfort.audit.v1). */
public final class CommonEnums {
    public static final EnumBridge<BedCategory, org.renfort.proto.common.v1.BedCategory> BED_CATEGORY =
            EnumBridge.of(BedCategory.class, org.renfort.proto.common.v1.BedCategory.class);
    public static final EnumBridge<Capability, org.renfort.proto.common.v1.Capability> CAPABILITY =
            EnumBridge.of(Capability.class, org.renfort.proto.common.v1.Capability.class);
    public static final EnumBridge<AgeBand, org.renfort.proto.common.v1.AgeBand> AGE_BAND =
            EnumBridge.of(AgeBand.class, org.renfort.proto.common.v1.AgeBand.class);
    public static final EnumBridge<AuditOutcome, org.renfort.proto.audit.v1.AuditOutcome> AUDIT_OUTCOME =
            EnumBridge.of(AuditOutcome.class, org.renfort.proto.audit.v1.AuditOutcome.class);

    private CommonEnums() {
    }
}
