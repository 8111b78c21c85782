package org.renfort.transfer.domain;

/** Who carries the patient: an ambulance, a SMUR medical team, a helicopter. */
public enum CrewType {
    AMBULANCE, SMUR, HELICOPTER
}
