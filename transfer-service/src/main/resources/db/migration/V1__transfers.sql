-- Patient transfers and their append-only history. Owned by transfer-service.

CREATE TABLE transfer (
    transfer_id             uuid         PRIMARY KEY,
    origin_hospital_id      varchar(9),
    origin_latitude         double precision,
    origin_longitude        double precision,
    patient_reference       varchar(64)  NOT NULL,
    age_band                varchar(20)  NOT NULL,
    bed_category            varchar(40)  NOT NULL,
    -- Enum names / FINESS numbers, comma-separated.
    required_capabilities   varchar(1000) NOT NULL,
    acuity                  varchar(20)  NOT NULL,
    max_travel_minutes      integer      NOT NULL CHECK (max_travel_minutes BETWEEN 1 AND 720),
    preferred_hospital_ids  varchar(1000) NOT NULL,
    excluded_hospital_ids   varchar(1000) NOT NULL,
    clinical_note           varchar(500) NOT NULL,
    status                  varchar(30)  NOT NULL,
    destination_hospital_id varchar(9),
    created_at              timestamptz  NOT NULL,
    created_by              varchar(255) NOT NULL,
    idempotency_key         varchar(100) NOT NULL,
    fingerprint             char(64)     NOT NULL,
    CHECK ((origin_hospital_id IS NULL) <> (origin_latitude IS NULL)),
    UNIQUE (created_by, idempotency_key)
);

-- At most one live transfer per patient, per origin (references are chosen by the origin).
CREATE UNIQUE INDEX transfer_one_live_per_patient
    ON transfer (coalesce(origin_hospital_id, 'field'), patient_reference)
    WHERE status NOT IN ('COMPLETED', 'CANCELLED');
CREATE INDEX transfer_status ON transfer (status);

CREATE TABLE transfer_event (
    event_id    bigserial    PRIMARY KEY,
    transfer_id uuid         NOT NULL REFERENCES transfer,
    status      varchar(30)  NOT NULL,
    actor       varchar(255) NOT NULL,
    occurred_at timestamptz  NOT NULL,
    reason      varchar(500) NOT NULL
);
CREATE INDEX transfer_event_transfer ON transfer_event (transfer_id, event_id);
