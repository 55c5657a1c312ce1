//! Cancelling a payment (WCT Pay asked first, under the payment's lock) and "keep as
//! payment" for money that came after it closed.

use rust_decimal::Decimal;
use wct_api::money;
use wct_api::pos::{EventKind, PaymentView};
use wct_api::PaymentState;

use crate::devices::Caller;
use crate::http::error::{AppError, AppResult};
use crate::store::{self, PaymentRow, RowState};
use crate::util::now_ms;
use crate::AppState;

use super::create::*;

impl AppState {
    /// Cancels locally (the documented API has no cancel): only while nothing was received.
    /// WCT Pay is asked first, under the payment's lock, and its answer applied like any
    /// other, so a payment the customer has just paid is shown as paid, never cancelled. The
    /// payment stays watched: money that arrives anyway makes it late, never ignored.
    pub async fn cancel_payment(&self, row: &PaymentRow) -> AppResult<PaymentView> {
        let slot = self.locks.slot(&row.id);
        let result = {
            let _guard = slot.lock.lock().await;
            self.cancel_locked(&row.id).await
        };
        self.locks.release(&row.id, slot);
        result
    }

    pub(crate) async fn cancel_locked(&self, id: &str) -> AppResult<PaymentView> {
        for _ in 0..3 {
            let row = self.confirmed_for_cancel(id).await?;
            let state = row.state.live().unwrap_or(PaymentState::Awaiting);
            let received =
                money::parse_non_negative(&row.received, money::MAX_PRECISION).unwrap_or_default();
            if state != PaymentState::Awaiting || !received.is_zero() {
                if !state.is_open() && received.is_zero() {
                    return Err(AppError::conflict(
                        format!("the payment is already {state} and cannot be cancelled"),
                        None,
                    ));
                }
                tracing::info!(payment = %id, %state, "cancel refused: money is on its way or in");
                return Err(AppError::PaymentHasMoney(format!(
                    "WCT Pay shows this payment {}: it cannot be cancelled",
                    has_money_words(state)
                )));
            }
            let now = now_ms();
            let next = PaymentRow {
                state: RowState::Live(PaymentState::Cancelled),
                closed_at: Some(now),
                updated_at: now,
                ..row.clone()
            };
            if self.commit(&row, &next, EventKind::Updated).await? {
                return Ok(self.view(&next));
            }
            // Another instance wrote the payment meanwhile: ask again.
        }
        Err(AppError::conflict(
            "the payment changed meanwhile; try again",
            None,
        ))
    }

    /// The payment as WCT Pay shows it now: the same read and apply as a sync. A payment whose
    /// answer cannot be had is not cancelled: not knowing is not "nothing received".
    pub(crate) async fn confirmed_for_cancel(&self, id: &str) -> AppResult<PaymentRow> {
        match self.sync_locked(id).await {
            Err(AppError::Upstream(e)) => Err(AppError::CancelUnconfirmed(e)),
            other => other,
        }
    }
}

impl AppState {
    /// "Keep as payment": records the shop's decision to keep money received on a closed
    /// payment. `seen` is the received amount the cashier was shown; if more arrived since,
    /// nothing is recorded, so a decision never covers money nobody saw.
    pub async fn keep_payment(
        &self,
        caller: &Caller,
        row: &PaymentRow,
        seen: Decimal,
    ) -> AppResult<PaymentView> {
        let slot = self.locks.slot(&row.id);
        let result = {
            let _guard = slot.lock.lock().await;
            self.keep_locked(caller, &row.id, seen).await
        };
        self.locks.release(&row.id, slot);
        result
    }

    pub(crate) async fn keep_locked(
        &self,
        caller: &Caller,
        id: &str,
        seen: Decimal,
    ) -> AppResult<PaymentView> {
        for _ in 0..3 {
            let row = store::payment(&self.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let view = self.view(&row);
            let received =
                money::parse_non_negative(&view.received, money::MAX_PRECISION).unwrap_or_default();
            if view.is_kept() && received == seen {
                // The same decision again (a retry whose answer was lost).
                return Ok(view);
            }
            if !view.awaits_keep_or_refund() {
                return Err(AppError::conflict(
                    format!(
                        "only money received after a payment closed can be kept; this payment \
                         is {}",
                        view.state
                    ),
                    None,
                ));
            }
            if received != seen {
                return Err(AppError::conflict(
                    format!(
                        "{} {} has been received by now, not {seen}: look at the amount again",
                        view.received, view.pay_asset
                    ),
                    Some("received"),
                ));
            }
            // Authorised again once the body is in: a device revoked while its request was on
            // the way decides nothing.
            if let Some(device) = caller.device_id.as_deref() {
                let mut conn = self.db.acquire().await?;
                if !store::device_live(&mut *conn, device).await? {
                    return Err(AppError::Unauthorized);
                }
            }
            let now = now_ms();
            let next = PaymentRow {
                kept_received: Some(view.received.clone()),
                kept_at: Some(now),
                kept_by: Some(
                    caller
                        .device_id
                        .clone()
                        .unwrap_or_else(|| caller.terminal.id.clone()),
                ),
                updated_at: now,
                ..row.clone()
            };
            if self.commit(&row, &next, EventKind::Updated).await? {
                tracing::info!(payment = %id, received = %view.received, asset = %view.pay_asset,
                    "money after close kept as payment");
                return Ok(self.view(&next));
            }
            // Written meanwhile (money arrived, a refund): look again.
        }
        Err(AppError::conflict(
            "the payment changed meanwhile; try again",
            None,
        ))
    }
}
