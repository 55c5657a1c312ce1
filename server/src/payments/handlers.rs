//! The app-facing API handlers (`/api/*`).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde::Deserialize;
use wct_api::pos::{KeepRequest, PaymentPage, PaymentView, SandboxPay};
use wct_api::{Catalogue, PaymentState};

use crate::devices;
use crate::devices::{Auth, StreamAuth};
use crate::http::error::{AppError, AppResult};
use crate::http::extract::{self, JSON_LIMIT};
use crate::payments::events::{self, Audience};
use crate::store::{self, EventScope, ListQuery, PaymentRow};
use crate::AppState;

/// Alive, and the reconciler is doing its rounds: 503 once its last finished round is older
/// than three intervals (open payments would no longer be re-checked).
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let last = state
        .reconciler_beat
        .load(std::sync::atomic::Ordering::Acquire);
    let ago_ms = crate::util::now_ms().saturating_sub(last).max(0);
    let healthy = ago_ms <= state.schedule.every_ms.saturating_mul(3);
    let body = serde_json::json!({
        "status": if healthy { "ok" } else { "stale" },
        "reconciler_last_round_ms_ago": ago_ms,
        "reconcile_interval_ms": state.schedule.every_ms,
    });
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

/// The manager PIN of a sale whose discounts need it (a header: never stored with the body).
pub const MANAGER_PIN_HEADER: &str = "x-manager-pin";

pub async fn payments_create(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<impl IntoResponse> {
    let key = extract::idempotency_key(&headers)?;
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let fields = super::body::new_payment(&headers, &body)?;
    let pin = headers
        .get(MANAGER_PIN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    let (status, view) = state.create_payment(&terminal, key, fields, pin).await?;
    Ok((status, Json(view)))
}

#[derive(Deserialize)]
pub struct ListParams {
    state: Option<String>,
    limit: Option<String>,
    before: Option<String>,
}

const MAX_PAGE: i64 = 100;

pub async fn payments_index(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Query(params): Query<ListParams>,
) -> AppResult<Json<PaymentPage>> {
    let filter = match params.state.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<PaymentState>()
                .map_err(|_| AppError::bad_request(format!("unknown state {s:?}"), Some("state")))?
                .as_str(),
        ),
    };
    let limit = match params.limit.as_deref().filter(|s| !s.is_empty()) {
        None => 20,
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| {
                AppError::bad_request(format!("limit must be 1 to {MAX_PAGE}"), Some("limit"))
            })?,
    };
    let before = match params.before.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => Some(
            decode_cursor(c)
                .ok_or_else(|| AppError::bad_request("unknown cursor", Some("before")))?,
        ),
    };
    let mut rows = store::list_payments(
        &state.db,
        &ListQuery {
            store: &terminal.store,
            state: filter,
            before,
            limit: limit + 1,
        },
    )
    .await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(20));
        rows.last().map(encode_cursor)
    } else {
        None
    };
    let payments = rows.iter().map(|r| state.view(r)).collect();
    Ok(Json(PaymentPage {
        payments,
        next_cursor,
    }))
}

fn encode_cursor(row: &PaymentRow) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("{}:{}", row.created_at, row.id))
}

fn decode_cursor(text: &str) -> Option<(i64, String)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (at, id) = text.split_once(':')?;
    Some((at.parse().ok()?, id.to_string()))
}

