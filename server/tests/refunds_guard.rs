//! Refunds that cannot be forced or misbooked (issue 19): the manager PIN against parallel
//! and many-device guessing, one refund in flight settled only by WCT Pay's own totals, an
//! underpaid sale closed once its money goes back, a cancel that asks WCT Pay first, and
//! settings that move money behind the PIN.

mod common;

use std::str::FromStr;

use common::*;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
use wct_pos_server::{Config, TEST_TOKEN};

const PIN: &str = "246810";
const WRONG: &str = "135790";

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("decimal string")).expect("decimal")
}

fn fixed(v: Decimal) -> String {
    wct_api::money::format_fixed(v, 8)
}

/// Refunds on (a cheap hash), refunds held in the sandbox until a test completes them, no
/// reconciler rounds and no postbacks: only what a test asks moves anything.
fn guarded(c: &mut Config) {
    c.manager_pin_hash = Some(PinHash::parse(&hash_pin_with_cost(PIN, 64, 1).unwrap()).unwrap());
    c.sandbox_refund_delay_ms = 3_600_000;
    c.reconcile_secs = 3600;
    c.public_url = Some("http://127.0.0.1:9".into());
}

fn refund_body(kind: &str, amount: &str, pin: &str) -> Value {
    json!({"refund_type": kind, "amount": amount, "email": "ann@example.com", "pin": pin})
}

async fn refund_as(h: &Harness, token: &str, id: &str, body: &Value) -> (StatusCode, Value) {
    let response = h
        .http
        .post(h.url(&format!("/api/payments/{id}/refunds")))
        .bearer_auth(token)
        .header("Idempotency-Key", fresh_key())
        .json(body)
        .send()
        .await
        .expect("refund");
    error_of(response).await
}

async fn refund(h: &Harness, id: &str, body: &Value) -> (StatusCode, Value) {
    refund_as(h, TEST_TOKEN, id, body).await
}

async fn refresh(h: &Harness, id: &str) -> Value {
    let response = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    let (status, body) = error_of(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// A 50.00 USD sale paid with `extra` more than asked, confirmed by a refresh.
async fn paid(h: &Harness, extra: Decimal) -> Value {
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    h.pay(&id, &fixed(dec(&view["pay_amount"]) + extra)).await;
    let seen = refresh(h, &id).await;
    assert!(
        seen["state"] == "paid" || seen["state"] == "overpaid",
        "{seen}"
    );
    seen
}

async fn pin_failures(h: &Harness, scope_prefix: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT COALESCE(MAX(failures), 0) FROM pin_attempts WHERE scope LIKE $1",
    )
    .bind(format!("{scope_prefix}%"))
    .fetch_one(&h.running.state().db)
    .await
    .expect("pin_attempts")
}

async fn refunds_made(h: &Harness) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM refunds")
        .fetch_one(&h.running.state().db)
        .await
        .expect("count")
}

#[tokio::test]
async fn nine_wrong_pins_and_the_right_one_at_once_check_at_most_three_wrong() {
    let h = Harness::start_with(guarded).await;
    let view = paid(&h, Decimal::new(1, 4)).await;
    let id = view["id"].as_str().unwrap();
    let mut bodies: Vec<Value> = (0..9)
        .map(|_| refund_body("overpaid", "0.0001", WRONG))
        .collect();
    bodies.insert(4, refund_body("overpaid", "0.0001", PIN));
    let answers = futures_util::future::join_all(bodies.iter().map(|b| refund(&h, id, b))).await;
    let count = |s: StatusCode| answers.iter().filter(|(status, _)| *status == s).count();
    let (wrong, made, locked) = (
        count(StatusCode::FORBIDDEN),
        count(StatusCode::CREATED),
        count(StatusCode::LOCKED),
    );
    assert_eq!(wrong + made + locked, 10, "{answers:?}");
    // The third wrong PIN answers "locked" itself; the rest never reach the check.
    assert!(wrong <= 2, "{answers:?}");
    assert!(made <= 1);
    assert_eq!(
        pin_failures(&h, "device:").await,
        3,
        "exactly three wrong PINs were counted: {answers:?}"
    );
    assert_eq!(refunds_made(&h).await, made as i64);
    // And the device stays locked, the right PIN included.
    let (status, error) = refund(&h, id, &refund_body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::LOCKED, "{error}");
    h.stop().await;
}

