-- A store groups terminals (history and events are the store's); `checked_at` lets one
-- instance claim an open payment for the reconciler so several instances share the work.
ALTER TABLE terminals ADD COLUMN store TEXT NOT NULL DEFAULT 'default';
ALTER TABLE payments ADD COLUMN checked_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX payments_open_checked ON payments (state, checked_at);
