//! Authentication as extractors: the caller a bearer token (or the stream cookie) names,
//! under the failed-attempt throttle. Handlers name these; the edge never does.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::Caller;
use crate::http::error::AppError;
use crate::http::extract::{bearer, LastEventId};
use crate::http::serve::PeerIp;
use crate::store::Terminal;
use crate::AppState;

/// The caller a token names: a paired device's token (→ its terminal) or a configured
/// terminal token. Checked against the database on every request, so a revoked device is
/// refused at once.
async fn caller_for(state: &AppState, token: Option<&str>) -> Result<Caller, AppError> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or(AppError::Unauthorized)?;
    super::authenticate(state, token)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// `caller_for` under the failed-attempt throttle of the client's address (429 while
/// it is locked out, slowed down after repeated failures).
pub(crate) async fn throttled_caller(
    parts: &mut Parts,
    state: &AppState,
    token: Option<&str>,
) -> Result<Caller, Response> {
    let PeerIp(ip) = PeerIp::from_request_parts(parts, state)
        .await
        .unwrap_or_else(|never| match never {});
    let presented = token.is_some_and(|t| !t.is_empty());
    state
        .auth_throttle
        .guard(ip, presented, caller_for(state, token))
        .await
}

/// The calling terminal, from `Authorization: Bearer <token>` (a device's or a terminal's).
pub struct Auth(pub Terminal);

impl FromRequestParts<AppState> for Auth {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let token = bearer(parts).map(str::to_string);
        throttled_caller(parts, state, token.as_deref())
            .await
            .map(|caller| Auth(caller.terminal))
    }
}

/// The cookie that carries a device's token to its event streams: an `EventSource` cannot
/// send headers, and a token never goes in a URL. Set by `POST /api/session`; `HttpOnly`,
/// `SameSite=Strict` and sent to `/api/` only.
pub const STREAM_COOKIE: &str = "wct_pos_stream";

/// The token in the stream cookie, if the request has one.
fn stream_cookie(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == STREAM_COOKIE)
        .map(|(_, value)| value.trim())
}

/// For event streams: the caller from the `Authorization` header or the stream cookie, and
/// the resume point from `Last-Event-ID` or `?last_event_id=`.
pub struct StreamAuth {
    pub terminal: Terminal,
    /// The paired device, when the token is a device's: its streams end when it is revoked.
    pub device_id: Option<String>,
    pub last_event_id: Option<i64>,
}

impl FromRequestParts<AppState> for StreamAuth {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let LastEventId(last_event_id) = LastEventId::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let token = bearer(parts)
            .or_else(|| stream_cookie(parts))
            .map(str::to_string);
        let caller = throttled_caller(parts, state, token.as_deref()).await?;
        Ok(Self {
            terminal: caller.terminal,
            device_id: caller.device_id,
            last_event_id,
        })
    }
}
