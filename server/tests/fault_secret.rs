//! The API secret never leaves the server: after a full run of the real binary with debug
//! logs — creates, errors, payments, postbacks, refreshes, event streams, the public page,
//! every file of the app — neither the secret nor any hash made from it appears in a
//! response body, a log line, or a file of `dist/`.

mod common;

use std::time::Duration;

use common::{free_port, fresh_key, payment_body, Child};
use serde_json::{json, Value};
use wct_api::sign::{create_hash, getupdate_hash, validate_hash, ApiSecret};

const TOKEN: &str = "secret-test-terminal-token-012";
const KEY: &str = "T-secret-test";

struct Run {
    http: reqwest::Client,
    url: String,
    /// Every response body seen, with what asked for it.
    bodies: Vec<(String, String)>,
}

impl Run {
    async fn send(&mut self, what: &str, req: reqwest::RequestBuilder) -> Value {
        let resp = req.send().await.expect("request");
        let text = resp.text().await.unwrap_or_default();
        self.bodies.push((what.to_string(), text.clone()));
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn get(&mut self, path: &str) -> Value {
        let req = self
            .http
            .get(format!("{}{path}", self.url))
            .bearer_auth(TOKEN);
        self.send(path, req).await
    }

    async fn post(&mut self, path: &str, body: Value) -> Value {
        let req = self
            .http
            .post(format!("{}{path}", self.url))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", fresh_key())
            .json(&body);
        self.send(path, req).await
    }

    /// Reads an event stream for a while.
    async fn stream(&mut self, path: &str) {
        let resp = self
            .http
            .get(format!("{}{path}", self.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("stream");
        let mut resp = resp;
        let mut text = String::new();
        let deadline = tokio::time::Instant::now() + Duration::from_millis(1500);
        while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, resp.chunk()).await {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
        self.bodies.push((path.to_string(), text));
    }
}

fn dist_dir() -> std::path::PathBuf {
    let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    if real.join("index.html").exists() {
        real
    } else {
        // Without a build, the fake page still goes through the same serving code.
        let fake = common::make_dist();
        let path = fake.path().to_path_buf();
        std::mem::forget(fake);
        path
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secret_appears_in_no_response_no_log_line_and_no_file_of_dist() {
    let secret_text = format!("wct-secret-{:024x}", rand::random::<u128>());
    let secret = ApiSecret::new(secret_text.clone());
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dist_dir();
    let log = dir.path().join("server.log");
    let port = free_port();
    let env = [
        (
            "WCT_POS_DATABASE_URL",
            format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("wct-pos.db").display()
            ),
        ),
        ("WCT_POS_DIST", dist.display().to_string()),
        ("WCT_POS_TERMINALS", format!("Secret till:{TOKEN}")),
        ("WCT_API_KEY", KEY.to_string()),
        ("WCT_API_SECRET", secret_text.clone()),
        ("WCT_POS_QUOTE_SECS", "2".into()),
        ("WCT_POS_RECONCILE_SECS", "1".into()),
        ("WCT_SANDBOX_RETRY_BASE_MS", "20".into()),
        ("WCT_SANDBOX_RETRY_MAX_MS", "200".into()),
        ("RUST_LOG", "debug".into()),
    ];
    let mut child = Child::spawn(&env, port, &log).await;
    let mut run = Run {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client"),
        url: child.url.clone(),
        bodies: Vec::new(),
    };

    // A full run: payments in several states, errors, streams, the public side, the app.
    let mut codes = Vec::new();
    let mut ids = Vec::new();
    for crypto in ["BTC", "ETH", "USDT"] {
        let mut body = payment_body();
        body["requested_asset"] = json!(crypto);
        if crypto == "USDT" {
            body["requested_asset_network"] = json!("ERC20");
        }
        body["personal_fname"] = json!("Alice");
        let view = run.post("/api/payments", body).await;
        let id = view["id"].as_str().expect("created").to_string();
        codes.push(view["payment_code"].as_str().expect("code").to_string());
        ids.push((id, view["pay_amount"].as_str().expect("amount").to_string()));
    }
    let (first, amount) = ids[0].clone();
    let half = {
        let a: rust_decimal::Decimal = amount.parse().expect("decimal");
        (a / rust_decimal::Decimal::TWO)
            .trunc_with_scale(8)
            .to_string()
    };
    run.post("/api/sandbox/pay", json!({"id": first, "amount": half}))
        .await;
    run.post(
        "/api/sandbox/pay",
        json!({"id": ids[1].0, "amount": ids[1].1}),
    )
    .await;
    run.post("/api/payments", json!({"amount": "1.001"})).await;
    run.post("/api/payments", json!({"key": KEY, "hash": "x"}))
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await; // quotes expire: re-quotes happen
    for (id, _) in ids.clone() {
        run.post(&format!("/api/payments/{id}/refresh"), json!({}))
            .await;
        run.get(&format!("/api/payments/{id}")).await;
    }
    run.post(&format!("/api/payments/{}/cancel", ids[2].0), json!({}))
        .await;
    run.get("/api/payments?limit=50").await;
    run.get("/api/assets").await;
    run.get("/api/terminal").await;
    run.get("/api/payments/p_nope").await;
    run.stream(&format!("/api/payments/{first}/events?last_event_id=0"))
        .await;
    run.stream("/api/events?last_event_id=0").await;
    for code in &codes {
        run.get(&format!("/api/public/payments/{code}")).await;
        run.stream(&format!("/api/public/payments/{code}/events"))
            .await;
    }
    run.get("/healthz").await;
    run.get("/pay/abc").await;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dist).expect("dist") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            files.push(path);
        }
    }
    for path in &files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        run.get(&format!("/{name}")).await;
    }
    child.terminate();

    let mut forbidden = vec![
        ("the secret", secret_text.clone()),
        ("validate hash", validate_hash(&secret)),
        ("create hash", create_hash(KEY, "USD", "50.00", &secret)),
    ];
    for code in &codes {
        forbidden.push(("getupdate hash", getupdate_hash(KEY, code, &secret)));
    }
    let log_text = std::fs::read_to_string(&log).expect("log");
    assert!(
        log_text.lines().count() > 20,
        "the debug log is suspiciously short"
    );
    for (what, value) in &forbidden {
        for (asked, body) in &run.bodies {
            assert!(
                !body.contains(value.as_str()),
                "{what} in the response to {asked}"
            );
        }
        for line in log_text.lines() {
            assert!(
                !line.contains(value.as_str()),
                "{what} in a log line: {line}"
            );
        }
        for path in &files {
            let bytes = std::fs::read(path).expect("dist file");
            let found = bytes.windows(value.len()).any(|w| w == value.as_bytes());
            assert!(!found, "{what} in {}", path.display());
        }
    }
    // The run really exercised the paths that handle the secret.
    assert!(run.bodies.len() > 25);
    assert!(
        log_text.contains("postback"),
        "postbacks were part of the run"
    );
}
