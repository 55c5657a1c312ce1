//! Every HTTP call the app makes, in one place, with one error type. Requests go through
//! gloo-net; replies are checked with `ok()` before decoding, and bodies are decoded by the
//! browser's own JSON parser (`Response.json()`) into Rust types with serde-wasm-bindgen, so
//! no JSON parser is compiled into the wasm.
//!
//! [`Api`] is provided as context by the app: it holds the terminal token and what to do when
//! the proxy answers 401, so no call site handles that itself.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wct_api::pos::{
    ApiErrorBody, DeviceInfo, ErrorCode, KeepRequest, NewPayment, PairRequest, PairResponse,
    PairingCode, PairingCodeInfo, PaymentPage, PaymentView, PublicPaymentView, PublicReceipt,
    SandboxPay, StoreSettings, StoreSettingsChange, TerminalInfo, IDEMPOTENCY_HEADER,
};
use wct_api::products::{ImportResult, Product, ProductInput, ProductList, Reorder};
use wct_api::refund::NewRefund;
use wct_api::report::DailyReport;
use wct_api::{Catalogue, FieldError, PaymentState};

use crate::i18n::t;

/// Every message is in the reader's language: the server's codes stay English and stable for
/// API users, and the app words each code it knows itself ([`code_message`]); anything else
/// (a code newer than this app, a body it cannot read) gets the generic message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("{}", t("error-network"))]
    Network,
    #[error("{}", api_message(.body))]
    Api {
        status: u16,
        /// Boxed: the body (with its `detail`) would make every `Result` of the API large.
        body: Box<ApiErrorBody>,
        /// `Retry-After` in seconds, when the server said how long to wait (429, 503).
        retry_after: Option<u64>,
    },
    #[error("{}", t("error-generic"))]
    Status(u16),
    #[error("{}", t("error-generic"))]
    Decode,
    #[error("{}", t("error-not-paired"))]
    NoToken,
}

/// A refusal in the reader's language. In English it is the server's own sentence, which often
/// names what was wrong; in any other language the app's words for its code (the server's
/// sentence is then behind "More", see [`ApiError::detail`]).
fn api_message(body: &ApiErrorBody) -> String {
    if crate::i18n::current() == crate::i18n::Lang::En && !body.error.message.is_empty() {
        return body.error.message.clone();
    }
    code_message(body.error.code)
}

/// The app's own words for a server error code.
pub fn code_message(code: ErrorCode) -> String {
    t(match code {
        ErrorCode::Validation => "error-code-validation",
        ErrorCode::BadRequest => "error-code-bad-request",
        ErrorCode::Unauthorized => "error-code-unauthorized",
        ErrorCode::NotFound => "error-code-not-found",
        ErrorCode::Conflict => "error-code-conflict",
        ErrorCode::PayloadTooLarge => "error-code-too-large",
        ErrorCode::UnsupportedMediaType => "error-code-bad-request",
        ErrorCode::RateLimited => "error-code-rate-limited",
        ErrorCode::UpstreamRejected => "error-code-upstream-rejected",
        ErrorCode::UpstreamUnavailable => "error-code-upstream-unavailable",
        ErrorCode::UpstreamTimeout => "error-code-upstream-timeout",
        ErrorCode::UpstreamInvalid => "error-code-upstream-invalid",
        ErrorCode::UpstreamUnknown => "error-code-upstream-unknown",
        ErrorCode::UpstreamMismatch => "error-code-upstream-mismatch",
        ErrorCode::PairingCodeExpired => "error-code-pairing-expired",
        ErrorCode::PairingCodeUsed => "error-code-pairing-used",
        ErrorCode::DeviceLimit => "error-code-device-limit",
        ErrorCode::PinWrong => "error-code-pin-wrong",
        ErrorCode::RefundsLocked => "error-code-refunds-locked",
        ErrorCode::RefundOnHold => "error-code-refund-on-hold",
        ErrorCode::PaymentHasMoney => "error-code-payment-has-money",
        ErrorCode::RefundsNotConfigured => "error-code-refunds-not-configured",
        ErrorCode::CartStale => "error-code-cart-stale",
        ErrorCode::DiscountNeedsPin => "error-code-discount-needs-pin",
        ErrorCode::Internal => "error-generic",
    })
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Status(status) => Some(*status),
            _ => None,
        }
    }

    /// The technical particulars behind the message, for a "More" disclosure; outside English
    /// also the server's own (English) sentence, which the message only paraphrases.
    pub fn detail(&self) -> Option<String> {
        let english = crate::i18n::current() == crate::i18n::Lang::En;
        match self {
            Self::Api { body, .. } if english => body.error.detail.clone(),
            Self::Api { body, .. } => Some(match &body.error.detail {
                Some(detail) => format!("{} ({detail})", body.error.message),
                None => body.error.message.clone(),
            }),
            _ => None,
        }
    }

    /// The server's own (English) sentence, where a screen needs what it says.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            Self::Api { body, .. } => Some(&body.error.message),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Api { body, .. } => Some(body.error.code),
            _ => None,
        }
    }

    /// How long the server asked the client to wait before trying again.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Api { retry_after, .. } => *retry_after,
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

