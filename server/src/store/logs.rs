//! Logs: postback bodies (the durable enqueue of a postback) and upstream exchanges.

#[allow(unused_imports)]
use super::*;

/// How many postback bodies are kept per payment, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct PostbackRetention {
    pub per_payment: i64,
    pub max_age_ms: i64,
}

/// Records a postback body, then trims the log: only the newest `per_payment` bodies of this
/// payment, and none older than `max_age_ms` of any payment, are kept. A flood of postbacks
/// (even with a valid token) thus costs a bounded amount of storage.
pub async fn log_postback(
    conn: &mut AnyConnection,
    payment_id: &str,
    kind: &str,
    body: &str,
    keep: PostbackRetention,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO postback_log (id, payment_id, kind, body, received_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(random_token(20))
    .bind(payment_id)
    .bind(kind)
    .bind(body)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM postback_log WHERE payment_id = $1 AND id NOT IN (
             SELECT id FROM postback_log WHERE payment_id = $1
             ORDER BY received_at DESC, id DESC LIMIT $2)",
    )
    .bind(payment_id)
    .bind(keep.per_payment.max(1))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM postback_log WHERE received_at < $1")
        .bind(now.saturating_sub(keep.max_age_ms.max(0)))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The body of the newest `paymentUpdate` postback of a payment.
pub async fn latest_payment_update(
    db: &Db,
    payment_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT body FROM postback_log WHERE payment_id = $1 AND kind = 'paymentUpdate'
         ORDER BY received_at DESC LIMIT 1",
    )
    .bind(payment_id)
    .fetch_optional(db)
    .await
}

pub async fn postback_count(db: &Db, payment_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM postback_log WHERE payment_id = $1")
        .bind(payment_id)
        .fetch_one(db)
        .await
}

/// One upstream exchange, bodies already redacted.
pub struct UpstreamLog {
    pub endpoint: &'static str,
    pub payment_id: Option<String>,
    pub request_json: String,
    pub http_status: Option<u16>,
    pub response_body: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

pub async fn log_upstream(tx: &mut dyn Tx, entry: &UpstreamLog) -> Result<(), sqlx::Error> {
    let insert = Stmt::new(
        "INSERT INTO upstream_log (id, endpoint, payment_id, request_json, http_status,
            response_body, error, duration_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(random_token(20))
    .bind(entry.endpoint)
    .bind(&entry.payment_id)
    .bind(&entry.request_json)
    .bind(entry.http_status.map(i64::from))
    .bind(&entry.response_body)
    .bind(&entry.error)
    .bind(entry.duration_ms)
    .bind(now_ms());
    tx.exec(&insert).await?;
    Ok(())
}
