-- The requesting system's own identifier of a request (e.g. a SAMU hub RS-DR requestId), so it
-- finds its transfers again; several transfers share one when a request asks for a group.
ALTER TABLE transfer ADD COLUMN external_reference varchar(200);
CREATE INDEX transfer_external_reference ON transfer (external_reference) WHERE external_reference IS NOT NULL;
