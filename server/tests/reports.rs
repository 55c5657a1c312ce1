//! Tips, the end-of-day report and the public receipt, through the proxy and its sandbox:
//! the report's totals are compared with the payments this test makes (each state bucket,
//! tips included), the day ends at midnight in the store's zone, the tip settings are
//! enforced, and the receipt link needs no token and carries no personal data.

mod common;

use std::collections::HashMap;
use std::str::FromStr;

use common::*;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use wct_pos_server::TEST_TOKEN;

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("decimal string")).expect("decimal")
}

fn fixed(d: Decimal, places: u32) -> String {
    wct_api::money::format_fixed(d, places)
}

/// The manager PIN of these tests' servers: every settings change needs it.
const SETTINGS_PIN: &str = "246810";

fn with_settings_pin(c: &mut wct_pos_server::Config) {
    use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
    c.manager_pin_hash =
        Some(PinHash::parse(&hash_pin_with_cost(SETTINGS_PIN, 64, 1).unwrap()).unwrap());
}

/// Saves settings with the manager PIN (unless `body` names one).
async fn put_settings(h: &Harness, body: &Value) -> reqwest::Response {
    let mut body = body.clone();
    if body.get("pin").is_none() {
        body["pin"] = json!(SETTINGS_PIN);
    }
    h.http
        .put(h.url("/api/settings/store"))
        .bearer_auth(TEST_TOKEN)
        .json(&body)
        .send()
        .await
        .expect("PUT settings")
}

fn tips_on(custom: bool, zone: &str) -> Value {
    json!({
        "tips": {"enabled": true, "percentages": ["10", "15", "20"], "custom": custom,
                 "rounding": "exact"},
        "time_zone": zone,
    })
}

/// A sale of `amount` USD in BTC, with a "Tip" line of `tip` when given.
fn sale(amount: &str, tip: Option<&str>) -> Value {
    let mut body = payment_body();
    body["amount"] = json!(amount);
    if let Some(tip) = tip {
        let sub = Decimal::from_str(amount).unwrap();
        let total = sub + Decimal::from_str(tip).unwrap();
        body["amount"] = json!(fixed(total, 2));
        body["cart_items"] = json!([
            {"item_name": "Sale", "item_quantity": "1", "unit_price": amount},
            {"item_name": "Tip", "item_desc": "15 %", "item_quantity": "1", "unit_price": tip},
        ]);
    }
    body
}

/// What the test expects in one bucket: count, settlement sum, tips, and BTC sums.
#[derive(Default, Debug)]
struct Expected {
    count: u64,
    amount: Decimal,
    tips: Decimal,
    received: Decimal,
    excess: Decimal,
    outstanding: Decimal,
}

async fn report(h: &Harness, query: &str) -> Value {
    let response = h.get(&format!("/api/reports/daily?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"].to_str().unwrap(),
        "no-store"
    );
    response.json().await.expect("report json")
}

