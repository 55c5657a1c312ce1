//! Personal data retention. The customer details of a closed payment (`personal_*` in its
//! stored request, the `personal` object in its event views, `email` and `personal{…}` in
//! its postback bodies, anything personal in its upstream log) are deleted once the payment
//! has not changed for `WCT_POS_PERSONAL_DATA_DAYS`. Totals, amounts, states, references and
//! everything else stay. A background job does this daily (and once at start);
//! `wct-pos-server purge` does it on demand.

use std::time::Duration;

use serde_json::Value;

use crate::store::{self, Db};
use crate::util::{now_ms, sha256_hex};
use crate::AppState;

/// How often the background job runs.
const EVERY: Duration = Duration::from_secs(24 * 3600);
/// Payments purged per round of the loop (each in its own transaction).
const BATCH: i64 = 200;
const DAY_MS: i64 = 86_400_000;

/// What one purge deleted personal data from (counts only: what it was is gone).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub payments: u64,
    pub events: u64,
    pub postbacks: u64,
    pub upstream_logs: u64,
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} payments, {} event views, {} postback bodies, {} upstream log entries",
            self.payments, self.events, self.postbacks, self.upstream_logs
        )
    }
}

pub use crate::store::{is_personal_key, strip_personal};

/// `text` without its personal keys when it is JSON that has some (`None`: unchanged). Text
/// that is not JSON is emptied when `drop_unreadable` (an unreadable postback body may hold
/// anything), else left alone.
fn stripped(text: &str, drop_unreadable: bool) -> Option<String> {
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => strip_personal(&mut value).then(|| value.to_string()),
        Err(_) if drop_unreadable && !text.is_empty() => Some(String::new()),
        Err(_) => None,
    }
}

/// Deletes the personal data of every closed payment whose last change is more than
/// `older_than_days` ago (0: every closed payment) and has not been purged since.
pub async fn purge(db: &Db, older_than_days: u32) -> Result<PurgeReport, sqlx::Error> {
    let cutoff = now_ms().saturating_sub(i64::from(older_than_days).saturating_mul(DAY_MS));
    let mut report = PurgeReport::default();
    loop {
        let batch = store::purge_candidates(db, cutoff, BATCH).await?;
        for (id, fields_json) in &batch {
            purge_payment(db, id, fields_json, &mut report).await?;
        }
        // Each purged row stops being a candidate, so the next batch holds new ones.
        if (batch.len() as i64) < BATCH {
            break;
        }
    }
    if report.payments > 0 {
        store::purge_settle(db).await?;
    }
    Ok(report)
}

async fn purge_payment(
    db: &Db,
    id: &str,
    fields_json: &str,
    report: &mut PurgeReport,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (seq, view) in store::purge_event_views(&mut tx, id).await? {
        if let Some(view) = stripped(&view, false) {
            store::purge_set_event_view(&mut tx, seq, &view).await?;
            report.events += 1;
        }
    }
    for (row, body) in store::purge_postback_bodies(&mut tx, id).await? {
        if let Some(body) = stripped(&body, true) {
            store::purge_set_postback_body(&mut tx, &row, &body).await?;
            report.postbacks += 1;
        }
    }
    for (row, request, response) in store::purge_upstream_logs(&mut tx, id).await? {
        let new_request = stripped(&request, false);
        let new_response = response.as_deref().and_then(|r| stripped(r, false));
        if new_request.is_some() || new_response.is_some() {
            store::purge_set_upstream_log(
                &mut tx,
                &row,
                new_request.as_deref().unwrap_or(&request),
                new_response.as_deref().or(response.as_deref()),
            )
            .await?;
            report.upstream_logs += 1;
        }
    }
    // How a refund's customer was to be reached goes the same way.
    store::purge_refund_contacts(&mut tx, id).await?;
    // The idempotency hash covered the personal fields too: it now covers what is left.
    let fields = stripped(fields_json, false).unwrap_or_else(|| fields_json.to_string());
    store::purge_mark_payment(
        &mut tx,
        id,
        &fields,
        &sha256_hex(fields.as_bytes()),
        now_ms(),
    )
    .await?;
    tx.commit().await?;
    report.payments += 1;
    Ok(())
}

/// The background job: purges once at start, then daily, until shutdown.
pub async fn run(state: AppState, older_than_days: u32) {
    loop {
        match purge(&state.db, older_than_days).await {
            Ok(report) if report.payments > 0 => tracing::info!(
                payments = report.payments,
                events = report.events,
                postbacks = report.postbacks,
                upstream_logs = report.upstream_logs,
                older_than_days,
                "deleted the personal data of closed payments"
            ),
            Ok(_) => tracing::debug!("no personal data due for deletion"),
            Err(e) => tracing::warn!(error = %e, "personal data purge failed; retrying tomorrow"),
        }
        tokio::select! {
            () = state.shutdown.cancelled() => return,
            () = tokio::time::sleep(EVERY) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn personal_keys_go_at_any_depth_and_the_rest_stays() {
        let mut v = json!({
            "amount": "50.00", "reference": "R1", "personal_fname": "Ana",
            "personal_dob": "1990/01/02", "email": "a@b.c",
            "personal": {"fname": "Ana"},
            "cart_items": [{"item_name": "Tea", "personal_note": "x"}],
        });
        assert!(strip_personal(&mut v));
        assert_eq!(
            v,
            json!({"amount": "50.00", "reference": "R1", "cart_items": [{"item_name": "Tea"}]})
        );
        assert!(!strip_personal(&mut v), "nothing left to remove");
    }

    #[test]
    fn unreadable_text_is_emptied_only_where_asked() {
        assert_eq!(stripped("not json Ana", true), Some(String::new()));
        assert_eq!(stripped("not json Ana", false), None);
        assert_eq!(stripped(r#"{"a":1}"#, true), None);
        assert_eq!(stripped(r#"{"email":"x"}"#, false), Some("{}".into()));
    }
}
