package org.renfort.capacity.domain;

public enum CrisisPlanLevel {
    NONE, INTERNAL_MOBILISATION, PLAN_BLANC
}
