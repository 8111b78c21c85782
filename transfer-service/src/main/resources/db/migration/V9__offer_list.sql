-- ListOffers: a hospital's offers newest first, a page at a time, by index.
CREATE INDEX offer_by_hospital ON offer (hospital_id, created_at DESC, offer_id DESC);
