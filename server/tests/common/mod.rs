//! The one harness of the proxy's integration tests: an in-process proxy with its embedded
//! sandbox on port 0, an HTTP client, answers decoded for assertions, polling, a small SSE
//! reader, and the real binary as a child process (`child`).
#![allow(dead_code)]

pub mod child;
pub mod db;

#[allow(unused_imports)]
pub use child::{free_port, Child};

use std::future::Future;
use std::path::Path;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use wct_pos_server::{start, Config, Running, TEST_TOKEN};

/// Long enough for a loaded 2-core machine; tests poll, so passing runs stay fast.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The inline loader script written into the test `index.html`.
pub const LOADER: &str = "import init from '/wct-pos-0123456789abcdef.js'; init();";

pub struct Harness {
    pub running: Running,
    pub http: Client,
    pub base: String,
    pub dist: tempfile::TempDir,
}

/// A `dist/` with an index.html (inline loader), a hashed js file and sw.js.
pub fn make_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_dist(dir.path());
    dir
}

pub fn write_dist(dir: &Path) {
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!doctype html><html><head><link href=/main-0123456789abcdef.css rel=stylesheet>\
             <script type=\"module\">{LOADER}</script></head>\
             <body data-app=\"wct-pos\"></body></html>"
        ),
    )
    .expect("index.html");
    std::fs::write(
        dir.join("wct-pos-0123456789abcdef.js"),
        "export default function init() {}",
    )
    .expect("js");
    std::fs::write(dir.join("main-0123456789abcdef.css"), "body { margin: 0 }").expect("css");
    std::fs::write(
        dir.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .expect("sw");
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Self {
        let dist = make_dist();
        let mut config = Config::for_tests(dist.path());
        tweak(&mut config);
        Self::from_config(config, dist).await
    }

    /// A proxy whose upstream is `fake` (a router shaped like WCT Pay's `/api/…`), served on a
    /// free port, signing with `key` and `secret`; `tweak` adjusts the rest.
    pub async fn with_fake_upstream(
        fake: axum::Router,
        key: &str,
        secret: &str,
        tweak: impl FnOnce(&mut Config),
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake upstream");
        let addr = listener.local_addr().expect("fake upstream address");
        tokio::spawn(async move { axum::serve(listener, fake).await });
        Self::start_with(|c| {
            c.api_base = Some(format!("http://{addr}/api"));
            c.api_key = Some(key.into());
            c.api_secret = Some(wct_api::sign::ApiSecret::new(secret));
            tweak(c);
        })
        .await
    }

    pub async fn from_config(mut config: Config, dist: tempfile::TempDir) -> Self {
        db::use_test_database(&mut config).await;
        let running = start(config).await.expect("proxy starts");
        let base = running.url();
        Self {
            running,
            http: Client::builder().timeout(PATIENCE).build().expect("client"),
            base,
            dist,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn sandbox_url(&self, path: &str) -> String {
        let sandbox = self.running.sandbox.as_ref().expect("sandbox mode");
        format!("{}{path}", sandbox.base_url())
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(TEST_TOKEN)
            .send()
            .await
            .expect("GET")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(TEST_TOKEN)
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    /// `POST /api/payments` with a fresh Idempotency-Key.
    pub async fn create(&self, body: &Value) -> Response {
        self.create_with_key(body, &fresh_key()).await
    }

    pub async fn create_with_key(&self, body: &Value, key: &str) -> Response {
        self.http
            .post(self.url("/api/payments"))
            .bearer_auth(TEST_TOKEN)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("create")
    }

    /// Creates a payment and returns its view, asserting 201.
    pub async fn create_ok(&self, body: &Value) -> Value {
        let response = self.create(body).await;
        let status = response.status();
        let view: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "{view}");
        view
    }

    pub async fn payment(&self, id: &str) -> Value {
        let response = self.get(&format!("/api/payments/{id}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("json")
    }

    /// The simulated customer pays `amount` through the proxy's sandbox relay.
    pub async fn pay(&self, id: &str, amount: &str) {
        let response = self
            .post("/api/sandbox/pay", &json!({"id": id, "amount": amount}))
            .await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    /// A control call to the embedded sandbox that must succeed: its JSON answer.
    pub async fn sandbox_post(&self, path: &str, body: &Value) -> Value {
        let answer = self.sandbox(path, body).await;
        let body: Value = serde_json::from_str(&answer.text).expect("sandbox json");
        assert!(answer.status.is_success(), "{path}: {body}");
        body
    }

    /// What the customer page reads for payment `code` (no token), asserting 200.
    pub async fn public_payment(&self, code: &str) -> Value {
        let response = self
            .http
            .get(self.url(&format!("/api/public/payments/{code}")))
            .send()
            .await
            .expect("public payment");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("json")
    }

    /// Polls the payment until its state is `state`.
    pub async fn wait_state(&self, id: &str, state: &str) -> Value {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let seen = self.payment(id).await;
            if seen["state"] == state {
                return seen;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "payment never became {state}; last seen {seen}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every payment this terminal can list, page after page.
    pub async fn list_all(&self) -> Vec<Value> {
        let mut all = Vec::new();
        let mut path = "/api/payments?limit=100".to_string();
        loop {
            let page = answer(self.get(&path).await).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.text);
            all.extend(
                page.body["payments"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            );
            match page.body["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/payments?limit=100&before={cursor}"),
                None => return all,
            }
        }
    }

    /// `POST /api/payments` exactly as given: any headers, any bytes.
    pub async fn create_raw(&self, headers: HeaderMap, body: Vec<u8>) -> Answer {
        let response = self
            .http
            .post(self.url("/api/payments"))
            .headers(headers)
            .body(body)
            .send()
            .await
            .expect("request sent");
        answer(response).await
    }

    /// A control call to the embedded sandbox, whatever its status.
    pub async fn sandbox(&self, path: &str, body: &Value) -> Answer {
        let response = self
            .http
            .post(self.sandbox_url(path))
            .json(body)
            .send()
            .await
            .expect("sandbox request");
        answer(response).await
    }

    /// The stored state of the payment with `reference` (any state, hidden ones included).
    pub async fn row_state(&self, reference: &str) -> Option<String> {
        sqlx::query_scalar("SELECT state FROM payments WHERE reference = $1")
            .bind(reference)
            .fetch_optional(&self.running.state().db)
            .await
            .expect("query payments")
    }

    /// How many rows are still `creating` (straight from the database).
    pub async fn creating_rows(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE state = 'creating'")
            .fetch_one(&self.running.state().db)
            .await
            .expect("count")
    }

    pub async fn stop(self) {
        self.running.shutdown().await;
    }
}

pub fn fresh_key() -> String {
    format!("key-{}", wct_pos_server::util::random_token(24))
}

pub fn unique_reference() -> String {
    format!("R-{}", wct_pos_server::util::random_token(10))
}

/// A valid 50.00 USD in BTC payment body.
pub fn payment_body() -> Value {
    json!({
        "amount": "50.00",
        "asset": "USD",
        "requested_asset": "BTC",
        "description": "Coffee and cake",
        "reference": unique_reference(),
    })
}

/// Polls `probe` every 50 ms until it yields `Some`, for up to `PATIENCE`.
pub async fn eventually<T, F, Fut>(mut probe: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(v) = probe().await {
            return Some(v);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls `check` every 100 ms until it holds, failing the test after `secs` seconds.
pub async fn wait_until<F, Fut>(what: &str, secs: u64, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// An answer: status, decoded JSON (or null) and the raw text.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub fn code(&self) -> Option<&str> {
        self.body["error"]["code"].as_str()
    }
    pub fn field(&self) -> Option<&str> {
        self.body["error"]["field"].as_str()
    }
}

pub async fn answer(response: Response) -> Answer {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, body, text }
}

pub fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
    }
    map
}

pub async fn error_of(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: Value,
}

/// Reads an event stream response message by message.
pub struct SseReader {
    response: Response,
    buffer: String,
}

impl SseReader {
    /// A stream opened as the test terminal (`Authorization: Bearer`).
    pub async fn open(http: &Client, url: &str, last_event_id: Option<&str>) -> Self {
        Self::open_as(http, url, TEST_TOKEN, last_event_id).await
    }

    /// A stream opened with `token` in the `Authorization` header.
    pub async fn open_as(
        http: &Client,
        url: &str,
        token: &str,
        last_event_id: Option<&str>,
    ) -> Self {
        let mut request = http
            .get(url)
            .bearer_auth(token)
            .timeout(Duration::from_secs(600));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.expect("open stream");
        assert_eq!(response.status(), StatusCode::OK);
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event (comments and keep-alives skipped), or `None` after `PATIENCE`.
    pub async fn next(&mut self) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_block(&block) {
                    return Some(event);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Skips events until one satisfies `want`.
    pub async fn until(&mut self, want: impl Fn(&SseEvent) -> bool) -> Option<SseEvent> {
        loop {
            let event = self.next().await?;
            if want(&event) {
                return Some(event);
            }
        }
    }
}

fn parse_block(block: &str) -> Option<SseEvent> {
    let (mut id, mut event, mut data) = (None, None, String::new());
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("id:") {
            id = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("event:") {
            event = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.trim_start());
        }
    }
    if data.is_empty() {
        return None;
    }
    Some(SseEvent {
        id,
        event,
        data: serde_json::from_str(&data).unwrap_or(Value::String(data)),
    })
}
