-- A store groups terminals (history and events are the store's); `checked_at` lets one
-- instance claim an open payment for the reconciler so several instances share the work.
ALTER TABLE terminals ADD COLUMN store TEXT NOT NULL DEFAULT 'default';
ALTER TABLE payments ADD COLUMN checked_at BIGINT NOT NULL DEFAULT 0;
-- A payment belongs to its terminal's store at creation, and so do its events.
ALTER TABLE payments ADD COLUMN store TEXT NOT NULL DEFAULT 'default';
ALTER TABLE events ADD COLUMN store TEXT NOT NULL DEFAULT 'default';
CREATE INDEX payments_store_list ON payments (store, created_at, id);
CREATE INDEX events_store ON events (store, seq);
CREATE INDEX payments_open_checked ON payments (state, checked_at);
