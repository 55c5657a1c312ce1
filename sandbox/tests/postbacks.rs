//! Postback delivery: bodies as documented, retries with backoff, order, durability.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;
use wct_api::upstream::Postback;
use wct_api::StatusCode;
use wct_sandbox::Config;

/// Creates a 50.00 USD payment in BTC (pinned at 100,000 → 0.0005 BTC) posting to `url`.
async fn payment_posting_to(c: &Client, url: &str, reference: &str) -> String {
    c.post(
        "/sandbox/rates",
        &json!({"asset": "USD", "crypto": "BTC", "rate": "100000"}),
    )
    .await;
    let mut body = c.create_body("50.00", reference);
    body["postback_url"] = url.into();
    body["personal_fname"] = "Ada".into();
    let created = c.create_ok(body).await;
    created["payment_code"].as_str().unwrap().to_string()
}

/// Waits until every postback of `code` is delivered or given up; returns the queue.
async fn settled(c: &Client, code: &str, expected: usize) -> Vec<Value> {
    eventually("postbacks to settle", || async {
        let queue = c.queue(code).await;
        (queue.len() == expected && queue.iter().all(|p| p["state"] != "pending")).then_some(queue)
    })
    .await
}

#[tokio::test]
async fn receiver_failing_three_times_sees_exactly_four_deliveries() {
    let receiver = Receiver::start(3).await;
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let code = payment_posting_to(&c, &receiver.url(), "R-4").await;
    c.post("/sandbox/expire", &json!({"payment_code": code}))
        .await;

    let queue = settled(&c, &code, 1).await;
    assert_eq!(queue[0]["state"], "delivered");
    assert_eq!(queue[0]["attempts"], 4);
    assert_eq!(receiver.count(), 4);
    let attempts = c.attempts(&code).await;
    let summary: Vec<(i64, bool, Option<i64>)> = attempts
        .iter()
        .map(|a| {
            (
                a["attempt"].as_i64().unwrap(),
                a["ok"].as_bool().unwrap(),
                a["http_status"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, false, Some(500)),
            (2, false, Some(500)),
            (3, false, Some(500)),
            (4, true, Some(200))
        ]
    );
    assert!(attempts
        .iter()
        .all(|a| a["url"] == receiver.url().as_str() && a["fn"] == "paymentUpdate"));
    // Every delivery carried the same body.
    let bodies = receiver.bodies();
    assert!(bodies.iter().all(|b| b == &bodies[0]));
}

#[tokio::test]
async fn a_receiver_that_never_acks_gets_ten_attempts_then_none() {
    let receiver = Receiver::start_soft(usize::MAX).await;
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let code = payment_posting_to(&c, &receiver.url(), "R-10").await;
    c.post("/sandbox/cancel", &json!({"payment_code": code}))
        .await;

    let queue = settled(&c, &code, 1).await;
    assert_eq!(queue[0]["state"], "failed");
    assert_eq!(queue[0]["attempts"], 10);
    // Well past the longest backoff (200 ms in tests): still no eleventh attempt.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(receiver.count(), 10);
    let attempts = c.attempts(&code).await;
    assert_eq!(attempts.len(), 10);
    assert!(attempts
        .iter()
        .all(|a| a["ok"] == false && a["http_status"] == 200));
}

#[tokio::test]
async fn postbacks_of_one_payment_arrive_in_order_even_when_retried() {
    let receiver = Receiver::start(2).await;
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let code = payment_posting_to(&c, &receiver.url(), "R-order").await;
    c.pay(&code, "0.0002").await;
    c.pay(&code, "0.0003").await;

    settled(&c, &code, 4).await;
    let seen: Vec<(String, String)> = receiver
        .bodies()
        .iter()
        .map(|b| {
            (
                b["fn"].as_str().unwrap().to_string(),
                b["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("paymentUnconfirmed", ""),
        ("paymentUnconfirmed", ""),
        ("paymentUnconfirmed", ""),
        ("paymentUpdate", "partial"),
        ("paymentUnconfirmed", ""),
        ("paymentUpdate", "completed"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn postback_bodies_are_shaped_as_documented() {
    let receiver = Receiver::start(0).await;
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let code = payment_posting_to(&c, &receiver.url(), "R-shape").await;
    let (_, first) = c.pay(&code, "0.0002").await;
    let (_, second) = c.pay(&code, "0.0004").await;
    settled(&c, &code, 4).await;

    let unconfirmed = &receiver.of_fn("paymentUnconfirmed")[0];
    assert_eq!(unconfirmed["amount"], "20000");
    assert_eq!(unconfirmed["precision"], 8);
    assert_eq!(unconfirmed["txid"], first["txid"]);
    assert_eq!(unconfirmed["asset_symbol"], "BTC");

    let updates = receiver.of_fn("paymentUpdate");
    let last = &updates[1];
    assert_eq!(
        last["amount"], "60000",
        "received so far, base units as text"
    );
    assert_eq!(last["ask_amount"], 50000, "asked, a number");
    assert_eq!(last["status"], "completed");
    assert_eq!(last["payment_status"], "3");
    assert_eq!(last["txid"], second["txid"]);
    assert_eq!(
        last["all_txids"],
        format!(
            "{},{}",
            first["txid"].as_str().unwrap(),
            second["txid"].as_str().unwrap()
        )
    );
    assert_eq!(last["payment_reference"], "R-shape");
    assert_eq!(last["terminal_id"], wct_sandbox::TEST_KEY);
    assert_eq!(last["original_amount"], "50.00");
    assert_eq!(last["original_symbol"], "USD");
    assert_eq!(last["personal"]["fname"], "Ada");
    assert!(last["from_address"].as_str().unwrap().starts_with("bc1q"));
    assert!(
        last["timestamp"].as_i64().unwrap() > 1_700_000_000_000,
        "milliseconds"
    );

    let Ok(Postback::PaymentUpdate(p)) = Postback::parse(last.to_string().as_bytes()) else {
        panic!("not a paymentUpdate: {last}");
    };
    assert_eq!(
        (p.amount, p.ask_amount, p.precision),
        (Some(60_000), Some(50_000), Some(8))
    );
    assert_eq!(p.payment_status, Some(StatusCode::Completed));
    assert_eq!(p.confirmations, Some(1));
}

#[tokio::test]
async fn queued_postbacks_and_payments_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("nested/sandbox.db").display()
    );
    let receiver = Receiver::start(1).await;
    // The first life retries only after a minute, so the retry must come from the second.
    let first = sandbox_with(Config {
        database_url: url.clone(),
        retry_base_ms: 60_000,
        retry_max_ms: 60_000,
        ..Config::for_tests()
    })
    .await;
    let c = Client::new(&first);
    let code = payment_posting_to(&c, &receiver.url(), "R-restart").await;
    c.post("/sandbox/expire", &json!({"payment_code": code}))
        .await;
    eventually("the first, refused delivery", || async {
        (c.attempts(&code).await.len() == 1).then_some(())
    })
    .await;
    first.shutdown().await;
    assert_eq!(receiver.count(), 1);

    let second = sandbox_with(Config {
        database_url: url,
        ..Config::for_tests()
    })
    .await;
    let c = Client::new(&second);
    let queue = settled(&c, &code, 1).await;
    assert_eq!(queue[0]["state"], "delivered");
    assert_eq!(receiver.count(), 2);
    let attempts: Vec<i64> = c
        .attempts(&code)
        .await
        .iter()
        .map(|a| a["attempt"].as_i64().unwrap())
        .collect();
    assert_eq!(attempts, [1, 2]);
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_status"], 6);
    assert_eq!(update["payment_amount"], "0.00050000");
    // A new payment does not reuse the old one's id.
    let other = c.create_ok(c.create_body("5.00", "R-after")).await;
    assert_eq!(other["paymentId"], 2);
}
