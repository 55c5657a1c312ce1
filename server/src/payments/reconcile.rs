//! The reconciler: re-checks payments with getupdate on a per-payment schedule (which also
//! re-quotes an expired quote), keeps cancelled and expired payments watched for late money,
//! and settles creates whose answer was lost. Each payment is checked in its own task, so
//! one payment's error or panic never stops the loop; `/healthz` reports the last round.

use std::sync::atomic::Ordering;
use std::time::Duration;

use wct_api::PaymentState;

use crate::store::{self, PaymentRow};
use crate::util::now_ms;
use crate::AppState;

/// Payments one reconciler claims at a time.
const CLAIM_BATCH: i64 = 50;
/// A claimed payment is left alone by other reconcilers this long while it is checked.
const CLAIM_LEASE_MS: i64 = 60_000;
/// Open payments are checked at least this often, however old.
const OPEN_MAX_GAP_MS: i64 = 5 * 60_000;
/// Closed payments watched for late money are checked at least this often.
const CLOSED_MAX_GAP_MS: i64 = 30 * 60_000;

/// When payments are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// The base interval (`WCT_POS_RECONCILE_SECS`).
    pub every_ms: i64,
    /// How long cancelled and expired payments stay watched (`WCT_POS_LATE_WATCH_HOURS`).
    pub late_watch_ms: i64,
}

/// Whether a payment in `state` is still checked with the upstream at all.
pub fn watched(state: PaymentState) -> bool {
    state.is_open() || state.is_closed_unpaid()
}

/// When `row` should be checked next, or `None` for never. Open payments: every interval at
/// first, backing off with age up to five minutes, and just after the quote expires so a
/// re-quote comes promptly. Cancelled, expired and late ones: backing off from the interval
/// to half an hour, for the watch window after they closed.
pub fn next_check(row: &PaymentRow, now: i64, schedule: &Schedule) -> Option<i64> {
    let every = schedule.every_ms.max(1);
    let state = row.state.live()?;
    // A refund waiting for the upstream's word keeps even a settled payment checked.
    if !state.is_open() && crate::payments::rows::refund_pending(row) {
        return Some(now.saturating_add(every));
    }
    if state.is_open() {
        let age = now.saturating_sub(row.created_at).max(0);
        let mut at = now.saturating_add((age / 10).clamp(every, OPEN_MAX_GAP_MS.max(every)));
        if let Some(expiry) = row.expires_at.map(|s| s.saturating_mul(1000) + 1000) {
            if expiry > now {
                at = at.min(expiry);
            }
        }
        return Some(at);
    }
    if state.is_closed_unpaid() {
        let closed = row.closed_at.unwrap_or(row.updated_at);
        let since = now.saturating_sub(closed).max(0);
        if since >= schedule.late_watch_ms {
            return None;
        }
        return Some(now.saturating_add((since / 4).clamp(every, CLOSED_MAX_GAP_MS.max(every))));
    }
    None
}

/// Runs until shutdown: settles unknown creates, checks what is due, records the round.
pub async fn run(state: AppState, started_ms: i64, upstream_timeout: Duration) {
    // In-flight creates take at most two upstream calls; older ones are stuck.
    let stuck_after = i64::try_from((upstream_timeout * 2).as_millis()).unwrap_or(60_000);
    // Alone on the database, anything still `creating` from before this start is a crash's
    // leftover; with other instances it may be their create in flight.
    let mut creating_before = if state.shared_events {
        now_ms() - stuck_after - 30_000
    } else {
        started_ms
    };
    let every = Duration::from_millis(u64::try_from(state.schedule.every_ms).unwrap_or(15_000));
    loop {
        // A round in its own task: even a panic in the database layer ends the round, not
        // the reconciler.
        let round = tokio::spawn(round(state.clone(), creating_before));
        match round.await {
            Ok(()) => state.reconciler_beat.store(now_ms(), Ordering::Release),
            Err(e) => {
                tracing::error!(error = %e, "a reconcile round panicked; the next one runs as usual")
            }
        }
        tokio::select! {
            () = state.shutdown.cancelled() => return,
            () = tokio::time::sleep(every) => {}
        }
        creating_before = now_ms() - stuck_after - 30_000;
    }
}

