package org.renfort.gateway.api.rest;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;

import java.time.Instant;

/** JSON values to and from protobuf: enum names without their prefix, ISO-8601 instants. */
final class RestValues {
    private RestValues() {
    }

    static Timestamp timestamp(String field, String value) {
        try {
            return timestamp(Instant.parse(value));
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2024-02-11T05:40:00Z (got '" + value + "')");
        }
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static String strip(ProtocolMessageEnum value, String prefix) {
        String name = ((Enum<?>) value).name();
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String prefix, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required");
        }
        try {
            E parsed = Enum.valueOf(type, prefix + value);
            if (parsed.name().endsWith("_UNSPECIFIED")) {
                throw new IllegalArgumentException(value);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "unknown value '" + value + "'");
        }
    }

    /** Absent in protobuf (zero) stays absent in JSON. */
    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static Instant instantOrNull(boolean present, Timestamp t) {
        return present ? instant(t) : null;
    }
}
