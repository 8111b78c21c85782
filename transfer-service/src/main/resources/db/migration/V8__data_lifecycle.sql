-- Data lifecycle (DataLifecycle): the feed keeps what a watcher may still resume from, and a
-- finished transfer's clinical note is erased after a while.

-- The highest feed position deleted so far: a watcher resuming at or after it misses nothing;
-- one resuming before it is told to start over (its entries are gone).
CREATE TABLE feed_retention (
    only_row       boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    purged_through bigint  NOT NULL
);
INSERT INTO feed_retention (purged_through) VALUES (0);

-- The finished transfers whose clinical note is still kept: all the erasure ever visits.
CREATE INDEX transfer_note_kept_after_finish ON transfer (updated_at)
    WHERE clinical_note <> '' AND status IN ('COMPLETED', 'CANCELLED');

-- Dispatch's stream reads the transport entries after a position: by index, instead of
-- walking every offer entry between two of them.
CREATE INDEX transfer_feed_transports ON transfer_feed (position) WHERE topic = 'TRANSPORT';
