//! Postback intake (`/postback/*`): the upstream's word that something changed. Nothing
//! signs a postback, so its body is recorded and never believed: the payment it names is
//! confirmed with `getupdate` (coalesced per payment, see `AppState::nudge`).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::Json;
use wct_api::upstream::{postback_ack, Postback};

use crate::http::error::{AppError, AppResult};
use crate::http::extract::POSTBACK_LIMIT;
use crate::store;
use crate::AppState;

/// `/postback/{token}` and `/postback/price/{token}`: record, acknowledge at once, confirm
/// with getupdate in the background. The body is never believed, and is not even read
/// before the token names a payment.
pub async fn receive(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: Body,
) -> AppResult<Json<serde_json::Value>> {
    let payment_id = state.payment_of_postback_token(&token).await?;
    let body = axum::body::to_bytes(body, POSTBACK_LIMIT)
        .await
        .map_err(|e| {
            if e.into_inner().is::<http_body_util::LengthLimitError>() {
                AppError::TooLarge(POSTBACK_LIMIT)
            } else {
                AppError::bad_request("the body could not be read", None)
            }
        })?;
    let kind = match Postback::parse(&body) {
        Ok(Postback::PaymentUpdate(_)) => "paymentUpdate",
        Ok(Postback::PaymentUnconfirmed(_)) => "paymentUnconfirmed",
        Ok(Postback::PaymentCreated(_)) => "paymentCreated",
        Ok(Postback::PaymentFailed(_)) => "paymentFailed",
        Ok(Postback::PosPriceUpdate(_)) => "posPriceUpdate",
        Ok(Postback::PaymentRefund(_)) => "paymentRefund",
        Err(_) => "unreadable",
    };
    // The durable enqueue: the body is in the log (and the nudge can be redone from it by the
    // reconciler) before the upstream hears "ok".
    let (id, text, keep) = (
        payment_id.clone(),
        String::from_utf8_lossy(&body).into_owned(),
        state.postback_retention,
    );
    state
        .writer
        .run(move |conn| {
            Box::pin(async move { store::log_postback(conn, &id, kind, &text, keep).await })
        })
        .await?;
    metrics::counter!("postbacks_received_total", "kind" => kind).increment(1);
    tracing::info!(payment = %payment_id, kind, "postback received");
    state.nudge(payment_id);
    Ok(Json(postback_ack()))
}
