-- PostgreSQL twin of migrations/20250101000000_init.sql (same tables and columns; integers
-- are BIGINT so every number reads as i64 through the Any driver).

CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE terminals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL REFERENCES terminals(id),
    idempotency_key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    reference TEXT NOT NULL,
    description TEXT NOT NULL,
    amount TEXT NOT NULL,
    asset TEXT NOT NULL,
    asset_network TEXT,
    requested_asset TEXT NOT NULL,
    requested_asset_network TEXT,
    -- The whole request (cart, personal details) as JSON; personal data never leaves
    -- through public routes.
    fields_json TEXT NOT NULL,
    postback_token TEXT NOT NULL UNIQUE,
    payment_code TEXT,
    upstream_id TEXT,
    pay_amount TEXT,
    pay_address TEXT,
    pay_tag TEXT,
    payreq TEXT,
    exchange_rate TEXT,
    expires_at BIGINT,
    quote_version BIGINT NOT NULL DEFAULT 0,
    asked TEXT NOT NULL DEFAULT '0',
    received TEXT NOT NULL DEFAULT '0',
    confirmations BIGINT NOT NULL DEFAULT 0,
    txids TEXT NOT NULL DEFAULT '',
    error_code TEXT,
    error_message TEXT,
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX payments_idempotency ON payments (terminal_id, idempotency_key);
-- The upstream dedupes creates by reference for the whole merchant key (shared by every
-- terminal), so a reference is unique across terminals. A failed attempt does not hold it.
CREATE UNIQUE INDEX payments_reference ON payments (reference) WHERE state <> 'failed';
CREATE INDEX payments_code ON payments (payment_code);
CREATE INDEX payments_list ON payments (terminal_id, created_at, id);
CREATE INDEX payments_state ON payments (state);

CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payments(id),
    terminal_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- The terminal's view of the payment at that moment, as JSON.
    view_json TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX events_payment ON events (payment_id, seq);
CREATE INDEX events_terminal ON events (terminal_id, seq);

CREATE TABLE postback_log (
    id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payments(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

CREATE INDEX postback_log_payment ON postback_log (payment_id, received_at);

-- Bodies are stored with `hash` removed; the secret is never part of a body.
CREATE TABLE upstream_log (
    id TEXT PRIMARY KEY,
    endpoint TEXT NOT NULL,
    payment_id TEXT,
    request_json TEXT NOT NULL,
    http_status BIGINT,
    response_body TEXT,
    error TEXT,
    duration_ms BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX upstream_log_payment ON upstream_log (payment_id, created_at);
