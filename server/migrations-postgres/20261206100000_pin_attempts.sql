-- Manager-PIN attempts, counted in the database so every instance shares them and a restart
-- forgets nothing. One row per scope: `store:{store}` and `device:{store}:{device}`. An
-- attempt is counted as a failure before the PIN is checked (so parallel attempts cannot
-- outrun the count) and given back when the PIN was right.
CREATE TABLE pin_attempts (
    scope TEXT PRIMARY KEY,
    failures BIGINT NOT NULL DEFAULT 0,
    -- When the current counting window began (ms); failures older than the window expire.
    window_started BIGINT NOT NULL DEFAULT 0,
    -- Refunds in this scope are refused until then (ms); 0: not locked.
    locked_until BIGINT NOT NULL DEFAULT 0
);

-- Who changed a store's settings that move money or reports, and when.
CREATE TABLE settings_changes (
    id BIGSERIAL PRIMARY KEY,
    store TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    device_id TEXT,
    changed_at BIGINT NOT NULL,
    what TEXT NOT NULL
);
