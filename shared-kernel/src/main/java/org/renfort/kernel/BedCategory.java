package org.renfort.kernel;

/** Bed categories; proto/README.md maps them to EDXL-HAVE BedType and the French ROR. */
public enum BedCategory {
    ADULT_ICU, PAEDIATRIC_ICU, NEONATAL_ICU, INTERMEDIATE_CARE, MEDICINE, SURGERY, PAEDIATRICS,
    MATERNITY, PSYCHIATRY, BURNS, NEGATIVE_PRESSURE_ISOLATION, EMERGENCY_BOX
}
