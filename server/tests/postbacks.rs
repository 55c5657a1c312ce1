//! Postbacks are nudges: unknown tokens are refused, forged bodies believe nothing, and
//! duplicates or out-of-order deliveries change nothing.

mod common;

use common::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn token_of(h: &Harness, id: &str) -> String {
    sqlx::query_scalar("SELECT postback_token FROM payments WHERE id = $1")
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap()
}

async fn count(h: &Harness, sql: &str, id: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap()
}

async fn getupdates(h: &Harness, id: &str) -> i64 {
    count(
        h,
        "SELECT COUNT(*) FROM upstream_log WHERE payment_id = $1 AND endpoint = 'payment-pos/getupdate'",
        id,
    )
    .await
}

async fn events(h: &Harness, id: &str) -> i64 {
    count(h, "SELECT COUNT(*) FROM events WHERE payment_id = $1", id).await
}

/// Waits until the proxy has asked the upstream at least `n` times about `id`.
async fn wait_getupdates(h: &Harness, id: &str, n: i64) {
    let reached = eventually(|| async { (getupdates(h, id).await >= n).then_some(()) }).await;
    assert!(
        reached.is_some(),
        "the proxy never confirmed with getupdate"
    );
}

#[tokio::test]
async fn an_unknown_token_is_not_found() {
    let h = Harness::start().await;
    let response = h
        .http
        .post(h.url("/postback/no-such-token-0123456789"))
        .json(&json!({"fn": "paymentUpdate", "payment_code": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = h
        .http
        .post(h.url("/postback/price/no-such-token-0123456789"))
        .json(&json!({"fn": "posPriceUpdate"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    h.stop().await;
}

#[tokio::test]
async fn a_forged_completed_postback_does_not_mark_it_paid() {
    let h = Harness::start_with(|c| c.reconcile_secs = 3600).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let code = view["payment_code"].as_str().unwrap();
    let token = token_of(&h, id).await;
    let before = getupdates(&h, id).await;
    let forged = json!({
        "fn": "paymentUpdate", "payment_code": code, "address": view["pay_address"],
        "amount": "99999999", "ask_amount": 1, "precision": 8, "status": "completed",
        "payment_status": "3", "txid": "f".repeat(64), "confirmations": 6,
    });
    let response = h
        .http
        .post(h.url(&format!("/postback/{token}")))
        .json(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let ack: Value = response.json().await.unwrap();
    assert_eq!(ack, json!({"status": "ok"}));

    wait_getupdates(&h, id, before + 1).await;
    let seen = h.payment(id).await;
    assert_eq!(seen["state"], "awaiting", "{seen}");
    assert_eq!(seen["received"], "0.00000000");
    let logged = count(
        &h,
        "SELECT COUNT(*) FROM postback_log WHERE payment_id = $1",
        id,
    )
    .await;
    assert_eq!(logged, 1, "the forged body is kept in the postback log");
    h.stop().await;
}

#[tokio::test]
async fn duplicate_and_out_of_order_postbacks_change_nothing() {
    let h = Harness::start_with(|c| c.reconcile_secs = 3600).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let token = token_of(&h, id).await;
    let asked: rust_decimal::Decimal = view["pay_amount"].as_str().unwrap().parse().unwrap();
    let half = (asked / rust_decimal::Decimal::from(2)).round_dp(8);
    h.pay(id, &wct_api::money::format_fixed(half, 8)).await;
    h.wait_state(id, "underpaid").await;
    h.pay(id, &wct_api::money::format_fixed(asked - half, 8))
        .await;
    let paid = h.wait_state(id, "paid").await;

    // Let the sandbox's own deliveries settle before counting.
    let settled = eventually(|| async {
        let a = (events(&h, id).await, getupdates(&h, id).await);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let b = (events(&h, id).await, getupdates(&h, id).await);
        (a == b).then_some(b)
    })
    .await
    .expect("deliveries settle");
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM postback_log WHERE payment_id = $1 ORDER BY received_at",
    )
    .bind(id)
    .fetch_all(&h.running.state().db)
    .await
    .unwrap();
    assert!(bodies.len() >= 2);

    // Replay every delivery several times, newest first, all at once.
    let replays = bodies
        .iter()
        .rev()
        .cycle()
        .take(bodies.len() * 5)
        .map(|body| {
            h.http
                .post(h.url(&format!("/postback/{token}")))
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
        });
    for response in join_all(replays).await {
        assert_eq!(response.unwrap().status(), StatusCode::OK);
    }
    wait_getupdates(&h, id, settled.1 + 1).await;
    // A refresh queues behind any sync still running: afterwards everything was applied.
    let response = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let after = h.payment(id).await;
    assert_eq!(after["state"], "paid");
    assert_eq!(after["received"], paid["received"]);
    assert_eq!(
        events(&h, id).await,
        settled.0,
        "no event for a change that did not happen"
    );
    h.stop().await;
}

/// The upstream's answers to `getupdate` for `id`, counted once they stop changing.
async fn settled_getupdates(h: &Harness, id: &str) -> i64 {
    eventually(|| async {
        let before = getupdates(h, id).await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        (getupdates(h, id).await == before).then_some(before)
    })
    .await
    .expect("confirmations settle")
}

#[tokio::test]
async fn a_burst_of_postbacks_is_confirmed_once_per_interval() {
    // A long interval makes "once per interval" countable: the burst takes far less.
    let h = Harness::start_with(|c| {
        c.reconcile_secs = 3600;
        c.nudge_interval_ms = 2_000;
    })
    .await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let token = token_of(&h, id).await;
    let before = getupdates(&h, id).await;

    let nudge = json!({"fn": "paymentUpdate", "payment_code": view["payment_code"]});
    let burst = (0..40).map(|_| {
        h.http
            .post(h.url(&format!("/postback/{token}")))
            .json(&nudge)
            .send()
    });
    for response in join_all(burst).await {
        assert_eq!(response.unwrap().status(), StatusCode::OK);
    }
    let after = settled_getupdates(&h, id).await;
    let confirmations = after - before;
    // The first postback starts a confirmation; the rest of the burst is covered by one more
    // (some arrived after that first read began), never by one each.
    assert!(
        (1..=2).contains(&confirmations),
        "40 postbacks made {confirmations} getupdates"
    );

    // A postback after those confirmations is still confirmed: coalescing never drops news.
    let response = h
        .http
        .post(h.url(&format!("/postback/{token}")))
        .json(&nudge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    wait_getupdates(&h, id, after + 1).await;
    h.stop().await;
}
