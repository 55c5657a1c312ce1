//! Payment operations shared by handlers, postback intake and the reconciler: create (and the
//! resolution of creates whose answer was lost), sync with getupdate, cancel, and "keep as
//! payment" for money that came after the payment closed.
//!
//! Every upstream answer goes through `wct_api::verify` against the order as stored here
//! before any of it is stored or shown.

use std::sync::Arc;

use axum::http::StatusCode;
use wct_api::pos::{EventKind, NewPayment, PaymentView};
use wct_api::upstream::CreatePosPaymentOk;
use wct_api::verify::{self, Mismatch};
use wct_api::PaymentState;

use crate::http::error::{AppError, AppResult};
use crate::payments::reconcile;
use crate::payments::rows::{self, pay_decimals};
use crate::payments::state::Published;
use crate::store::{self, InsertError, NewRow, PaymentRow, RowState, Terminal, UpstreamLog};
use crate::upstream::UpstreamError;
use crate::util::{now_ms, now_secs, random_token, sha256_hex};
use crate::AppState;

/// A write that goes with a payment's change, in its transaction (a refund's record).
pub type AlsoWrite = Box<
    dyn for<'c> FnOnce(
            &'c mut sqlx::AnyConnection,
        ) -> futures_util::future::BoxFuture<'c, Result<(), sqlx::Error>>
        + Send,
>;

/// What a create answer leads to (`check_created`).
pub(crate) enum Checked {
    /// The quote to store (boxed: a row is large, and this is returned once per create).
    Store(Box<PaymentRow>),
    /// A mismatch: the payment is rejected.
    Reject(Mismatch),
    /// No payment code in the answer.
    NoCode,
}

/// Whether a commit first checks that the payment's code is no other payment's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeCheck {
    None,
    Free,
}

/// What a commit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Committed {
    /// The row and its event are written.
    Written,
    /// The row had changed underneath: nothing of it was written.
    Changed,
    /// Another payment holds the code: nothing of the row was written (the log entry was).
    CodeTaken,
}

/// The transaction's side of [`Committed`], with the event to publish.
enum Step {
    Written(i64, String, String),
    Changed,
    CodeTaken,
}

/// What asking the upstream about a create whose answer was lost found out.
pub(crate) enum Resolution {
    /// It exists, its quote passed the checks, and it is stored.
    Found(Box<PaymentRow>),
    /// The upstream definitely does not know it: it was never created.
    NotCreated,
    /// Still no answer: it stays unknown.
    StillUnknown(UpstreamError),
}

impl AppState {
    pub fn view(&self, row: &PaymentRow) -> PaymentView {
        rows::payment_view(row, &self.view_context())
    }

    /// Writes `next` over `old` (compare-and-set) with its event, then publishes the event.
    /// Schedules the payment's next check on the way. False when the row changed underneath
    /// (the caller re-reads).
    pub(crate) async fn commit(
        &self,
        old: &PaymentRow,
        next: &PaymentRow,
        kind: EventKind,
    ) -> Result<bool, sqlx::Error> {
        self.commit_with(old, next, kind, None).await
    }

    /// `commit`, with `also` written in the same transaction (only if the row is written).
    pub(crate) async fn commit_with(
        &self,
        old: &PaymentRow,
        next: &PaymentRow,
        kind: EventKind,
        also: Option<AlsoWrite>,
    ) -> Result<bool, sqlx::Error> {
        self.commit_logged(old, next, kind, also, None).await
    }

    /// `commit_with`, with an upstream log entry written in the same transaction whether or
    /// not the row is (a create's: one commit for its outcome and its log, not two).
    pub(crate) async fn commit_logged(
        &self,
        old: &PaymentRow,
        next: &PaymentRow,
        kind: EventKind,
        also: Option<AlsoWrite>,
        log: Option<UpstreamLog>,
    ) -> Result<bool, sqlx::Error> {
        let committed = self
            .commit_checked(old, next, kind, also, log, CodeCheck::None)
            .await?;
        Ok(matches!(committed, Committed::Written))
    }