/// The proxy's API as the signed-in terminal sees it. `Copy`, so closures and actions take it
/// by value.
#[derive(Clone, Copy)]
pub struct Api {
    token: Signal<Option<String>>,
    on_unauthorized: Callback<()>,
    /// The payment this client just created, handed to its screen's first read so that read
    /// needs no second request.
    created: StoredValue<Option<PaymentView>>,
    /// The server has set this token's stream cookie (`POST /api/session`): event streams
    /// may open. An `EventSource` cannot send headers, and a token never goes in a URL.
    streams_ready: RwSignal<bool>,
}

impl Api {
    /// `on_unauthorized` runs whenever an authenticated call answers 401.
    pub fn new(token: Signal<Option<String>>, on_unauthorized: Callback<()>) -> Self {
        Self {
            token,
            on_unauthorized,
            created: StoredValue::new(None),
            streams_ready: RwSignal::new(false),
        }
    }

    /// A client with no token that ignores 401s (tests, the public customer page).
    pub fn anonymous() -> Self {
        Self::new(Signal::stored(None), Callback::new(|_| {}))
    }

    fn token(&self) -> Result<String, ApiError> {
        self.token
            .try_get_untracked()
            .flatten()
            .ok_or(ApiError::NoToken)
    }

    async fn authed<T: DeserializeOwned>(&self, request: Req<'_>) -> Result<T, ApiError> {
        let token = self.token()?;
        let result = send(request, Some(&token)).await;
        if matches!(&result, Err(e) if e.status() == Some(401)) {
            self.on_unauthorized.run(());
        }
        result
    }

    /// `POST /api/session`: the server sets the `HttpOnly` cookie that carries this token to
    /// the event streams; they open once it is set. Run at start and after pairing.
    pub async fn open_streams_session(&self) {
        self.streams_ready.set(false);
        let opened: Result<serde::de::IgnoredAny, ApiError> =
            self.authed(Req::post("/api/session", None)).await;
        self.streams_ready.try_set(opened.is_ok());
    }

    /// Signed out: no stream opens until the next token's session.
    pub fn close_streams_session(&self) {
        self.streams_ready.set(false);
    }

    pub async fn terminal(&self) -> Result<TerminalInfo, ApiError> {
        self.authed(Req::get("/api/terminal")).await
    }

    pub async fn assets(&self) -> Result<Catalogue, ApiError> {
        self.authed(Req::get("/api/assets")).await
    }

    /// `manager_pin`: sent as `X-Manager-Pin` when the sale's discounts need the manager.
    pub async fn create_payment(
        &self,
        payment: &NewPayment,
        idempotency_key: &str,
        manager_pin: Option<&str>,
    ) -> Result<PaymentView, ApiError> {
        let mut req = Req::post("/api/payments", Some(to_json(payment)?));
        req.idempotency_key = Some(idempotency_key);
        req.manager_pin = manager_pin;
        let view: PaymentView = self.authed(req).await?;
        self.created.try_set_value(Some(view.clone()));
        Ok(view)
    }

    /// The payment `id` as its create answered it, once (see [`Api::create_payment`]).
    pub fn take_created(&self, id: &str) -> Option<PaymentView> {
        let view = self.created.try_update_value(|c| c.take())??;
        (view.id == id).then_some(view)
    }

    pub async fn list_payments(
        &self,
        state: Option<PaymentState>,
        before: Option<&str>,
        limit: u32,
    ) -> Result<PaymentPage, ApiError> {
        let mut url = format!("/api/payments?limit={limit}");
        if let Some(state) = state {
            url.push_str("&state=");
            url.push_str(state.as_str());
        }
        if let Some(before) = before {
            url.push_str("&before=");
            url.push_str(&segment(before));
        }
        self.authed(Req::get(&url)).await
    }

