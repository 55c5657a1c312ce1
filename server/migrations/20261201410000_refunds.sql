-- Refunds: one row per refund request, idempotent per terminal by its Idempotency-Key. The
-- payment row carries the refunds' public summary (`refunds`, JSON) so every view and
-- event of the payment shows them; both are written in one transaction.
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payments(id),
    terminal_id TEXT NOT NULL,
    -- The paired device that asked (NULL: a configured terminal token).
    device_id TEXT,
    idempotency_key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    refund_type TEXT NOT NULL,
    amount TEXT NOT NULL,
    asset TEXT NOT NULL,
    -- requested, refunded, unknown (the answer was lost), failed (refused upstream).
    state TEXT NOT NULL,
    upstream_refund_id TEXT,
    email TEXT,
    mobile TEXT,
    remarks TEXT,
    error_message TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (terminal_id, idempotency_key)
);

CREATE INDEX refunds_payment ON refunds (payment_id, created_at);

ALTER TABLE payments ADD COLUMN refunds TEXT NOT NULL DEFAULT '[]';
