-- Beds held for incoming transfers, and the region's change log (the source of WatchRegion).

CREATE TABLE bed_hold (
    hold_id            uuid         PRIMARY KEY,
    hospital_id        varchar(9)   NOT NULL REFERENCES hospital,
    category           varchar(40)  NOT NULL,
    transfer_reference varchar(100) NOT NULL,
    status             varchar(10)  NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'CONSUMED', 'EXPIRED')),
    expires_at         timestamptz  NOT NULL,
    created_at         timestamptz  NOT NULL,
    created_by         varchar(255) NOT NULL,
    idempotency_key    varchar(100) NOT NULL,
    closed_at          timestamptz,
    UNIQUE (created_by, idempotency_key)
);
-- The holds that can still take a bed out of availability.
CREATE INDEX bed_hold_counting ON bed_hold (hospital_id, category) WHERE status IN ('ACTIVE', 'CONSUMED');
CREATE INDEX bed_hold_expiring ON bed_hold (expires_at) WHERE status = 'ACTIVE';

-- Every change of the regional picture, in commit order (writers serialise their append with
-- an advisory lock, so a reader never sees a position before an earlier one).
CREATE TABLE capacity_change (
    position    bigserial    PRIMARY KEY,
    hospital_id varchar(9)   NOT NULL,
    kind        varchar(30)  NOT NULL,
    occurred_at timestamptz  NOT NULL,
    payload     text         NOT NULL
);
