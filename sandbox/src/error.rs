//! One error type for every route: upstream refusals answer like WCT Pay (200 with a `nok`
//! body); the control routes use real HTTP codes; internals are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use wct_api::upstream::{nok_envelope, Nok};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The upstream refuses, as WCT Pay does: HTTP 200 with `{"status":"nok",…}`.
    #[error("{}", .0.reason())]
    Nok(Nok),
    /// The body could not be read at all (bad JSON, wrong type): 400 with a `nok` body.
    #[error("{0}")]
    Malformed(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn nok(error: impl Into<String>) -> Self {
        Self::Nok(Nok::new(error))
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, nok) = match self {
            Self::Nok(nok) => (StatusCode::OK, nok),
            Self::Malformed(m) | Self::BadRequest(m) => (StatusCode::BAD_REQUEST, Nok::new(m)),
            Self::NotFound(m) => (StatusCode::NOT_FOUND, Nok::new(m)),
            Self::Conflict(m) => (StatusCode::CONFLICT, Nok::new(m)),
            Self::Internal(m) => {
                tracing::error!(error = %m, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Nok::new("internal error in the sandbox"),
                )
            }
        };
        (status, Json(nok_envelope(&nok))).into_response()
    }
}
