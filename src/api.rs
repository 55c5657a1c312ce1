//! Every HTTP call the app makes, in one place, with one error type. Replies are checked with
//! `response.ok()` before decoding; error replies decode into the proxy's `ApiErrorBody`.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wct_api::pos::{
    ApiErrorBody, ErrorCode, NewPayment, PaymentPage, PaymentView, PublicPaymentView, SandboxPay,
    TerminalInfo, IDEMPOTENCY_HEADER,
};
use wct_api::{Catalogue, FieldError, PaymentState};

use crate::storage;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("the server could not be reached; check the connection and try again")]
    Network,
    #[error("{}", .body.error.message)]
    Api { status: u16, body: ApiErrorBody },
    #[error("the server answered with status {0}")]
    Status(u16),
    #[error("the server's reply could not be read")]
    Decode,
    #[error("this device is not paired")]
    NoToken,
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Status(status) => Some(*status),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Api { body, .. } => Some(body.error.code),
            _ => None,
        }
    }

    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401) || matches!(self, Self::NoToken)
    }

    /// The field problems the server named: all of `fields`, else the single `field`.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let Self::Api { body, .. } = self else {
            return Vec::new();
        };
        if !body.error.fields.is_empty() {
            return body.error.fields.clone();
        }
        body.error
            .field
            .iter()
            .map(|f| FieldError::new(f.clone(), body.error.message.clone()))
            .collect()
    }
}

thread_local! {
    static ON_UNAUTHORIZED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Called whenever an authenticated call answers 401 (the app goes back to pairing).
pub fn set_on_unauthorized(f: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|cell| *cell.borrow_mut() = Some(Box::new(f)));
}

fn unauthorized() {
    ON_UNAUTHORIZED.with(|cell| {
        if let Some(f) = cell.borrow().as_ref() {
            f();
        }
    });
}

enum Auth<'a> {
    None,
    Stored,
    Token(&'a str),
}

async fn send(
    method: &str,
    path: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
    auth: Auth<'_>,
) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let h = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    let stored = matches!(auth, Auth::Stored);
    let token = match auth {
        Auth::None => None,
        Auth::Stored => Some(storage::get(storage::TOKEN).ok_or(ApiError::NoToken)?),
        Auth::Token(t) => Some(t.to_string()),
    };
    if let Some(token) = token {
        let _ = h.set("Authorization", &format!("Bearer {token}"));
    }
    let _ = h.set("Accept", "application/json");
    if body.is_some() {
        let _ = h.set("Content-Type", "application/json");
    }
    for (name, value) in headers {
        let _ = h.set(name, value);
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&h);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(&body));
    }
    let reply = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ApiError::Network)?;
    let response: web_sys::Response = reply.dyn_into().map_err(|_| ApiError::Network)?;
    let status = response.status();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if response.ok() {
        return Ok(text);
    }
    if status == 401 && stored {
        unauthorized();
    }
    Err(match crate::json::from_str::<ApiErrorBody>(&text) {
        Ok(body) => ApiError::Api { status, body },
        Err(_) => ApiError::Status(status),
    })
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    crate::json::from_str(text).map_err(|_| ApiError::Decode)
}

fn encode<T: Serialize>(value: &T) -> Result<String, ApiError> {
    crate::json::to_string(value).map_err(|_| ApiError::Decode)
}

fn segment(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

pub async fn terminal() -> Result<TerminalInfo, ApiError> {
    decode(&send("GET", "/api/terminal", None, &[], Auth::Stored).await?)
}

/// Checks a token before it is kept (pairing).
pub async fn terminal_with(token: &str) -> Result<TerminalInfo, ApiError> {
    decode(&send("GET", "/api/terminal", None, &[], Auth::Token(token)).await?)
}

pub async fn assets() -> Result<Catalogue, ApiError> {
    decode(&send("GET", "/api/assets", None, &[], Auth::Stored).await?)
}

pub async fn create_payment(
    payment: &NewPayment,
    idempotency_key: &str,
) -> Result<PaymentView, ApiError> {
    let body = encode(payment)?;
    let headers = [(IDEMPOTENCY_HEADER, idempotency_key)];
    decode(&send("POST", "/api/payments", Some(body), &headers, Auth::Stored).await?)
}

pub async fn list_payments(
    state: Option<PaymentState>,
    before: Option<&str>,
    limit: u32,
) -> Result<PaymentPage, ApiError> {
    let mut url = format!("/api/payments?limit={limit}");
    if let Some(state) = state {
        url.push_str(&format!("&state={}", state.as_str()));
    }
    if let Some(before) = before {
        url.push_str(&format!("&before={}", segment(before)));
    }
    decode(&send("GET", &url, None, &[], Auth::Stored).await?)
}

pub async fn payment(id: &str) -> Result<PaymentView, ApiError> {
    let url = format!("/api/payments/{}", segment(id));
    decode(&send("GET", &url, None, &[], Auth::Stored).await?)
}

pub async fn refresh_payment(id: &str) -> Result<PaymentView, ApiError> {
    let url = format!("/api/payments/{}/refresh", segment(id));
    decode(&send("POST", &url, None, &[], Auth::Stored).await?)
}

/// Cancels a payment; the caller re-reads it (the reply's shape is not relied on).
pub async fn cancel_payment(id: &str) -> Result<(), ApiError> {
    let url = format!("/api/payments/{}/cancel", segment(id));
    send("POST", &url, None, &[], Auth::Stored)
        .await
        .map(|_| ())
}

pub async fn sandbox_pay(pay: &SandboxPay) -> Result<(), ApiError> {
    let body = encode(pay)?;
    send("POST", "/api/sandbox/pay", Some(body), &[], Auth::Stored)
        .await
        .map(|_| ())
}

pub async fn public_payment(code: &str) -> Result<PublicPaymentView, ApiError> {
    let url = format!("/api/public/payments/{}", segment(code));
    decode(&send("GET", &url, None, &[], Auth::None).await?)
}

/// EventSource cannot send headers, so the streams take the token as a query parameter.
pub fn payment_events_url(id: &str, token: &str) -> String {
    format!(
        "/api/payments/{}/events?access_token={}",
        segment(id),
        segment(token)
    )
}

pub fn all_events_url(token: &str) -> String {
    format!("/api/events?access_token={}", segment(token))
}

pub fn public_events_url(code: &str) -> String {
    format!("/api/public/payments/{}/events", segment(code))
}
