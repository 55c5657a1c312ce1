//! Shared by the `fault_*` suites: an in-process proxy with its embedded sandbox on port 0,
//! and a raw HTTP client that can send anything (wrong types, wrong headers, garbage).
#![allow(dead_code)]

#[path = "../common/db.rs"]
pub mod db;

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
    db::use_test_database(&mut config).await;
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

    /// `POST /api/payments` with the test terminal's token and the given idempotency key (a
    /// retry of the same request).
    pub async fn create_with_key(&self, body: &Value, key: &str) -> Answer {
        let resp = self
            .http
            .post(self.url("/api/payments"))
            .bearer_auth(TEST_TOKEN)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("request sent");
        answer(resp).await
    }

    /// The stored state of the payment with `reference` (any state, hidden ones included).
    pub async fn row_state(&self, reference: &str) -> Option<String> {
        sqlx::query_scalar("SELECT state FROM payments WHERE reference = $1")
            .bind(reference)
            .fetch_optional(&self.running.state().db)
            .await
            .expect("query payments")
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

/// The real server binary as a child process (for kill -9 and for reading its whole log).
pub struct Child {
    pub process: std::process::Child,
    pub url: String,
    pub log: std::path::PathBuf,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl Child {
    /// Starts `wct-pos-server` with `env` (plus a quiet default), logging to `log` (appended,
    /// so a restart's lines follow the first run's), and waits for `/healthz`.
    pub async fn spawn(env: &[(&str, String)], port: u16, log: &std::path::Path) -> Self {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("log file");
        let err = file.try_clone().expect("log file");
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wct-pos-server"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("WCT_POS_BIND", format!("127.0.0.1:{port}"))
            .stdin(std::process::Stdio::null())
            .stdout(file)
            .stderr(err);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let process = cmd.spawn().expect("server binary starts");
        let child = Self {
            process,
            url: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        child.wait_healthy().await;
        child
    }

    pub async fn wait_healthy(&self) {
        let http = reqwest::Client::new();
        let url = format!("{}/healthz", self.url);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = http.get(&url).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "server child did not become healthy"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.
    pub fn kill9(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }

    /// SIGTERM and wait: the graceful path.
    pub fn terminate(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status();
        let _ = self.process.wait();
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill9();
    }
}
