-- Personal data retention: when a closed payment's personal details were last deleted
-- (NULL: never). A payment changed after that is purged again once it is old enough.
ALTER TABLE payments ADD COLUMN personal_purged_at BIGINT;
