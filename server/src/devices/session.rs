//! The calling terminal's own details and the session cookie of its event streams.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use wct_api::pos::TerminalInfo;

use super::{Auth, STREAM_COOKIE};
use crate::http::error::{AppError, AppResult};
use crate::http::extract;
use crate::AppState;

pub async fn terminal_show(
    State(state): State<AppState>,
    Auth(terminal): Auth,
) -> Json<TerminalInfo> {
    Json(TerminalInfo {
        id: terminal.id,
        name: terminal.name,
        merchant: state.merchant.clone(),
        sandbox: state.sandbox_url.is_some(),
    })
}

/// How long the stream cookie lasts (the longest a browser keeps one: 400 days); the app
/// sets it again at every start.
const STREAM_COOKIE_SECS: u32 = 400 * 24 * 3600;

/// `POST /api/session`: hands the caller's token to its event streams as an `HttpOnly`
/// cookie ([`STREAM_COOKIE`]), since an `EventSource` cannot send headers and no
/// token may go in a URL. `Secure` when the request came over HTTPS.
pub async fn session_open(
    Auth(_): Auth,
    client: Option<axum::Extension<crate::http::serve::ClientAddr>>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let token = extract::bearer_of(&headers).unwrap_or_default();
    let secure = if client.is_some_and(|c| c.https) {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={token}; Path=/api/; HttpOnly; SameSite=Strict; Max-Age={STREAM_COOKIE_SECS}{secure}",
        STREAM_COOKIE
    );
    let cookie = axum::http::HeaderValue::from_str(&cookie)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        StatusCode::NO_CONTENT,
        [(axum::http::header::SET_COOKIE, cookie)],
    )
        .into_response())
}