/// A payment of the terminal's store; another store's is "not found", so ids do not leak.
pub(crate) async fn own_payment(state: &AppState, store: &str, id: &str) -> AppResult<PaymentRow> {
    if !crate::http::valid::is_identifier(id) {
        return Err(AppError::NotFound);
    }
    store::terminal_payment(&state.db, store, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn payments_show(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<PaymentView>> {
    let row = own_payment(&state, &terminal.store, &id).await?;
    Ok(Json(state.view(&row)))
}

pub async fn payments_refresh(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<PaymentView>> {
    let row = own_payment(&state, &terminal.store, &id).await?;
    // One upstream call per payment per window, shared by concurrent callers; the others
    // get the stored state.
    let synced = state
        .refreshes
        .run(&row.id, || state.sync_payment(&row.id))
        .await?;
    let row = match synced {
        Some(row) => row,
        None => store::payment(&state.db, &row.id)
            .await?
            .ok_or(AppError::NotFound)?,
    };
    Ok(Json(state.view(&row)))
}

pub async fn payments_cancel(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<PaymentView>> {
    let row = own_payment(&state, &terminal.store, &id).await?;
    Ok(Json(state.cancel_payment(&row).await?))
}

/// `POST /api/payments/{id}/keep`: "Keep as payment" for money received on a closed payment.
pub async fn payments_keep(
    State(state): State<AppState>,
    caller: devices::Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Json<PaymentView>> {
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let keep: KeepRequest = extract::json_body(&headers, &body)?;
    let seen =
        wct_api::money::parse_non_negative(keep.received.trim(), wct_api::money::MAX_PRECISION)
            .map_err(|_| AppError::Invalid {
                message: "the received amount must be a decimal number, like 0.00012000".into(),
                field: "received".into(),
            })?;
    let row = own_payment(&state, &caller.terminal.store, &id).await?;
    Ok(Json(state.keep_payment(&caller, &row, seen).await?))
}

pub async fn payment_events(
    State(state): State<AppState>,
    auth: StreamAuth,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let permit = state
        .streams
        .admit_terminal(&auth.terminal.id)
        .map_err(IntoResponse::into_response)?;
    let opened = async {
        let row = own_payment(&state, &auth.terminal.store, &id).await?;
        let scope = EventScope::Payment(row.id);
        let events = events::stream(
            state.clone(),
            &row.store,
            scope,
            Audience::Terminal,
            auth.last_event_id,
        )
        .await?;
        AppResult::Ok(events.into_response())
    };
    let response = opened.await.map_err(IntoResponse::into_response)?;
    let response = state.streams.bound(response, permit);
    Ok(devices::end_on_revoke(
        &state,
        auth.device_id.as_deref(),
        response,
    ))
}

pub async fn terminal_events(
    State(state): State<AppState>,
    auth: StreamAuth,
) -> Result<Response, Response> {
    let permit = state
        .streams
        .admit_terminal(&auth.terminal.id)
        .map_err(IntoResponse::into_response)?;
    let store = auth.terminal.store;
    let scope = EventScope::Store(store.clone());
    let events = events::stream(
        state.clone(),
        &store,
        scope,
        Audience::Terminal,
        auth.last_event_id,
    )
    .await
    .map_err(|e| AppError::from(e).into_response())?;
    let response = state.streams.bound(events.into_response(), permit);
    Ok(devices::end_on_revoke(
        &state,
        auth.device_id.as_deref(),
        response,
    ))
}

pub async fn assets_index(State(state): State<AppState>, _auth: Auth) -> Json<Catalogue> {
    Json(state.catalogue.clone())
}

/// Sandbox mode only: the simulated customer pays, through the sandbox's own control route.
pub async fn sandbox_pay(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<impl IntoResponse> {
    let base = state.sandbox_url.clone().ok_or(AppError::NotFound)?;
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let pay: SandboxPay = extract::json_body(&headers, &body)?;
    let row = own_payment(&state, &terminal.store, &pay.id).await?;
    let request = serde_json::json!({
        "payment_code": row.payment_code,
        "amount": pay.amount,
        "confirmations": pay.confirmations,
    });
    let answer = state
        .upstream
        .sandbox_control(&format!("{base}/sandbox/pay"), &request)
        .await?;
    match answer {
        Ok(answer) => Ok((StatusCode::OK, Json(answer))),
        Err(reason) => Err(AppError::conflict(reason, None)),
    }
}
