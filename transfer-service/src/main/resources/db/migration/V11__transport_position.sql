-- The crew's latest reported position (UpdateTransport progress); no track is kept.
ALTER TABLE transfer
    ADD COLUMN crew_latitude          double precision,
    ADD COLUMN crew_longitude         double precision,
    ADD COLUMN crew_position_at       timestamptz;