    /// `commit_logged`, which with `CodeCheck::Free` first makes sure no other payment holds
    /// `next`'s payment code, in the same transaction: a create's answer is checked and
    /// stored on the writer's connection in one step, not read on another one first.
    pub(crate) async fn commit_checked(
        &self,
        old: &PaymentRow,
        next: &PaymentRow,
        kind: EventKind,
        also: Option<AlsoWrite>,
        log: Option<UpstreamLog>,
        code_check: CodeCheck,
    ) -> Result<Committed, sqlx::Error> {
        let mut next = PaymentRow {
            next_check_at: reconcile::next_check(next, now_ms(), &self.schedule),
            ..next.clone()
        };
        let mut view_json = serde_json::to_string(&self.view(&next)).unwrap_or_default();
        // A receipt number or credit note to issue in the same transaction (rarely: one read).
        let paper = self.receipt_paper(old, &next).await?;
        let viewer = paper.is_some().then(|| self.clone());
        let expected = old.state;
        // Several instances (Postgres): every instance, this one too, publishes from the
        // events table on NOTIFY, so live streams see one ordered sequence whoever wrote it.
        let bus = (!self.shared_events).then(|| self.events.clone());
        let merchant = self.merchant.clone();
        let (id, state) = (next.id.clone(), next.state);
        let bus_id = id.clone();
        // After the commit, on the writer: numbered and published in one order.
        let publish = move |step: &Step| {
            if let (Some(bus), Step::Written(seq, store, view_json)) = (bus, step) {
                bus.send(Arc::new(Published::new(
                    *seq, &bus_id, store, kind, view_json, &merchant,
                )));
            }
        };
        let step = match (paper, viewer, also) {
            // The common change: statements only, on the writer's own connection.
            (None, _, None) => {
                self.writer
                    .run_tx_then(
                        move |tx| {
                            Box::pin(async move {
                                if let Some(early) =
                                    save_change(tx, log.as_ref(), code_check, &next, expected)
                                        .await?
                                {
                                    return Ok(early);
                                }
                                record_change(tx, next, kind, view_json).await
                            })
                        },
                        publish,
                    )
                    .await?
            }
            (paper, viewer, also) => {
                self.writer
                    .run_then(
                        move |conn| {
                            Box::pin(async move {
                                if let Some(early) =
                                    save_change(conn, log.as_ref(), code_check, &next, expected)
                                        .await?
                                {
                                    return Ok(early);
                                }
                                if let (Some(paper), Some(viewer)) = (paper, viewer) {
                                    super::receipts::issue(conn, &mut next, paper).await?;
                                    // The event's view carries the number just drawn.
                                    view_json = serde_json::to_string(&viewer.view(&next))
                                        .unwrap_or_default();
                                }
                                if let Some(also) = also {
                                    also(conn).await?;
                                }
                                record_change(conn, next, kind, view_json).await
                            })
                        },
                        publish,
                    )
                    .await?
            }
        };
        Ok(match step {
            Step::Written(seq, _, _) => {
                metrics::counter!("payment_events_total", "state" => state.as_str()).increment(1);
                tracing::info!(payment = %id, %state, ?kind, seq, "payment event");
                Committed::Written
            }
            Step::Changed => Committed::Changed,
            Step::CodeTaken => Committed::CodeTaken,
        })
    }

