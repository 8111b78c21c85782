-- Beds held per category, kept on the category's row so that a hold is taken by one conditional
-- UPDATE (available - held >= n) instead of counting the holds under a long lock. It counts the
-- holds that can still take a bed: ACTIVE ones (an expired one until it is marked EXPIRED, which
-- errs on the side of not over-committing) and CONSUMED ones until the next report of the category.
ALTER TABLE bed_capacity ADD COLUMN held integer NOT NULL DEFAULT 0 CHECK (held >= 0);

UPDATE bed_capacity b SET held = (
    SELECT count(*) FROM bed_hold h
    WHERE h.hospital_id = b.hospital_id AND h.category = b.category
      AND (h.status = 'ACTIVE' OR (h.status = 'CONSUMED' AND h.closed_at > b.reported_at)));
