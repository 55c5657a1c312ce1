//! Syncing a payment with the upstream: creates whose answer was lost (asked again by
//! reference), getupdate answers checked and applied under the payment's lock, rescheduling,
//! and postback nudges.

use axum::http::StatusCode;
use wct_api::pos::{EventKind, NewPayment, PaymentView};
use wct_api::upstream::PaymentUpdateInfo;
use wct_api::verify::{self};
use wct_api::PaymentState;

use crate::http::error::{AppError, AppResult};
use crate::payments::reconcile;
use crate::payments::rows::{self};
use crate::store::{self, InsertError, PaymentRow, RowState};
use crate::upstream::UpstreamError;
use crate::util::{now_ms, now_secs};
use crate::AppState;

use super::create::*;

impl AppState {
    /// A retry of a create whose answer was lost: ask the upstream by reference; create again
    /// only if it certainly never saw the first one.
    pub(crate) async fn retry_unknown(
        &self,
        row: PaymentRow,
        fields: &NewPayment,
    ) -> AppResult<(StatusCode, PaymentView)> {
        match self.resolve_locked(&row.id).await? {
            Resolution::Found(found) => Ok((StatusCode::CREATED, self.view(&found))),
            Resolution::NotCreated => {
                self.create_once_more(&row.id, RowState::Unknown, fields.clone())
                    .await
            }
            Resolution::StillUnknown(e) => Err(AppError::UpstreamUnknown(e)),
        }
    }

    /// [`Self::resolve_unknown`] under the payment's lock.
    pub(crate) async fn resolve_locked(&self, id: &str) -> AppResult<Resolution> {
        let slot = self.locks.slot(id);
        let resolution = {
            let _guard = slot.lock.lock().await;
            self.resolve_unknown(id).await
        };
        self.locks.release(id, slot);
        resolution
    }

