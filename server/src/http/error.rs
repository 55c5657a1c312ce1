//! One error type for every handler: `?` works everywhere, and the answer is always the
//! shared `ApiErrorBody` with internals hidden.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use wct_api::pos::{ApiErrorBody, ErrorCode};
use wct_api::ValidationErrors;

use crate::upstream::UpstreamError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    BadRequest {
        message: String,
        field: Option<String>,
    },
    #[error("invalid request")]
    Validation(ValidationErrors),
    #[error("{message}")]
    Invalid { message: String, field: String },
    #[error("missing or unknown terminal token")]
    Unauthorized,
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    Conflict {
        message: String,
        field: Option<String>,
    },
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    #[error("too many payments created; try again in a minute")]
    RateLimited,
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    /// The create's answer was lost; the payment may exist upstream.
    #[error(
        "the payment service's answer was lost ({0}); whether the payment was created is being \
         checked: retry with the same Idempotency-Key"
    )]
    UpstreamUnknown(UpstreamError),
    /// The answer failed the checks against the order and was refused. The message says what
    /// happened; which figure did not match goes in the body's `detail`.
    #[error("the payment service's answer did not match this sale and was refused")]
    Mismatch(#[from] wct_api::verify::Mismatch),
    /// A refund's answer was lost: it may have been made upstream.
    #[error(
        "the payment service's answer was lost ({0}); the refund may have been made and is being \
         checked: do not refund again before it shows as refunded or refused"
    )]
    RefundUnknown(UpstreamError),
    #[error("{message}")]
    PinWrong { message: String },
    #[error(
        "too many wrong manager PINs: refunds and PIN-guarded settings are locked {} for {secs} \
         seconds{}",
        if *store_wide { "on every device of this store" } else { "on this device" },
        if *store_wide { " (a manager can clear it with `wct-pos-server unlock-pin`)" } else { "" }
    )]
    RefundsLocked { secs: u64, store_wide: bool },
    /// A cancel found money on the payment (or on its way): it is shown as it is.
    #[error("{0}")]
    PaymentHasMoney(String),
    /// A cancel could not ask WCT Pay whether money arrived, so nothing was cancelled.
    #[error(
        "WCT Pay could not be asked whether money arrived ({0}), so the payment was not \
         cancelled: try again in a moment"
    )]
    CancelUnconfirmed(UpstreamError),
    /// An earlier refund of the payment is not settled yet.
    #[error("{0}")]
    RefundOnHold(&'static str),
    #[error(
        "refunds are off: no manager PIN is configured. Run `wct-pos-server hash-pin`, then \
         start the server with WCT_POS_MANAGER_PIN_HASH set to the hash it prints"
    )]
    RefundsNotConfigured,
    /// Cart lines that no longer match the catalogue (each `cart_items[i]` with what changed).
    #[error("the catalogue changed since this cart was made: check the items and charge again")]
    CartStale(Vec<wct_api::FieldError>),
    #[error(
        "discounts of {share} % are above the {max} % this store allows without the manager PIN"
    )]
    DiscountNeedsPin { share: String, max: String },
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn bad_request(message: impl Into<String>, field: Option<&str>) -> Self {
        Self::BadRequest {
            message: message.into(),
            field: field.map(Into::into),
        }
    }

    pub fn conflict(message: impl Into<String>, field: Option<&str>) -> Self {
        Self::Conflict {
            message: message.into(),
            field: field.map(Into::into),
        }
    }

    fn parts(&self) -> (StatusCode, ApiErrorBody) {
        let plain = |status, code, message: String, field: Option<&String>| {
            let mut body = ApiErrorBody::new(code, message);
            body.error.field = field.cloned();
            (status, body)
        };
        match self {
            Self::BadRequest { message, field } => plain(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                message.clone(),
                field.as_ref(),
            ),
            Self::Validation(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiErrorBody::validation(errors),
            ),
            Self::Invalid { message, field } => {
                let errors = ValidationErrors(vec![wct_api::FieldError::new(
                    field.clone(),
                    message.clone(),
                )]);
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ApiErrorBody::validation(&errors),
                )
            }
            Self::Unauthorized => plain(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                self.to_string(),
                None,
            ),
            Self::NotFound => plain(
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                self.to_string(),
                None,
            ),
            Self::Conflict { message, field } => plain(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                message.clone(),
                field.as_ref(),
            ),
            Self::TooLarge(_) => plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                self.to_string(),
                None,
            ),
            Self::UnsupportedMediaType => plain(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                self.to_string(),
                None,
            ),
            Self::RateLimited => plain(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                self.to_string(),
                None,
            ),
            Self::Upstream(e) => {
                let (status, code) = e.status_and_code();
                plain(status, code, e.public_message(), None)
            }
            Self::UpstreamUnknown(_) => plain(
                StatusCode::GATEWAY_TIMEOUT,
                ErrorCode::UpstreamUnknown,
                self.to_string(),
                None,
            ),
            Self::RefundUnknown(_) => plain(
                StatusCode::GATEWAY_TIMEOUT,
                ErrorCode::UpstreamUnknown,
                self.to_string(),
                None,
            ),
            // 403, not 401: the device's token is good (a 401 signs a device out).
            Self::PinWrong { .. } => plain(
                StatusCode::FORBIDDEN,
                ErrorCode::PinWrong,
                self.to_string(),
                Some(&"pin".to_string()),
            ),
            Self::RefundsLocked { secs, .. } => {
                let mut body = ApiErrorBody::new(ErrorCode::RefundsLocked, self.to_string());
                body.error.retry_after = Some(*secs);
                (StatusCode::LOCKED, body)
            }
            Self::PaymentHasMoney(_) => plain(
                StatusCode::CONFLICT,
                ErrorCode::PaymentHasMoney,
                self.to_string(),
                None,
            ),
            Self::CancelUnconfirmed(_) => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::UpstreamUnavailable,
                self.to_string(),
                None,
            ),
            Self::RefundOnHold(_) => plain(
                StatusCode::CONFLICT,
                ErrorCode::RefundOnHold,
                self.to_string(),
                None,
            ),
            Self::RefundsNotConfigured => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::RefundsNotConfigured,
                self.to_string(),
                None,
            ),
            Self::Mismatch(why) => {
                let (status, mut body) = plain(
                    StatusCode::BAD_GATEWAY,
                    ErrorCode::UpstreamMismatch,
                    self.to_string(),
                    None,
                );
                body.error.detail = Some(why.to_string());
                (status, body)
            }
            Self::CartStale(lines) => {
                let (status, mut body) = plain(
                    StatusCode::CONFLICT,
                    ErrorCode::CartStale,
                    self.to_string(),
                    lines.first().map(|l| &l.field),
                );
                body.error.fields = lines.clone();
                (status, body)
            }
            Self::DiscountNeedsPin { .. } => plain(
                StatusCode::FORBIDDEN,
                ErrorCode::DiscountNeedsPin,
                self.to_string(),
                Some(&"pin".to_string()),
            ),
            // Internals are logged, never sent.
            Self::Db(_) | Self::Internal(_) => plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error; it has been logged".into(),
                None,
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(self, Self::Db(_) | Self::Internal(_)) {
            tracing::error!(error = %self, "request failed");
        }
        let (status, body) = self.parts();
        match body.error.retry_after {
            Some(secs) => (
                status,
                [(axum::http::header::RETRY_AFTER, secs.to_string())],
                Json(body),
            )
                .into_response(),
            None => (status, Json(body)).into_response(),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
impl From<crate::store::writer::WriteError> for AppError {
    fn from(e: crate::store::writer::WriteError) -> Self {
        Self::Db(e.into())
    }
}

/// Anything else under `/api` or `/postback`: a JSON 404, never the SPA page.
pub async fn api_not_found() -> AppError {
    AppError::NotFound
}