    pub async fn payment(&self, id: &str) -> Result<PaymentView, ApiError> {
        self.authed(Req::get(&format!("/api/payments/{}", segment(id))))
            .await
    }

    pub async fn refresh_payment(&self, id: &str) -> Result<PaymentView, ApiError> {
        let url = format!("/api/payments/{}/refresh", segment(id));
        self.authed(Req::post(&url, None)).await
    }

    /// Cancels a payment; the caller re-reads it (the reply's shape is not relied on).
    pub async fn cancel_payment(&self, id: &str) -> Result<(), ApiError> {
        let url = format!("/api/payments/{}/cancel", segment(id));
        self.authed::<serde::de::IgnoredAny>(Req::post(&url, None))
            .await
            .map(|_| ())
    }

    /// Asks for a refund of payment `id`; the payment as it stands afterwards.
    pub async fn create_refund(
        &self,
        id: &str,
        refund: &NewRefund,
        idempotency_key: &str,
    ) -> Result<PaymentView, ApiError> {
        let url = format!("/api/payments/{}/refunds", segment(id));
        let mut req = Req::post(&url, Some(to_json(refund)?));
        req.idempotency_key = Some(idempotency_key);
        self.authed(req).await
    }

    /// "Keep as payment" for money received after payment `id` closed; `received` is the
    /// amount the cashier was shown (the proxy refuses if more has arrived since).
    pub async fn keep_payment(&self, id: &str, received: &str) -> Result<PaymentView, ApiError> {
        let url = format!("/api/payments/{}/keep", segment(id));
        let body = KeepRequest {
            received: received.to_string(),
        };
        self.authed(Req::post(&url, Some(to_json(&body)?))).await
    }

    pub async fn sandbox_pay(&self, pay: &SandboxPay) -> Result<(), ApiError> {
        let req = Req::post("/api/sandbox/pay", Some(to_json(pay)?));
        self.authed::<serde::de::IgnoredAny>(req).await.map(|_| ())
    }

    /// The store's active products, by position (`archived`: the archived ones as well).
    pub async fn products(&self, archived: bool) -> Result<Vec<Product>, ApiError> {
        let url = if archived {
            "/api/products?archived=true"
        } else {
            "/api/products"
        };
        let list: ProductList = self.authed(Req::get(url)).await?;
        Ok(list.products)
    }

    /// The active product with this SKU or barcode, if the store has one.
    pub async fn product_by_sku(&self, sku: &str) -> Result<Option<Product>, ApiError> {
        let url = format!("/api/products?sku={}", segment(sku));
        let list: ProductList = self.authed(Req::get(&url)).await?;
        Ok(list.products.into_iter().next())
    }

    /// Adds a product (`id: None`) or changes one.
    pub async fn save_product(
        &self,
        id: Option<&str>,
        input: &ProductInput,
    ) -> Result<Product, ApiError> {
        let body = Some(to_json(input)?);
        match id {
            Some(id) => {
                let url = format!("/api/products/{}", segment(id));
                self.authed(Req::put(&url, body)).await
            }
            None => self.authed(Req::post("/api/products", body)).await,
        }
    }

    pub async fn archive_product(&self, id: &str) -> Result<Product, ApiError> {
        let url = format!("/api/products/{}/archive", segment(id));
        self.authed(Req::post(&url, None)).await
    }

    /// Puts every product in this order (positions 0, 1, 2, …).
    pub async fn reorder_products(&self, ids: Vec<String>) -> Result<Vec<Product>, ApiError> {
        let body = to_json(&Reorder { ids })?;
        let list: ProductList = self
            .authed(Req::post("/api/products/reorder", Some(body)))
            .await?;
        Ok(list.products)
    }

    /// Uploads a product's image (PNG, JPEG or WebP; the proxy checks its bytes).
    pub async fn product_image(&self, id: &str, file: &web_sys::File) -> Result<Product, ApiError> {
        let url = format!("/api/products/{}/image", segment(id));
        let content_type = file.type_();
        let mut req = Req::put(&url, Some(file.into()));
        req.content_type = Some(&content_type);
        self.authed(req).await
    }

