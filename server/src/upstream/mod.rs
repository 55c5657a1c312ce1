//! The HTTP client for WCT Pay (or the embedded sandbox — the same code path). Signing is
//! `wct_api::sign`; this module sends, classifies failures and logs every exchange with the
//! `hash` removed.

pub mod start;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wct_api::pos::ErrorCode;
use wct_api::sign::{self, ApiSecret};
use wct_api::upstream::{
    parse_reply, CreatePosPayment, CreatePosPaymentOk, GetUpdateOk, GetUpdateRequest,
    PaymentFields, PaymentUpdateInfo, RefundOk, RefundRequest, ReplyError, ValidateRequest,
};

use crate::store::writer::Writer;
use crate::store::{self, UpstreamLog};

/// The writer's job that stores one upstream log entry.
fn log_job(
    entry: UpstreamLog,
) -> impl for<'c> FnOnce(
    &'c mut dyn store::Tx,
) -> futures_util::future::BoxFuture<'c, Result<(), sqlx::Error>>
       + Send
       + 'static {
    move |conn| Box::pin(async move { store::log_upstream(conn, &entry).await })
}

/// The create endpoint, relative to the API base.
const CREATE_ENDPOINT: &str = "payment-pos/post";

/// Stored response bodies are cut at this size.
const LOGGED_BODY_MAX: usize = 16 * 1024;
/// The largest answer read from the upstream: a real one is well under 4 KiB, and a hostile
/// one must not fill the memory within the call's timeout.
pub const ANSWER_MAX: usize = 256 * 1024;

#[derive(Debug, Clone, thiserror::Error)]
pub enum UpstreamError {
    /// No connection was made: the request certainly never arrived.
    #[error("the payment service cannot be reached")]
    Unreachable(String),
    /// It failed after the request may have arrived (e.g. a 5xx without a readable refusal).
    #[error("the payment service is failing")]
    Unavailable(String),
    #[error("the payment service did not answer in time")]
    Timeout,
    #[error("the payment service refused: {0}")]
    Rejected(String),
    #[error("the payment service sent an answer that cannot be read")]
    Invalid(String),
}

impl UpstreamError {
    /// Whether the upstream certainly did not act on the request (a refusal, or no
    /// connection): only then is a create's reference free again.
    pub fn certainly_not_done(&self) -> bool {
        matches!(self, Self::Rejected(_) | Self::Unreachable(_))
    }

    pub fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            Self::Unreachable(_) | Self::Unavailable(_) => {
                (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamUnavailable)
            }
            Self::Timeout => (StatusCode::GATEWAY_TIMEOUT, ErrorCode::UpstreamTimeout),
            Self::Rejected(_) => (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamRejected),
            Self::Invalid(_) => (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamInvalid),
        }
    }

    pub fn code_str(&self) -> &'static str {
        match self {
            Self::Unreachable(_) | Self::Unavailable(_) => "upstream_unavailable",
            Self::Timeout => "upstream_timeout",
            Self::Rejected(_) => "upstream_rejected",
            Self::Invalid(_) => "upstream_invalid",
        }
    }

    /// What the app may show: the upstream's own sentence for a refusal, else a plain summary.
    pub fn public_message(&self) -> String {
        self.to_string()
    }
}

/// What a refund request says, before the proxy adds `key` and `hash`.
#[derive(Debug, Clone, Copy)]
pub struct RefundRequestParts<'a> {
    pub payment_code: &'a str,
    pub refund_type: wct_api::upstream::RefundType,
    pub asset: &'a str,
    pub amount: &'a str,
    pub email: Option<&'a str>,
    pub mobile: Option<&'a str>,
    pub remarks: Option<&'a str>,
}

/// A configured upstream: base URL, key and secret.
#[derive(Clone)]
pub struct Upstream {
    http: reqwest::Client,
    base: String,
    key: String,
    secret: ApiSecret,
    writer: Writer,
    /// Calls in flight at once: a burst of postbacks or refreshes queues here instead of
    /// opening hundreds of connections to WCT Pay.
    in_flight: std::sync::Arc<tokio::sync::Semaphore>,
}

