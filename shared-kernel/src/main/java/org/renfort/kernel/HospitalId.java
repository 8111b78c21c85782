package org.renfort.kernel;

import java.util.regex.Pattern;

/**
 * A FINESS number: 9 characters, the first two the department ("59" Nord, "2A"/"2B" Corsica,
 * "97" overseas), then 7 digits. Only the format is checked: the Luhn key is not, so that
 * illustrative identifiers can be used in demos.
 */
public record HospitalId(String value) {
    private static final Pattern FINESS = Pattern.compile("(\\d{2}|2[AB])\\d{7}");

    public HospitalId {
        if (value == null || !FINESS.matcher(value).matches()) {
            throw new InvalidArgumentException("hospital_id",
                    "must be a FINESS number: 9 characters, 2 for the department then 7 digits (got '"
                            + (value == null ? "" : value) + "')");
        }
    }

    public static HospitalId parse(String field, String value) {
        try {
            return new HospitalId(value);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException(field, e.getMessage().substring("hospital_id: ".length()));
        }
    }

    public String departmentPrefix() {
        return value.substring(0, 2);
    }

    @Override
    public String toString() {
        return value;
    }
}
