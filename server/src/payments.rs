//! Payment operations shared by handlers, postback intake and the reconciler: create, sync
//! with getupdate, cancel, and recovery of rows a crash left in `creating`.

use std::sync::Arc;

use axum::http::StatusCode;
use wct_api::pos::{EventKind, NewPayment, PaymentView};
use wct_api::upstream::PaymentUpdateInfo;
use wct_api::PaymentState;

use crate::error::{AppError, AppResult};
use crate::ledger::{self, pay_decimals};
use crate::state::{AppState, Published};
use crate::store::{self, InsertError, NewRow, PaymentRow, Terminal, CREATING, FAILED};
use crate::upstream::UpstreamError;
use crate::util::{now_ms, now_secs, random_token, sha256_hex};

impl AppState {
    pub fn view(&self, row: &PaymentRow) -> PaymentView {
        ledger::payment_view(row, &self.view_context())
    }

    /// Writes `next` over `old` (compare-and-set) with its event, then publishes the event.
    /// False when the row changed underneath (the caller re-reads).
    async fn commit(
        &self,
        old: &PaymentRow,
        next: &PaymentRow,
        kind: EventKind,
    ) -> Result<bool, sqlx::Error> {
        let view = self.view(next);
        let view_json = serde_json::to_string(&view).unwrap_or_default();
        let _writer = self.event_writer.lock().await;
        let mut tx = self.db.begin().await?;
        store::lock_events(&mut tx).await?;
        if !store::save_payment(&mut tx, next, &old.state).await? {
            return Ok(false);
        }
        let seq = store::insert_event(
            &mut tx,
            &next.id,
            &next.terminal_id,
            &next.store,
            kind,
            &view_json,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(payment = %next.id, state = %next.state, ?kind, seq, "payment event");
        if self.shared_events {
            // Every instance (this one too) publishes from the events table on NOTIFY, so
            // live streams see one ordered sequence whoever wrote it.
            return Ok(true);
        }
        // No receiver is fine: nobody is watching.
        let _ = self.events.send(Arc::new(Published {
            seq,
            payment_id: next.id.clone(),
            terminal_id: next.terminal_id.clone(),
            store: next.store.clone(),
            kind,
            view,
        }));
        Ok(true)
    }

    /// `POST /api/payments` after parsing: idempotency, reference check, store, upstream.
    pub async fn create_payment(
        &self,
        terminal: &Terminal,
        idempotency_key: &str,
        fields: NewPayment,
    ) -> AppResult<(StatusCode, PaymentView)> {
        let today = wct_api::clock::date_of(now_secs());
        wct_api::validate::validate_payment(&fields, &self.catalogue, today)
            .map_err(AppError::Validation)?;
        let fields_json =
            serde_json::to_string(&fields).map_err(|e| AppError::Internal(e.to_string()))?;
        let body_hash = sha256_hex(fields_json.as_bytes());

        let existing =
            store::payment_by_idempotency_key(&self.db, &terminal.id, idempotency_key).await?;
        let (id, token) = match existing {
            Some(row) => {
                if row.body_hash != body_hash {
                    return Err(AppError::conflict(
                        "this Idempotency-Key was already used for a different payment",
                        Some("Idempotency-Key"),
                    ));
                }
                match row.state.as_str() {
                    CREATING => return Err(in_progress()),
                    FAILED => {
                        if !store::retry_failed(&self.db, &row.id)
                            .await
                            .map_err(insert_error)?
                        {
                            return Err(in_progress());
                        }
                        (row.id, row.postback_token)
                    }
                    _ => return Ok((StatusCode::OK, self.view(&row))),
                }
            }
            None => {
                if store::reference_taken(&self.db, &fields.reference).await? {
                    return Err(reference_used());
                }
                if !self.limiter.allow(&terminal.id) {
                    return Err(AppError::RateLimited);
                }
                let id = format!("p_{}", random_token(20));
                let token = random_token(40);
                let new = NewRow {
                    id: &id,
                    terminal_id: &terminal.id,
                    store: &terminal.store,
                    idempotency_key,
                    body_hash: &body_hash,
                    fields: &fields,
                    fields_json: &fields_json,
                    postback_token: &token,
                };
                store::insert_creating(&self.db, &new)
                    .await
                    .map_err(insert_error)?;
                (id, token)
            }
        };
        // In its own task: a client that hangs up must not cancel a half-done create.
        let state = self.clone();
        tokio::spawn(async move { state.finish_create(&id, &token, &fields).await })
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map(|view| (StatusCode::CREATED, view))
    }

    async fn finish_create(
        &self,
        id: &str,
        token: &str,
        fields: &NewPayment,
    ) -> AppResult<PaymentView> {
        let postback_url = format!("{}/postback/{token}", self.public_url);
        let price_url = format!("{}/postback/price/{token}", self.public_url);
        let created = self
            .upstream
            .create(id, fields, postback_url, price_url)
            .await;
        let row = store::payment(&self.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let ok = match created {
            Ok(ok) => ok,
            Err(e) => {
                store::mark_failed(&self.db, id, e.code_str(), &e.to_string()).await?;
                return Err(e.into());
            }
        };
        let decimals = pay_decimals(&self.catalogue, &fields.requested_asset);
        let mut next = ledger::apply_created(&row, &ok, decimals);
        if next.expires_at.is_none() {
            // The documented create answer may not say when the quote expires: ask now.
            match self.upstream.getupdate(id, &ok.payment_code).await {
                Ok(info) => {
                    if let Some((merged, _)) = ledger::merge(&next, &info, decimals) {
                        next = merged;
                    }
                }
                Err(e) => tracing::warn!(payment = id, error = %e, "no expiry known yet"),
            }
        }
        if !self.commit(&row, &next, EventKind::Created).await? {
            return Err(AppError::Internal("payment changed while creating".into()));
        }
        Ok(self.view(&next))
    }

    /// Reads the payment's state from the upstream now and applies it (under its lock).
    pub async fn sync_payment(&self, id: &str) -> AppResult<PaymentRow> {
        let slot = self.locks.slot(id);
        let result = {
            let _guard = slot.lock.lock().await;
            slot.dequeue();
            self.sync_locked(id).await
        };
        self.locks.release(id, slot);
        result
    }

    async fn sync_locked(&self, id: &str) -> AppResult<PaymentRow> {
        for _ in 0..3 {
            let row = store::payment(&self.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let code = match (&row.payment_code, row.state.as_str()) {
                (_, CREATING | FAILED) => return Ok(row),
                (_, s) if s == PaymentState::Cancelled.as_str() => return Ok(row),
                (Some(code), _) => code.clone(),
                (None, _) => return Ok(row),
            };
            let info = self.upstream.getupdate(id, &code).await?;
            match self.apply_update(&row, &info).await? {
                Some(next) => return Ok(next),
                None => continue,
            }
        }
        Err(AppError::Internal(format!("payment {id} kept changing")))
    }

    /// Applies a getupdate answer. `Some(row)` as stored afterwards; `None` if the row
    /// changed underneath (retry).
    async fn apply_update(
        &self,
        row: &PaymentRow,
        info: &PaymentUpdateInfo,
    ) -> AppResult<Option<PaymentRow>> {
        let decimals = pay_decimals(&self.catalogue, &row.requested_asset);
        let Some((next, kind)) = ledger::merge(row, info, decimals) else {
            return Ok(Some(row.clone()));
        };
        if self.commit(row, &next, kind).await? {
            Ok(Some(PaymentRow {
                version: row.version + 1,
                ..next
            }))
        } else {
            Ok(None)
        }
    }

    /// A postback or a timer says "look again": sync in the background, coalescing nudges
    /// that arrive while one sync is already waiting.
    pub fn nudge(&self, id: String) {
        let slot = self.locks.slot(&id);
        if !slot.enqueue() {
            self.locks.release(&id, slot);
            return;
        }
        self.locks.release(&id, slot);
        let state = self.clone();
        tokio::spawn(async move {
            if state.shutdown.is_cancelled() {
                return;
            }
            if let Err(e) = state.sync_payment(&id).await {
                tracing::warn!(payment = %id, error = %e, "sync failed; the reconciler will retry");
            }
        });
    }

    /// Cancels locally (the documented API has no cancel): only while still open.
    pub async fn cancel_payment(&self, row: &PaymentRow) -> AppResult<PaymentView> {
        let slot = self.locks.slot(&row.id);
        let result = {
            let _guard = slot.lock.lock().await;
            self.cancel_locked(&row.id).await
        };
        self.locks.release(&row.id, slot);
        result
    }

    async fn cancel_locked(&self, id: &str) -> AppResult<PaymentView> {
        let row = store::payment(&self.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let state = ledger::row_state(&row);
        if !state.is_open() {
            return Err(AppError::conflict(
                format!("the payment is already {state} and cannot be cancelled"),
                None,
            ));
        }
        let next = PaymentRow {
            state: PaymentState::Cancelled.as_str().into(),
            updated_at: now_ms(),
            ..row.clone()
        };
        if !self.commit(&row, &next, EventKind::Updated).await? {
            return Err(AppError::conflict(
                "the payment changed meanwhile; try again",
                None,
            ));
        }
        Ok(self.view(&next))
    }

    /// Rows left in `creating` (a crash mid-create): the upstream dedupes by reference, so
    /// ask it by reference; found → completed, refused → failed, unreachable → next time.
    pub async fn resolve_creating(&self, before_ms: i64) -> Result<(), sqlx::Error> {
        for row in store::stale_creating(&self.db, before_ms).await? {
            match self
                .upstream
                .getupdate_by_reference(&row.id, &row.reference)
                .await
            {
                Ok(info) if info.payment_code.is_some() => {
                    let decimals = pay_decimals(&self.catalogue, &row.requested_asset);
                    if let Some((next, _)) = ledger::merge(&row, &info, decimals) {
                        self.commit(&row, &next, EventKind::Created).await?;
                        tracing::info!(payment = %row.id, "recovered a payment left creating");
                    }
                }
                Ok(_) | Err(UpstreamError::Rejected(_)) => {
                    store::mark_failed(
                        &self.db,
                        &row.id,
                        "upstream_rejected",
                        "the payment was not created upstream",
                    )
                    .await?;
                    tracing::info!(payment = %row.id, "a payment left creating was never created");
                }
                Err(e) => tracing::warn!(payment = %row.id, error = %e, "cannot resolve yet"),
            }
        }
        Ok(())
    }
}

fn in_progress() -> AppError {
    AppError::conflict(
        "a request with this Idempotency-Key is still in progress",
        Some("Idempotency-Key"),
    )
}

fn reference_used() -> AppError {
    AppError::conflict(
        "this reference was already used for another payment",
        Some("reference"),
    )
}

fn insert_error(e: InsertError) -> AppError {
    match e {
        InsertError::DuplicateKey => in_progress(),
        InsertError::DuplicateReference => reference_used(),
        InsertError::Db(e) => e.into(),
    }
}
