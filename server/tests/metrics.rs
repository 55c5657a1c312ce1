//! `/metrics`: Prometheus text behind a bearer token, with the figures operators watch, and
//! route patterns (never raw paths with ids or tokens) as labels.

mod common;

use common::*;
use reqwest::StatusCode;

const METRICS_TOKEN: &str = "metrics-token-0123456789";

#[tokio::test]
async fn metrics_need_the_token_and_carry_the_figures() {
    let h = Harness::start_with(|c| c.metrics_token = Some(METRICS_TOKEN.into())).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    h.pay(id, view["pay_amount"].as_str().unwrap()).await;
    h.wait_state(id, "paid").await;

    let anonymous = h.http.get(h.url("/metrics")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let wrong = h
        .http
        .get(h.url("/metrics"))
        .bearer_auth("not-the-token-at-all")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let response = h
        .http
        .get(h.url("/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    for figure in [
        r#"http_request_duration_seconds_bucket{route="/api/payments""#,
        r#"upstream_calls_total{endpoint="payment-pos/post",outcome="ok"}"#,
        "postbacks_received_total",
        "postback_confirmations_total",
        "writer_batch_size",
        "sse_streams_open",
        "reconciler_last_round_age_seconds",
    ] {
        assert!(text.contains(figure), "{figure} missing from:\n{text}");
    }
    assert!(!text.contains(id), "a payment id in a label");
    assert!(!text.contains(METRICS_TOKEN));
    h.stop().await;
}

#[tokio::test]
async fn without_a_token_there_is_no_metrics_route() {
    let h = Harness::start().await;
    let response = h.http.get(h.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    h.stop().await;
}