async fn round(state: AppState, creating_before: i64) {
    match store::unresolved(&state.db, creating_before).await {
        Ok(rows) => {
            for row in rows {
                if state.shutdown.is_cancelled() {
                    return;
                }
                let s = state.clone();
                let id = row.id.clone();
                isolated(&row.id, "resolve", async move {
                    s.resolve_unknown_row(&id).await
                })
                .await;
            }
        }
        Err(e) => tracing::warn!(error = %e, "reconcile: cannot read unresolved creates"),
    }
    // A round ends after one interval even with work left (the budget may be the limit):
    // what is still due is claimed by the next round, and rounds keep finishing.
    let ends = now_ms().saturating_add(state.schedule.every_ms);
    loop {
        let now = now_ms();
        if now > ends {
            return;
        }
        let claimed = state
            .writer
            .run(move |conn| {
                Box::pin(async move {
                    store::claim_due(conn, now, now + CLAIM_LEASE_MS, CLAIM_BATCH).await
                })
            })
            .await;
        let ids = match claimed {
            Ok(ids) => {
                metrics::histogram!("reconciler_claimed_batch").record(ids.len() as f64);
                ids
            }
            Err(e) => {
                tracing::warn!(error = %e, "reconcile: cannot claim due payments");
                return;
            }
        };
        for id in &ids {
            if state.shutdown.is_cancelled() {
                return;
            }
            let s = state.clone();
            let owned = id.clone();
            isolated(id, "sync", async move {
                s.sync_payment(&owned).await.map(|_| ())
            })
            .await;
        }
        if (ids.len() as i64) < CLAIM_BATCH {
            return;
        }
    }
}

/// Runs one payment's work in its own task: its error is logged, its panic contained.
async fn isolated<F>(id: &str, what: &'static str, work: F)
where
    F: std::future::Future<Output = crate::http::error::AppResult<()>> + Send + 'static,
{
    match tokio::spawn(work).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::debug!(payment = %id, what, error = %e, "reconcile: not done"),
        Err(e) => tracing::error!(payment = %id, what, error = %e, "reconcile: the check panicked"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RowState;

    const SCHEDULE: Schedule = Schedule {
        every_ms: 15_000,
        late_watch_ms: 24 * 3600 * 1000,
    };

    fn row(state: PaymentState, created_at: i64) -> PaymentRow {
        PaymentRow {
            state: RowState::Live(state),
            created_at,
            closed_at: Some(created_at),
            expires_at: None,
            ..crate::payments::rows::tests_row()
        }
    }

    #[test]
    fn open_payments_start_at_the_interval_and_back_off_to_five_minutes() {
        let now = 10_000_000;
        assert_eq!(
            next_check(&row(PaymentState::Awaiting, now), now, &SCHEDULE),
            Some(now + 15_000)
        );
        let old = row(PaymentState::Awaiting, now - 3600 * 1000);
        assert_eq!(next_check(&old, now, &SCHEDULE), Some(now + 5 * 60_000));
        // Just after the quote expires, whatever the back-off says.
        let expiring = PaymentRow {
            expires_at: Some((now + 5_000) / 1000),
            ..old
        };
        assert_eq!(next_check(&expiring, now, &SCHEDULE), Some(now + 6_000));
    }

    #[test]
    fn closed_payments_are_watched_for_the_window_only() {
        let now = 100_000_000;
        let cancelled = row(PaymentState::Cancelled, now - 60_000);
        assert_eq!(next_check(&cancelled, now, &SCHEDULE), Some(now + 15_000));
        let hours = row(PaymentState::Expired, now - 4 * 3600 * 1000);
        assert_eq!(next_check(&hours, now, &SCHEDULE), Some(now + 30 * 60_000));
        let day = row(PaymentState::Cancelled, now - 25 * 3600 * 1000);
        assert_eq!(next_check(&day, now, &SCHEDULE), None);
        for done in [
            PaymentState::Paid,
            PaymentState::Rejected,
            PaymentState::Refunded,
        ] {
            assert_eq!(next_check(&row(done, now), now, &SCHEDULE), None);
        }
    }
}
