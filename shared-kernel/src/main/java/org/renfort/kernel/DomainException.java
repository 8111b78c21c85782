package org.renfort.kernel;

/** A refusal the caller can act on; the adapters map each kind to its protocol status. */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidArgumentException, NotFoundException, FailedPreconditionException,
        PermissionDeniedException, AlreadyExistsException, ResourceExhaustedException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
