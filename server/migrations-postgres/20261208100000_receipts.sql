-- Receipts the law accepts. One gapless number sequence per store, shared by receipts and
-- credit notes: the counter row is updated (UPDATE … RETURNING) inside the transaction that
-- first makes a payment paid or overpaid (or confirms a refund), so concurrent instances on
-- one PostgreSQL wait on its row lock and a rolled-back transaction takes its number back.
CREATE TABLE receipt_counters (
    store TEXT PRIMARY KEY,
    last_number BIGINT NOT NULL
);

-- The sale's breakdown (net, tax, gross per rate, discounts) as computed at the create, under
-- the store's rules of that moment.
ALTER TABLE payments ADD COLUMN sale_json TEXT;
-- The receipt: its number, when the sale was paid (the time of supply) and the document as
-- issued (the legal particulars of that moment, and its credit notes).
ALTER TABLE payments ADD COLUMN receipt_no BIGINT;
ALTER TABLE payments ADD COLUMN paid_at BIGINT;
ALTER TABLE payments ADD COLUMN receipt_json TEXT;
CREATE UNIQUE INDEX payments_store_receipt_no ON payments (store, receipt_no);

-- A confirmed refund's credit note: its own number from the same sequence, naming the
-- receipt it corrects.
CREATE TABLE credit_notes (
    store TEXT NOT NULL,
    number BIGINT NOT NULL,
    number_text TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    refund_id TEXT NOT NULL UNIQUE,
    receipt_number TEXT NOT NULL,
    amount TEXT NOT NULL,
    asset TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    PRIMARY KEY (store, number)
);
CREATE INDEX credit_notes_issued ON credit_notes (store, issued_at);
