-- Hospitals a plan's group prefers (FINESS numbers, comma-separated).
ALTER TABLE plan_group ADD COLUMN preferred_hospital_ids varchar(1000) NOT NULL DEFAULT '';