#[tokio::test]
async fn the_daily_report_adds_up_to_the_payments_made() {
    let h = Harness::start_with(with_settings_pin).await;
    assert_eq!(
        put_settings(&h, &tips_on(false, "Europe/Berlin"))
            .await
            .status(),
        StatusCode::OK
    );
    let mut expected: HashMap<&str, Expected> = HashMap::new();
    let mut all_received = Decimal::ZERO;
    let mut record = |bucket: &'static str, view: &Value, tip: Decimal| {
        let e = expected.entry(bucket).or_default();
        e.count += 1;
        e.amount += dec(&view["amount"]);
        e.tips += tip;
        e.received += dec(&view["received"]);
        if bucket == "overpaid" {
            e.excess += dec(&view["excess"]);
        }
        if bucket == "underpaid" {
            e.outstanding += dec(&view["missing"]);
        }
        all_received += dec(&view["received"]);
    };

    // Paid, with a 15 % tip on 12.34 (1.851 → 1.85): the amount is 14.19.
    let tipped = h.create_ok(&sale("12.34", Some("1.85"))).await;
    assert_eq!(tipped["amount"], "14.19");
    let id = tipped["id"].as_str().unwrap();
    h.pay(id, tipped["pay_amount"].as_str().unwrap()).await;
    record(
        "paid",
        &h.wait_state(id, "paid").await,
        "1.85".parse().unwrap(),
    );

    // Overpaid by a little.
    let over = h.create_ok(&sale("20.00", None)).await;
    let id = over["id"].as_str().unwrap();
    let extra = dec(&over["pay_amount"]) + Decimal::new(1000, 8);
    h.pay(id, &fixed(extra, 8)).await;
    record(
        "overpaid",
        &h.wait_state(id, "overpaid").await,
        Decimal::ZERO,
    );

    // Underpaid: half arrives.
    let under = h.create_ok(&sale("30.00", None)).await;
    let id = under["id"].as_str().unwrap();
    let half = (dec(&under["pay_amount"]) / Decimal::from(2)).round_dp(8);
    h.pay(id, &fixed(half, 8)).await;
    record(
        "underpaid",
        &h.wait_state(id, "underpaid").await,
        Decimal::ZERO,
    );

    // Cancelled at the till, and expired upstream.
    let cancelled = h.create_ok(&sale("5.00", None)).await;
    let id = cancelled["id"].as_str().unwrap();
    let r = h
        .post(&format!("/api/payments/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    record("cancelled_expired", &h.payment(id).await, Decimal::ZERO);
    let expired = h.create_ok(&sale("6.00", None)).await;
    let id = expired["id"].as_str().unwrap();
    h.sandbox_post(
        "/sandbox/expire",
        &json!({"payment_code": expired["payment_code"]}),
    )
    .await;
    record(
        "cancelled_expired",
        &h.wait_state(id, "expired").await,
        Decimal::ZERO,
    );

    // Late money: cancelled at the till, then the customer pays anyway.
    let late = h.create_ok(&sale("7.00", None)).await;
    let id = late["id"].as_str().unwrap();
    let r = h
        .post(&format!("/api/payments/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    h.pay(id, late["pay_amount"].as_str().unwrap()).await;
    record("late", &h.wait_state(id, "late").await, Decimal::ZERO);

    // Still waiting.
    let open = h.create_ok(&sale("8.00", None)).await;
    record("open", &open, Decimal::ZERO);

    let r = report(&h, "").await;
    assert_eq!(r["time_zone"], "Europe/Berlin");
    assert_eq!(r["store"], "default");
    let lines = r["lines"].as_array().unwrap();
    assert_eq!(lines.len(), expected.len(), "{lines:?}");
    for line in lines {
        let bucket = line["bucket"].as_str().unwrap();
        let want = expected.get(bucket).unwrap_or_else(|| panic!("{bucket}"));
        assert_eq!(line["currency"], "USD");
        assert_eq!(line["pay_asset"], "BTC");
        assert_eq!(line["count"].as_u64(), Some(want.count), "{bucket}");
        assert_eq!(line["amount"], fixed(want.amount, 2), "{bucket}");
        assert_eq!(line["tips"], fixed(want.tips, 2), "{bucket}");
        assert_eq!(line["received"], fixed(want.received, 8), "{bucket}");
        assert_eq!(line["excess"], fixed(want.excess, 8), "{bucket}");
        assert_eq!(line["outstanding"], fixed(want.outstanding, 8), "{bucket}");
    }
    assert_eq!(
        r["tips"],
        json!([{"currency": "USD", "count": 1, "amount": "1.85"}])
    );
    let usd = &r["currencies"][0];
    assert_eq!(usd["count"], 7);
    assert_eq!(usd["taken_count"], 2);
    assert_eq!(usd["taken"], "34.19");
    assert_eq!(usd["tips"], "1.85");
    let btc = &r["pay_assets"][0];
    assert_eq!(btc["received"], fixed(all_received, 8));
    // Nothing was refunded.
    assert_eq!(btc["refunded"], "0.00000000");

    // The same as CSV: an attachment, never cached, with the same sums.
    let response = h
        .get(&format!(
            "/api/reports/daily?date={}&format=csv",
            r["date"].as_str().unwrap()
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(headers["cache-control"].to_str().unwrap(), "no-store");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"wct-pos-default-"),
        "{disposition}"
    );
    let csv = response.text().await.unwrap();
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some(wct_api::report::CSV_HEADER));
    let taken = rows
        .clone()
        .find(|l| l.contains(",currency_total,taken,"))
        .expect("taken row");
    assert!(taken.contains(",USD,,2,34.19,1.85,"), "{taken}");
    let tips = rows.find(|l| l.contains(",tips,")).expect("tips row");
    assert!(tips.contains(",USD,,1,,1.85,"), "{tips}");

    // Another day has nothing.
    let empty = report(&h, "date=2001-01-01").await;
    assert_eq!(empty["lines"], json!([]));
    h.stop().await;
}

#[tokio::test]
async fn the_day_ends_at_midnight_in_the_store_zone() {
    let h = Harness::start_with(with_settings_pin).await;
    assert_eq!(
        put_settings(&h, &tips_on(true, "Europe/Berlin"))
            .await
            .status(),
        StatusCode::OK
    );
    let late_evening = h.create_ok(&sale("11.00", None)).await;
    let after_midnight = h.create_ok(&sale("22.00", None)).await;
    // 23:30 and 00:30 in Berlin (UTC+1 in November) are both on 25 November in UTC.
    let at = |rfc: &str| wct_api::clock::parse_rfc3339(rfc).unwrap() * 1000;
    for (view, when) in [
        (&late_evening, at("2026-11-25T22:30:00Z")),
        (&after_midnight, at("2026-11-25T23:30:00Z")),
    ] {
        sqlx::query("UPDATE payments SET created_at = $1 WHERE id = $2")
            .bind(when)
            .bind(view["id"].as_str().unwrap())
            .execute(&h.running.state().db)
            .await
            .unwrap();
    }
    let on_25th = report(&h, "date=2026-11-25").await;
    assert_eq!(on_25th["from"], "2026-11-24T23:00:00Z");
    assert_eq!(on_25th["lines"][0]["count"], 1);
    assert_eq!(on_25th["lines"][0]["amount"], "11.00");
    let on_26th = report(&h, "date=2026-11-26").await;
    assert_eq!(on_26th["lines"][0]["count"], 1);
    assert_eq!(on_26th["lines"][0]["amount"], "22.00");

    // In UTC both are on the 25th.
    assert_eq!(
        put_settings(&h, &tips_on(true, "UTC")).await.status(),
        StatusCode::OK
    );
    let utc = report(&h, "date=2026-11-25").await;
    assert_eq!(utc["lines"][0]["count"], 2);
    assert_eq!(utc["lines"][0]["amount"], "33.00");
    h.stop().await;
}

#[tokio::test]
async fn a_terminal_report_counts_that_terminal_only() {
    let colleague = "colleague-terminal-token-0123456789";
    let h = Harness::start_with(|c| {
        with_settings_pin(c);
        c.terminals.push(wct_pos_server::TerminalSpec {
            store: wct_pos_server::config::DEFAULT_STORE.into(),
            name: "Colleague".into(),
            token: colleague.into(),
        });
    })
    .await;
    h.create_ok(&sale("1.00", None)).await;
    let theirs = h
        .http
        .post(h.url("/api/payments"))
        .bearer_auth(colleague)
        .header("Idempotency-Key", fresh_key())
        .json(&sale("2.00", None))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::CREATED);
    let me: Value = h.get("/api/terminal").await.json().await.unwrap();
    let mine = report(&h, &format!("terminal={}", me["id"].as_str().unwrap())).await;
    assert_eq!(mine["terminal"], "Test counter");
    assert_eq!(mine["lines"][0]["count"], 1);
    assert_eq!(mine["lines"][0]["amount"], "1.00");
    let store = report(&h, "").await;
    assert_eq!(store["lines"][0]["count"], 2);
    assert_eq!(store["lines"][0]["amount"], "3.00");
    let (status, body) = error_of(h.get("/api/reports/daily?terminal=nope").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "terminal");
    for bad in ["date=25.11.2026", "format=xlsx"] {
        let (status, _) = error_of(h.get(&format!("/api/reports/daily?{bad}")).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let anonymous = h
        .http
        .get(h.url("/api/reports/daily"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    h.stop().await;
}

#[tokio::test]
async fn tips_follow_the_store_settings() {
    let h = Harness::start_with(with_settings_pin).await;
    // Tips are off until a merchant turns them on: a tip line is refused.
    let settings: Value = h.get("/api/settings/store").await.json().await.unwrap();
    assert_eq!(settings["tips"]["enabled"], false);
    assert_eq!(settings["time_zone"], "UTC");
    let (status, body) = error_of(h.create(&sale("12.34", Some("1.85"))).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["fields"][0]["message"],
        "tips are turned off for this store"
    );

    // Bad settings are refused field by field and change nothing.
    let bad = json!({
        "tips": {"enabled": true, "percentages": ["15", "fifteen", "150"], "custom": false,
                 "rounding": "exact"},
        "time_zone": "Mars/Olympus",
    });
    let (status, body) = error_of(put_settings(&h, &bad).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["tips.percentages[1]", "tips.percentages[2]", "time_zone"]
    );
    let unchanged: Value = h.get("/api/settings/store").await.json().await.unwrap();
    assert_eq!(unchanged, settings);

    // Presets only: the preset's exact tip passes, another amount does not.
    let saved: Value = put_settings(&h, &tips_on(false, " Europe/Berlin "))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["time_zone"], "Europe/Berlin");
    h.create_ok(&sale("12.34", Some("1.85"))).await;
    let (status, body) = error_of(h.create(&sale("12.34", Some("2.00"))).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "cart_items[1].unit_price");
    // Custom amounts allowed: any tip passes; a cart that does not add up still does not.
    put_settings(&h, &tips_on(true, "Europe/Berlin")).await;
    h.create_ok(&sale("12.34", Some("2.00"))).await;
    let mut wrong = sale("12.34", Some("2.00"));
    wrong["amount"] = json!("14.00");
    let (status, body) = error_of(h.create(&wrong).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "cart_items");
    h.stop().await;
}

#[tokio::test]
async fn the_receipt_link_needs_no_token_and_shows_no_personal_data() {
    let h = Harness::start_with(with_settings_pin).await;
    put_settings(&h, &tips_on(false, "UTC")).await;
    let mut body = sale("12.34", Some("1.85"));
    body["personal_fname"] = json!("Zelda");
    body["personal_lname"] = json!("Quartermain");
    body["personal_mobile"] = json!("+61412345678");
    body["personal_dob"] = json!("1990/01/02");
    body["personal_address"] = json!("1 Secret Lane");
    let view = h.create_ok(&body).await;
    let (id, code) = (
        view["id"].as_str().unwrap(),
        view["payment_code"].as_str().unwrap(),
    );
    let public = |code: String| {
        let http = h.http.clone();
        let url = h.url(&format!("/api/public/receipts/{code}"));
        async move { http.get(url).send().await.unwrap() }
    };
    // No receipt before the payment is paid.
    assert_eq!(public(code.into()).await.status(), StatusCode::NOT_FOUND);
    h.pay(id, view["pay_amount"].as_str().unwrap()).await;
    h.wait_state(id, "paid").await;
    let response = public(code.into()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    for private in [
        "Zelda",
        "Quartermain",
        "+61412345678",
        "1990/01/02",
        "Secret Lane",
        "personal",
        view["reference"].as_str().unwrap(),
        id,
    ] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    let receipt: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(receipt["state"], "paid");
    assert_eq!(receipt["merchant"], "Test Shop");
    assert_eq!(receipt["amount"], "14.19");
    assert_eq!(receipt["cart_items"][1]["item_name"], "Tip");
    assert_eq!(receipt["cart_items"][1]["unit_price"], "1.85");
    assert_eq!(
        public("no-such-code".into()).await.status(),
        StatusCode::NOT_FOUND
    );
    h.stop().await;
}

#[tokio::test]
async fn confirmed_refunds_are_the_reports_refunded_line() {
    use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
    const PIN: &str = "2468";
    let h = Harness::start_with(|c| {
        c.manager_pin_hash =
            Some(PinHash::parse(&hash_pin_with_cost(PIN, 64, 1).unwrap()).unwrap());
        // Held in the sandbox until the test completes it.
        c.sandbox_refund_delay_ms = 3_600_000;
    })
    .await;
    let view = h.create_ok(&sale("20.00", None)).await;
    let id = view["id"].as_str().unwrap();
    let extra = dec(&view["pay_amount"]) + Decimal::new(1, 4);
    h.pay(id, &fixed(extra, 8)).await;
    h.wait_state(id, "overpaid").await;
    let asked = h
        .http
        .post(h.url(&format!("/api/payments/{id}/refunds")))
        .bearer_auth(TEST_TOKEN)
        .header("Idempotency-Key", fresh_key())
        .json(&json!({"refund_type": "overpaid", "amount": "0.0001",
                      "email": "ann@example.com", "pin": PIN}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::CREATED);
    // Requested is not money out yet.
    let before = report(&h, "").await;
    assert_eq!(before["refunds"], json!([]));
    assert_eq!(before["pay_assets"][0]["refunded"], "0.00000000");

    h.sandbox_post(
        "/sandbox/refunds/complete",
        &json!({"payment_code": view["payment_code"]}),
    )
    .await;
    eventually(|| async {
        let seen = h.payment(id).await;
        (seen["refunds"][0]["state"] == "refunded").then_some(())
    })
    .await
    .expect("the refund is confirmed");
    let after = report(&h, "").await;
    assert_eq!(
        after["refunds"],
        json!([{"pay_asset": "BTC", "count": 1, "amount": "0.00010000"}])
    );
    assert_eq!(after["pay_assets"][0]["refunded"], "0.00010000");
    let csv = h
        .get(&format!(
            "/api/reports/daily?date={}&format=csv",
            after["date"].as_str().unwrap()
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines()
            .any(|l| l.contains(",refunds,,,BTC,1,") && l.ends_with(",0.00010000")),
        "{csv}"
    );
    h.stop().await;
}
