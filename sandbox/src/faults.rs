//! Fault injection for the proxy's tests: the next N requests to `/api/*` misbehave.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultMode {
    /// HTTP 500 with a plain-text body.
    #[serde(rename = "status_500")]
    Status500,
    /// Sleeps `delay_ms`, then answers normally.
    #[serde(rename = "slow")]
    Slow,
    /// HTTP 200 with an HTML page, as a misconfigured gateway would.
    #[serde(rename = "non_json")]
    NonJson,
    /// A well-formed refusal.
    #[serde(rename = "nok")]
    Nok,
    /// The request takes effect, but only the first half of the JSON answer arrives.
    #[serde(rename = "truncated")]
    Truncated,
    /// The connection is dropped without a usable answer.
    #[serde(rename = "reset")]
    Reset,
    /// The request takes effect, but the answer asks a hundredth of the amount, as another
    /// (smaller) sale's quote would: what a client must refuse to show.
    #[serde(rename = "foreign_quote")]
    ForeignQuote,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fault {
    pub mode: FaultMode,
    /// How many more requests misbehave.
    pub count: u32,
    #[serde(default = "default_delay")]
    pub delay_ms: u64,
}

/// The active fault, shared by the state and the middleware.
pub type FaultSlot = Arc<Mutex<Option<Fault>>>;

fn default_delay() -> u64 {
    5_000
}

/// Takes one use of the active fault, if any.
fn take(slot: &Mutex<Option<Fault>>) -> Option<(FaultMode, u64)> {
    let mut slot = slot.lock().ok()?;
    let fault = slot.as_mut()?;
    let taken = (fault.mode, fault.delay_ms);
    fault.count = fault.count.saturating_sub(1);
    if fault.count == 0 {
        *slot = None;
    }
    Some(taken)
}

/// Middleware on `/api/*`.
pub async fn inject(State(slot): State<FaultSlot>, req: Request, next: Next) -> Response {
    let Some((mode, delay_ms)) = take(&slot) else {
        return next.run(req).await;
    };
    tracing::info!(?mode, path = %req.uri().path(), "injecting a fault");
    match mode {
        FaultMode::Status500 => {
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
        }
        FaultMode::Slow => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            next.run(req).await
        }
        FaultMode::NonJson => (
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
        )
            .into_response(),
        FaultMode::Nok => axum::Json(serde_json::json!({
            "status": "nok",
            "error": "Service temporarily unavailable (injected fault)",
        }))
        .into_response(),
        FaultMode::Truncated => {
            rewritten(next.run(req).await, |bytes| {
                bytes.slice(..bytes.len() / 2).to_vec()
            })
            .await
        }
        FaultMode::ForeignQuote => {
            rewritten(next.run(req).await, |bytes| foreign_quote(&bytes)).await
        }
        FaultMode::Reset => {
            // A body that fails at once makes hyper abort the connection mid-answer.
            let failing = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected reset",
                ))
            });
            Response::new(Body::from_stream(failing))
        }
    }
}

/// The answer that took effect, with its body replaced by `rewrite(body)`.
async fn rewritten(response: Response, rewrite: impl FnOnce(Bytes) -> Vec<u8>) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let mut response = Response::from_parts(parts, Body::from(rewrite(bytes)));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// `answer` with its `payment_amount` divided by 100 (kept as it was when it has none).
fn foreign_quote(answer: &[u8]) -> Vec<u8> {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(answer) else {
        return answer.to_vec();
    };
    let smaller = value["payment_amount"]
        .as_str()
        .and_then(|text| text.parse::<rust_decimal::Decimal>().ok())
        .map(|amount| {
            (amount / rust_decimal::Decimal::ONE_HUNDRED)
                .round_dp(amount.scale())
                .to_string()
        });
    if let Some(smaller) = smaller {
        value["payment_amount"] = smaller.into();
    }
    serde_json::to_vec(&value).unwrap_or_else(|_| answer.to_vec())
}
