-- "Keep as payment" (issue 22): the shop's decision to keep money received on a closed
-- payment (late money, or the part-payment of one that expired or was cancelled): what had
-- been received when it was made, when, and by which device (or terminal).
ALTER TABLE payments ADD COLUMN kept_received TEXT;
ALTER TABLE payments ADD COLUMN kept_at BIGINT;
ALTER TABLE payments ADD COLUMN kept_by TEXT;
