//! When the upstream is down, slow, refusing or talking nonsense, the app gets the right
//! status and code, and no payment is left `creating` or listed.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use wct_api::sign::ApiSecret;

async fn assert_clean(h: &Harness) {
    assert_eq!(h.creating_rows().await, 0, "no payment left creating");
    assert!(
        h.list_all().await.is_empty(),
        "no failed or unknown payment is listed"
    );
}

#[tokio::test]
async fn an_unreachable_upstream_is_unavailable() {
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let h = Harness::start_with(|c| {
        c.api_base = Some(format!("http://127.0.0.1:{port}/api/"));
        c.api_key = Some("real-key".into());
        c.api_secret = Some(ApiSecret::new("real-secret"));
    })
    .await;
    assert!(h.running.sandbox.is_none());
    let (status, error) = error_of(h.create(&payment_body()).await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{error}");
    assert_eq!(error["error"]["code"], "upstream_unavailable");
    assert_clean(&h).await;

    // With a real upstream there is no simulated customer.
    let (status, _) = error_of(
        h.post("/api/sandbox/pay", &json!({"id": "p_x", "amount": "1"}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let info: Value = h.get("/api/terminal").await.json().await.unwrap();
    assert_eq!(info["sandbox"], false);
    h.stop().await;
}

async fn fault(h: &Harness, mode: &str, delay_ms: u64) {
    h.sandbox_post(
        "/sandbox/faults",
        &json!({"mode": mode, "count": 1, "delay_ms": delay_ms}),
    )
    .await;
}

#[tokio::test]
async fn each_upstream_fault_has_its_own_answer() {
    let h = Harness::start_with(|c| c.upstream_timeout_ms = 700).await;
    let cases = [
        (
            "slow",
            3_000,
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_unknown",
        ),
        ("nok", 0, StatusCode::BAD_GATEWAY, "upstream_rejected"),
        (
            "non_json",
            0,
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_unknown",
        ),
        (
            "truncated",
            0,
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_unknown",
        ),
        (
            "status_500",
            0,
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_unknown",
        ),
        ("reset", 0, StatusCode::GATEWAY_TIMEOUT, "upstream_unknown"),
    ];
    for (mode, delay, status, code) in cases {
        fault(&h, mode, delay).await;
        let body = payment_body();
        let key = fresh_key();
        let (got, error) = error_of(h.create_with_key(&body, &key).await).await;
        assert_eq!(got, status, "{mode}: {error}");
        assert_eq!(error["error"]["code"], code, "{mode}: {error}");
        assert!(!error["error"]["message"].as_str().unwrap().is_empty());
        assert_clean(&h).await;

        // A refusal frees the reference: a new request goes through. A lost answer holds it
        // until the same request, retried, settles what happened.
        let view = if mode == "nok" {
            h.create_ok(&body).await
        } else {
            let (taken, _) = error_of(h.create(&body).await).await;
            assert_eq!(taken, StatusCode::CONFLICT, "{mode}: the reference is held");
            let retried = h.create_with_key(&body, &key).await;
            assert_eq!(retried.status(), StatusCode::CREATED, "{mode}");
            retried.json().await.unwrap()
        };
        assert_eq!(view["state"], "awaiting", "{mode}");
        let response = h
            .post(
                &format!("/api/payments/{}/cancel", view["id"].as_str().unwrap()),
                &json!({}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        sqlx::query("DELETE FROM events")
            .execute(&h.running.state().db)
            .await
            .unwrap();
        sqlx::query("DELETE FROM postback_log")
            .execute(&h.running.state().db)
            .await
            .unwrap();
        sqlx::query("DELETE FROM payments")
            .execute(&h.running.state().db)
            .await
            .unwrap();
    }
    h.stop().await;
}

#[tokio::test]
async fn a_refusal_carries_the_upstreams_sentence() {
    let h = Harness::start().await;
    fault(&h, "nok", 0).await;
    let (_, error) = error_of(h.create(&payment_body()).await).await;
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the payment service refused: "),
        "{message}"
    );
    assert!(message.len() > "the payment service refused: ".len());
    h.stop().await;
}

#[tokio::test]
async fn wrong_real_credentials_stop_the_start() {
    // A sandbox standing in for WCT Pay, with credentials the proxy does not have.
    let sandbox = wct_sandbox::start(wct_sandbox::Config::for_tests())
        .await
        .unwrap();
    let dist = make_dist();
    let mut config = wct_pos_server::Config::for_tests(dist.path());
    config.api_base = Some(sandbox.api_base());
    config.api_key = Some(wct_sandbox::TEST_KEY.into());
    config.api_secret = Some(ApiSecret::new("not-the-secret"));
    let err = wct_pos_server::start(config.clone())
        .await
        .err()
        .expect("refused");
    assert!(
        matches!(err, wct_pos_server::StartError::BadCredentials(_)),
        "{err}"
    );
    assert!(err.to_string().contains("WCT_API_SECRET"));

    config.api_secret = Some(ApiSecret::new(wct_sandbox::TEST_SECRET));
    let running = wct_pos_server::start(config)
        .await
        .expect("right credentials start");
    running.shutdown().await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_upstream_without_validate_does_not_stop_the_start() {
    // A refusal with an error status says the endpoint is missing, not that the credentials
    // are wrong: the proxy starts, and its payments meet the upstream as usual.
    let fake = axum::Router::new().fallback(|| async {
        (
            axum::http::StatusCode::NOT_FOUND,
            axum::Json(json!({"status": "nok", "error": "unknown endpoint"})),
        )
    });
    let h = Harness::with_fake_upstream(fake, "some-key", "some-secret-123", |_| {}).await;
    assert_eq!(h.get("/healthz").await.status(), StatusCode::OK);
    h.stop().await;
}
