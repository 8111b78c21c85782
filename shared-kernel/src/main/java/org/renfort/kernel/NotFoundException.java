package org.renfort.kernel;

public final class NotFoundException extends DomainException {
    public NotFoundException(String message) {
        super(message);
    }
}
