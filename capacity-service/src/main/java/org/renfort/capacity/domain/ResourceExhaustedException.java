package org.renfort.capacity.domain;

public final class ResourceExhaustedException extends DomainException {
    public ResourceExhaustedException(String message) {
        super(message);
    }
}
