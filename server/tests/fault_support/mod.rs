//! Shared by the `fault_*` suites: an in-process proxy with its embedded sandbox on port 0,
//! and a raw HTTP client that can send anything (wrong types, wrong headers, garbage).
#![allow(dead_code)]

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use serde_json::{json, Value};
use wct_pos_server::{Config, Running, TEST_TOKEN};

pub struct Server {
    pub running: Running,
    pub http: reqwest::Client,
    pub dist: tempfile::TempDir,
}

/// A `dist/` with a tiny index.html, so the static side works without a Trunk build.
pub fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html><head><title>wct-pos</title></head><body></body></html>",
    )
    .expect("index.html");
    dir
}

pub async fn start_with(edit: impl FnOnce(&mut Config)) -> Server {
    let dist = fake_dist();
    let mut config = Config::for_tests(dist.path());
    edit(&mut config);
    let running = wct_pos_server::start(config).await.expect("server starts");
    Server {
        running,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client"),
        dist,
    }
}

pub async fn start() -> Server {
    start_with(|_| {}).await
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

pub async fn answer(resp: reqwest::Response) -> Answer {
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, body, text }
}

pub fn idem() -> String {
    format!("fault-{:032x}", rand::random::<u128>())
}

pub fn valid_body() -> Value {
    json!({
        "amount": "50.00",
        "asset": "USD",
        "requested_asset": "BTC",
        "description": "Coffee",
        "reference": format!("F-{:012x}", rand::random::<u64>() >> 16),
    })
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.url())
    }

    pub fn sandbox_url(&self, path: &str) -> String {
        let base = self
            .running
            .sandbox
            .as_ref()
            .map(|s| s.base_url())
            .expect("embedded sandbox");
        format!("{base}{path}")
    }

    /// `POST /api/payments` with the test terminal's token and a fresh idempotency key.
    pub async fn create(&self, body: &Value) -> Answer {
        let resp = self
            .http
            .post(self.url("/api/payments"))
            .bearer_auth(TEST_TOKEN)
            .header("Idempotency-Key", idem())
            .json(body)
            .send()
            .await
            .expect("request sent");
        answer(resp).await
    }

    /// `POST /api/payments` exactly as given.
    pub async fn create_raw(&self, headers: HeaderMap, body: Vec<u8>) -> Answer {
        let resp = self
            .http
            .post(self.url("/api/payments"))
            .headers(headers)
            .body(body)
            .send()
            .await
            .expect("request sent");
        answer(resp).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        let resp = self
            .http
            .get(self.url(path))
            .bearer_auth(TEST_TOKEN)
            .send()
            .await
            .expect("request sent");
        answer(resp).await
    }

    /// Every payment the terminal sees in its history.
    pub async fn listed(&self) -> Vec<Value> {
        let mut all = Vec::new();
        let mut path = "/api/payments?limit=100".to_string();
        loop {
            let page = self.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.text);
            all.extend(
                page.body["payments"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            );
            match page.body["next_cursor"].as_str() {
                Some(c) => path = format!("/api/payments?limit=100&before={c}"),
                None => return all,
            }
        }
    }

    pub async fn sandbox(&self, path: &str, body: Value) -> Answer {
        let resp = self
            .http
            .post(self.sandbox_url(path))
            .json(&body)
            .send()
            .await
            .expect("sandbox request");
        answer(resp).await
    }

    pub async fn stop(self) {
        self.running.shutdown().await;
    }
}

pub fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in pairs {
        map.insert(
            HeaderName::from_bytes(k.as_bytes()).expect("header name"),
            HeaderValue::from_str(v).expect("header value"),
        );
    }
    map
}

/// Polls until `f` is true (async state: postbacks, reconciler), failing after `secs`.
pub async fn eventually<F, Fut>(what: &str, secs: u64, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
