//! Helpers shared by the sandbox's integration tests: a signed client, a scripted postback
//! receiver, and polling.
#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use wct_api::sign::{create_hash, getupdate_hash, refund_hash, validate_hash, ApiSecret};
use wct_sandbox::{Config, Sandbox, TEST_KEY, TEST_SECRET};

/// Generous: these tests must pass on a loaded 2-core machine.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub async fn sandbox() -> Sandbox {
    sandbox_with(Config::for_tests()).await
}

pub async fn sandbox_with(config: Config) -> Sandbox {
    wct_sandbox::start(config).await.expect("sandbox starts")
}

pub fn secret() -> ApiSecret {
    ApiSecret::new(TEST_SECRET)
}

/// A client that signs requests as the test terminal.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub fn new(sandbox: &Sandbox) -> Self {
        Self {
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            base: sandbox.base_url(),
        }
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A create body for `amount` USD paid in BTC, correctly signed.
    pub fn create_body(&self, amount: &str, reference: &str) -> Value {
        json!({
            "key": TEST_KEY,
            "hash": create_hash(TEST_KEY, "USD", amount, &secret()),
            "asset": "USD",
            "requested_asset": "BTC",
            "amount": amount,
            "description": "Two flat whites",
            "reference": reference,
        })
    }

    /// Re-signs a create body after a test changed its fields.
    pub fn sign_create(&self, mut body: Value) -> Value {
        let (asset, amount) = (
            body["asset"].as_str().unwrap_or_default().to_string(),
            body["amount"].as_str().unwrap_or_default().to_string(),
        );
        body["hash"] = create_hash(TEST_KEY, &asset, &amount, &secret()).into();
        body
    }

    pub async fn create(&self, body: &Value) -> Value {
        self.post("/api/payment-pos/post", body).await.1
    }

    /// Creates a payment that must succeed.
    pub async fn create_ok(&self, body: Value) -> Value {
        let answer = self.create(&body).await;
        assert_eq!(answer["status"], "ok", "{answer}");
        answer
    }

    pub async fn getupdate(&self, code: &str) -> Value {
        let body = json!({
            "key": TEST_KEY,
            "hash": getupdate_hash(TEST_KEY, code, &secret()),
            "payment_code": code,
        });
        self.post("/api/payment-pos/getupdate", &body).await.1
    }

    pub async fn pay(&self, code: &str, amount: &str) -> (u16, Value) {
        self.post(
            "/sandbox/pay",
            &json!({"payment_code": code, "amount": amount}),
        )
        .await
    }

    pub async fn validate(&self, key: &str, secret: &ApiSecret) -> Value {
        let body = json!({"key": key, "hash": validate_hash(secret)});
        self.post("/api/validate", &body).await.1
    }

    pub async fn refund(&self, code: &str, asset: &str, amount: &str) -> Value {
        let body = json!({
            "key": TEST_KEY,
            "hash": refund_hash(TEST_KEY, asset, amount, &secret()),
            "payment_code": code,
            "refund_type": "full",
            "asset": asset,
            "amount": amount,
            "remarks": "customer changed their mind",
        });
        self.post("/api/payment/refund", &body).await.1
    }

    /// Attempts logged by the sandbox for one payment.
    pub async fn attempts(&self, code: &str) -> Vec<Value> {
        let (_, log) = self
            .get(&format!("/sandbox/postbacks?payment_code={code}"))
            .await;
        log["attempts"].as_array().cloned().unwrap_or_default()
    }

    pub async fn queue(&self, code: &str) -> Vec<Value> {
        let (_, log) = self
            .get(&format!("/sandbox/postbacks?payment_code={code}"))
            .await;
        log["postbacks"].as_array().cloned().unwrap_or_default()
    }
}

/// Polls `check` until it returns `Some`, or panics after [`PATIENCE`].
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A postback receiver on port 0 that refuses the first `fail_first` deliveries (HTTP 500),
/// then acknowledges with `{"status":"ok"}`. Records every body it was sent.
#[derive(Clone)]
pub struct Receiver {
    pub addr: SocketAddr,
    pub hits: Arc<Mutex<Vec<Value>>>,
}

#[derive(Clone)]
struct ReceiverState {
    hits: Arc<Mutex<Vec<Value>>>,
    fail_first: usize,
    /// Refuse with HTTP 200 and `{"status":"error"}` instead of a 500.
    soft: bool,
}

async fn receive(
    State(s): State<ReceiverState>,
    Json(body): Json<Value>,
) -> (axum::http::StatusCode, Json<Value>) {
    let n = {
        let mut hits = s.hits.lock().unwrap();
        hits.push(body);
        hits.len()
    };
    if n <= s.fail_first && s.soft {
        (axum::http::StatusCode::OK, Json(json!({"status": "error"})))
    } else if n <= s.fail_first {
        (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"status": "error"})),
        )
    } else {
        (axum::http::StatusCode::OK, Json(json!({"status": "ok"})))
    }
}

impl Receiver {
    pub async fn start(fail_first: usize) -> Self {
        Self::start_with(fail_first, false).await
    }

    /// Refusals answer HTTP 200 with a JSON body that is not `{"status":"ok"}`.
    pub async fn start_soft(fail_first: usize) -> Self {
        Self::start_with(fail_first, true).await
    }

    async fn start_with(fail_first: usize, soft: bool) -> Self {
        let hits: Arc<Mutex<Vec<Value>>> = Arc::default();
        let app = Router::new()
            .route("/postback", post(receive))
            .with_state(ReceiverState {
                hits: hits.clone(),
                fail_first,
                soft,
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { addr, hits }
    }

    pub fn url(&self) -> String {
        format!("http://{}/postback", self.addr)
    }

    pub fn count(&self) -> usize {
        self.hits.lock().unwrap().len()
    }

    pub fn bodies(&self) -> Vec<Value> {
        self.hits.lock().unwrap().clone()
    }

    /// Bodies whose `fn` is `name`.
    pub fn of_fn(&self, name: &str) -> Vec<Value> {
        self.bodies()
            .into_iter()
            .filter(|b| b["fn"] == name)
            .collect()
    }
}
