-- Partial refunds: each refund is requested, then completed a moment later (the customer
-- chose how to be refunded). Rows from before this migration were completed at once.
ALTER TABLE refunds ADD COLUMN state TEXT NOT NULL DEFAULT 'refunded';
ALTER TABLE refunds ADD COLUMN complete_at_ms BIGINT;
ALTER TABLE refunds ADD COLUMN completed_at_ms BIGINT;

CREATE INDEX refunds_due ON refunds (state, complete_at_ms);
