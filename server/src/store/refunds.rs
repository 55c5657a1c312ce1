//! Refunds: one row per request, with who asked and how the customer is reached. The payment
//! row's `refunds` column holds their public summary; both change in one transaction.

#[allow(unused_imports)]
use super::*;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    pub id: String,
    pub payment_id: String,
    pub terminal_id: String,
    pub device_id: Option<String>,
    pub idempotency_key: String,
    pub body_hash: String,
    pub refund_type: String,
    pub amount: String,
    pub asset: String,
    pub state: String,
    pub upstream_refund_id: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub remarks: Option<String>,
    pub error_message: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const REFUND_COLUMNS: &str = "id, payment_id, terminal_id, device_id, idempotency_key, body_hash,
    refund_type, amount, asset, state, upstream_refund_id, email, mobile, remarks, error_message,
    created_at, updated_at";

/// A terminal's refund by its Idempotency-Key.
pub async fn refund_by_key(
    db: &Db,
    terminal_id: &str,
    key: &str,
) -> Result<Option<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {REFUND_COLUMNS} FROM refunds WHERE terminal_id = $1 AND idempotency_key = $2"
    ))
    .bind(terminal_id)
    .bind(key)
    .fetch_optional(db)
    .await
}

/// A payment's refunds, oldest first.
pub async fn payment_refunds(db: &Db, payment_id: &str) -> Result<Vec<RefundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {REFUND_COLUMNS} FROM refunds WHERE payment_id = $1 ORDER BY created_at, id"
    ))
    .bind(payment_id)
    .fetch_all(db)
    .await
}

pub async fn insert_refund(conn: &mut AnyConnection, row: &RefundRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refunds (id, payment_id, terminal_id, device_id, idempotency_key, body_hash,
            refund_type, amount, asset, state, upstream_refund_id, email, mobile, remarks,
            error_message, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&row.id)
    .bind(&row.payment_id)
    .bind(&row.terminal_id)
    .bind(&row.device_id)
    .bind(&row.idempotency_key)
    .bind(&row.body_hash)
    .bind(&row.refund_type)
    .bind(&row.amount)
    .bind(&row.asset)
    .bind(&row.state)
    .bind(&row.upstream_refund_id)
    .bind(&row.email)
    .bind(&row.mobile)
    .bind(&row.remarks)
    .bind(&row.error_message)
    .bind(row.created_at)
    .bind(row.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves a refund to `state` (recording the upstream's id or refusal when given).
pub async fn set_refund_state(
    conn: &mut AnyConnection,
    id: &str,
    state: &str,
    upstream_refund_id: Option<&str>,
    error_message: Option<&str>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE refunds SET state = $1,
            upstream_refund_id = COALESCE($2, upstream_refund_id),
            error_message = COALESCE($3, error_message), updated_at = $4
         WHERE id = $5",
    )
    .bind(state)
    .bind(upstream_refund_id)
    .bind(error_message)
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets how the customers of a payment's refunds were to be reached (the retention purge).
pub async fn purge_refund_contacts(
    tx: &mut Transaction<'_, Any>,
    payment_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE refunds SET email = NULL, mobile = NULL, remarks = NULL
         WHERE payment_id = $1 AND (email IS NOT NULL OR mobile IS NOT NULL OR remarks IS NOT NULL)",
    )
    .bind(payment_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Refunds of the store's payments confirmed by the upstream and asked for within
/// `[from_ms, to_ms)` (by the given terminal, when one is given): `(asset, amount)`.
pub async fn refunded_in_window(
    db: &Db,
    q: &DayQuery<'_>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.asset, r.amount FROM refunds r JOIN payments p ON p.id = r.payment_id
         WHERE p.store = $1 AND ($2 = '' OR r.terminal_id = $2) AND r.state = 'refunded'
           AND r.created_at >= $3 AND r.created_at < $4
         ORDER BY r.created_at, r.id",
    )
    .bind(q.store)
    .bind(q.terminal_id.unwrap_or(""))
    .bind(q.from_ms)
    .bind(q.to_ms)
    .fetch_all(db)
    .await
}
