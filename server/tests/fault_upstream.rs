//! Upstream faults injected by the sandbox (and an upstream that is simply down): the app gets
//! a clear error with the right status and code, and no payment is left in `creating` or
//! listed as live. Once the upstream recovers, creating works again and payments heal.

mod common;

use common::{answer, payment_body, wait_until, Harness};
use reqwest::StatusCode;
use serde_json::json;
use wct_pos_server::TEST_TOKEN;

/// `(state, count)` of every payment row, read straight from the proxy's database.
async fn states(server: &Harness) -> Vec<(String, i64)> {
    let db = &server.running.state().db;
    sqlx::query_as::<_, (String, i64)>(
        "SELECT state, COUNT(*) FROM payments GROUP BY state ORDER BY state",
    )
    .fetch_all(db)
    .await
    .expect("query payments")
}

async fn assert_nothing_live_or_creating(server: &Harness, what: &str) {
    let rows = states(server).await;
    assert!(
        rows.iter().all(|(state, _)| state == "failed"),
        "{what}: rows {rows:?}"
    );
    assert!(
        server.list_all().await.is_empty(),
        "{what}: a failed create is listed"
    );
}

#[tokio::test]
async fn a_refusal_frees_the_reference_and_a_lost_answer_holds_it_until_resolved() {
    let server = common::Harness::start_with(|c| c.upstream_timeout_ms = 1_500).await;
    let cases = [
        // A refusal is definite: nothing exists upstream, the reference is free.
        ("nok", None, 502, "upstream_rejected"),
        // Anything else may have been acted on: the payment is unknown, never failed.
        ("status_500", None, 504, "upstream_unknown"),
        ("non_json", None, 504, "upstream_unknown"),
        ("truncated", None, 504, "upstream_unknown"),
        ("reset", None, 504, "upstream_unknown"),
        ("slow", Some(4_000), 504, "upstream_unknown"),
    ];
    let mut wrong = Vec::new();
    let mut live = 0;
    for (mode, delay, status, code) in cases {
        let mut fault = json!({"mode": mode, "count": 1});
        if let Some(ms) = delay {
            fault["delay_ms"] = json!(ms);
        }
        let set = server.sandbox("/sandbox/faults", &fault).await;
        assert!(set.status.is_success(), "{mode}: {}", set.text);
        let body = payment_body();
        let reference = body["reference"].as_str().expect("reference").to_string();
        let key = format!("retry-{mode}-0001");
        let got = answer(server.create_with_key(&body, &key).await).await;
        let message = got.body["error"]["message"].as_str().unwrap_or("");
        if got.status != StatusCode::from_u16(status).expect("status")
            || got.code() != Some(code)
            || message.is_empty()
        {
            wrong.push(format!(
                "{mode}: expected {status} {code}, got {} {}",
                got.status, got.text
            ));
        }
        if mode == "nok" && !message.contains("injected fault") {
            wrong.push(format!(
                "nok: the upstream's sentence is not passed on: {message:?}"
            ));
        }
        let stored = server.row_state(&reference).await;
        assert_eq!(
            server.list_all().await.len(),
            live,
            "{mode}: nothing new is listed"
        );
        if mode == "nok" {
            assert_eq!(stored.as_deref(), Some("failed"), "{mode}");
            // The reference is free: another request may use it at once.
            let again = answer(server.create(&body).await).await;
            assert_eq!(again.status, StatusCode::CREATED, "{mode}: {}", again.text);
            live += 1;
            continue;
        }
        assert_eq!(stored.as_deref(), Some("unknown"), "{mode}: never failed");
        // Nothing else may use the reference meanwhile: not another sale, not another key.
        let mut other = body.clone();
        other["amount"] = json!("900.00");
        other["cart_items"] = json!([]);
        let taken = answer(server.create(&other).await).await;
        assert_eq!(taken.status, StatusCode::CONFLICT, "{mode}: {}", taken.text);
        assert_eq!(taken.body["error"]["field"], "reference", "{mode}");
        // The same request again resolves it: one payment, for this sale's amount.
        let retry = answer(server.create_with_key(&body, &key).await).await;
        assert_eq!(retry.status, StatusCode::CREATED, "{mode}: {}", retry.text);
        assert_eq!(retry.body["amount"], body["amount"], "{mode}");
        live += 1;
        assert_eq!(
            server.list_all().await.len(),
            live,
            "{mode}: one payment per sale"
        );
        assert_eq!(
            server.row_state(&reference).await.as_deref(),
            Some("awaiting")
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    server.stop().await;
}

#[tokio::test]
async fn an_upstream_that_is_down_answers_502_unavailable() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let server = common::Harness::start_with(|c| {
        c.api_base = Some(format!("http://127.0.0.1:{closed}/api/"));
        c.api_key = Some("T-down".into());
        c.api_secret = Some(wct_api::sign::ApiSecret::new("down-secret-value"));
    })
    .await;
    let got = answer(server.create(&payment_body()).await).await;
    assert_eq!(got.status, StatusCode::BAD_GATEWAY, "{}", got.text);
    assert_eq!(got.code(), Some("upstream_unavailable"));
    assert!(!got.text.contains("down-secret-value"));
    assert_nothing_live_or_creating(&server, "down").await;
    // No sandbox routes when a real upstream is configured.
    let pay = server
        .http
        .post(server.url("/api/sandbox/pay"))
        .bearer_auth(TEST_TOKEN)
        .json(&json!({"id": "p_x", "amount": "1"}))
        .send()
        .await
        .expect("request");
    assert_eq!(pay.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn faults_while_confirming_a_postback_heal_through_the_reconciler() {
    let server = common::Harness::start().await;
    let created = answer(server.create(&payment_body()).await).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().expect("id").to_string();
    let amount = created.body["pay_amount"]
        .as_str()
        .expect("amount")
        .to_string();

    // The getupdate calls that confirm the coming postbacks fail for a while.
    let set = server
        .sandbox(
            "/sandbox/faults",
            &json!({"mode": "status_500", "count": 3}),
        )
        .await;
    assert!(set.status.is_success());
    let paid = server
        .http
        .post(server.url("/api/sandbox/pay"))
        .bearer_auth(TEST_TOKEN)
        .json(&json!({"id": id, "amount": amount}))
        .send()
        .await
        .expect("pay");
    assert!(paid.status().is_success());
    wait_until(
        "the payment to become paid despite the faults",
        60,
        || async {
            answer(server.get(&format!("/api/payments/{id}")).await)
                .await
                .body["state"]
                == "paid"
        },
    )
    .await;
    server.stop().await;
}
