//! Personal data purge: the queries behind `crate::purge`, and what counts as personal (the
//! upstream log strips it too).

#[allow(unused_imports)]
use super::*;
use serde_json::Value;

/// Whether a JSON key holds customer details: the request's `personal_*` fields, and the
/// `personal` object and `email` the upstream's postbacks (and views) carry.
pub fn is_personal_key(key: &str) -> bool {
    key == "personal" || key == "email" || key == "mobile" || key.starts_with("personal_")
}

/// Removes every personal key from `value`, at any depth; true when something was removed.
pub fn strip_personal(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let before = map.len();
            map.retain(|key, _| !is_personal_key(key));
            let mut changed = map.len() != before;
            for child in map.values_mut() {
                changed |= strip_personal(child);
            }
            changed
        }
        Value::Array(items) => {
            let mut changed = false;
            for item in items {
                changed |= strip_personal(item);
            }
            changed
        }
        _ => false,
    }
}

/// Closed payments (and failed creates) unchanged since before `cutoff` whose personal data
/// has not been purged since their last change: `(id, fields_json)`, oldest first.
pub async fn purge_candidates(
    db: &Db,
    cutoff: i64,
    limit: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let closed = states_sql(|s| !s.is_open());
    sqlx::query_as(&format!(
        "SELECT id, fields_json FROM payments
         WHERE state IN ({closed}, 'failed') AND updated_at < $1
           AND (personal_purged_at IS NULL OR personal_purged_at < updated_at)
         ORDER BY updated_at, id LIMIT $2"
    ))
    .bind(cutoff)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn purge_event_views(
    tx: &mut Transaction<'_, Any>,
    payment_id: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT seq, view_json FROM events WHERE payment_id = $1 ORDER BY seq")
        .bind(payment_id)
        .fetch_all(&mut **tx)
        .await
}

pub async fn purge_set_event_view(
    tx: &mut Transaction<'_, Any>,
    seq: i64,
    view_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE events SET view_json = $1 WHERE seq = $2")
        .bind(view_json)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn purge_postback_bodies(
    tx: &mut Transaction<'_, Any>,
    payment_id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, body FROM postback_log WHERE payment_id = $1")
        .bind(payment_id)
        .fetch_all(&mut **tx)
        .await
}

pub async fn purge_set_postback_body(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE postback_log SET body = $1 WHERE id = $2")
        .bind(body)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// `(id, request_json, response_body)` of a payment's upstream log.
pub async fn purge_upstream_logs(
    tx: &mut Transaction<'_, Any>,
    payment_id: &str,
) -> Result<Vec<(String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, request_json, response_body FROM upstream_log WHERE payment_id = $1")
        .bind(payment_id)
        .fetch_all(&mut **tx)
        .await
}

pub async fn purge_set_upstream_log(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    request_json: &str,
    response_body: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE upstream_log SET request_json = $1, response_body = $2 WHERE id = $3")
        .bind(request_json)
        .bind(response_body)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores a payment's request without its personal fields and marks it purged.
pub async fn purge_mark_payment(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    fields_json: &str,
    body_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payments SET fields_json = $1, body_hash = $2, personal_purged_at = $3
         WHERE id = $4",
    )
    .bind(fields_json)
    .bind(body_hash)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// After a purge on SQLite: moves the write-ahead log into the database file and empties
/// it, so the old page images holding the purged values are gone from disk too (freed
/// space itself is zeroed by `secure_delete`, set on every connection).
pub async fn purge_settle(db: &Db) -> Result<(), sqlx::Error> {
    if !is_postgres(db) {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(db)
            .await?;
    }
    Ok(())
}
