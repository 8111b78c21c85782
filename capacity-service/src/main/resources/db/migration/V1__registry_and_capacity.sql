-- The hospital registry and the capacity they report. Owned by capacity-service.

CREATE TABLE hospital (
    hospital_id              varchar(9)       PRIMARY KEY,
    name                     varchar(200)     NOT NULL,
    kind                     varchar(40)      NOT NULL,
    latitude                 double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude                double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    department               varchar(3)       NOT NULL,
    has_emergency_department boolean          NOT NULL,
    -- Capability names, comma-separated, in enum order.
    capabilities             varchar(1000)    NOT NULL,
    created_at               timestamptz      NOT NULL,
    created_by               varchar(255)     NOT NULL,
    creation_idempotency_key varchar(100)     NOT NULL UNIQUE
);

-- Every accepted report, append-only: the history of a hospital's capacity.
CREATE TABLE capacity_report (
    report_id                   uuid         PRIMARY KEY,
    hospital_id                 varchar(9)   NOT NULL REFERENCES hospital,
    reported_at                 timestamptz  NOT NULL,
    received_at                 timestamptz  NOT NULL,
    source                      varchar(40)  NOT NULL,
    reported_by                 varchar(255) NOT NULL,
    idempotency_key             varchar(100) NOT NULL,
    fingerprint                 char(64)     NOT NULL,
    emergency_department_status varchar(20),
    emergency_department_reason varchar(500),
    facility_status             varchar(20),
    crisis_plan_level           varchar(30),
    UNIQUE (hospital_id, idempotency_key)
);
CREATE INDEX capacity_report_hospital_time ON capacity_report (hospital_id, reported_at);

CREATE TABLE capacity_report_line (
    report_id             uuid        NOT NULL REFERENCES capacity_report,
    category              varchar(40) NOT NULL,
    staffed               integer     NOT NULL CHECK (staffed >= 0),
    occupied              integer     NOT NULL CHECK (occupied >= 0 AND occupied <= staffed),
    available             integer     NOT NULL CHECK (available >= 0 AND available <= staffed - occupied),
    additional_within_24h integer     NOT NULL CHECK (additional_within_24h >= 0),
    additional_within_72h integer     NOT NULL CHECK (additional_within_72h >= 0),
    PRIMARY KEY (report_id, category)
);

-- The current figures: the newest report of each hospital and category.
CREATE TABLE bed_capacity (
    hospital_id           varchar(9)  NOT NULL REFERENCES hospital,
    category              varchar(40) NOT NULL,
    staffed               integer     NOT NULL,
    occupied              integer     NOT NULL,
    available             integer     NOT NULL,
    additional_within_24h integer     NOT NULL,
    additional_within_72h integer     NOT NULL,
    reported_at           timestamptz NOT NULL,
    source                varchar(40) NOT NULL,
    report_id             uuid        NOT NULL REFERENCES capacity_report,
    PRIMARY KEY (hospital_id, category)
);

-- The current status of each hospital that has reported one.
CREATE TABLE hospital_status (
    hospital_id                 varchar(9)  PRIMARY KEY REFERENCES hospital,
    emergency_department_status varchar(20) NOT NULL,
    emergency_department_reason varchar(500) NOT NULL,
    facility_status             varchar(20) NOT NULL,
    crisis_plan_level           varchar(30) NOT NULL,
    reported_at                 timestamptz NOT NULL,
    source                      varchar(40) NOT NULL,
    report_id                   uuid        NOT NULL REFERENCES capacity_report
);
