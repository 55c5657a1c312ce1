-- References are compared without case: `RT-1` and `rt-1` are one reference (they are ASCII,
-- so lower() agrees on SQLite and PostgreSQL). A failed attempt still does not hold it.
DROP INDEX payments_reference;
CREATE UNIQUE INDEX payments_reference ON payments (lower(reference)) WHERE state <> 'failed';
-- Postback bodies older than the retention window are deleted by age.
CREATE INDEX postback_log_received ON postback_log (received_at);