    /// Asks the upstream about an unknown (or stale creating) row by its reference, under the
    /// payment's lock. A quote found is checked like a create answer.
    pub(crate) async fn resolve_unknown(&self, id: &str) -> AppResult<Resolution> {
        let row = store::payment(&self.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !matches!(row.state, RowState::Unknown | RowState::Creating) {
            // Someone else settled it meanwhile.
            return match row.state {
                RowState::Failed => Ok(Resolution::NotCreated),
                RowState::Live(PaymentState::Rejected) => Err(AppError::conflict(
                    row.alert
                        .unwrap_or_else(|| "this payment was refused".into()),
                    None,
                )),
                _ => Ok(Resolution::Found(Box::new(row))),
            };
        }
        let info = match self
            .upstream
            .getupdate_by_reference(&row.id, &row.reference)
            .await
        {
            Ok(info) => info,
            Err(UpstreamError::Rejected(reason)) => {
                tracing::info!(payment = %row.id, %reason, "the upstream never created it");
                return Ok(Resolution::NotCreated);
            }
            Err(e) => return Ok(Resolution::StillUnknown(e)),
        };
        match self.apply_checked(&row, &info).await {
            Ok(Some(next)) => {
                tracing::info!(payment = %row.id, "resolved a payment whose create answer was lost");
                Ok(Resolution::Found(Box::new(next)))
            }
            Ok(None) => Err(AppError::Internal(format!(
                "payment {id} changed while resolving"
            ))),
            Err(AppError::Mismatch(why)) => Err(self.reject(&row, why).await),
            Err(e) => Err(e),
        }
    }

    /// Settles rows whose create outcome is unknown (the reconciler, every round). A row
    /// the upstream never saw becomes `failed`, which frees its reference.
    pub async fn resolve_unknown_row(&self, id: &str) -> AppResult<()> {
        match self.resolve_locked(id).await? {
            Resolution::NotCreated => {
                for from in [RowState::Unknown, RowState::Creating] {
                    self.mark_attempt(
                        id,
                        from,
                        RowState::Failed,
                        "upstream_rejected",
                        "the payment was never created upstream",
                    )
                    .await?;
                }
                Ok(())
            }
            Resolution::Found(_) => Ok(()),
            Resolution::StillUnknown(e) => Err(AppError::UpstreamUnknown(e)),
        }
    }

    /// Reads the payment's state from the upstream now and applies it (under its lock).
    pub async fn sync_payment(&self, id: &str) -> AppResult<PaymentRow> {
        let slot = self.locks.slot(id);
        let result = {
            let _guard = slot.lock.lock().await;
            self.sync_locked(id).await
        };
        self.locks.release(id, slot);
        result
    }

    pub(crate) async fn sync_locked(&self, id: &str) -> AppResult<PaymentRow> {
        for _ in 0..3 {
            let row = store::payment(&self.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            // Any live payment is asked when nudged (more money may come after "paid");
            // the schedule decides which are also re-checked by the reconciler.
            let code = match (&row.payment_code, row.state.live()) {
                (Some(code), Some(state)) if state != PaymentState::Rejected => code.clone(),
                _ => return Ok(row),
            };
            let info = match self.upstream.getupdate(id, &code).await {
                Ok(info) => info,
                Err(e) => {
                    // Try again on the usual schedule, not after the claim's lease.
                    self.reschedule(&row).await;
                    return Err(e.into());
                }
            };
            match self.apply_checked(&row, &info).await {
                Ok(Some(next)) => return Ok(next),
                Ok(None) => continue,
                Err(AppError::Mismatch(why)) => {
                    tracing::warn!(
                        payment = %row.id, mismatch = ?why,
                        "refused a getupdate answer: {why}; nothing of it was applied"
                    );
                    self.reschedule(&row).await;
                    return Err(AppError::Mismatch(why));
                }
                Err(e) => return Err(e),
            }
        }
        Err(AppError::Internal(format!("payment {id} kept changing")))
    }

    /// Checks a getupdate answer against the order and applies it, with the refunds it
    /// confirms, in one write. `Some(row)` as stored afterwards; `None` if the row changed
    /// underneath (retry).
    pub(crate) async fn apply_checked(
        &self,
        row: &PaymentRow,
        info: &PaymentUpdateInfo,
    ) -> AppResult<Option<PaymentRow>> {
        let order = rows::order_of(row, &self.catalogue);
        let update = verify::check_update(&order, info, &self.policy, now_secs())?;
        let reported = self.reported_received(row, &order).await?;
        let merged = rows::merge(row, &update, reported, &order, &self.policy, now_ms())?;
        let confirmed = self.refunds_settled(row, info)?;
        let (mut next, kind) = match (merged, confirmed.is_some()) {
            (Some(merged), _) => merged,
            (None, true) => (
                PaymentRow {
                    updated_at: now_ms(),
                    ..row.clone()
                },
                EventKind::Updated,
            ),
            (None, false) => {
                self.reschedule(row).await;
                return Ok(Some(row.clone()));
            }
        };
        if let (None, Some(code)) = (&row.payment_code, &next.payment_code) {
            self.check_code_free(row, code).await??;
        }
        let also = confirmed.map(|(refunds, write)| {
            next.refunds = refunds;
            write
        });
        if self.commit_with(row, &next, kind, also).await? {
            Ok(Some(PaymentRow {
                version: row.version + 1,
                next_check_at: reconcile::next_check(&next, now_ms(), &self.schedule),
                ..next
            }))
        } else {
            Ok(None)
        }
    }

    /// What the newest `paymentUpdate` postback of the payment says was received.
    pub(crate) async fn reported_received(
        &self,
        row: &PaymentRow,
        order: &verify::Order<'_>,
    ) -> AppResult<Option<rust_decimal::Decimal>> {
        let Some(code) = &row.payment_code else {
            return Ok(None);
        };
        let Some(body) = store::latest_payment_update(&self.db, &row.id).await? else {
            return Ok(None);
        };
        Ok(match wct_api::upstream::Postback::parse(body.as_bytes()) {
            Ok(wct_api::upstream::Postback::PaymentUpdate(update)) => {
                verify::postback_received(order, code, &update)
            }
            _ => None,
        })
    }

    /// Sets an unchanged payment's next check (a failed store write only delays it).
    pub(crate) async fn reschedule(&self, row: &PaymentRow) {
        let at = reconcile::next_check(row, now_ms(), &self.schedule);
        let id = row.id.clone();
        let written = self
            .writer
            .run(move |conn| Box::pin(async move { store::set_next_check(conn, &id, at).await }))
            .await;
        if let Err(e) = written {
            tracing::warn!(payment = %row.id, error = %e, "cannot schedule the next check");
        }
    }

    /// Gives a failed or never-created attempt a second try under the same key.
    pub(crate) async fn retry_create(&self, id: &str, from: RowState) -> Result<bool, InsertError> {
        let id = id.to_string();
        self.writer
            .run(move |conn| Box::pin(async move { store::retry_create(conn, &id, from).await }))
            .await
    }

    /// Ends a create attempt as `failed` or `unknown` (see `store::mark_attempt`).
    pub(crate) async fn mark_attempt(
        &self,
        id: &str,
        from: RowState,
        to: RowState,
        code: &str,
        message: &str,
    ) -> Result<bool, sqlx::Error> {
        let (id, code, message) = (id.to_string(), code.to_string(), message.to_string());
        self.writer
            .run(move |conn| {
                Box::pin(
                    async move { store::mark_attempt(conn, &id, from, to, &code, &message).await },
                )
            })
            .await
    }

    /// A postback or a timer says "look again": sync in the background, at most once per
    /// nudge interval per payment, however many postbacks arrive (see [`Coalescer`]).
    ///
    /// [`Coalescer`]: crate::payments::state::Coalescer
    pub fn nudge(&self, id: String) {
        let Some(wait) = self.nudges.request(&id) else {
            return;
        };
        let state = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            if state.shutdown.is_cancelled() {
                return;
            }
            state.nudges.start(&id);
            let synced = state.sync_payment(&id).await;
            let outcome = if synced.is_ok() {
                "confirmed"
            } else {
                "failed"
            };
            metrics::counter!("postback_confirmations_total", "outcome" => outcome).increment(1);
            if let Err(e) = synced {
                tracing::warn!(payment = %id, error = %e, "sync failed; the reconciler will retry");
            }
        });
    }
}
