package org.renfort.transfer.domain;

/** Triage colours: red, yellow, green. */
public enum Acuity {
    IMMEDIATE, URGENT, PLANNED
}
