//! Events: the numbered, append-only record live streams replay and resume from.

#[allow(unused_imports)]
use super::*;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub seq: i64,
    pub payment_id: String,
    pub terminal_id: String,
    pub store: String,
    pub kind: String,
    pub view_json: String,
}

pub fn kind_str(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Created => "created",
        EventKind::Updated => "updated",
        EventKind::Requoted => "requoted",
    }
}

pub fn kind_of(text: &str) -> EventKind {
    match text {
        "created" => EventKind::Created,
        "requoted" => EventKind::Requoted,
        _ => EventKind::Updated,
    }
}

/// Takes the cross-instance event lock for the rest of the writer's transaction (Postgres;
/// on SQLite the one writer is the only writer). Taken first, before any row lock.
pub async fn lock_events(tx: &mut dyn Tx) -> Result<(), sqlx::Error> {
    if tx.is_postgres() {
        // Wrapped: the Any driver cannot decode a `void` column.
        let lock = Stmt::new("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS l")
            .bind(EVENTS_LOCK_KEY);
        tx.exec(&lock).await?;
    }
    Ok(())
}

/// Appends an event; its number is the next in the global sequence. Only the writer appends
/// (after `lock_events`), so numbers are committed (and published) in order. On Postgres the
/// number is also announced to every instance when the transaction commits.
pub async fn insert_event(
    tx: &mut dyn Tx,
    payment_id: &str,
    terminal_id: &str,
    store: &str,
    kind: EventKind,
    view_json: &str,
) -> Result<i64, sqlx::Error> {
    let insert = Stmt::new(
        "INSERT INTO events (seq, payment_id, terminal_id, store, kind, view_json, created_at)
         SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4, $5, $6 FROM events
         RETURNING seq",
    )
    .bind(payment_id)
    .bind(terminal_id)
    .bind(store)
    .bind(kind_str(kind))
    .bind(view_json)
    .bind(now_ms());
    let seq = tx
        .fetch_i64(&insert)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    if tx.is_postgres() {
        let notify = Stmt::new("SELECT 1 FROM (SELECT pg_notify($1, $2)) AS n")
            .bind(EVENTS_CHANNEL)
            .bind(seq.to_string());
        tx.exec(&notify).await?;
    }
    Ok(seq)
}

/// Committed events after `after`, every scope, in order (the cross-instance relay).
pub async fn all_events_after(
    db: &Db,
    after: i64,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, payment_id, terminal_id, store, kind, view_json FROM events
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Which events a stream carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventScope {
    Payment(String),
    /// Every payment of a store (what its terminals see).
    Store(String),
}

impl EventScope {
    pub fn matches(&self, payment_id: &str, store: &str) -> bool {
        match self {
            Self::Payment(id) => id == payment_id,
            Self::Store(name) => name == store,
        }
    }
}

pub async fn events_after(
    db: &Db,
    scope: &EventScope,
    after: i64,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    let (column, value) = match scope {
        EventScope::Payment(id) => ("payment_id", id),
        EventScope::Store(name) => ("store", name),
    };
    sqlx::query_as(&format!(
        "SELECT seq, payment_id, terminal_id, store, kind, view_json FROM events
         WHERE {column} = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    ))
    .bind(value)
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn max_seq(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events")
        .fetch_one(db)
        .await
}

pub async fn latest_event(db: &Db, payment_id: &str) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, payment_id, terminal_id, store, kind, view_json FROM events
         WHERE payment_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(payment_id)
    .fetch_optional(db)
    .await
}
