-- Negotiation: offers with a bed hold, deadlines, transport, and the feed hospitals and
-- dispatch watch. Every decision and the work it owes capacity-service are written in one
-- transaction; the work is carried out afterwards and retried until done.

ALTER TABLE transfer
    ADD COLUMN updated_at            timestamptz,
    -- Why nothing is moving (capacity-service unreachable, no candidate left); '' otherwise.
    ADD COLUMN waiting_reason        varchar(300) NOT NULL DEFAULT '',
    -- When the negotiator must start the next round; NULL while offers are out or after acceptance.
    -- Also a lease: a round in progress pushes it a little ahead, so a crashed instance's
    -- round is picked up again by another one.
    ADD COLUMN next_round_at         timestamptz,
    ADD COLUMN round                 integer NOT NULL DEFAULT 0,
    -- Offers from this round on are the current pass; earlier passes may be asked again.
    ADD COLUMN pass_start_round      integer NOT NULL DEFAULT 1,
    -- Bumped when a coordinator re-opens or directs: earlier declines are forgotten.
    ADD COLUMN campaign              integer NOT NULL DEFAULT 0,
    ADD COLUMN directed_hospital_id  varchar(9),
    ADD COLUMN crew_type             varchar(20),
    ADD COLUMN call_sign             varchar(40),
    ADD COLUMN estimated_arrival     timestamptz,
    ADD COLUMN transport_assigned_by varchar(255);
UPDATE transfer SET updated_at = created_at, next_round_at = CASE WHEN status = 'REQUESTED' THEN created_at END;
ALTER TABLE transfer ALTER COLUMN updated_at SET NOT NULL;
CREATE INDEX transfer_next_round ON transfer (next_round_at) WHERE next_round_at IS NOT NULL;
CREATE INDEX transfer_created ON transfer (created_at DESC, transfer_id);
CREATE INDEX transfer_destination ON transfer (destination_hospital_id) WHERE destination_hospital_id IS NOT NULL;
CREATE INDEX transfer_origin ON transfer (origin_hospital_id) WHERE origin_hospital_id IS NOT NULL;

CREATE TABLE offer (
    offer_id        uuid         PRIMARY KEY,
    transfer_id     uuid         NOT NULL REFERENCES transfer,
    hospital_id     varchar(9)   NOT NULL,
    campaign        integer      NOT NULL,
    round           integer      NOT NULL,
    status          varchar(20)  NOT NULL,
    travel_minutes  integer      NOT NULL,
    created_at      timestamptz  NOT NULL,
    hold_id         uuid,
    -- The hold's expiry: the hospital must answer before it.
    deadline        timestamptz,
    offered_at      timestamptz,
    answered_at     timestamptz,
    answered_by     varchar(255),
    decline_reason  varchar(40),
    answer_text     varchar(300) NOT NULL DEFAULT '',
    available_from  timestamptz,
    -- Work owed to capacity-service on the hold (PLACE, RELEASE, EXTEND, CONSUME), due at
    -- hold_action_at (pushed ahead while in progress, like next_round_at).
    hold_action     varchar(10),
    hold_action_at  timestamptz,
    hold_expires_at timestamptz,
    UNIQUE (transfer_id, hospital_id, round)
);
CREATE INDEX offer_transfer ON offer (transfer_id);
CREATE INDEX offer_open_deadline ON offer (deadline) WHERE status = 'OPEN';
CREATE INDEX offer_hold_action ON offer (hold_action_at) WHERE hold_action IS NOT NULL;
-- Exactly one destination, whatever the code does.
CREATE UNIQUE INDEX offer_one_accepted ON offer (transfer_id) WHERE status = 'ACCEPTED';

-- What hospitals (topic OFFER) and dispatch (topic TRANSPORT) are told, in commit order:
-- writers take one transaction-level advisory lock just before inserting, so positions
-- become visible in increasing order and a reader resuming after a position misses nothing.
CREATE TABLE transfer_feed (
    position     bigserial    PRIMARY KEY,
    topic        varchar(10)  NOT NULL,
    hospital_id  varchar(9),
    kind         varchar(20)  NOT NULL,
    transfer_id  uuid         NOT NULL,
    offer_id     uuid,
    occurred_at  timestamptz  NOT NULL
);
CREATE INDEX transfer_feed_offers ON transfer_feed (hospital_id, position) WHERE topic = 'OFFER';

ALTER TABLE transfer_event ADD COLUMN idempotency_key varchar(100);
CREATE UNIQUE INDEX transfer_event_idempotency ON transfer_event (actor, idempotency_key) WHERE idempotency_key IS NOT NULL;
