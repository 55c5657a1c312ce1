-- Fewer index pages written per create (each is a WAL frame on SQLite). `checked_at` has not
-- been written since the reconciler moved to `next_check_at`: this index only repeated
-- `payments_state`.
DROP INDEX IF EXISTS payments_open_checked;

-- A new payment has no code, no next check and no receipt number yet: these indexes need no
-- entry for it (every query on them names a value, which implies NOT NULL).
DROP INDEX IF EXISTS payments_code;
CREATE INDEX payments_code ON payments (payment_code) WHERE payment_code IS NOT NULL;
DROP INDEX IF EXISTS payments_next_check;
CREATE INDEX payments_next_check ON payments (next_check_at) WHERE next_check_at IS NOT NULL;
DROP INDEX IF EXISTS payments_store_receipt_no;
CREATE UNIQUE INDEX payments_store_receipt_no ON payments (store, receipt_no)
    WHERE receipt_no IS NOT NULL;