/// Pairs a new device of the test terminal; its token.
async fn new_device(h: &Harness, n: usize) -> String {
    let code = h
        .http
        .post(h.url("/api/devices/pairing-codes"))
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .expect("pairing-codes");
    let (status, code) = error_of(code).await;
    assert_eq!(status, StatusCode::CREATED, "{code}");
    let paired = h
        .http
        .post(h.url("/api/pair"))
        .json(&json!({"code": code["code"], "device_name": format!("tablet {n}")}))
        .send()
        .await
        .expect("pair");
    let (status, body) = error_of(paired).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn fresh_devices_together_cannot_guess_more_than_the_stores_limit() {
    // Past the device cap (10 per terminal), which would stop this long before the PIN
    // limit does: here the store's PIN limit alone is tested.
    let h = Harness::start_with(|c| {
        guarded(c);
        c.pair_attempts_per_minute = 1_000;
        c.max_devices_per_terminal = 100;
    })
    .await;
    let view = paid(&h, Decimal::new(1, 4)).await;
    let id = view["id"].as_str().unwrap();
    let mut checked = 0;
    let mut locked = 0;
    for n in 0..30 {
        let token = new_device(&h, n).await;
        for _ in 0..3 {
            let (status, error) =
                refund_as(&h, &token, id, &refund_body("overpaid", "0.0001", WRONG)).await;
            match status {
                StatusCode::FORBIDDEN => checked += 1,
                StatusCode::LOCKED => locked += 1,
                other => panic!("{other}: {error}"),
            }
        }
    }
    // Ten wrong PINs lock the store, whichever devices sent them: three devices reach their
    // own limit (two "wrong" answers and a "locked" each), the fourth device's first locks
    // the store, and nothing after that is checked.
    assert_eq!(pin_failures(&h, "store:").await, 10, "wrong PINs checked");
    assert_eq!(checked, 6);
    assert_eq!(locked, 90 - 6);
    // A device paired now finds the store locked, even with the right PIN.
    let token = new_device(&h, 99).await;
    let (status, error) = refund_as(&h, &token, id, &refund_body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::LOCKED, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("every device of this store"),
        "{error}"
    );
    // The console clears it.
    let cleared = wct_pos_server::refunds::pin::unlock_store(&h.running.state().db, "default")
        .await
        .unwrap();
    assert!(cleared >= 1);
    let (status, error) = refund_as(&h, &token, id, &refund_body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::CREATED, "{error}");
    h.stop().await;
}

/// The sandbox's refunded total of the payment, as its control answers after completing
/// what is due.
async fn complete_upstream(h: &Harness, view: &Value) -> Value {
    h.sandbox_post(
        "/sandbox/refunds/complete",
        &json!({"payment_code": view["payment_code"]}),
    )
    .await
}

async fn report_refunded(h: &Harness) -> Value {
    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    report["pay_assets"][0]["refunded"].clone()
}

/// A refund asked under `fault`, then a second refund of the rest: the day report must equal
/// what WCT Pay refunded, whatever became of the first. `reached`: whether the fault lets the
/// request take effect upstream (`None`: it depends on timing, as a slow answer the proxy
/// gave up on does).
async fn refund_after_fault(fault: &str, reached: Option<bool>) {
    let h = Harness::start_with(|c| {
        guarded(c);
        c.refund_settle_secs = 3;
        c.upstream_timeout_ms = 500;
    })
    .await;
    let view = paid(&h, Decimal::ZERO).await;
    let id = view["id"].as_str().unwrap();
    let received = dec(&view["received"]);
    let first = Decimal::new(2000, 8);
    h.sandbox_post(
        "/sandbox/faults",
        &json!({"mode": fault, "count": 1, "delay_ms": 1_000}),
    )
    .await;
    let (status, error) = refund(&h, id, &refund_body("partial", &fixed(first), PIN)).await;
    assert!(
        status == StatusCode::GATEWAY_TIMEOUT || status == StatusCode::BAD_GATEWAY,
        "{fault}: {status} {error}"
    );
    let seen = h.payment(id).await;
    assert_eq!(seen["refunds"][0]["state"], "unknown", "{fault}: {seen}");
    // One refund in flight at a time: the next waits, and says why.
    let rest = fixed(received - first);
    let (status, error) = refund(&h, id, &refund_body("partial", &rest, PIN)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{fault}: {error}");
    assert_eq!(error["error"]["code"], "refund_on_hold");
    // WCT Pay's totals settle it: never made (its money released), or held upstream.
    let first_state = eventually(|| async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let seen = refresh(&h, id).await;
        let state = seen["refunds"][0]["state"]
            .as_str()
            .unwrap_or("")
            .to_string();
        (state != "unknown").then_some(state)
    })
    .await
    .expect("the lost refund is settled");
    let reached_upstream = first_state == "requested";
    assert!(
        reached.is_none_or(|r| r == reached_upstream),
        "{fault}: {first_state}"
    );
    assert!(first_state == "requested" || first_state == "failed");
    let second_amount = if reached_upstream {
        // The first one is WCT Pay's: let it finish before the next.
        complete_upstream(&h, &view).await;
        let done = refresh(&h, id).await;
        assert_eq!(done["refunds"][0]["state"], "refunded", "{fault}: {done}");
        fixed(received - first - Decimal::new(1000, 8))
    } else {
        rest.clone()
    };
    let (status, after) = refund(&h, id, &refund_body("partial", &second_amount, PIN)).await;
    assert_eq!(status, StatusCode::CREATED, "{fault}: {after}");
    let upstream = complete_upstream(&h, &view).await;
    let done = eventually(|| async {
        let seen = refresh(&h, id).await;
        (seen["refunds"][1]["state"] == "refunded").then_some(seen)
    })
    .await
    .expect("the second refund is confirmed");
    assert_eq!(
        done["refunds"][0]["state"],
        if reached_upstream {
            "refunded"
        } else {
            "failed"
        }
    );
    let booked = report_refunded(&h).await;
    assert_eq!(
        booked, upstream["payment_refunded_amount"],
        "{fault}: the report books what WCT Pay refunded"
    );
    h.stop().await;
}

#[tokio::test]
async fn a_refund_reset_before_wct_pay_fails_and_the_next_one_is_booked_alone() {
    refund_after_fault("reset", Some(false)).await;
}

#[tokio::test]
async fn a_refund_answered_500_fails_and_the_next_one_is_booked_alone() {
    refund_after_fault("status_500", Some(false)).await;
}

#[tokio::test]
async fn a_slow_refund_the_proxy_gave_up_on_is_settled_before_the_next() {
    refund_after_fault("slow", None).await;
}

#[tokio::test]
async fn a_truncated_refund_that_took_effect_is_booked_before_the_next() {
    refund_after_fault("truncated", Some(true)).await;
}

#[tokio::test]
async fn refunding_an_underpaid_sale_closes_it_and_the_rest_is_late_money() {
    let h = Harness::start_with(guarded).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let asked = dec(&view["pay_amount"]);
    let half = (asked / Decimal::TWO).round_dp(8);
    h.pay(id, &fixed(half)).await;
    let seen = refresh(&h, id).await;
    assert_eq!(seen["state"], "underpaid", "{seen}");
    let (status, after) = refund(&h, id, &refund_body("underpaid", &fixed(half), PIN)).await;
    assert_eq!(status, StatusCode::CREATED, "{after}");
    assert_eq!(
        after["state"], "cancelled",
        "its money is going back: {after}"
    );
    // The customer pays the rest anyway.
    h.pay(id, &fixed(asked - half)).await;
    let seen = refresh(&h, id).await;
    assert_eq!(seen["state"], "late", "{seen}");
    complete_upstream(&h, &view).await;
    let seen = refresh(&h, id).await;
    assert_ne!(seen["state"], "paid");
    assert_eq!(seen["refunds"][0]["state"], "refunded", "{seen}");
    let public = h
        .public_payment(view["payment_code"].as_str().unwrap())
        .await;
    assert_ne!(public["state"], "paid", "{public}");
    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    for currency in report["currencies"].as_array().unwrap() {
        assert_eq!(
            currency["taken_count"], 0,
            "nothing of it is taken: {report}"
        );
        assert!(dec(&currency["taken"]).is_zero(), "{report}");
    }
    h.stop().await;
}

#[tokio::test]
async fn the_public_receipt_shows_every_refund() {
    let h = Harness::start_with(guarded).await;
    let view = paid(&h, Decimal::new(1, 4)).await;
    let id = view["id"].as_str().unwrap();
    let (status, _) = refund(&h, id, &refund_body("overpaid", "0.0001", PIN)).await;
    assert_eq!(status, StatusCode::CREATED);
    let code = view["payment_code"].as_str().unwrap();
    let receipt: Value = h
        .get(&format!("/api/public/receipts/{code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(receipt["refunds"][0]["amount"], "0.00010000", "{receipt}");
    assert_eq!(receipt["refunds"][0]["state"], "requested");
    assert!(!receipt.to_string().contains("ann@example.com"));
    h.stop().await;
}

async fn cancel(h: &Harness, id: &str) -> (StatusCode, Value) {
    error_of(
        h.post(&format!("/api/payments/{id}/cancel"), &json!({}))
            .await,
    )
    .await
}

#[tokio::test]
async fn a_cancel_asks_wct_pay_first_and_never_cancels_money() {
    let h = Harness::start_with(guarded).await;
    for _ in 0..6 {
        // Paid upstream a moment before the cashier's cancel, with no postback seen yet.
        let view = h.create_ok(&payment_body()).await;
        let id = view["id"].as_str().unwrap();
        h.pay(id, view["pay_amount"].as_str().unwrap()).await;
        let (status, error) = cancel(&h, id).await;
        assert_eq!(status, StatusCode::CONFLICT, "{error}");
        assert_eq!(error["error"]["code"], "payment_has_money");
        assert!(error["error"]["message"].as_str().unwrap().contains("paid"));
        assert_eq!(h.payment(id).await["state"], "paid");
    }
    // Partly paid: shown as underpaid, not cancelled.
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    h.pay(id, &fixed(dec(&view["pay_amount"]) / Decimal::TWO))
        .await;
    let (status, error) = cancel(&h, id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(h.payment(id).await["state"], "underpaid");
    // Nothing received: cancelled.
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let (status, after) = cancel(&h, id).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["state"], "cancelled");
    h.stop().await;
}

#[tokio::test]
async fn racing_cancels_never_leave_a_paid_sale_as_late_money() {
    let h = Harness::start_with(guarded).await;
    for _ in 0..12 {
        let view = h.create_ok(&payment_body()).await;
        let id = view["id"].as_str().unwrap().to_string();
        let amount = view["pay_amount"].as_str().unwrap().to_string();
        let ((), (status, _)) = tokio::join!(h.pay(&id, &amount), cancel(&h, &id));
        let seen = refresh(&h, &id).await;
        if status == StatusCode::OK {
            // The cancel won: WCT Pay had nothing when it was asked, so the money came after
            // the close and is late money.
            assert_eq!(seen["state"], "late", "{seen}");
        } else {
            assert_eq!(status, StatusCode::CONFLICT);
            assert_eq!(seen["state"], "paid", "{seen}");
        }
    }
    h.stop().await;
}

#[tokio::test]
async fn an_unconfirmable_cancel_cancels_nothing() {
    let h = Harness::start_with(|c| {
        guarded(c);
        c.upstream_timeout_ms = 500;
    })
    .await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    h.sandbox_post("/sandbox/faults", &json!({"mode": "reset", "count": 1}))
        .await;
    let (status, error) = cancel(&h, id).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{error}");
    assert_eq!(h.payment(id).await["state"], "awaiting");
    h.stop().await;
}

async fn save_settings(h: &Harness, body: &Value) -> (StatusCode, Value) {
    error_of(h.post("/api/settings/store", body).await).await
}

#[tokio::test]
async fn tips_and_the_time_zone_change_only_with_the_manager_pin() {
    let h = Harness::start_with(guarded).await;
    let change = |pin: Option<&str>| {
        let mut body = json!({
            "tips": {"enabled": true, "percentages": ["10"], "custom": false, "rounding": "exact"},
            "time_zone": "Europe/Berlin"
        });
        if let Some(pin) = pin {
            body["pin"] = json!(pin);
        }
        body
    };
    let (status, error) = save_settings(&h, &change(None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["fields"][0]["field"], "pin", "{error}");
    let (status, error) = save_settings(&h, &change(Some(WRONG))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert_eq!(error["error"]["code"], "pin_wrong");
    let unchanged: Value = h.get("/api/settings/store").await.json().await.unwrap();
    assert_eq!(unchanged["time_zone"], "UTC");
    let (status, saved) = save_settings(&h, &change(Some(PIN))).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["time_zone"], "Europe/Berlin");
    assert!(saved.get("pin").is_none(), "the PIN is never echoed");
    let (terminal, what): (String, String) =
        sqlx::query_as("SELECT terminal_id, what FROM settings_changes")
            .fetch_one(&h.running.state().db)
            .await
            .unwrap();
    assert!(!terminal.is_empty());
    assert!(what.contains("UTC -> Europe/Berlin"), "{what}");
    assert!(what.contains("tips"), "{what}");
    h.stop().await;
}
