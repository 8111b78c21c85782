-- Data lifecycle (DataLifecycle): the change log keeps what the region views may still need,
-- and closed holds leave the hot table.

-- The highest change-log position deleted so far: a region view that still needs a position
-- at or below it rebuilds its picture from the tables.
CREATE TABLE change_log_retention (
    only_row       boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    purged_through bigint  NOT NULL
);
INSERT INTO change_log_retention (purged_through) VALUES (0);

-- Closed holds, out of the hot table and its indexes; still found by id and idempotency key.
CREATE TABLE bed_hold_archive (LIKE bed_hold INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE bed_hold_archive ADD PRIMARY KEY (hold_id), ADD UNIQUE (created_by, idempotency_key);

-- What the archiving visits: the closed holds, by when they closed.
CREATE INDEX bed_hold_closed ON bed_hold (closed_at) WHERE status <> 'ACTIVE';
