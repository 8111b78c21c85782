package org.renfort.kernel;

/** Triage colours: red, yellow, green. */
public enum Acuity {
    IMMEDIATE, URGENT, PLANNED
}
