package org.renfort.capacity.domain;

public final class FailedPreconditionException extends DomainException {
    public FailedPreconditionException(String message) {
        super(message);
    }
}