    /// `POST /api/payments` after parsing: idempotency, reference check, store, upstream.
    pub async fn create_payment(
        &self,
        terminal: &Terminal,
        idempotency_key: &str,
        mut fields: NewPayment,
        pin: Option<&str>,
    ) -> AppResult<(StatusCode, PaymentView)> {
        // The store's rules (tax, discounts, the catalogue, its country): one settings read.
        let settings = crate::reports::store_settings(self, &terminal.store).await?;
        if wct_api::validate::wants_store_country(&fields) {
            wct_api::validate::normalize_payment_in(&mut fields, settings.country.as_deref());
        }
        let today = wct_api::clock::date_of(now_secs());
        wct_api::tax::validate_sale(&fields, &self.catalogue, today, &settings.tax)
            .map_err(AppError::Validation)?;
        let sale = self
            .check_sale_rules(terminal, &fields, &settings, pin)
            .await?;
        let sale_json =
            Some(serde_json::to_string(&sale).map_err(|e| AppError::Internal(e.to_string()))?);
        crate::reports::check_tip(self, &terminal.store, &fields).await?;
        let fields_json =
            serde_json::to_string(&fields).map_err(|e| AppError::Internal(e.to_string()))?;
        let body_hash = sha256_hex(fields_json.as_bytes());

        // Insert first: the unique indexes decide, and only a conflict costs a read.
        if !self.limiter.allow(&terminal.id) {
            // A retry of an accepted request is answered even when new creates are throttled.
            return match store::payment_by_idempotency_key(&self.db, &terminal.id, idempotency_key)
                .await?
            {
                Some(row) => self.create_again(row, &body_hash, fields).await,
                None => Err(AppError::RateLimited),
            };
        }
        let new = NewRow {
            id: format!("p_{}", random_token(20)),
            terminal_id: terminal.id.clone(),
            store: terminal.store.clone(),
            idempotency_key: idempotency_key.to_string(),
            body_hash: body_hash.clone(),
            fields: fields.clone(),
            fields_json,
            postback_token: random_token(40),
            sale_json,
        };
        let device = terminal.device_id.clone();
        let inserted = self
            .writer
            .run_tx(move |tx| {
                Box::pin(async move {
                    // Authorised again where the create takes effect.
                    if let Some(device) = device.as_deref() {
                        if !store::device_live(tx, device).await? {
                            return Err(InsertError::Revoked);
                        }
                    }
                    store::insert_creating(tx, &new).await
                })
            })
            .await;
        match inserted {
            Ok(row) => self.spawn_create(row, fields).await,
            // A retry collides with its own first row (on the key, or on the reference,
            // whichever index the database checks first): the key decides.
            Err(conflict @ (InsertError::DuplicateKey | InsertError::DuplicateReference)) => {
                let first =
                    store::payment_by_idempotency_key(&self.db, &terminal.id, idempotency_key)
                        .await?;
                match (first, conflict) {
                    (Some(row), _) => self.create_again(row, &body_hash, fields).await,
                    (None, InsertError::DuplicateReference) => {
                        let holder = store::reference_holder(&self.db, &fields.reference).await?;
                        Err(reference_used(
                            holder.unwrap_or(RowState::Live(PaymentState::Awaiting)),
                        ))
                    }
                    // Its holder failed and was retried away in between: ask the client again.
                    (None, _) => Err(in_progress()),
                }
            }
            Err(e) => Err(insert_error(e)),
        }
    }

    /// The catalogue (nothing charged at a stale price) and the discount share the store
    /// allows without the manager PIN.
    async fn check_sale_rules(
        &self,
        terminal: &Terminal,
        fields: &NewPayment,
        settings: &wct_api::pos::StoreSettings,
        pin: Option<&str>,
    ) -> AppResult<wct_api::tax::Breakdown> {
        let decimals = wct_api::pos::fiat_decimals(Some(&self.catalogue), &fields.asset);
        let stale = crate::products::check_cart_against_catalogue(
            self,
            &terminal.store,
            fields,
            &settings.tax,
            decimals,
        )
        .await?;
        if !stale.is_empty() {
            tracing::info!(store = %terminal.store, lines = stale.len(), "cart refused: stale");
            return Err(AppError::CartStale(stale));
        }
        let breakdown = wct_api::tax::sale_breakdown(fields, &settings.tax, decimals)
            .map_err(AppError::Validation)?;
        let share = wct_api::tax::discount_share(&breakdown);
        let max = settings.discount_share();
        if share <= max {
            return Ok(breakdown);
        }
        let Some(pin) = pin.filter(|p| !p.is_empty()) else {
            return Err(AppError::DiscountNeedsPin {
                share: share.round_dp(2).normalize().to_string(),
                max: max.to_string(),
            });
        };
        let caller = crate::devices::Caller {
            terminal: terminal.clone(),
            device_id: terminal.device_id.clone(),
        };
        self.check_manager_pin(&caller, pin).await?;
        tracing::info!(
            store = %terminal.store, terminal = %terminal.id, share = %share.round_dp(2),
            "discount above the store's share allowed with the manager PIN"
        );
        Ok(breakdown)
    }

