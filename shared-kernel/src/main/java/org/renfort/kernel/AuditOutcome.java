package org.renfort.kernel;

public enum AuditOutcome {
    ALLOWED, DENIED
}
