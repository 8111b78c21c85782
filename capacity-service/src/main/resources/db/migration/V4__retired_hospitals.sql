-- A retired hospital keeps its history; it only leaves the live picture.
ALTER TABLE hospital ADD COLUMN retired_at timestamptz;
ALTER TABLE hospital ADD COLUMN retired_reason varchar(500);
