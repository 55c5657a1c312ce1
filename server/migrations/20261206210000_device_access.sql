-- Device access that ends (issue 21): a pairing code can be cancelled (by hand, or with
-- the device that made it, or with its terminal), and devices are counted per terminal.
ALTER TABLE pairing_codes ADD COLUMN cancelled_at BIGINT;

CREATE INDEX pairing_codes_terminal ON pairing_codes (terminal_id, expires_at);
CREATE INDEX pairing_codes_issuer ON pairing_codes (issued_by);
CREATE INDEX terminals_identity ON terminals (store, name);
