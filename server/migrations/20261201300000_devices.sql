-- Paired devices: each has its own token, stored only as its SHA-256 (hex), and can be
-- revoked alone. A pairing code is short and lives minutes: it is stored hashed too, is
-- consumed by an UPDATE that only one exchange can win, and names the terminal it pairs.
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL REFERENCES terminals(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT,
    revoked_at BIGINT
);

CREATE INDEX devices_terminal ON devices (terminal_id, created_at);

CREATE TABLE pairing_codes (
    id TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL REFERENCES terminals(id),
    -- The device that asked for the code (NULL: the console or a configured terminal token).
    issued_by TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    -- The device the code paired.
    device_id TEXT
);

CREATE INDEX pairing_codes_expires ON pairing_codes (expires_at);