impl std::fmt::Debug for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upstream")
            .field("base", &self.base)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Upstream {
    pub fn new(
        base: &str,
        key: String,
        secret: ApiSecret,
        timeout: Duration,
        writer: Writer,
        concurrency: usize,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            // A redirect would turn the signed POST into a GET somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let base = format!("{}/", base.trim_end_matches('/'));
        Ok(Self {
            http,
            base,
            key,
            secret,
            writer,
            in_flight: std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1))),
        })
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// `payment-pos/post`. The exchange's log entry is not written here: it is returned, for
    /// the caller to write with the create's outcome (`Self::queue_log` when there is none).
    pub async fn create(
        &self,
        payment_id: &str,
        fields: &PaymentFields,
        postback_url: String,
        price_url: String,
    ) -> (Result<CreatePosPaymentOk, UpstreamError>, UpstreamLog) {
        let request = CreatePosPayment {
            key: self.key.clone(),
            hash: sign::create_hash(&self.key, &fields.asset, &fields.amount, &self.secret),
            // WCT Pay gets the seed's cart fields only (no line kinds).
            fields: fields.for_upstream(),
            postback_url: Some(postback_url),
            pos_price_update_postback_url: Some(price_url),
        };
        let (_, result, entry) = self
            .exchange(CREATE_ENDPOINT, Some(payment_id), &request)
            .await;
        (result, entry)
    }

    /// Queues a log entry `create` returned for the writer's next batch, without waiting for
    /// its commit: for an outcome that is written by a later awaited write (or none).
    pub async fn queue_log(&self, entry: UpstreamLog) {
        self.writer.queue("the upstream log", log_job(entry)).await;
    }

    /// `payment-pos/getupdate` by payment code.
    pub async fn getupdate(
        &self,
        payment_id: &str,
        code: &str,
    ) -> Result<PaymentUpdateInfo, UpstreamError> {
        let request = GetUpdateRequest {
            key: self.key.clone(),
            hash: sign::getupdate_hash(&self.key, code, &self.secret),
            payment_code: Some(code.into()),
            reference: None,
        };
        let ok: GetUpdateOk = self
            .call("payment-pos/getupdate", Some(payment_id), &request)
            .await?;
        Ok(ok.0)
    }

    /// `payment-pos/getupdate` by our reference (the upstream dedupes creates by reference).
    pub async fn getupdate_by_reference(
        &self,
        payment_id: &str,
        reference: &str,
    ) -> Result<PaymentUpdateInfo, UpstreamError> {
        let request = GetUpdateRequest {
            key: self.key.clone(),
            hash: sign::getupdate_hash(&self.key, reference, &self.secret),
            payment_code: None,
            reference: Some(reference.into()),
        };
        let ok: GetUpdateOk = self
            .call("payment-pos/getupdate", Some(payment_id), &request)
            .await?;
        Ok(ok.0)
    }

    /// `payment/refund`: hash = MD5(key + asset + amount + secret), `amount` exactly as sent.
    pub async fn refund(
        &self,
        payment_id: &str,
        request: RefundRequestParts<'_>,
    ) -> Result<RefundOk, UpstreamError> {
        let body = RefundRequest {
            key: self.key.clone(),
            hash: sign::refund_hash(&self.key, request.asset, request.amount, &self.secret),
            payment_code: request.payment_code.to_string(),
            refund_type: request.refund_type,
            asset: request.asset.to_string(),
            amount: request.amount.to_string(),
            email: request.email.map(String::from),
            mobile: request.mobile.map(String::from),
            remarks: request.remarks.map(String::from),
        };
        self.call("payment/refund", Some(payment_id), &body).await
    }

    /// Posts to one of the embedded sandbox's control routes (sandbox mode only), through the
    /// same client as every upstream call. `Ok(Err(reason))` when the sandbox refused.
    pub async fn sandbox_control(
        &self,
        url: &str,
        request: &serde_json::Value,
    ) -> Result<Result<serde_json::Value, String>, UpstreamError> {
        let response = self
            .http
            .post(url)
            .json(request)
            .send()
            .await
            .map_err(|e| classify_send(&e))?;
        let answer: serde_json::Value = response
            .json()
            .await
            .map_err(|e| UpstreamError::Invalid(e.to_string()))?;
        if answer.get("status").and_then(|s| s.as_str()) == Some("ok") {
            return Ok(Ok(answer));
        }
        let reason = answer
            .get("error")
            .and_then(|e| e.as_str())
            .unwrap_or("the sandbox refused the payment");
        Ok(Err(reason.to_string()))
    }

    /// `validate`: are the key and secret right? Only a refusal in a successful HTTP answer
    /// says so; a refusal with an error status (an upstream without this endpoint answers
    /// 404) proves nothing about the credentials.
    pub async fn validate(&self) -> Result<(), UpstreamError> {
        let request = ValidateRequest {
            key: self.key.clone(),
            hash: sign::validate_hash(&self.secret),
        };
        let (status, answer) = self
            .call_with_status::<_, serde_json::Value>("validate", None, &request)
            .await;
        match answer {
            Err(UpstreamError::Rejected(reason)) if !status.is_some_and(|s| s.is_success()) => {
                Err(UpstreamError::Unavailable(format!(
                    "HTTP {}: {reason}",
                    status.map_or(0, |s| s.as_u16())
                )))
            }
            answer => answer.map(|_| ()),
        }
    }

    async fn call<Req: Serialize, Res: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        payment_id: Option<&str>,
        request: &Req,
    ) -> Result<Res, UpstreamError> {
        self.call_with_status(endpoint, payment_id, request).await.1
    }

    /// [`Self::call`], with the HTTP status of the answer when there was one.
    async fn call_with_status<Req: Serialize, Res: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        payment_id: Option<&str>,
        request: &Req,
    ) -> (Option<reqwest::StatusCode>, Result<Res, UpstreamError>) {
        let (status, parsed, entry) = self.exchange(endpoint, payment_id, request).await;
        let logged: Result<(), sqlx::Error> = self.writer.run_tx(log_job(entry)).await;
        if let Err(e) = logged {
            tracing::warn!(error = %e, "could not write the upstream log");
        }
        (status, parsed)
    }

    /// One call: the HTTP status when there was an answer, the parsed answer, and the
    /// exchange's log entry (not written yet).
    async fn exchange<Req: Serialize, Res: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        payment_id: Option<&str>,
        request: &Req,
    ) -> (
        Option<reqwest::StatusCode>,
        Result<Res, UpstreamError>,
        UpstreamLog,
    ) {
        // Closed only at shutdown; then the call is simply refused.
        let Ok(_slot) = self.in_flight.acquire().await else {
            let entry = UpstreamLog {
                endpoint,
                payment_id: payment_id.map(String::from),
                request_json: self.logged_request(request),
                http_status: None,
                response_body: None,
                error: Some("shutting down".into()),
                duration_ms: 0,
            };
            return (
                None,
                Err(UpstreamError::Unavailable("shutting down".into())),
                entry,
            );
        };
        let started = Instant::now();
        let url = format!("{}{endpoint}", self.base);
        let (status, result) = match self.http.post(&url).json(request).send().await {
            Err(e) => (None, Err(classify_send(&e))),
            Ok(response) => {
                let status = response.status();
                (Some(status), read_bounded(response).await)
            }
        };
        let parsed = match &result {
            Ok(body) => read_reply::<Res>(status, body),
            Err(e) => Err(e.clone()),
        };
        let body_text = result.as_ref().ok().map(|b| {
            let text = String::from_utf8_lossy(&b[..b.len().min(LOGGED_BODY_MAX)]);
            self.redact(&without_personal(&text))
        });
        let error_text = parsed.as_ref().err().map(|e| format!("{e:?}"));
        let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let entry = UpstreamLog {
            endpoint,
            payment_id: payment_id.map(String::from),
            request_json: self.logged_request(request),
            http_status: status.map(|s| s.as_u16()),
            response_body: body_text,
            error: error_text,
            duration_ms,
        };
        let outcome = match &parsed {
            Ok(_) => "ok",
            Err(e) => e.code_str(),
        };
        metrics::counter!("upstream_calls_total", "endpoint" => endpoint, "outcome" => outcome)
            .increment(1);
        metrics::histogram!("upstream_call_duration_seconds", "endpoint" => endpoint)
            .record(duration_ms as f64 / 1000.0);
        match &parsed {
            Ok(_) => tracing::debug!(endpoint, ms = duration_ms, "upstream ok"),
            Err(e) => tracing::warn!(endpoint, payment_id, error = %e, "upstream call failed"),
        }
        (status, parsed, entry)
    }

    /// The request as stored: no `hash`, no customer details (`personal_*`, kept only in
    /// the payment row until the retention window ends), and the secret scrubbed should it
    /// ever appear.
    fn logged_request<Req: Serialize>(&self, request: &Req) -> String {
        let mut value = serde_json::to_value(request).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.remove("hash");
        }
        crate::store::strip_personal(&mut value);
        self.redact(&value.to_string())
    }

    fn redact(&self, text: &str) -> String {
        let secret = self.secret.expose();
        if secret.is_empty() {
            text.to_string()
        } else {
            text.replace(secret, "<redacted>")
        }
    }
}

