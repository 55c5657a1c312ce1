//! Request bodies: an oversized `Content-Length` gets 413 at once and never `100 Continue`;
//! a postback's token is checked before its body is read; postback bodies are kept within a
//! per-payment cap and a retention window.

mod common;
mod edge_support;

use common::*;
use edge_support::*;
use reqwest::StatusCode;
use serde_json::json;
use wct_pos_server::TEST_TOKEN;

async fn postback_token(h: &Harness, id: &str) -> String {
    sqlx::query_scalar("SELECT postback_token FROM payments WHERE id = $1")
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap()
}

async fn logged_postbacks(h: &Harness, id: &str) -> i64 {
    wct_pos_server::store::postback_count(&h.running.state().db, id)
        .await
        .unwrap()
}

/// Sends a head announcing `length` bytes with `Expect: 100-continue` and no body; returns
/// the first response head.
async fn announce(h: &Harness, path: &str, length: u64, extra: &str) -> String {
    let mut stream = connect(h.running.addr).await;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\nExpect: 100-continue\r\n{extra}\r\n"
    );
    send(&mut stream, head.as_bytes()).await;
    read_head(&mut stream, WITHIN).await
}

#[tokio::test]
async fn a_huge_content_length_gets_413_without_100_continue() {
    let h = Harness::start().await;
    let auth = format!(
        "Authorization: Bearer {TEST_TOKEN}\r\nIdempotency-Key: {}\r\n",
        fresh_key()
    );
    for (path, extra) in [
        ("/api/payments", auth.as_str()),
        ("/api/sandbox/pay", auth.as_str()),
        ("/postback/no-such-token-0123456789", ""),
        ("/api/payments", ""),
        ("/anything-else", ""),
    ] {
        let head = announce(&h, path, 1_000_000_000_000, extra).await;
        assert_eq!(status(&head), Some(413), "{path}: {head}");
        assert!(!head.contains("100 Continue"), "{path}: {head}");
    }
    // Just over the limits: still refused up front.
    let head = announce(&h, "/api/payments", 64 * 1024 + 1, &auth).await;
    assert_eq!(status(&head), Some(413), "{head}");
    let view = h.create_ok(&payment_body()).await;
    let token = postback_token(&h, view["id"].as_str().unwrap()).await;
    let head = announce(&h, &format!("/postback/{token}"), 16 * 1024 + 1, "").await;
    assert_eq!(status(&head), Some(413), "{head}");
    h.stop().await;
}

#[tokio::test]
async fn a_postback_token_is_checked_before_the_body_is_read() {
    let h = Harness::start().await;
    // An allowed size, but an unknown token: 404 without asking for the body.
    let head = announce(&h, "/postback/no-such-token-0123456789", 1000, "").await;
    assert_eq!(status(&head), Some(404), "{head}");
    assert!(!head.contains("100 Continue"), "{head}");

    // A known token: the server asks for the body and records it.
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let token = postback_token(&h, &id).await;
    let head = announce(&h, &format!("/postback/{token}"), 10, "").await;
    assert_eq!(status(&head), Some(100), "{head}");

    // A body without a length that grows past the limit: 413, nothing logged.
    let before = logged_postbacks(&h, &id).await;
    let mut stream = connect(h.running.addr).await;
    let head = format!(
        "POST /postback/{token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    );
    send(&mut stream, head.as_bytes()).await;
    let chunk = format!("400\r\n{}\r\n", " ".repeat(1024));
    for _ in 0..17 {
        use tokio::io::AsyncWriteExt;
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break; // the server answered and closed
        }
    }
    let answer = read_head(&mut stream, WITHIN).await;
    assert_eq!(status(&answer), Some(413), "{answer}");
    assert_eq!(logged_postbacks(&h, &id).await, before);
    h.stop().await;
}

#[tokio::test]
async fn postback_bodies_are_kept_within_the_cap_and_the_window() {
    let h = Harness::start_with(|c| {
        c.postbacks_per_payment = 3;
        c.postback_retention_days = 1;
    })
    .await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let token = postback_token(&h, &id).await;
    let other = h.create_ok(&payment_body()).await;
    let other_id = other["id"].as_str().unwrap().to_string();
    // An old body of another payment, from before the window.
    sqlx::query(
        "INSERT INTO postback_log (id, payment_id, kind, body, received_at)
         VALUES ('old-one', $1, 'paymentUpdate', '{}', 1000)",
    )
    .bind(&other_id)
    .execute(&h.running.state().db)
    .await
    .unwrap();
    for n in 0..8 {
        let body = json!({"fn": "paymentUpdate", "payment_code": view["payment_code"], "n": n});
        let response = h
            .http
            .post(h.url(&format!("/postback/{token}")))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(logged_postbacks(&h, &id).await, 3);
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM postback_log WHERE payment_id = $1 ORDER BY received_at, id",
    )
    .bind(&id)
    .fetch_all(&h.running.state().db)
    .await
    .unwrap();
    assert!(
        bodies.iter().any(|b| b.contains("\"n\":7")),
        "the newest body is kept: {bodies:?}"
    );
    assert!(!bodies.iter().any(|b| b.contains("\"n\":0")), "{bodies:?}");
    let old: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM postback_log WHERE id = 'old-one'")
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(old, 0, "a body older than the window was kept");
    h.stop().await;
}
