package org.renfort.kernel;

/** A malformed request: names the field or the rule it breaks. */
public final class InvalidArgumentException extends DomainException {
    private final String field;

    public InvalidArgumentException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
