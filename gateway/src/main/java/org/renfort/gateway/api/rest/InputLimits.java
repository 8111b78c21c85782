package org.renfort.gateway.api.rest;

/**
 * The REST side of the limits declared in the .proto files' field rules, for Bean Validation and
 * the OpenAPI document (maxLength, maximum, maxItems). They are the contract's numbers, not new
 * ones: {@code InputLimitsTest} reads each back from the proto descriptors. Whatever a REST
 * check lets through is still checked against the contract before it is sent.
 */
public final class InputLimits {
    public static final int HOSPITAL_ID = 9;
    public static final int UUID = 36;
    public static final int IDEMPOTENCY_KEY = 100;
    public static final int HOSPITAL_NAME = 200;
    public static final int DEPARTMENT = 3;
    public static final int CAPABILITIES = 16;
    public static final int RETIREMENT_REASON = 500;
    public static final int EMERGENCY_DEPARTMENT_REASON = 500;
    public static final int BED_COUNTS = 32;
    public static final int BEDS = 100_000;
    public static final int BED_SEARCH_LIMIT = 100;
    public static final int TRAVEL_MINUTES = 720;
    public static final int PATIENT_REFERENCE = 64;
    public static final int LISTED_HOSPITALS = 50;
    public static final int CLINICAL_NOTE = 500;
    public static final int TRANSFER_REASON = 300;
    public static final int ANSWER_TEXT = 200;
    public static final int CALL_SIGN = 40;
    public static final int PAGE_SIZE = 500;
    public static final int HOSPITALS_PAGE = 1_000;
    public static final int HISTORY_PAGE = 10_000;
    public static final int PAGE_TOKEN = 200;
    public static final int STATUSES = 16;
    public static final int AUDIT_LIMIT = 500;
    public static final int AUDIT_SUBJECT = 255;
    public static final int AUDIT_ACTION = 64;
    public static final int PLAN_GROUPS = 500;
    public static final int GROUP_REFERENCE = 40;
    public static final int GROUP_COUNT = 5_000;
    public static final int PLAN_TRAVEL_MINUTES = 600;
    public static final int HOSPITAL_SHARES = 500;
    public static final int SUBSTITUTIONS = 50;
    public static final int EXTERNAL_REFERENCE = 200;
    /** Patients one SAMU hub resource request may ask beds for (a group: PARTIELLE when placed in part). */
    public static final int HUB_REQUEST_PATIENTS = 20;

    private InputLimits() {
    }
}