/// A logged answer without customer details, should the upstream send any back (text that
/// is not whole JSON is kept as it is).
fn without_personal(text: &str) -> std::borrow::Cow<'_, str> {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.into();
    };
    if crate::store::strip_personal(&mut value) {
        value.to_string().into()
    } else {
        text.into()
    }
}

fn classify_send(e: &reqwest::Error) -> UpstreamError {
    if e.is_connect() {
        // Refused, DNS, TLS handshake, or no connection in time: no request was delivered.
        UpstreamError::Unreachable(e.to_string())
    } else if e.is_timeout() {
        UpstreamError::Timeout
    } else {
        // Reset or closed mid-exchange: the request may have been acted on.
        UpstreamError::Unavailable(e.to_string())
    }
}

/// The answer's body, at most [`ANSWER_MAX`] bytes: a longer one is unreadable (and, for a
/// create, ambiguous), however it is sent.
async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, UpstreamError> {
    let too_long = || UpstreamError::Invalid(format!("answer longer than {ANSWER_MAX} bytes"));
    if response
        .content_length()
        .is_some_and(|n| n > ANSWER_MAX as u64)
    {
        return Err(too_long());
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > ANSWER_MAX => return Err(too_long()),
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => return Err(UpstreamError::Timeout),
            Err(e) => return Err(UpstreamError::Invalid(format!("body cut short: {e}"))),
        }
    }
}

