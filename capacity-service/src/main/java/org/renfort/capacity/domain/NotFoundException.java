package org.renfort.capacity.domain;

public final class NotFoundException extends DomainException {
    public NotFoundException(String message) {
        super(message);
    }
}
