package org.renfort.kernel;

/** A malformed request: names the field or the rule it breaks. */
public final class InvalidArgumentException extends DomainException {
    private final String field;
    private final String rule;

    public InvalidArgumentException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.rule = message;
    }

    /** The same refusal about a field nested under {@code parent} (e.g. one item of a list). */
    public InvalidArgumentException under(String parent) {
        return new InvalidArgumentException(parent + "." + field, rule);
    }

    public String field() {
        return field;
    }
}
