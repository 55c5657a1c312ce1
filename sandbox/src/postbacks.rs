//! Postbacks: the bodies WCT Pay posts to the merchant, and their durable delivery.
//!
//! Every postback is queued in the database inside the same transaction as the change that
//! caused it, then delivered by one worker: a delivery counts only when the receiver answers
//! JSON `{"status":"ok"}`; failures are retried with exponential backoff up to
//! [`MAX_ATTEMPTS`]; postbacks of one payment go out strictly in order.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use sqlx::{Row, SqliteConnection};
use tokio::sync::watch;

use crate::error::ApiError;
use crate::state::{now_ms, AppState};

/// Deliveries per postback before it is given up.
pub const MAX_ATTEMPTS: i64 = 10;
/// How long one delivery may take.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// The worker also looks for due retries at this pace when nothing wakes it.
const POLL: Duration = Duration::from_millis(100);

pub async fn enqueue(
    conn: &mut SqliteConnection,
    payment_id: i64,
    url: &str,
    fn_name: &str,
    body: &Value,
    now_ms: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO postbacks (payment_id, url, fn_name, body, state, attempts, \
         next_attempt_at_ms, created_at_ms) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
    )
    .bind(payment_id)
    .bind(url)
    .bind(fn_name)
    .bind(body.to_string())
    .bind(now_ms)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Wait before attempt `attempts + 1`, after `attempts` failures: base × 2^(n−1), capped.
pub fn backoff_ms(base_ms: u64, max_ms: u64, attempts: i64) -> u64 {
    let shift = u32::try_from(attempts.saturating_sub(1).clamp(0, 32)).unwrap_or(32);
    base_ms.saturating_mul(1u64 << shift).min(max_ms)
}

#[derive(Debug, Clone)]
struct Due {
    id: i64,
    url: String,
    body: String,
    attempts: i64,
}

