//! Refunds through WCT Pay's `payment/refund`, guarded by the manager PIN.
//!
//! A refund is recorded before the upstream is asked (as `unknown`: a crash mid-call must
//! leave a trace, never a forgotten refund), then becomes `requested` on the upstream's
//! "ok", `failed` on a refusal, or stays `unknown` when the answer is lost. It becomes
//! `refunded` only when a getupdate answer says so (status 5, or a refunded total that covers
//! it); the refund postback is a nudge like every other. The refunds table holds who asked
//! and how the customer is reached; the payment row holds the public summary every view and
//! event shows, written in the same transaction.

pub mod pin;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Json;
use axum::Router;
use wct_api::money;
use wct_api::pos::{EventKind, PaymentView, IDEMPOTENCY_HEADER};
use wct_api::refund::{self, NewRefund, RefundBasis, RefundEvidence, RefundState, RefundView};
use wct_api::upstream::PaymentUpdateInfo;
use wct_api::PaymentState;

pub use crate::refunds::pin::{hash_pin, hash_pin_with_cost, PinHash};

use crate::devices::Caller;
use crate::http::error::{AppError, AppResult};
use crate::http::extract::{self, JSON_LIMIT};
use crate::payments::rows::{pay_decimals, refund_views};
use crate::payments::AlsoWrite;
use crate::store::{self, PaymentRow, RefundRow, RowState};
use crate::upstream::{RefundRequestParts, UpstreamError};
use crate::util::{now_ms, random_token, sha256_hex};
use crate::AppState;

