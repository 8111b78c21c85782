package org.renfort.kernel;

public final class ResourceExhaustedException extends DomainException {
    public ResourceExhaustedException(String message) {
        super(message);
    }
}
