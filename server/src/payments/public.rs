//! What anyone holding a payment's code may see, under the public lookup budgets: the
//! payment (`/api/public/payments/{code}`), its event stream and, once paid, its receipt.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use wct_api::pos::{PublicPaymentView, PublicReceipt};

use crate::http::error::{AppError, AppResult};
use crate::http::extract::LastEventId;
use crate::http::serve::PeerIp;
use crate::payments::events::{self, Audience};
use crate::store::{self, EventScope, PaymentRow};
use crate::AppState;

/// The payment a public lookup from `ip` names, under the lookup budgets: the address's
/// (before anything is read), then the code's when it exists, or the address's misses
/// (over them: 429 instead of 404). A code outside the identifier alphabet is a miss that
/// never reaches the database.
pub(crate) async fn public_payment(
    state: &AppState,
    ip: std::net::IpAddr,
    code: &str,
) -> Result<PaymentRow, Response> {
    state
        .public_lookups
        .take(ip)
        .map_err(IntoResponse::into_response)?;
    let found = if crate::http::valid::is_identifier(code) {
        store::payment_by_code(&state.db, code)
            .await
            .map_err(|e| AppError::from(e).into_response())?
    } else {
        None
    };
    match found {
        Some(row) => {
            state
                .public_lookups
                .found(code)
                .map_err(IntoResponse::into_response)?;
            Ok(row)
        }
        None => {
            state
                .public_lookups
                .missed(ip)
                .map_err(IntoResponse::into_response)?;
            Err(AppError::NotFound.into_response())
        }
    }
}

pub async fn public_payments_show(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    Path(code): Path<String>,
) -> Result<Json<PublicPaymentView>, Response> {
    let row = public_payment(&state, ip, &code).await?;
    Ok(Json(PublicPaymentView::from_view(
        &state.view(&row),
        &state.merchant,
    )))
}

/// The customer page's stream. Every customer holds a valid code (their payment link), so
/// the places (per address and per code) are taken before the database is read: a flood
/// is refused without touching it.
pub async fn public_payment_events(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    Path(code): Path<String>,
    LastEventId(last): LastEventId,
) -> Result<Response, Response> {
    if !crate::http::valid::is_identifier(&code) {
        // A miss that never takes a stream place.
        public_payment(&state, ip, &code).await?;
    }
    let permit = state
        .streams
        .admit_public(ip, &code)
        .map_err(IntoResponse::into_response)?;
    let row = public_payment(&state, ip, &code).await?;
    let opened = async {
        let scope = EventScope::Payment(row.id);
        let events =
            events::stream(state.clone(), &row.store, scope, Audience::Public, last).await?;
        AppResult::Ok(events.into_response())
    };
    let response = opened.await.map_err(IntoResponse::into_response)?;
    Ok(state.streams.bound(response, permit))
}

/// `GET /api/public/receipts/{code}` (no token): the receipt of a paid payment, by its
/// payment code, like the customer page. Before it is paid there is none (404).
pub async fn public_receipt_show(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    Path(code): Path<String>,
) -> Result<Json<PublicReceipt>, Response> {
    let row = public_payment(&state, ip, &code).await?;
    let view = state.view(&row);
    if !PublicReceipt::offered(view.state) {
        return Err(AppError::NotFound.into_response());
    }
    Ok(Json(PublicReceipt::from_view(&view, &state.merchant)))
}
