package org.renfort.kernel;

public final class FailedPreconditionException extends DomainException {
    public FailedPreconditionException(String message) {
        super(message);
    }
}
