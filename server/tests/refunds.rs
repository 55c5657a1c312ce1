//! Refunds through the proxy and its embedded sandbox: the manager PIN (right, wrong, locked,
//! unlocked), the amount's bounds, idempotency, a lost answer, and confirmation by the
//! postback nudge, by a refresh and by the reconciler.

mod common;

use std::str::FromStr;

use common::*;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
use wct_pos_server::{Config, TEST_TOKEN};

const PIN: &str = "2468";

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("decimal string")).expect("decimal")
}

/// A PIN hash cheap enough for tests (the real one costs about 19 MiB and two passes).
fn pin_hash() -> PinHash {
    PinHash::parse(&hash_pin_with_cost(PIN, 64, 1).unwrap()).unwrap()
}

/// Refunds on, held in the sandbox until a test completes them, no reconciler rounds.
fn with_pin(c: &mut Config) {
    c.manager_pin_hash = Some(pin_hash());
    c.sandbox_refund_delay_ms = 3_600_000;
    c.reconcile_secs = 3600;
}

/// Postbacks go nowhere: only getupdate (a refresh or the reconciler) moves anything.
fn no_postbacks(c: &mut Config) {
    c.public_url = Some("http://127.0.0.1:9".into());
}

async fn refresh(h: &Harness, id: &str) -> Value {
    let response = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// A 50.00 USD payment paid with `extra` more than asked; its view once settled.
async fn paid(h: &Harness, extra: &str, postbacks: bool) -> Value {
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let amount = dec(&view["pay_amount"]) + Decimal::from_str(extra).unwrap();
    h.pay(&id, &wct_api::money::format_fixed(amount, 8)).await;
    let state = if extra == "0" { "paid" } else { "overpaid" };
    if postbacks {
        return h.wait_state(&id, state).await;
    }
    let seen = refresh(h, &id).await;
    assert_eq!(seen["state"], state, "{seen}");
    seen
}

fn body(kind: &str, amount: &str, pin: &str) -> Value {
    json!({
        "refund_type": kind,
        "amount": amount,
        "email": "ann@example.com",
        "remarks": "returned the cake",
        "pin": pin,
    })
}

async fn refund(h: &Harness, id: &str, key: &str, body: &Value) -> (StatusCode, Value) {
    let response = h
        .http
        .post(h.url(&format!("/api/payments/{id}/refunds")))
        .bearer_auth(TEST_TOKEN)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("refund");
    error_of(response).await
}

async fn refunds_rows(h: &Harness) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM refunds")
        .fetch_one(&h.running.state().db)
        .await
        .expect("count")
}

async fn complete_upstream(h: &Harness, view: &Value) {
    h.sandbox_post(
        "/sandbox/refunds/complete",
        &json!({"payment_code": view["payment_code"]}),
    )
    .await;
}

#[tokio::test]
async fn without_a_pin_hash_refunds_are_refused_saying_how_to_configure_one() {
    let h = Harness::start_with(|c| c.reconcile_secs = 3600).await;
    let view = paid(&h, "0.0001", true).await;
    let id = view["id"].as_str().unwrap();
    let (status, error) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{error}");
    assert_eq!(error["error"]["code"], "refunds_not_configured");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("WCT_POS_MANAGER_PIN_HASH") && message.contains("hash-pin"));
    assert_eq!(refunds_rows(&h).await, 0);
    h.stop().await;
}

