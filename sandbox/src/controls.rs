//! `/sandbox/*`: the simulated customer, clocks, faults and quirks, for development and tests.
//! Mounted only when `config.controls` is on.

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use wct_api::money;
use wct_api::upstream::flex;
use wct_api::StatusCode;

use crate::body::Fields;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::payments::{self, Snapshot};
use crate::postbacks;
use crate::quirks::{ExpiryFormat, Quirks};
use crate::state::{now_ms, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pay", post(payments_pay))
        .route("/confirm", post(payments_confirm))
        .route("/expire", post(payments_expire))
        .route("/cancel", post(payments_cancel))
        .route("/quote-expire", post(quotes_expire))
        .route("/refunds/complete", post(refunds_complete))
        .route("/payments/{code}", get(payments_show))
        .route(
            "/rates",
            get(rates_list).post(rates_set).delete(rates_clear),
        )
        .route(
            "/faults",
            get(faults_show).post(faults_set).delete(faults_clear),
        )
        .route("/postbacks", get(postbacks_list))
        .route(
            "/quirks",
            get(quirks_show).post(quirks_set).delete(quirks_reset),
        )
}

impl Fields {
    /// Reads a control body; problems are 400s, not upstream-style refusals.
    fn control<T: serde::de::DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_value(Value::Object(self.0.clone()))
            .map_err(|e| ApiError::BadRequest(format!("invalid body: {e}")))
    }
}

#[derive(Deserialize)]
struct CodeBody {
    payment_code: String,
    #[serde(default, deserialize_with = "flex::opt_u32")]
    confirmations: Option<u32>,
}

#[derive(Deserialize)]
struct PayBody {
    payment_code: String,
    amount: String,
    /// Confirmations the transaction arrives with; 0 leaves it waiting for `/sandbox/confirm`.
    #[serde(default, deserialize_with = "flex::opt_u32")]
    confirmations: Option<u32>,
}

fn state_json(snap: &Snapshot) -> Value {
    json!({
        "status": "ok",
        "payment_code": snap.payment.code,
        "payment_status": u8::from(snap.payment.status),
        "payment_missing_amount": snap.fixed(snap.missing()),
        "payment_received_amount": snap.fixed(snap.received()),
    })
}

async fn payments_pay(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let body: PayBody = fields.control()?;
    let now = now_ms();
    let mut tx = state.db().begin().await?;
    let mut snap = payments::load_code(&mut tx, &body.payment_code).await?;
    let amount = money::parse_amount(&body.amount, snap.payment.decimals).map_err(|e| {
        ApiError::BadRequest(format!(
            "amount must be a positive decimal in {} with at most {} decimal places ({e})",
            snap.payment.requested_asset, snap.payment.decimals
        ))
    })?;
    payments::requote_if_expired(&mut tx, &state, &mut snap, now).await?;
    let confirmations = body.confirmations.unwrap_or(1);
    let txid = payments::pay(&mut tx, &mut snap, amount, confirmations, now).await?;
    tx.commit().await?;
    state.wake_postbacks();
    let mut answer = state_json(&snap);
    answer["txid"] = txid.into();
    Ok(Json(answer))
}

async fn payments_confirm(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let body: CodeBody = fields.control()?;
    let mut tx = state.db().begin().await?;
    let mut snap = payments::load_code(&mut tx, &body.payment_code).await?;
    let confirmations = body.confirmations.unwrap_or(1);
    let confirmed = payments::confirm(&mut tx, &mut snap, confirmations, now_ms()).await?;
    tx.commit().await?;
    state.wake_postbacks();
    let mut answer = state_json(&snap);
    answer["confirmed"] = confirmed.into();
    Ok(Json(answer))
}

/// Completes the payment's requested refunds now, without waiting for their delay.
async fn refunds_complete(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let body: CodeBody = fields.control()?;
    let now = now_ms();
    let mut tx = state.db().begin().await?;
    let mut snap = payments::load_code(&mut tx, &body.payment_code).await?;
    let completed = payments::complete_refunds(&mut tx, &mut snap, None, now).await?;
    tx.commit().await?;
    state.wake_postbacks();
    let mut answer = state_json(&snap);
    answer["completed"] = completed.into();
    answer["payment_refunded_amount"] = snap.fixed(snap.refunded()).into();
    Ok(Json(answer))
}

/// Ends an open payment as expired (6) or cancelled (4).
async fn finish(
    state: &AppState,
    fields: Fields,
    status: StatusCode,
) -> Result<Json<Value>, ApiError> {
    let body: CodeBody = fields.control()?;
    let mut tx = state.db().begin().await?;
    let mut snap = payments::load_code(&mut tx, &body.payment_code).await?;
    if !snap.is_open() {
        return Err(ApiError::Conflict(format!(
            "payment {} is already {}",
            snap.payment.code,
            payments::status_word(snap.payment.status)
        )));
    }
    payments::finish(&mut tx, &mut snap, status, now_ms()).await?;
    tx.commit().await?;
    state.wake_postbacks();
    Ok(Json(state_json(&snap)))
}

