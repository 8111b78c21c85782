package org.renfort.capacity.domain;

public enum HospitalKind {
    UNIVERSITY_HOSPITAL, GENERAL_HOSPITAL, PRIVATE_CLINIC, PRIVATE_NON_PROFIT, PSYCHIATRIC_HOSPITAL
}