    /// Imports a CSV file: every product or none (each bad row named as `lines[N].field`).
    pub async fn import_products(&self, csv: String) -> Result<ImportResult, ApiError> {
        let mut req = Req::post("/api/products/import", Some(JsValue::from(csv)));
        req.content_type = Some("text/csv");
        self.authed(req).await
    }

    /// The catalogue as CSV text (saved by the browser as a file).
    pub async fn export_products(&self) -> Result<String, ApiError> {
        self.text("/api/products/export").await
    }

    /// An authenticated GET answered with text (CSV).
    async fn text(&self, url: &str) -> Result<String, ApiError> {
        use gloo_net::http::Request;
        let token = self.token()?;
        let response = Request::get(url)
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await
            .map_err(|_| ApiError::Network)?;
        if response.status() == 401 {
            self.on_unauthorized.run(());
        }
        if !response.ok() {
            return Err(ApiError::Status(response.status()));
        }
        response.text().await.map_err(|_| ApiError::Decode)
    }

    /// The store's settings (tips, time zone).
    pub async fn store_settings(&self) -> Result<StoreSettings, ApiError> {
        self.authed(Req::get("/api/settings/store")).await
    }

    /// Saves the store's settings; every change needs the manager PIN.
    pub async fn save_store_settings(
        &self,
        settings: &StoreSettingsChange,
    ) -> Result<StoreSettings, ApiError> {
        let req = Req::post("/api/settings/store", Some(to_json(settings)?));
        self.authed(req).await
    }

    /// The end-of-day report of `date` (`YYYY-MM-DD`; `None`: today in the store's zone), of
    /// one terminal or the whole store.
    pub async fn daily_report(
        &self,
        date: Option<&str>,
        terminal: Option<&str>,
    ) -> Result<DailyReport, ApiError> {
        self.authed(Req::get(&daily_report_url(date, terminal, "json")))
            .await
    }

    /// The report as CSV text (fetched with the token, saved by the browser as a file).
    pub async fn daily_report_csv(
        &self,
        date: &str,
        terminal: Option<&str>,
    ) -> Result<String, ApiError> {
        self.text(&daily_report_url(Some(date), terminal, "csv"))
            .await
    }

    /// `POST /api/devices/pairing-codes`: a one-time code for another device.
    /// `device_name`: what the new device will be called (it may still rename itself).
    pub async fn new_pairing_code(
        &self,
        device_name: Option<String>,
    ) -> Result<PairingCode, ApiError> {
        let body = wct_api::pos::NewPairingCode { device_name };
        self.authed(Req::post(
            "/api/devices/pairing-codes",
            Some(to_json(&body)?),
        ))
        .await
    }

    /// `GET /api/devices`: the devices paired with this shop's terminals.
    pub async fn devices(&self) -> Result<Vec<DeviceInfo>, ApiError> {
        self.authed(Req::get("/api/devices")).await
    }

    /// `GET /api/devices/pairing-codes`: the shop's unused pairing codes (ids, never codes).
    pub async fn pairing_codes(&self) -> Result<Vec<PairingCodeInfo>, ApiError> {
        self.authed(Req::get("/api/devices/pairing-codes")).await
    }

    /// `POST /api/devices/pairing-codes/{id}/cancel`: that code no longer pairs a device.
    pub async fn cancel_pairing_code(&self, id: &str) -> Result<(), ApiError> {
        let url = format!("/api/devices/pairing-codes/{}/cancel", segment(id));
        self.authed::<serde::de::IgnoredAny>(Req::post(&url, None))
            .await
            .map(|_| ())
    }

    /// `POST /api/devices/{id}/revoke`. Revoking this very device answers, and every later
    /// call is a 401, which signs it out.
    pub async fn revoke_device(&self, id: &str) -> Result<DeviceInfo, ApiError> {
        let url = format!("/api/devices/{}/revoke", segment(id));
        self.authed(Req::post(&url, None)).await
    }

    /// The terminal's own event stream, once its cookie is set (polling covers the wait).
    pub fn all_events_url(&self) -> Signal<Option<String>> {
        let ready = self.streams_ready;
        Signal::derive(move || ready.get().then(|| "/api/events".to_string()))
    }

    /// One payment's event stream, once the cookie is set.
    pub fn payment_events_url(&self, id: &str) -> Option<String> {
        self.streams_ready
            .get()
            .then(|| format!("/api/payments/{}/events", segment(id)))
    }
}

/// The app's client, provided by `App`; an anonymous one where none was provided.
pub fn use_api() -> Api {
    use_context().unwrap_or_else(Api::anonymous)
}