#[tokio::test]
async fn the_excess_is_refunded_once_the_postback_nudge_is_confirmed() {
    let h = Harness::start_with(with_pin).await;
    let view = paid(&h, "0.0001", true).await;
    let id = view["id"].as_str().unwrap();
    assert_eq!(view["excess"], "0.00010000");
    let (status, after) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::CREATED, "{after}");
    let r = &after["refunds"][0];
    assert_eq!(
        (&r["refund_type"], &r["amount"], &r["asset"], &r["state"]),
        (
            &json!("overpaid"),
            &json!("0.00010000"),
            &json!("BTC"),
            &json!("requested")
        )
    );
    assert_eq!(after["state"], "overpaid");
    // No contact details anywhere a view goes; the record keeps them.
    assert!(r.get("email").is_none() && !after.to_string().contains("ann@example.com"));
    let public = h
        .public_payment(view["payment_code"].as_str().unwrap())
        .await;
    assert_eq!(public["refunds"][0]["state"], "requested");
    assert!(!public.to_string().contains("ann@example.com"));
    let (device, email): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT device_id, email FROM refunds")
            .fetch_one(&h.running.state().db)
            .await
            .unwrap();
    assert_eq!((device, email.as_deref()), (None, Some("ann@example.com")));

    // The sandbox completes it and posts back; the proxy confirms with getupdate.
    complete_upstream(&h, &view).await;
    let done = eventually(|| async {
        let seen = h.payment(id).await;
        (seen["refunds"][0]["state"] == "refunded").then_some(seen)
    })
    .await
    .expect("the refund is confirmed after the postback");
    assert_eq!(
        done["state"], "overpaid",
        "returning the excess leaves the sale"
    );
    let listed = h.list_all().await;
    assert_eq!(listed[0]["refunds"][0]["state"], "refunded");
    // The day's report counts the confirmed refund.
    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    assert_eq!(
        report["refunds"],
        json!([{"pay_asset": "BTC", "count": 1, "amount": "0.00010000"}]),
        "{report}"
    );
    // The excess is gone: what is offered now is a refund of the sale itself.
    let (status, error) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "refund_type");
    h.stop().await;
}

#[tokio::test]
async fn wrong_pins_lock_refunds_until_the_lock_expires() {
    let h = Harness::start_with(|c| {
        with_pin(c);
        c.pin_lockout_secs = 2;
    })
    .await;
    let view = paid(&h, "0.0001", true).await;
    let id = view["id"].as_str().unwrap();
    for left in ["2 more wrong PINs", "1 more wrong PIN "] {
        let (status, error) =
            refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", "1357")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
        assert_eq!(error["error"]["code"], "pin_wrong");
        assert_eq!(error["error"]["field"], "pin");
        assert!(
            error["error"]["message"].as_str().unwrap().contains(left),
            "{error}"
        );
    }
    let (status, error) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", "1357")).await;
    assert_eq!(status, StatusCode::LOCKED, "{error}");
    assert_eq!(error["error"]["code"], "refunds_locked");
    assert_eq!(error["error"]["retry_after"], 2);
    // Locked means locked: the right PIN is refused too, and nothing reached the upstream.
    let (status, error) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::LOCKED, "{error}");
    assert_eq!(refunds_rows(&h).await, 0);
    // Once the lock is over, the right PIN works.
    let after = eventually(|| async {
        let (status, view) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
        (status != StatusCode::LOCKED).then_some((status, view))
    })
    .await
    .expect("the lock ends");
    assert_eq!(after.0, StatusCode::CREATED, "{}", after.1);
    h.stop().await;
}

