//! Receipt and credit-note numbers: one gapless counter per store, drawn inside the caller's
//! transaction (the writer's), so a number exists only if what it numbers committed.

#[allow(unused_imports)]
use super::*;

/// The next number of `store`'s sequence. The `UPDATE … RETURNING` takes the counter row's
/// lock until the transaction ends: another instance drawing at the same time waits, then
/// reads the committed value (no duplicate), and a rollback returns the number (no gap).
pub async fn next_receipt_number(
    conn: &mut AnyConnection,
    store: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO receipt_counters (store, last_number) VALUES ($1, 0)
         ON CONFLICT (store) DO NOTHING",
    )
    .bind(store)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar(
        "UPDATE receipt_counters SET last_number = last_number + 1 WHERE store = $1
         RETURNING last_number",
    )
    .bind(store)
    .fetch_one(&mut *conn)
    .await
}

/// Stores a payment's receipt (number, time of supply, document).
pub async fn set_receipt(
    conn: &mut AnyConnection,
    payment_id: &str,
    number: Option<i64>,
    paid_at: Option<i64>,
    receipt_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payments SET receipt_no = COALESCE(receipt_no, $1),
            paid_at = COALESCE(paid_at, $2), receipt_json = $3 WHERE id = $4",
    )
    .bind(number)
    .bind(paid_at)
    .bind(receipt_json)
    .bind(payment_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A credit note as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CreditNoteRow {
    pub store: String,
    pub number: i64,
    pub number_text: String,
    pub payment_id: String,
    pub refund_id: String,
    pub receipt_number: String,
    pub amount: String,
    pub asset: String,
    pub issued_at: i64,
}

pub async fn insert_credit_note(
    conn: &mut AnyConnection,
    note: &CreditNoteRow,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO credit_notes (store, number, number_text, payment_id, refund_id,
            receipt_number, amount, asset, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&note.store)
    .bind(note.number)
    .bind(&note.number_text)
    .bind(&note.payment_id)
    .bind(&note.refund_id)
    .bind(&note.receipt_number)
    .bind(&note.amount)
    .bind(&note.asset)
    .bind(note.issued_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The credit notes of `store` issued in a window (Unix ms, `to` exclusive), by number.
pub async fn credit_notes_between(
    db: &Db,
    store: &str,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<CreditNoteRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT store, number, number_text, payment_id, refund_id, receipt_number, amount, asset,
            issued_at
         FROM credit_notes WHERE store = $1 AND issued_at >= $2 AND issued_at < $3
         ORDER BY number LIMIT 100000",
    )
    .bind(store)
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await
}
