-- The travel time a redistribution plan computed to the hospital it directed a transfer to:
-- the transfer's round offers to that hospital with it, without asking capacity-service again.
ALTER TABLE transfer ADD COLUMN directed_travel_minutes integer CHECK (directed_travel_minutes >= 0);
