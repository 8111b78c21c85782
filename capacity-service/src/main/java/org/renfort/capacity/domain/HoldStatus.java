package org.renfort.capacity.domain;

public enum HoldStatus {
    ACTIVE, RELEASED, CONSUMED, EXPIRED
}
