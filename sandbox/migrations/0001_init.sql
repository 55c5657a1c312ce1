-- The sandbox's upstream state. Amounts are decimal text (never floats); times are Unix ms.

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    terminal_key TEXT NOT NULL,
    reference TEXT NOT NULL,
    asset TEXT NOT NULL,
    asset_network TEXT,
    requested_asset TEXT NOT NULL,
    requested_network TEXT,
    decimals INTEGER NOT NULL,
    amount TEXT NOT NULL,
    description TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    postback_url TEXT,
    price_postback_url TEXT,
    address TEXT NOT NULL,
    payment_tag TEXT,
    status INTEGER NOT NULL,
    quote_expires_at_ms BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (terminal_key, reference)
);

CREATE INDEX payments_open_quotes ON payments (status, quote_expires_at_ms);

-- One row per price quote; the newest (highest seq) is current.
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    seq INTEGER NOT NULL,
    rate TEXT NOT NULL,
    amount TEXT NOT NULL,
    received_before TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    UNIQUE (payment_id, seq)
);

CREATE TABLE transactions (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    txid TEXT NOT NULL UNIQUE,
    from_address TEXT NOT NULL,
    amount TEXT NOT NULL,
    base_units TEXT NOT NULL,
    confirmations INTEGER NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE INDEX transactions_payment ON transactions (payment_id);

-- Postbacks waiting to be delivered, delivered, or given up ('pending', 'delivered', 'failed').
CREATE TABLE postbacks (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    url TEXT NOT NULL,
    fn_name TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at_ms BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE INDEX postbacks_due ON postbacks (state, next_attempt_at_ms);

CREATE TABLE postback_attempts (
    id INTEGER PRIMARY KEY,
    postback_id BIGINT NOT NULL REFERENCES postbacks (id),
    attempt INTEGER NOT NULL,
    http_status INTEGER,
    ok BOOLEAN NOT NULL,
    error TEXT,
    at_ms BIGINT NOT NULL
);

CREATE INDEX postback_attempts_postback ON postback_attempts (postback_id);

CREATE TABLE refunds (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    refund_type TEXT NOT NULL,
    asset TEXT NOT NULL,
    amount TEXT NOT NULL,
    email TEXT,
    mobile TEXT,
    remarks TEXT,
    created_at_ms BIGINT NOT NULL
);