    /// The same Idempotency-Key again: the same body gets the first request's outcome
    /// (settled now if it was lost), a different body a conflict.
    pub(crate) async fn create_again(
        &self,
        row: PaymentRow,
        body_hash: &str,
        fields: NewPayment,
    ) -> AppResult<(StatusCode, PaymentView)> {
        if row.body_hash != body_hash {
            return Err(AppError::conflict(
                "this Idempotency-Key was already used for a different payment",
                Some("Idempotency-Key"),
            ));
        }
        match row.state {
            RowState::Creating => Err(in_progress()),
            RowState::Unknown => self.retry_unknown(row, &fields).await,
            RowState::Failed => {
                self.create_once_more(&row.id, RowState::Failed, fields)
                    .await
            }
            RowState::Live(PaymentState::Rejected) => Err(AppError::conflict(
                row.alert
                    .unwrap_or_else(|| "this payment was refused".into()),
                None,
            )),
            RowState::Live(_) => Ok((StatusCode::OK, self.view(&row))),
        }
    }

    /// A second attempt of a create that certainly never happened upstream (failed, or
    /// unknown and then not found): only one request wins the row back to `creating`.
    pub(crate) async fn create_once_more(
        &self,
        id: &str,
        from: RowState,
        fields: NewPayment,
    ) -> AppResult<(StatusCode, PaymentView)> {
        if !self.retry_create(id, from).await.map_err(insert_error)? {
            return Err(in_progress());
        }
        let row = store::payment(&self.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.spawn_create(row, fields).await
    }

    /// Runs the upstream create in its own task: a client that hangs up must not cancel a
    /// half-done create.
    pub(crate) async fn spawn_create(
        &self,
        row: PaymentRow,
        fields: NewPayment,
    ) -> AppResult<(StatusCode, PaymentView)> {
        let state = self.clone();
        tokio::spawn(async move { state.finish_create(row, &fields).await })
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map(|view| (StatusCode::CREATED, view))
    }

    /// `row` is the `creating` row as stored: nothing else changes a row in that state.
    pub(crate) async fn finish_create(
        &self,
        row: PaymentRow,
        fields: &NewPayment,
    ) -> AppResult<PaymentView> {
        let id = row.id.as_str();
        let token = &row.postback_token;
        let postback_url = format!("{}/postback/{token}", self.public_url);
        let price_url = format!("{}/postback/price/{token}", self.public_url);
        let (created, log) = self
            .upstream
            .create(id, fields, postback_url, price_url)
            .await;
        let e = match created {
            Ok(ok) => return self.store_created(&row, &ok, log).await,
            Err(e) => e,
        };
        // The attempt is marked next: the log entry commits with it, or before.
        self.upstream.queue_log(log).await;
        match e {
            e if e.certainly_not_done() => {
                self.mark_attempt(
                    id,
                    RowState::Creating,
                    RowState::Failed,
                    e.code_str(),
                    &e.to_string(),
                )
                .await?;
                Err(e.into())
            }
            e => {
                // Timeout, reset, cut-off or unreadable: it may exist upstream. Hold the
                // reference until getupdate by reference says what happened.
                self.mark_attempt(
                    id,
                    RowState::Creating,
                    RowState::Unknown,
                    "upstream_unknown",
                    &e.to_string(),
                )
                .await?;
                tracing::warn!(
                    payment = id, error = %e,
                    "create answer lost: the payment is unknown until the upstream is asked"
                );
                Err(AppError::UpstreamUnknown(e))
            }
        }
    }

    /// Checks a create answer against the order and stores it, or rejects the payment.
    /// The exchange's log entry `log` commits in the same transaction as the quote (one
    /// commit, not two, before the answer); the rarer outcomes queue it ahead of their writes.
    pub(crate) async fn store_created(
        &self,
        row: &PaymentRow,
        ok: &CreatePosPaymentOk,
        log: UpstreamLog,
    ) -> AppResult<PaymentView> {
        let next = match self.check_created(row, ok).await {
            Ok(Checked::Store(next)) => *next,
            Ok(Checked::Reject(why)) => {
                self.upstream.queue_log(log).await;
                return Err(self.reject(row, why).await);
            }
            Ok(Checked::NoCode) => {
                self.upstream.queue_log(log).await;
                return self.settle_without_code(row).await;
            }
            Err(e) => {
                self.upstream.queue_log(log).await;
                return Err(e);
            }
        };
        let committed = self
            .commit_checked(
                row,
                &next,
                EventKind::Created,
                None,
                Some(log),
                CodeCheck::Free,
            )
            .await?;
        match committed {
            Committed::Written => Ok(self.view(&next)),
            Committed::Changed => Err(AppError::Internal("payment changed while creating".into())),
            Committed::CodeTaken => {
                let code = next.payment_code.clone().unwrap_or_default();
                Err(self.reject(row, Mismatch::CodeTaken { code }).await)
            }
        }
    }

    /// What a create answer leads to, before anything is written.
    pub(crate) async fn check_created(
        &self,
        row: &PaymentRow,
        ok: &CreatePosPaymentOk,
    ) -> AppResult<Checked> {
        let order = rows::order_of(row, &self.catalogue);
        let quote = match verify::check_create(&order, ok, &self.policy, now_secs()) {
            Ok(quote) => quote,
            Err(why) => return Ok(Checked::Reject(why)),
        };
        // Whether another payment holds the code is checked where the quote is stored
        // (`store_created`), in the same transaction.
        let Some(code) = ok.payment_code.as_deref() else {
            return Ok(Checked::NoCode);
        };
        let decimals = pay_decimals(&self.catalogue, &row.requested_asset);
        let mut next = rows::apply_quote(
            row,
            &quote,
            code,
            ok.payment_id.as_deref(),
            decimals,
            now_ms(),
        );
        if next.expires_at.is_none() {
            // The documented create answer may not say when the quote expires: ask now.
            match self.upstream.getupdate(&row.id, code).await {
                Ok(info) => {
                    let checked = verify::check_update(&order, &info, &self.policy, now_secs());
                    let checked = checked.and_then(|update| {
                        // The create answer may have lacked the rate too: take it from here,
                        // checked like the create's own would have been.
                        if next.exchange_rate.is_none() {
                            if let Some(rate) = update.rate {
                                verify::check_value(
                                    &order,
                                    &self.policy,
                                    rust_decimal::Decimal::ZERO,
                                    quote.amount,
                                    rate,
                                )?;
                                next.exchange_rate = Some(rate.to_string());
                            }
                        }
                        Ok(update)
                    });
                    match checked {
                        Ok(update) => next.expires_at = update.expires_at,
                        Err(why) => return Ok(Checked::Reject(why)),
                    }
                }
                Err(e) => tracing::warn!(payment = %row.id, error = %e, "no expiry known yet"),
            }
        }
        Ok(Checked::Store(Box::new(next)))
    }

    /// A create answer that names no payment code (the seed does not promise one): the
    /// payment exists upstream, so it holds its reference as `unknown` while getupdate by
    /// reference names the code and the quote, checked like any answer.
    pub(crate) async fn settle_without_code(&self, row: &PaymentRow) -> AppResult<PaymentView> {
        self.mark_attempt(
            &row.id,
            RowState::Creating,
            RowState::Unknown,
            "upstream_unknown",
            "the create answer named no payment code",
        )
        .await?;
        match self.resolve_locked(&row.id).await? {
            Resolution::Found(found) => Ok(self.view(&found)),
            // It said "created" and then "not found": the row stays unknown and holds its
            // reference; the reconciler asks again and frees it only on a definite nok.
            Resolution::NotCreated => Err(AppError::UpstreamUnknown(UpstreamError::Invalid(
                "the create answer named no payment code and getupdate did not find it".into(),
            ))),
            Resolution::StillUnknown(e) => Err(AppError::UpstreamUnknown(e)),
        }
    }

    /// Whether `code` is free for `row`: a code the upstream already gave another payment
    /// would make two sales share one customer page, so it is refused like any mismatch.
    pub(crate) async fn check_code_free(
        &self,
        row: &PaymentRow,
        code: &str,
    ) -> Result<Result<(), Mismatch>, sqlx::Error> {
        Ok(match store::payment_by_code(&self.db, code).await? {
            Some(other) if other.id != row.id => Err(Mismatch::CodeTaken {
                code: code.to_string(),
            }),
            _ => Ok(()),
        })
    }

    /// Marks the payment rejected (final, with the reason) and logs one line a person can act
    /// on. Nothing of the refused answer is stored.
    pub(crate) async fn reject(&self, row: &PaymentRow, why: Mismatch) -> AppError {
        tracing::error!(
            payment = %row.id, reference = %row.reference, asset = %row.requested_asset,
            amount = %row.amount, settlement = %row.asset, mismatch = ?why,
            "refused the payment service's answer: {why}; the payment is rejected and nothing \
             was shown to the customer (check the upstream's configuration or contact WCT Pay)"
        );
        let next = rows::reject(row, &why, now_ms());
        match self.commit(row, &next, EventKind::Created).await {
            Ok(_) => AppError::Mismatch(why),
            Err(e) => e.into(),
        }
    }
}

/// A commit's first statements: its upstream log entry, the code check, and the row's
/// compare-and-set. `Some` when the row is not to be written after all.
async fn save_change(
    tx: &mut dyn store::Tx,
    log: Option<&UpstreamLog>,
    code_check: CodeCheck,
    next: &PaymentRow,
    expected: RowState,
) -> Result<Option<Step>, sqlx::Error> {
    store::lock_events(tx).await?;
    if let Some(entry) = log {
        store::log_upstream(tx, entry).await?;
    }
    if let (CodeCheck::Free, Some(code)) = (code_check, next.payment_code.as_deref()) {
        if store::code_held_elsewhere(tx, code, &next.id).await? {
            return Ok(Some(Step::CodeTaken));
        }
    }
    if !store::save_payment(tx, next, expected).await? {
        return Ok(Some(Step::Changed));
    }
    Ok(None)
}

/// A commit's last statement: the change's event, numbered.
async fn record_change(
    tx: &mut dyn store::Tx,
    next: PaymentRow,
    kind: EventKind,
    view_json: String,
) -> Result<Step, sqlx::Error> {
    let seq = store::insert_event(
        tx,
        &next.id,
        &next.terminal_id,
        &next.store,
        kind,
        &view_json,
    )
    .await?;
    Ok(Step::Written(seq, next.store, view_json))
}

/// How a payment that cannot be cancelled stands, in a cashier's words.
pub(crate) fn has_money_words(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Pending => "with a payment on its way",
        PaymentState::Underpaid => "partly paid",
        PaymentState::Paid => "paid",
        PaymentState::Overpaid => "paid (more than asked)",
        PaymentState::Late => "with money received after it closed",
        _ => "with money received",
    }
}

pub(crate) fn in_progress() -> AppError {
    AppError::conflict(
        "a request with this Idempotency-Key is still in progress",
        Some("Idempotency-Key"),
    )
}

pub(crate) fn reference_used(holder: RowState) -> AppError {
    let message = match holder {
        RowState::Creating | RowState::Unknown => {
            "an earlier payment with this reference may exist upstream (its answer was lost) \
             and is being checked; use a new reference for a new sale"
        }
        _ => "this reference was already used for another payment",
    };
    AppError::conflict(message, Some("reference"))
}

pub(crate) fn insert_error(e: InsertError) -> AppError {
    match e {
        InsertError::DuplicateKey => in_progress(),
        InsertError::DuplicateReference => reference_used(RowState::Live(PaymentState::Awaiting)),
        InsertError::Db(e) => e.into(),
        InsertError::Revoked => AppError::Unauthorized,
    }
}
