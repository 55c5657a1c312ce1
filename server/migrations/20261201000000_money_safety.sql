-- Money safety. `alert`: a sentence for the cashier (why a payment was rejected, money that
-- arrived late). `closed_as`: how a late payment had been closed. `closed_at`: when it was
-- cancelled or expired, so it stays watched for late money for a while. `next_check_at`: when
-- the reconciler looks at the payment next (NULL: never again).
ALTER TABLE payments ADD COLUMN alert TEXT;
ALTER TABLE payments ADD COLUMN closed_as TEXT;
ALTER TABLE payments ADD COLUMN closed_at BIGINT;
ALTER TABLE payments ADD COLUMN next_check_at BIGINT;
UPDATE payments SET next_check_at = 0 WHERE state IN ('awaiting', 'pending', 'underpaid');
UPDATE payments SET closed_at = updated_at, next_check_at = 0
    WHERE state IN ('cancelled', 'expired');
CREATE INDEX payments_next_check ON payments (next_check_at);
