-- Redistribution plans (PlanService): written once when computed; approval links each placed
-- patient to the transfer it creates. Owned by transfer-service.

-- A plan's transfer first goes to its planned hospital only; true: once that hospital could not
-- take the patient, the transfer negotiates with the region (WHEN_REFUSED_NEGOTIATE).
ALTER TABLE transfer ADD COLUMN direction_falls_back boolean NOT NULL DEFAULT false;

CREATE TABLE plan (
    plan_id                     uuid         PRIMARY KEY,
    created_by                  varchar(255) NOT NULL,
    created_at                  timestamptz  NOT NULL,
    idempotency_key             varchar(100) NOT NULL,
    fingerprint                 char(64)     NOT NULL,
    -- The regional picture it was computed on.
    picture_read_at             timestamptz  NOT NULL,
    picture_as_of               timestamptz  NOT NULL,
    partners                    integer      NOT NULL,
    stale_hospital_ids          text         NOT NULL,
    oldest_report_age_seconds   bigint       NOT NULL,
    -- The rules, as asked (for the record).
    rules                       text         NOT NULL,
    proven_optimal              boolean      NOT NULL,
    optimal_placed              integer      NOT NULL,
    optimal_unplaced            integer      NOT NULL,
    optimal_weighted_minutes    bigint       NOT NULL,
    optimal_worst_travel        integer      NOT NULL,
    optimal_solve_micros        bigint       NOT NULL,
    greedy_placed               integer      NOT NULL,
    greedy_unplaced             integer      NOT NULL,
    greedy_weighted_minutes     bigint       NOT NULL,
    greedy_worst_travel         integer      NOT NULL,
    greedy_solve_micros         bigint       NOT NULL,
    UNIQUE (created_by, idempotency_key)
);

CREATE TABLE plan_group (
    plan_id                 uuid         NOT NULL REFERENCES plan,
    reference               varchar(40)  NOT NULL,
    ordinal                 integer      NOT NULL,
    origin_hospital_id      varchar(9),
    origin_latitude         double precision,
    origin_longitude        double precision,
    patient_count           integer      NOT NULL CHECK (patient_count BETWEEN 1 AND 5000),
    bed_category            varchar(40)  NOT NULL,
    acuity                  varchar(20)  NOT NULL,
    age_band                varchar(20)  NOT NULL,
    -- Enum names / FINESS numbers / patient references, comma-separated.
    required_capabilities   varchar(1000) NOT NULL,
    max_travel_minutes      integer      NOT NULL,
    excluded_hospital_ids   varchar(1000) NOT NULL,
    patient_references      text         NOT NULL,
    approved_by             varchar(255),
    approved_at             timestamptz,
    PRIMARY KEY (plan_id, reference),
    CHECK ((origin_hospital_id IS NULL) <> (origin_latitude IS NULL))
);

CREATE TABLE plan_assignment (
    plan_id             uuid         NOT NULL REFERENCES plan,
    number              integer      NOT NULL,
    group_reference     varchar(40)  NOT NULL,
    patient_reference   varchar(64)  NOT NULL,
    hospital_id         varchar(9),
    bed_category        varchar(40)  NOT NULL,
    substituted         boolean      NOT NULL,
    travel_minutes      integer      NOT NULL,
    unplaced_reason     varchar(30),
    stale_figures       boolean      NOT NULL,
    transfer_id         uuid         UNIQUE REFERENCES transfer,
    PRIMARY KEY (plan_id, number),
    FOREIGN KEY (plan_id, group_reference) REFERENCES plan_group,
    CHECK ((hospital_id IS NULL) <> (unplaced_reason IS NULL))
);

-- ApprovePlan's idempotency: a resent approval returns the first result.
CREATE TABLE plan_approval (
    approved_by         varchar(255) NOT NULL,
    idempotency_key     varchar(100) NOT NULL,
    plan_id             uuid         NOT NULL REFERENCES plan,
    fingerprint         char(64)     NOT NULL,
    transfers_created   integer      NOT NULL,
    approved_at         timestamptz  NOT NULL,
    PRIMARY KEY (approved_by, idempotency_key)
);
