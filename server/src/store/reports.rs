//! Queries of the end-of-day report and the store's own settings.

use super::payments::{COLUMNS, HIDDEN};
#[allow(unused_imports)]
use super::*;

/// What one report covers: a store, or one terminal of it, between two instants.
pub struct DayQuery<'a> {
    pub store: &'a str,
    /// A terminal id of that store; `None` for every terminal.
    pub terminal_id: Option<&'a str>,
    /// Unix milliseconds, `from` inclusive, `to` exclusive.
    pub from_ms: i64,
    pub to_ms: i64,
}

/// The payments created in the window (never the hidden `creating`/`unknown`/`failed` ones),
/// oldest first. A payment belongs to the day it was created on, whatever happened later, and
/// its refunds (on the payment's view) with it.
pub async fn day_payments(db: &Db, q: &DayQuery<'_>) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments
         WHERE store = $1 AND created_at >= $2 AND created_at < $3
           AND ($4 = '' OR terminal_id = $4)
           AND state <> $5 AND state <> $6 AND state <> $7
         ORDER BY created_at, id"
    ))
    .bind(q.store)
    .bind(q.from_ms)
    .bind(q.to_ms)
    .bind(q.terminal_id.unwrap_or(""))
    .bind(HIDDEN[0].as_str())
    .bind(HIDDEN[1].as_str())
    .bind(HIDDEN[2].as_str())
    .fetch_all(db)
    .await
}

/// The name of terminal `id` when it belongs to `store` (another store's is unknown).
pub async fn terminal_name_in_store(
    db: &Db,
    store: &str,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM terminals WHERE id = $1 AND store = $2")
        .bind(id)
        .bind(store)
        .fetch_optional(db)
        .await
}

fn store_settings_key(store: &str) -> String {
    format!("store_settings/{store}")
}

/// The store's settings as stored (JSON), if any were saved.
pub async fn store_settings_json(db: &Db, store: &str) -> Result<Option<String>, sqlx::Error> {
    setting(db, &store_settings_key(store)).await
}

/// Saves the store's settings (on the writer's connection).
pub async fn save_store_settings_json(
    conn: &mut AnyConnection,
    store: &str,
    json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(store_settings_key(store))
    .bind(json)
    .execute(conn)
    .await?;
    Ok(())
}

/// One change of a store's settings: who made it and when (kept with the settings).
#[derive(Debug, Clone)]
pub struct SettingsChange {
    pub store: String,
    pub terminal_id: String,
    pub device_id: Option<String>,
    pub changed_at: i64,
    pub what: String,
}

/// Records a settings change (on the writer's connection, with the settings it saved).
pub async fn record_settings_change(
    conn: &mut AnyConnection,
    change: &SettingsChange,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings_changes (store, terminal_id, device_id, changed_at, what)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&change.store)
    .bind(&change.terminal_id)
    .bind(&change.device_id)
    .bind(change.changed_at)
    .bind(&change.what)
    .execute(conn)
    .await?;
    Ok(())
}

/// A numbered sale of an export: its receipt as issued.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportReceipt {
    pub receipt_no: i64,
    pub payment_code: Option<String>,
    pub receipt_json: Option<String>,
}

/// The numbered sales of `store` created in the window (Unix ms, `to` exclusive), by number,
/// as a stream: an export of a year never holds the year in memory.
pub fn export_receipts<'a>(
    db: &'a Db,
    store: &'a str,
    from_ms: i64,
    to_ms: i64,
) -> futures_util::stream::BoxStream<'a, Result<ExportReceipt, sqlx::Error>> {
    sqlx::query_as(
        "SELECT receipt_no, payment_code, receipt_json FROM payments
         WHERE store = $1 AND created_at >= $2 AND created_at < $3 AND receipt_no IS NOT NULL
         ORDER BY receipt_no",
    )
    .bind(store)
    .bind(from_ms)
    .bind(to_ms)
    .fetch(db)
}

/// A credit note of an export, with its sale's receipt.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportCreditNote {
    pub number: i64,
    pub refund_id: String,
    pub payment_code: Option<String>,
    pub receipt_json: Option<String>,
}

/// The credit notes of `store` issued in the window, by number, as a stream.
pub fn export_credit_notes<'a>(
    db: &'a Db,
    store: &'a str,
    from_ms: i64,
    to_ms: i64,
) -> futures_util::stream::BoxStream<'a, Result<ExportCreditNote, sqlx::Error>> {
    sqlx::query_as(
        "SELECT c.number, c.refund_id, p.payment_code, p.receipt_json
         FROM credit_notes c JOIN payments p ON p.id = c.payment_id
         WHERE c.store = $1 AND c.issued_at >= $2 AND c.issued_at < $3
         ORDER BY c.number",
    )
    .bind(store)
    .bind(from_ms)
    .bind(to_ms)
    .fetch(db)
}