/// The oldest pending postback of each payment, when its time has come. A payment whose
/// oldest pending postback is waiting for a retry blocks its later ones: order matters more
/// than speed.
async fn due(state: &AppState, now: i64) -> Result<Vec<Due>, ApiError> {
    let mut conn = state.db().acquire().await?;
    let rows = sqlx::query(
        "SELECT p.id, p.url, p.body, p.attempts FROM postbacks p \
         WHERE p.state = 'pending' AND p.next_attempt_at_ms <= ? AND p.id = \
           (SELECT MIN(q.id) FROM postbacks q WHERE q.payment_id = p.payment_id AND q.state = 'pending') \
         ORDER BY p.id LIMIT 50",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Due {
                id: r.try_get("id")?,
                url: r.try_get("url")?,
                body: r.try_get("body")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

/// One delivery: the HTTP status (if any answer came), whether it counts, and why not.
async fn attempt(client: &reqwest::Client, due: &Due) -> (Option<u16>, bool, Option<String>) {
    let sent = client
        .post(&due.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(due.body.clone())
        .timeout(DELIVERY_TIMEOUT)
        .send()
        .await;
    let response = match sent {
        Ok(r) => r,
        Err(e) => return (None, false, Some(format!("no answer: {e}"))),
    };
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap_or_default();
    let acked = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| {
            v.get("status")?
                .as_str()
                .map(|s| s.eq_ignore_ascii_case("ok"))
        })
        .unwrap_or(false);
    match (response_ok(status), acked) {
        (true, true) => (Some(status), true, None),
        (false, _) => (Some(status), false, Some(format!("HTTP {status}"))),
        (true, false) => (
            Some(status),
            false,
            Some("the answer was not {\"status\":\"ok\"}".into()),
        ),
    }
}

fn response_ok(status: u16) -> bool {
    (200..300).contains(&status)
}

async fn record(state: &AppState, due: &Due, outcome: (Option<u16>, bool, Option<String>)) {
    let (http_status, ok, error) = outcome;
    let attempts = due.attempts + 1;
    let now = now_ms();
    let config = state.config();
    let next_state = if ok {
        "delivered"
    } else if attempts >= MAX_ATTEMPTS {
        "failed"
    } else {
        "pending"
    };
    let wait = backoff_ms(config.retry_base_ms, config.retry_max_ms, attempts);
    let next_at = now.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX));
    let result: Result<(), sqlx::Error> = async {
        let mut tx = state.db().begin().await?;
        sqlx::query(
            "INSERT INTO postback_attempts (postback_id, attempt, http_status, ok, error, at_ms) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(due.id)
        .bind(attempts)
        .bind(http_status.map(i64::from))
        .bind(ok)
        .bind(&error)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE postbacks SET state = ?, attempts = ?, next_attempt_at_ms = ? WHERE id = ?",
        )
        .bind(next_state)
        .bind(attempts)
        .bind(next_at)
        .bind(due.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }
    .await;
    match (result, next_state) {
        (Err(e), _) => tracing::error!(postback = due.id, error = %e, "cannot record a delivery"),
        (Ok(()), "failed") => {
            tracing::warn!(postback = due.id, url = %due.url, "postback given up after {attempts} attempts")
        }
        (Ok(()), _) if !ok => {
            tracing::info!(postback = due.id, attempts, wait_ms = wait, error = ?error, "postback not acknowledged; will retry")
        }
        _ => tracing::debug!(postback = due.id, attempts, "postback delivered"),
    }
}

/// Delivers due postbacks until `stop` fires. Deliveries run concurrently across payments;
/// a postback being delivered is not picked up again until its outcome is recorded.
pub async fn run_worker(state: AppState, mut stop: watch::Receiver<bool>) {
    // After a restart, waiting out a backoff computed before the downtime helps no one.
    if let Err(e) = resume_now(&state).await {
        tracing::error!(error = %e, "cannot resume queued postbacks");
    }
    let in_flight: Arc<Mutex<HashSet<i64>>> = Arc::default();
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        match due(&state, now_ms()).await {
            Ok(list) => {
                for d in list {
                    let fresh = in_flight
                        .lock()
                        .map(|mut s| s.insert(d.id))
                        .unwrap_or(false);
                    if !fresh {
                        continue;
                    }
                    let (state, in_flight) = (state.clone(), in_flight.clone());
                    tasks.spawn(async move {
                        let outcome = attempt(state.http(), &d).await;
                        record(&state, &d, outcome).await;
                        if let Ok(mut s) = in_flight.lock() {
                            s.remove(&d.id);
                        }
                        state.wake_postbacks();
                    });
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot read the postback queue"),
        }
        while tasks.try_join_next().is_some() {}
        tokio::select! {
            _ = stop.changed() => break,
            _ = state.postbacks_woken() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
    // Unfinished deliveries stay pending in the database and resume after a restart.
    tasks.abort_all();
}

async fn resume_now(state: &AppState) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let resumed = sqlx::query(
        "UPDATE postbacks SET next_attempt_at_ms = ? WHERE state = 'pending' AND next_attempt_at_ms > ?",
    )
    .bind(now)
    .bind(now)
    .execute(state.db())
    .await?
    .rows_affected();
    if resumed > 0 {
        tracing::info!(resumed, "resuming queued postbacks");
    }
    Ok(())
}

/// One logged delivery attempt, for `GET /sandbox/postbacks`.
#[derive(Debug, Serialize)]
pub struct AttemptLog {
    pub postback_id: i64,
    pub payment_code: String,
    pub url: String,
    #[serde(rename = "fn")]
    pub fn_name: String,
    pub attempt: i64,
    pub http_status: Option<i64>,
    pub ok: bool,
    pub error: Option<String>,
    pub at: String,
    pub at_ms: i64,
}

/// A queued postback and where its delivery stands.
#[derive(Debug, Serialize)]
pub struct QueueEntry {
    pub id: i64,
    pub payment_code: String,
    pub url: String,
    #[serde(rename = "fn")]
    pub fn_name: String,
    pub state: String,
    pub attempts: i64,
    pub body: Value,
}

pub async fn log(
    conn: &mut SqliteConnection,
    payment_code: Option<&str>,
) -> Result<(Vec<QueueEntry>, Vec<AttemptLog>), ApiError> {
    let filter = "(? IS NULL OR pay.code = ?)";
    let queue = sqlx::query(&format!(
        "SELECT p.id, pay.code, p.url, p.fn_name, p.state, p.attempts, p.body FROM postbacks p \
         JOIN payments pay ON pay.id = p.payment_id WHERE {filter} ORDER BY p.id"
    ))
    .bind(payment_code)
    .bind(payment_code)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(QueueEntry {
            id: r.try_get("id")?,
            payment_code: r.try_get("code")?,
            url: r.try_get("url")?,
            fn_name: r.try_get("fn_name")?,
            state: r.try_get("state")?,
            attempts: r.try_get("attempts")?,
            body: serde_json::from_str(r.try_get("body")?).unwrap_or(Value::Null),
        })
    })
    .collect::<Result<Vec<_>, ApiError>>()?;
    let attempts = sqlx::query(&format!(
        "SELECT a.postback_id, pay.code, p.url, p.fn_name, a.attempt, a.http_status, a.ok, \
         a.error, a.at_ms FROM postback_attempts a JOIN postbacks p ON p.id = a.postback_id \
         JOIN payments pay ON pay.id = p.payment_id WHERE {filter} ORDER BY a.id"
    ))
    .bind(payment_code)
    .bind(payment_code)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let at_ms: i64 = r.try_get("at_ms")?;
        Ok(AttemptLog {
            postback_id: r.try_get("postback_id")?,
            payment_code: r.try_get("code")?,
            url: r.try_get("url")?,
            fn_name: r.try_get("fn_name")?,
            attempt: r.try_get("attempt")?,
            http_status: r.try_get("http_status")?,
            ok: r.try_get("ok")?,
            error: r.try_get("error")?,
            at: wct_api::clock::rfc3339(at_ms.div_euclid(1000)),
            at_ms,
        })
    })
    .collect::<Result<Vec<_>, ApiError>>()?;
    Ok((queue, attempts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps() {
        let waits: Vec<u64> = (1..=10).map(|n| backoff_ms(1000, 60_000, n)).collect();
        assert_eq!(
            waits,
            [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]
        );
        assert_eq!(backoff_ms(u64::MAX, u64::MAX, 64), u64::MAX);
    }
}