/// `POST /api/payments/{id}/refunds` (Bearer, `Idempotency-Key`): checks the manager PIN,
/// then the refund against the payment, then asks the upstream.
pub async fn refunds_create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<impl IntoResponse> {
    let key = extract::idempotency_key(&headers)?;
    if state.manager_pin.hash.is_none() {
        return Err(AppError::RefundsNotConfigured);
    }
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let mut new: NewRefund = extract::json_body(&headers, &body)?;
    new.normalize();
    state.check_manager_pin(&caller, &new.pin).await?;
    let row = store::terminal_payment(&state.db, &caller.terminal.store, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (status, view) = state.create_refund(&caller, &row, key, new).await?;
    Ok((status, Json(view)))
}

/// What makes two refund requests "the same" for an Idempotency-Key (the PIN aside).
fn body_hash(new: &NewRefund) -> String {
    let text = serde_json::json!([
        new.refund_type.as_str(),
        new.amount,
        new.email,
        new.mobile,
        new.remarks
    ])
    .to_string();
    sha256_hex(text.as_bytes())
}

fn rfc3339_ms(ms: i64) -> String {
    wct_api::clock::rfc3339(ms / 1000)
}

impl AppState {
    async fn create_refund(
        &self,
        caller: &Caller,
        row: &PaymentRow,
        key: &str,
        new: NewRefund,
    ) -> AppResult<(StatusCode, PaymentView)> {
        let slot = self.locks.slot(&row.id);
        let result = {
            let _guard = slot.lock.lock().await;
            self.refund_locked(caller, &row.id, key, new).await
        };
        self.locks.release(&row.id, slot);
        result
    }

    /// The same request again: what became of the first one.
    async fn replay(
        &self,
        existing: RefundRow,
        payment_id: &str,
        hash: &str,
    ) -> AppResult<(StatusCode, PaymentView)> {
        if existing.body_hash != hash || existing.payment_id != payment_id {
            return Err(AppError::conflict(
                "this Idempotency-Key was already used for a different refund",
                Some(IDEMPOTENCY_HEADER),
            ));
        }
        if existing.state == RefundState::Failed.as_str() {
            return Err(UpstreamError::Rejected(existing.error_message.unwrap_or_default()).into());
        }
        let row = store::payment(&self.db, payment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((StatusCode::OK, self.view(&row)))
    }

    async fn refund_locked(
        &self,
        caller: &Caller,
        payment_id: &str,
        key: &str,
        new: NewRefund,
    ) -> AppResult<(StatusCode, PaymentView)> {
        let hash = body_hash(&new);
        if let Some(existing) = store::refund_by_key(&self.db, &caller.terminal.id, key).await? {
            return self.replay(existing, payment_id, &hash).await;
        }
        let row = store::payment(&self.db, payment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(why) = refund::on_hold(&refund_views(&row)) {
            return Err(AppError::RefundOnHold(why));
        }
        let decimals = pay_decimals(&self.catalogue, &row.requested_asset);
        let basis = RefundBasis::of(&self.view(&row), decimals);
        let amount = refund::validate_refund(&new, &basis).map_err(AppError::Validation)?;
        let code = row.payment_code.clone().ok_or(AppError::NotFound)?;
        let amount = money::format_fixed(amount, decimals);
        let now = now_ms();
        let record = RefundRow {
            id: format!("r_{}", random_token(20)),
            payment_id: row.id.clone(),
            terminal_id: caller.terminal.id.clone(),
            device_id: caller.device_id.clone(),
            idempotency_key: key.to_string(),
            body_hash: hash,
            refund_type: new.refund_type.as_str().to_string(),
            amount: amount.clone(),
            asset: row.requested_asset.clone(),
            state: RefundState::Unknown.as_str().to_string(),
            upstream_refund_id: None,
            email: new.email.clone(),
            mobile: new.mobile.clone(),
            remarks: new.remarks.clone(),
            error_message: None,
            created_at: now,
            updated_at: now,
        };
        let mut refunds = refund_views(&row);
        refunds.push(RefundView {
            id: record.id.clone(),
            refund_type: new.refund_type,
            amount: amount.clone(),
            asset: row.requested_asset.clone(),
            state: RefundState::Unknown,
            created_at: rfc3339_ms(now),
            updated_at: rfc3339_ms(now),
        });
        let refund_id = record.id.clone();
        let insert: AlsoWrite = Box::new(move |conn| {
            Box::pin(async move { store::insert_refund(conn, &record).await })
        });
        // Money of an underpaid sale going back closes the sale: what the customer sends after
        // is late money, never the rest of a payment that would then show as paid.
        let closes = row.state.live() == Some(PaymentState::Underpaid);
        let row = self.save_refunds(&row, refunds, insert, closes).await?;
        tracing::info!(
            payment = %row.id, refund = %refund_id, kind = new.refund_type.as_str(), %amount,
            device = caller.device_id.as_deref().unwrap_or("-"), "refund asked"
        );

        // In its own task: a client that hangs up must not cancel a refund half-asked.
        let state = self.clone();
        let (id, asset) = (row.id.clone(), row.requested_asset.clone());
        let answer = tokio::spawn(async move {
            let parts = RefundRequestParts {
                payment_code: &code,
                refund_type: new.refund_type,
                asset: &asset,
                amount: &amount,
                email: new.email.as_deref(),
                mobile: new.mobile.as_deref(),
                remarks: new.remarks.as_deref(),
            };
            state.upstream.refund(&id, parts).await
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;

        let (next, upstream_id, refusal) = match &answer {
            Ok(ok) => (RefundState::Requested, ok.refund_id.clone(), None),
            Err(e) if e.certainly_not_done() => (RefundState::Failed, None, Some(e.to_string())),
            // Timeout, reset, cut-off or unreadable: it may exist upstream.
            Err(_) => (RefundState::Unknown, None, None),
        };
        let row = self
            .set_refund_state(&row.id, &refund_id, next, upstream_id, refusal)
            .await?;
        match answer {
            Ok(_) => Ok((StatusCode::CREATED, self.view(&row))),
            Err(e) if e.certainly_not_done() => Err(e.into()),
            Err(e) => {
                tracing::warn!(
                    payment = %row.id, refund = %refund_id, error = %e,
                    "refund answer lost: it stays unknown until the upstream says"
                );
                Err(AppError::RefundUnknown(e))
            }
        }
    }

    /// Writes the payment's refunds summary with `also` in one transaction, and publishes the
    /// payment's event. The row as stored afterwards.
    async fn save_refunds(
        &self,
        row: &PaymentRow,
        refunds: Vec<RefundView>,
        also: AlsoWrite,
        closes: bool,
    ) -> AppResult<PaymentRow> {
        let now = now_ms();
        let mut next = PaymentRow {
            refunds: serde_json::to_string(&refunds)
                .map_err(|e| AppError::Internal(e.to_string()))?,
            updated_at: now,
            ..row.clone()
        };
        if closes {
            next.state = RowState::Live(PaymentState::Cancelled);
            next.closed_at = Some(now);
        }
        if !self
            .commit_with(row, &next, EventKind::Updated, Some(also))
            .await?
        {
            return Err(AppError::conflict(
                "the payment changed meanwhile; try again",
                None,
            ));
        }
        Ok(PaymentRow {
            version: row.version + 1,
            ..next
        })
    }

    /// Moves one refund to `state` (re-reading the payment, under its lock).
    async fn set_refund_state(
        &self,
        payment_id: &str,
        refund_id: &str,
        state: RefundState,
        upstream_id: Option<String>,
        refusal: Option<String>,
    ) -> AppResult<PaymentRow> {
        let row = store::payment(&self.db, payment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = now_ms();
        let mut refunds = refund_views(&row);
        for refund in refunds.iter_mut().filter(|r| r.id == refund_id) {
            refund.state = state;
            refund.updated_at = rfc3339_ms(now);
        }
        let id = refund_id.to_string();
        let write: AlsoWrite = Box::new(move |conn| {
            Box::pin(async move {
                store::set_refund_state(
                    conn,
                    &id,
                    state.as_str(),
                    upstream_id.as_deref(),
                    refusal.as_deref(),
                    now,
                )
                .await
            })
        });
        self.save_refunds(&row, refunds, write, false).await
    }

    /// What a getupdate answer settles of the payment's refund in flight (see
    /// [`refund::settle`]): the payment's refund list as it becomes, and the write that moves
    /// the refund's row, for the payment's own transaction (one event, no moment where a
    /// refunded payment shows a refund still requested). `None` when nothing changes.
    pub(crate) fn refunds_settled(
        &self,
        row: &PaymentRow,
        info: &PaymentUpdateInfo,
    ) -> AppResult<Option<(String, AlsoWrite)>> {
        if !crate::payments::rows::refund_pending(row) {
            return Ok(None);
        }
        let decimals = pay_decimals(&self.catalogue, &row.requested_asset);
        let amount = |text: &Option<String>| {
            text.as_deref()
                .and_then(|text| money::parse_upstream(text, decimals).ok())
        };
        let evidence = RefundEvidence {
            status: info.payment_status,
            refunded: amount(&info.payment_refunded_amount),
            pending: amount(&info.payment_refund_pending_amount),
        };
        let received =
            money::parse_non_negative(&row.received, money::MAX_PRECISION).unwrap_or_default();
        let before = refund_views(row);
        let mut after = before.clone();
        let now = now_ms();
        let window = self.refund_settle_ms;
        let past_window = |r: &RefundView| {
            wct_api::clock::parse_rfc3339(&r.created_at)
                .is_some_and(|secs| now.saturating_sub(secs.saturating_mul(1000)) >= window)
        };
        if !refund::settle(
            &mut after,
            evidence,
            received,
            past_window,
            &rfc3339_ms(now),
        ) {
            return Ok(None);
        }
        let moved: Vec<(String, RefundState)> = after
            .iter()
            .zip(&before)
            .filter(|(a, b)| a.state != b.state)
            .map(|(a, _)| (a.id.clone(), a.state))
            .collect();
        for (id, state) in &moved {
            match state {
                RefundState::NeedsAttention => tracing::warn!(
                    payment = %row.id, refund = %id, refunded = ?evidence.refunded,
                    pending = ?evidence.pending,
                    "the upstream's refund totals match no refund of ours: needs attention"
                ),
                state => tracing::info!(
                    payment = %row.id, refund = %id, state = state.as_str(),
                    "refund settled by the upstream's totals"
                ),
            }
        }
        let write: AlsoWrite = Box::new(move |conn| {
            Box::pin(async move {
                for (id, state) in &moved {
                    store::set_refund_state(conn, id, state.as_str(), None, None, now).await?;
                }
                Ok(())
            })
        });
        let refunds =
            serde_json::to_string(&after).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Some((refunds, write)))
    }
}

/// `POST /api/payments/{id}/refunds`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/payments/{id}/refunds", post(refunds_create))
}