/// `POST /api/pair` (no token): exchanges a one-time pairing code for this device's token.
pub async fn pair(request: &PairRequest) -> Result<PairResponse, ApiError> {
    send(Req::post("/api/pair", Some(to_json(request)?)), None).await
}

pub async fn public_payment(code: &str) -> Result<PublicPaymentView, ApiError> {
    let url = format!("/api/public/payments/{}", segment(code));
    send(Req::get(&url), None).await
}

/// The receipt of a paid payment, by its code (no token).
pub async fn public_receipt(code: &str) -> Result<PublicReceipt, ApiError> {
    let url = format!("/api/public/receipts/{}", segment(code));
    send(Req::get(&url), None).await
}

fn daily_report_url(date: Option<&str>, terminal: Option<&str>, format: &str) -> String {
    let mut url = format!("/api/reports/daily?format={format}");
    if let Some(date) = date {
        url.push_str("&date=");
        url.push_str(&segment(date));
    }
    if let Some(terminal) = terminal {
        url.push_str("&terminal=");
        url.push_str(&segment(terminal));
    }
    url
}

pub fn public_events_url(code: &str) -> String {
    format!("/api/public/payments/{}/events", segment(code))
}

struct Req<'a> {
    method: gloo_net::http::Method,
    url: &'a str,
    body: Option<JsValue>,
    /// The body's type when it is not JSON (an image, a CSV file).
    content_type: Option<&'a str>,
    idempotency_key: Option<&'a str>,
    manager_pin: Option<&'a str>,
}

impl<'a> Req<'a> {
    fn new(method: gloo_net::http::Method, url: &'a str, body: Option<JsValue>) -> Self {
        Self {
            method,
            url,
            body,
            content_type: None,
            idempotency_key: None,
            manager_pin: None,
        }
    }

    fn get(url: &'a str) -> Self {
        Self::new(gloo_net::http::Method::GET, url, None)
    }

    fn post(url: &'a str, body: Option<JsValue>) -> Self {
        Self::new(gloo_net::http::Method::POST, url, body)
    }

    fn put(url: &'a str, body: Option<JsValue>) -> Self {
        Self::new(gloo_net::http::Method::PUT, url, body)
    }
}

/// One request, decoded: every call funnels through here so the generic part stays small.
async fn send<T: DeserializeOwned>(req: Req<'_>, token: Option<&str>) -> Result<T, ApiError> {
    let value = send_raw(req, token).await?;
    serde_wasm_bindgen::from_value(value).map_err(|_| ApiError::Decode)
}

async fn send_raw(req: Req<'_>, token: Option<&str>) -> Result<JsValue, ApiError> {
    use gloo_net::http::RequestBuilder;
    let mut builder = RequestBuilder::new(req.url)
        .method(req.method)
        .header("Accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = req.idempotency_key {
        builder = builder.header(IDEMPOTENCY_HEADER, key);
    }
    if let Some(pin) = req.manager_pin {
        builder = builder.header("X-Manager-Pin", pin);
    }
    let request = match req.body {
        Some(body) => builder
            .header(
                "Content-Type",
                req.content_type.unwrap_or("application/json"),
            )
            .body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let (ok, status) = (response.ok(), response.status());
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let raw = web_sys::Response::from(response);
    // An empty or non-JSON body decodes to nothing rather than failing the call.
    let body = match raw.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    if ok {
        return Ok(body.unwrap_or(JsValue::NULL));
    }
    Err(error_from_body(status, body, retry_after))
}

/// A refusal from its status and JSON body. A body this app cannot read, a code newer than
/// it among them, is an error of that status only (shown with the generic message).
pub fn error_from_body(status: u16, body: Option<JsValue>, retry_after: Option<u64>) -> ApiError {
    match body.and_then(|b| serde_wasm_bindgen::from_value::<ApiErrorBody>(b).ok()) {
        Some(body) => ApiError::Api {
            status,
            body: Box::new(body),
            retry_after,
        },
        None => ApiError::Status(status),
    }
}

/// A request body: serialised by serde-wasm-bindgen, stringified by the browser.
fn to_json<T: Serialize>(value: &T) -> Result<JsValue, ApiError> {
    crate::json::to_string(value)
        .map(|text| JsValue::from(text.as_str()))
        .map_err(|_| ApiError::Decode)
}

fn segment(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}
