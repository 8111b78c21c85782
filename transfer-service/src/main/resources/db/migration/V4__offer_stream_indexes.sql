-- Where a hospital's offer stream starts (FeedReads.beforeOldestOpenOffer) joins its open offers
-- to the feed entries that announced them: both sides by index, instead of scanning a feed that
-- only grows.
CREATE INDEX offer_open_by_hospital ON offer (hospital_id) WHERE status = 'OPEN';
CREATE INDEX transfer_feed_offered ON transfer_feed (offer_id) WHERE kind = 'OFFERED';