async fn payments_expire(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    finish(&state, fields, StatusCode::Expired).await
}

async fn payments_cancel(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    finish(&state, fields, StatusCode::Cancelled).await
}

async fn quotes_expire(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let body: CodeBody = fields.control()?;
    let mut tx = state.db().begin().await?;
    let mut snap = payments::load_code(&mut tx, &body.payment_code).await?;
    payments::expire_quote(&mut tx, &mut snap, now_ms()).await?;
    tx.commit().await?;
    Ok(Json(state_json(&snap)))
}

async fn payments_show(
    State(state): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.db().acquire().await?;
    let snap = payments::load_code(&mut conn, &code).await?;
    // A control route, not the upstream contract: always Unix seconds, whatever the quirks.
    let mut body = snap.update_json(ExpiryFormat::UnixSeconds, now_ms());
    body["status"] = "ok".into();
    body["reference"] = snap.payment.reference.clone().into();
    body["original_amount"] = snap.payment.amount.clone().into();
    body["original_symbol"] = snap.payment.asset.clone().into();
    Ok(Json(body))
}

#[derive(Deserialize)]
struct RateBody {
    asset: String,
    crypto: String,
    rate: String,
}

async fn rates_set(State(state): State<AppState>, fields: Fields) -> Result<Json<Value>, ApiError> {
    let body: RateBody = fields.control()?;
    let rate = money::parse_amount(&body.rate, money::MAX_PRECISION)
        .map_err(|e| ApiError::BadRequest(format!("rate must be a positive decimal ({e})")))?;
    state.rates().set(&body.asset, &body.crypto, rate);
    Ok(Json(
        json!({"status": "ok", "asset": body.asset, "crypto": body.crypto, "rate": rate.to_string()}),
    ))
}

async fn rates_list(State(state): State<AppState>) -> Json<Value> {
    let now = now_ms();
    let catalogue = &state.config().catalogue;
    let rates: Vec<Value> = catalogue
        .settlement
        .iter()
        .flat_map(|s| catalogue.crypto.iter().map(move |c| (s, c)))
        .filter_map(|(s, c)| {
            let rate = state.rates().rate(&s.symbol, &c.symbol, now)?;
            Some(json!({"asset": s.symbol, "crypto": c.symbol, "rate": rate.to_string()}))
        })
        .collect();
    Json(json!({"status": "ok", "rates": rates}))
}

async fn rates_clear(State(state): State<AppState>) -> Json<Value> {
    state.rates().clear();
    Json(json!({"status": "ok"}))
}

#[derive(Deserialize)]
struct FaultBody {
    mode: crate::faults::FaultMode,
    #[serde(default, deserialize_with = "flex::opt_u32")]
    count: Option<u32>,
    #[serde(default, deserialize_with = "flex::opt_i64")]
    delay_ms: Option<i64>,
}

async fn faults_set(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let body: FaultBody = fields.control()?;
    let fault = Fault {
        mode: body.mode,
        count: body.count.unwrap_or(1),
        delay_ms: u64::try_from(body.delay_ms.unwrap_or(5_000).clamp(0, 120_000)).unwrap_or(0),
    };
    let shown = json!({"status": "ok", "fault": fault});
    if let Ok(mut slot) = state.fault().lock() {
        *slot = (fault.count > 0).then_some(fault);
    }
    Ok(Json(shown))
}

async fn faults_show(State(state): State<AppState>) -> Json<Value> {
    let fault = state.fault().lock().ok().and_then(|f| f.clone());
    Json(json!({"status": "ok", "fault": fault}))
}

async fn faults_clear(State(state): State<AppState>) -> Json<Value> {
    if let Ok(mut slot) = state.fault().lock() {
        *slot = None;
    }
    Json(json!({"status": "ok"}))
}

#[derive(Deserialize)]
struct PostbackFilter {
    payment_code: Option<String>,
}

async fn postbacks_list(
    State(state): State<AppState>,
    Query(filter): Query<PostbackFilter>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.db().acquire().await?;
    let (queue, attempts) = postbacks::log(&mut conn, filter.payment_code.as_deref()).await?;
    Ok(Json(
        json!({"status": "ok", "postbacks": queue, "attempts": attempts}),
    ))
}

fn quirks_json(quirks: Quirks) -> Value {
    json!({"status": "ok", "quirks": quirks, "env": quirks.to_string()})
}

async fn quirks_show(State(state): State<AppState>) -> Json<Value> {
    Json(quirks_json(state.quirks()))
}

/// Replaces the whole set: a switch the body does not name takes its default.
async fn quirks_set(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let quirks: Quirks = fields.control()?;
    state.set_quirks(quirks);
    tracing::info!(%quirks, "quirks set");
    Ok(Json(quirks_json(quirks)))
}

/// Back to the set the sandbox was started with (`WCT_SANDBOX_QUIRKS`).
async fn quirks_reset(State(state): State<AppState>) -> Json<Value> {
    let quirks = state.config().quirks;
    state.set_quirks(quirks);
    Json(quirks_json(quirks))
}
