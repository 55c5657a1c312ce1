//! The API secret (and the hashes made from it) never leave the server: not in any response,
//! not in any log line, not in the stored upstream log. One test per binary: it installs the
//! global log subscriber.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use serde_json::json;
use wct_api::sign::{self, ApiSecret};
use wct_pos_server::TEST_TOKEN;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn the_secret_appears_in_no_response_and_no_log() {
    let logs = Buffer::default();
    tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_env_filter("debug")
        .with_ansi(false)
        .init();
    let secret = format!("unique-secret-{}", wct_pos_server::util::random_token(24));
    let key = "secret-test-key";
    let h = Harness::start_with(|c| {
        c.api_key = Some(key.into());
        c.api_secret = Some(ApiSecret::new(secret.clone()));
    })
    .await;

    let mut bodies = Vec::new();
    let body = payment_body();
    let response = h.create(&body).await;
    bodies.push(format!("{:?}", response.headers()));
    let view: serde_json::Value = response.json().await.unwrap();
    bodies.push(view.to_string());
    let id = view["id"].as_str().unwrap();
    let code = view["payment_code"].as_str().unwrap();
    let mut stream =
        SseReader::open(&h.http, &h.url(&format!("/api/payments/{id}/events")), None).await;
    h.pay(id, view["pay_amount"].as_str().unwrap()).await;
    let paid = stream
        .until(|e| e.data["payment"]["state"] == "paid")
        .await
        .expect("paid");
    bodies.push(paid.data.to_string());
    for path in [
        format!("/api/payments/{id}"),
        "/api/payments".to_string(),
        "/api/terminal".to_string(),
        "/api/assets".to_string(),
        format!("/api/public/payments/{code}"),
        "/pay/abc".to_string(),
        "/api/nowhere".to_string(),
    ] {
        bodies.push(h.get(&path).await.text().await.unwrap());
    }
    bodies.push(
        h.post(&format!("/api/payments/{id}/refresh"), &json!({}))
            .await
            .text()
            .await
            .unwrap(),
    );
    bodies.push(
        h.create(&json!({"amount": "x"}))
            .await
            .text()
            .await
            .unwrap(),
    );
    h.sandbox_post("/sandbox/faults", &json!({"mode": "nok", "count": 1}))
        .await;
    bodies.push(h.create(&payment_body()).await.text().await.unwrap());

    let hashes = [
        sign::create_hash(key, "USD", "50.00", &ApiSecret::new(secret.clone())),
        sign::getupdate_hash(key, code, &ApiSecret::new(secret.clone())),
        sign::validate_hash(&ApiSecret::new(secret.clone())),
    ];
    for body in &bodies {
        assert!(
            !body.contains(&secret),
            "a response carries the secret: {body}"
        );
        for hash in &hashes {
            assert!(
                !body.contains(hash.as_str()),
                "a response carries a hash: {body}"
            );
        }
    }
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT request_json || COALESCE(response_body, '') || COALESCE(error, '') FROM upstream_log",
    )
    .fetch_all(&h.running.state().db)
    .await
    .unwrap();
    assert!(stored.len() >= 3);
    for row in &stored {
        assert!(!row.contains(&secret), "{row}");
        assert!(!row.contains("\"hash\""), "{row}");
    }
    h.stop().await;

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("payment event"), "the log capture works");
    assert!(!logs.contains(&secret), "the secret was logged");
    for hash in &hashes {
        assert!(!logs.contains(hash.as_str()), "a hash was logged");
    }
    assert!(!logs.contains(TEST_TOKEN), "a terminal token was logged");
}