#[tokio::test]
async fn amounts_are_bounded_by_what_was_received_minus_what_was_refunded() {
    let h = Harness::start_with(with_pin).await;
    let view = paid(&h, "0", true).await;
    let id = view["id"].as_str().unwrap();
    let received = dec(&view["received"]);
    let over = wct_api::money::format_fixed(received + Decimal::new(1, 8), 8);
    let (status, error) = refund(&h, id, &fresh_key(), &body("partial", &over, PIN)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["field"], "amount");
    let mut no_contact = body("partial", "0.0001", PIN);
    no_contact["email"] = Value::Null;
    let (status, error) = refund(&h, id, &fresh_key(), &no_contact).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "email");
    // A paid sale has no excess to refund.
    let (status, _) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, _) = refund(&h, id, &fresh_key(), &body("partial", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::CREATED);
    // One refund in flight at a time: the next waits until WCT Pay has done the first.
    let (status, error) = refund(&h, id, &fresh_key(), &body("partial", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"]["code"], "refund_on_hold");
    complete_upstream(&h, &view).await;
    eventually(|| async {
        (h.payment(id).await["refunds"][0]["state"] == "refunded").then_some(())
    })
    .await
    .expect("the first refund is confirmed");
    // A refunded refund holds its money, exactly.
    let left = received - Decimal::new(1, 4);
    let too_much = wct_api::money::format_fixed(left + Decimal::new(1, 8), 8);
    let (status, error) = refund(&h, id, &fresh_key(), &body("partial", &too_much, PIN)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let rest = wct_api::money::format_fixed(left, 8);
    let (status, after) = refund(&h, id, &fresh_key(), &body("full", &rest, PIN)).await;
    assert_eq!(status, StatusCode::CREATED, "{after}");
    assert_eq!(after["refunds"].as_array().unwrap().len(), 2);

    // Everything went back: the upstream says 5 and the payment is refunded.
    complete_upstream(&h, &view).await;
    // The answer that refunds the payment confirms its refunds in the same write: the first
    // view that says refunded has every refund refunded.
    let done = h.wait_state(id, "refunded").await;
    assert!(
        done["refunds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "refunded"),
        "{done}"
    );
    h.stop().await;
}

#[tokio::test]
async fn a_repeated_idempotency_key_refunds_once() {
    let h = Harness::start_with(with_pin).await;
    let view = paid(&h, "0.0001", true).await;
    let id = view["id"].as_str().unwrap();
    let key = fresh_key();
    let (first, a) = refund(&h, id, &key, &body("overpaid", "0.0001", PIN)).await;
    let (second, b) = refund(&h, id, &key, &body("overpaid", "0.0001", PIN)).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(a["refunds"], b["refunds"]);
    assert_eq!(refunds_rows(&h).await, 1);
    let (status, error) = refund(&h, id, &key, &body("partial", "0.00005", PIN)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    // The upstream heard of one refund.
    complete_upstream(&h, &view).await;
    let done = eventually(|| async {
        let seen = h.payment(id).await;
        (seen["refunds"][0]["state"] == "refunded").then_some(seen)
    })
    .await
    .expect("confirmed");
    assert_eq!(done["refunds"].as_array().unwrap().len(), 1);
    // The retention purge forgets how the customer was to be reached, and only that.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    wct_pos_server::purge::purge(&h.running.state().db, 0)
        .await
        .unwrap();
    let (email, remarks, amount): (Option<String>, Option<String>, String) =
        sqlx::query_as("SELECT email, remarks, amount FROM refunds")
            .fetch_one(&h.running.state().db)
            .await
            .unwrap();
    assert_eq!(
        (email, remarks, amount.as_str()),
        (None, None, "0.00010000")
    );
    h.stop().await;
}

#[tokio::test]
async fn a_lost_answer_is_unknown_until_getupdate_shows_the_refund() {
    let h = Harness::start_with(|c| {
        with_pin(c);
        no_postbacks(c);
        c.sandbox_refund_delay_ms = 0;
        c.upstream_timeout_ms = 1_000;
    })
    .await;
    let view = paid(&h, "0.0001", false).await;
    let id = view["id"].as_str().unwrap();
    h.sandbox_post("/sandbox/faults", &json!({"mode": "truncated", "count": 1}))
        .await;
    let (status, error) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{error}");
    assert_eq!(error["error"]["code"], "upstream_unknown");
    let seen = h.payment(id).await;
    assert_eq!(
        seen["refunds"][0]["state"], "unknown",
        "never failed: {seen}"
    );
    // Its money stays reserved, and no other refund is made until it is settled.
    let (status, error) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"]["code"], "refund_on_hold");
    // The sandbox did take it; the next getupdate shows it refunded.
    let done = eventually(|| async {
        let seen = refresh(&h, id).await;
        (seen["refunds"][0]["state"] == "refunded").then_some(seen)
    })
    .await
    .expect("the refund is found");
    assert_eq!(done["refunds"].as_array().unwrap().len(), 1);
    h.stop().await;
}

#[tokio::test]
async fn the_reconciler_confirms_a_requested_refund_without_any_postback() {
    let h = Harness::start_with(|c| {
        with_pin(c);
        no_postbacks(c);
        c.reconcile_secs = 1;
    })
    .await;
    let view = paid(&h, "0.0001", false).await;
    let id = view["id"].as_str().unwrap();
    let (status, after) = refund(&h, id, &fresh_key(), &body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::CREATED, "{after}");
    complete_upstream(&h, &view).await;
    eventually(|| async {
        (h.payment(id).await["refunds"][0]["state"] == "refunded").then_some(())
    })
    .await
    .expect("the reconciler confirms the refund");
    h.stop().await;
}