fn read_reply<T: DeserializeOwned>(
    status: Option<reqwest::StatusCode>,
    body: &[u8],
) -> Result<T, UpstreamError> {
    match parse_reply::<T>(body) {
        Ok(v) => Ok(v),
        Err(ReplyError::Nok(nok)) => Err(UpstreamError::Rejected(nok.reason().to_string())),
        // A 5xx without a readable refusal means the upstream itself is failing.
        Err(_) if status.is_some_and(|s| s.is_server_error()) => Err(UpstreamError::Unavailable(
            format!("HTTP {}", status.map_or(0, |s| s.as_u16())),
        )),
        Err(e) => Err(UpstreamError::Invalid(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_logged_request_holds_no_personal_field() {
        sqlx::any::install_default_drivers();
        let db = sqlx::any::AnyPoolOptions::new()
            .connect_lazy("sqlite::memory:")
            .unwrap();
        let upstream = Upstream::new(
            "http://127.0.0.1:9/api",
            "key-1".into(),
            ApiSecret::new("secret-value-123"),
            Duration::from_secs(1),
            Writer::start(db),
            1,
        )
        .unwrap();
        let fields = PaymentFields {
            amount: "50.00".into(),
            asset: "USD".into(),
            requested_asset: "BTC".into(),
            description: "Coffee".into(),
            reference: "R-1".into(),
            personal_fname: Some("Aurelia".into()),
            personal_lname: Some("Quintero".into()),
            personal_address: Some("12 Vine Street".into()),
            personal_city: Some("Hobart".into()),
            personal_state: Some("TAS".into()),
            personal_country: Some("AU".into()),
            personal_postcode: Some("7000".into()),
            personal_mobile: Some("+61412345678".into()),
            personal_dob: Some("1990/02/03".into()),
            ..Default::default()
        };
        let request = CreatePosPayment {
            key: "key-1".into(),
            hash: "h".into(),
            fields,
            postback_url: None,
            pos_price_update_postback_url: None,
        };
        let logged = upstream.logged_request(&request);
        let value: serde_json::Value = serde_json::from_str(&logged).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert!(keys.iter().all(|k| !k.starts_with("personal")), "{logged}");
        for personal in [
            "Aurelia", "Quintero", "Vine", "Hobart", "TAS", "7000", "+6141", "1990",
        ] {
            assert!(!logged.contains(personal), "{personal} in {logged}");
        }
        assert_eq!(value["reference"], "R-1");
        assert_eq!(value["amount"], "50.00");
        assert!(value.get("hash").is_none());
        assert_eq!(
            without_personal(r#"{"status":"ok","email":"a@b.c","personal":{"fname":"A"}}"#),
            r#"{"status":"ok"}"#
        );
        assert_eq!(without_personal("<html>"), "<html>");
    }

    #[test]
    fn replies_are_classified() {
        let ok = reqwest::StatusCode::OK;
        let e500 = reqwest::StatusCode::INTERNAL_SERVER_ERROR;
        assert!(matches!(
            read_reply::<serde_json::Value>(Some(ok), b"<html>oops"),
            Err(UpstreamError::Invalid(_))
        ));
        assert!(matches!(
            read_reply::<serde_json::Value>(Some(ok), br#"{"status":"ok","payment_co"#),
            Err(UpstreamError::Invalid(_))
        ));
        assert!(matches!(
            read_reply::<serde_json::Value>(Some(e500), b"Internal Server Error"),
            Err(UpstreamError::Unavailable(_))
        ));
        match read_reply::<serde_json::Value>(Some(e500), br#"{"status":"nok","error":"Bad"}"#) {
            Err(UpstreamError::Rejected(s)) => assert_eq!(s, "Bad"),
            other => panic!("{other:?}"),
        }
    }
}
