-- The append-only audit trail: every write, allowed or denied. No token, no clinical data.
CREATE TABLE audit_event (
    event_id           uuid         PRIMARY KEY,
    occurred_at        timestamptz  NOT NULL,
    service            varchar(50)  NOT NULL,
    subject            varchar(255) NOT NULL,
    roles              varchar(500) NOT NULL,
    caller_hospital_id varchar(9),
    action             varchar(100) NOT NULL,
    target             varchar(100) NOT NULL,
    target_hospital_id varchar(9),
    outcome            varchar(10)  NOT NULL CHECK (outcome IN ('ALLOWED', 'DENIED')),
    detail             varchar(500) NOT NULL,
    request_id         varchar(64)  NOT NULL
);
CREATE INDEX audit_event_time ON audit_event (occurred_at DESC);
CREATE INDEX audit_event_subject ON audit_event (subject, occurred_at DESC);
CREATE INDEX audit_event_caller_hospital ON audit_event (caller_hospital_id, occurred_at DESC);
CREATE INDEX audit_event_target_hospital ON audit_event (target_hospital_id, occurred_at DESC);

-- Append-only, also for the service's own database role.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;
