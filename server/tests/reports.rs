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

/// The manager PIN of these tests' servers: changing the store's settings needs it.
const PIN: &str = "2468";

/// A PIN hash cheap enough for tests.
fn with_pin(c: &mut wct_pos_server::Config) {
    use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
    c.manager_pin_hash = Some(PinHash::parse(&hash_pin_with_cost(PIN, 64, 1).unwrap()).unwrap());
}

async fn start() -> Harness {
    Harness::start_with(with_pin).await
}

/// `PUT /api/settings/store` with the manager PIN.
async fn put_settings(h: &Harness, body: &Value) -> reqwest::Response {
    let mut body = body.clone();
    body["pin"] = json!(PIN);
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

/// A sale of `amount` USD in BTC, with a tip line (kind `tip`) of `tip` when given.
fn sale(amount: &str, tip: Option<&str>) -> Value {
    let mut body = payment_body();
    body["amount"] = json!(amount);
    if let Some(tip) = tip {
        let sub = Decimal::from_str(amount).unwrap();
        let total = sub + Decimal::from_str(tip).unwrap();
        body["amount"] = json!(fixed(total, 2));
        body["cart_items"] = json!([
            {"item_name": "Sale", "item_quantity": "1", "unit_price": amount},
            {"item_name": "Tip", "item_desc": "15 %", "item_quantity": "1", "unit_price": tip,
             "kind": "tip"},
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
    let h = start().await;
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

    // Underpaid, then it ran out: the money received has its own line, to refund or keep.
    let ran_out = h.create_ok(&sale("9.00", None)).await;
    let id = ran_out["id"].as_str().unwrap();
    let part = (dec(&ran_out["pay_amount"]) / Decimal::from(4)).round_dp(8);
    h.pay(id, &fixed(part, 8)).await;
    h.wait_state(id, "underpaid").await;
    h.sandbox_post(
        "/sandbox/expire",
        &json!({"payment_code": ran_out["payment_code"]}),
    )
    .await;
    let closed = h.wait_state(id, "expired").await;
    assert_eq!(dec(&closed["received"]), part);
    record("received_on_closed", &closed, Decimal::ZERO);

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
        // Nothing was refunded: all received was kept; taken is the settled sales'.
        assert_eq!(line["refunded"], "0.00000000", "{bucket}");
        assert_eq!(line["kept"], line["received"], "{bucket}");
        let taken = if ["paid", "overpaid"].contains(&bucket) {
            fixed(want.amount, 2)
        } else {
            "0.00".into()
        };
        assert_eq!(line["taken"], taken, "{bucket}");
    }
    let closed_line = lines
        .iter()
        .find(|l| l["bucket"] == "received_on_closed")
        .expect("a line for money on a closed payment");
    assert_eq!(closed_line["received"], fixed(part, 8));
    assert_eq!(closed_line["count"], 1);
    assert_eq!(
        lines
            .iter()
            .find(|l| l["bucket"] == "cancelled_expired")
            .expect("nothing received")["received"],
        "0.00000000"
    );
    assert_eq!(
        r["tips"],
        json!([{"currency": "USD", "count": 1, "amount": "1.85"}])
    );
    let usd = &r["currencies"][0];
    assert_eq!(usd["count"], 8);
    assert_eq!(usd["taken_count"], 2);
    assert_eq!(usd["taken"], "34.19");
    assert_eq!(usd["tips"], "1.85");
    let btc = &r["pay_assets"][0];
    assert_eq!(btc["received"], fixed(all_received, 8));
    // Nothing was refunded.
    assert_eq!(btc["refunded"], "0.00000000");
    assert_eq!(btc["kept"], fixed(all_received, 8));

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
    let tips = rows
        .clone()
        .find(|l| l.contains(",tips,"))
        .expect("tips row");
    assert!(tips.contains(",USD,,1,,1.85,"), "{tips}");
    let closed = rows
        .find(|l| l.contains(",payments,received_on_closed,"))
        .expect("received_on_closed row");
    assert!(
        closed.contains(&format!(",USD,BTC,1,9.00,0.00,{},", fixed(part, 8))),
        "{closed}"
    );

    // Another day has nothing.
    let empty = report(&h, "date=2001-01-01").await;
    assert_eq!(empty["lines"], json!([]));
    h.stop().await;
}

#[tokio::test]
async fn the_day_ends_at_midnight_in_the_store_zone() {
    let h = start().await;
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
        with_pin(c);
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
    let h = start().await;
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

/// A sale of 12.34 with a second line `line` (an item unless it says otherwise) of 1.85.
fn with_line(line: Value) -> Value {
    let mut body = payment_body();
    body["amount"] = json!("14.19");
    let mut line = line;
    line["item_quantity"] = json!("1");
    line["unit_price"] = json!("1.85");
    body["cart_items"] = json!([
        {"item_name": "Sale", "item_quantity": "1", "unit_price": "12.34"},
        line,
    ]);
    body
}

#[tokio::test]
async fn only_the_tip_kind_is_a_tip_and_a_look_alike_is_refused() {
    let h = start().await;
    // Custom tips off: only the presets' exact amounts (15 % of 12.34 is 1.85).
    put_settings(&h, &tips_on(false, "UTC")).await;
    let message = wct_api::tips::named_like_a_tip;
    assert_eq!(
        message("T\u{456}p"),
        "the line \"T\u{456}p\" is named like a tip: a line named like a tip must be the tip; \
         add tips with the tip buttons"
    );
    for name in [
        "Tip",
        "TIP",
        "tip",
        "Tips",
        "T1p",
        "T\u{456}p",                // Cyrillic і
        "\u{422}ip",                // Cyrillic Т
        "\u{FF34}\u{FF49}\u{FF50}", // fullwidth
        "Ti p",
        "T\u{AD}ip", // soft hyphen
    ] {
        let (status, body) = error_of(h.create(&with_line(json!({"item_name": name}))).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {body}");
        let fields = body["error"]["fields"].as_array().unwrap();
        let error = fields
            .iter()
            .find(|f| f["field"] == "cart_items[1].item_name")
            .unwrap_or_else(|| panic!("{name:?}: {body}"));
        assert_eq!(error["message"], message(name), "{name:?}");
    }
    // Invisible characters are named as such in the message.
    let (_, body) = error_of(
        h.create(&with_line(json!({"item_name": "T\u{200B}ip"})))
            .await,
    )
    .await;
    assert_eq!(
        body["error"]["fields"][0]["message"],
        "the line \"T\\u{200B}ip\" is named like a tip: a line named like a tip must be the \
         tip; add tips with the tip buttons"
    );
    // Saying it is an item changes nothing.
    let (status, _) = error_of(
        h.create(&with_line(json!({"item_name": "Tip", "kind": "item"})))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The tip kind is the tip: checked against the settings and counted as one.
    let tipped = h
        .create_ok(&with_line(json!({"item_name": "Tip", "kind": "tip"})))
        .await;
    assert_eq!(tipped["cart_items"][1]["kind"], "tip");
    assert!(tipped["cart_items"][0].get("kind").is_none());
    let (status, body) = error_of(
        h.create(&{
            let mut b = with_line(json!({"item_name": "Tip", "kind": "tip"}));
            b["cart_items"][1]["unit_price"] = json!("1.86");
            b["amount"] = json!("14.20");
            b
        })
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "cart_items[1].unit_price");
    // An ordinary item is no tip.
    h.create_ok(&with_line(json!({"item_name": "Tea"}))).await;
    let id = tipped["id"].as_str().unwrap();
    h.pay(id, tipped["pay_amount"].as_str().unwrap()).await;
    h.wait_state(id, "paid").await;
    let r = report(&h, "").await;
    assert_eq!(
        r["tips"],
        json!([{"currency": "USD", "count": 1, "amount": "1.85"}])
    );
    // An unknown kind is refused.
    let (status, body) = error_of(
        h.create(&with_line(json!({"item_name": "Gift", "kind": "gift"})))
            .await,
    )
    .await;
    assert!(status.is_client_error(), "{body}");
    assert_eq!(body["error"]["field"], "cart_items[1].kind");
    h.stop().await;
}

#[tokio::test]
async fn the_receipt_link_needs_no_token_and_shows_no_personal_data() {
    let h = start().await;
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
async fn refunds_count_with_their_payment_and_the_report_keeps_what_was_kept() {
    let h = Harness::start_with(|c| {
        with_pin(c);
        // Held in the sandbox until the test completes it.
        c.sandbox_refund_delay_ms = 3_600_000;
    })
    .await;
    let ask = |id: String, kind: &'static str, amount: &'static str| {
        let http = h.http.clone();
        let url = h.url(&format!("/api/payments/{id}/refunds"));
        async move {
            let asked = http
                .post(url)
                .bearer_auth(TEST_TOKEN)
                .header("Idempotency-Key", fresh_key())
                .json(&json!({"refund_type": kind, "amount": amount,
                              "email": "ann@example.com", "pin": PIN}))
                .send()
                .await
                .unwrap();
            assert_eq!(asked.status(), StatusCode::CREATED);
        }
    };
    let view = h.create_ok(&sale("20.00", None)).await;
    let id = view["id"].as_str().unwrap();
    let extra = dec(&view["pay_amount"]) + Decimal::new(1, 4);
    h.pay(id, &fixed(extra, 8)).await;
    let over = h.wait_state(id, "overpaid").await;
    let received = dec(&over["received"]);
    ask(id.into(), "overpaid", "0.0001").await;
    // Requested is on its way back: it counts, as pending.
    let before = report(&h, "").await;
    assert_eq!(
        before["refunds"],
        json!([{"pay_asset": "BTC", "count": 1, "amount": "0.00010000",
                "pending_count": 1, "pending": "0.00010000"}])
    );
    let btc = &before["pay_assets"][0];
    assert_eq!(btc["refunded"], "0.00010000");
    assert_eq!(btc["kept"], fixed(received - Decimal::new(1, 4), 8));
    // Returning the excess leaves the sale taken in full.
    assert_eq!(before["currencies"][0]["taken"], "20.00");

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
    assert_eq!(after["currencies"][0]["taken"], "20.00");

    // A paid sale refunded in part: taken loses the refund's value at the payment's own rate.
    let paid = h.create_ok(&sale("12.50", None)).await;
    let paid_id = paid["id"].as_str().unwrap();
    h.pay(paid_id, paid["pay_amount"].as_str().unwrap()).await;
    let paid = h.wait_state(paid_id, "paid").await;
    ask(paid_id.into(), "partial", "0.00002").await;
    let rate = dec(&paid["exchange_rate"]);
    let value = (Decimal::new(2, 5) * rate)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let r = report(&h, "").await;
    let paid_line = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["bucket"] == "paid")
        .expect("the paid line")
        .clone();
    assert_eq!(paid_line["refunded"], "0.00002000");
    assert_eq!(
        paid_line["taken"],
        fixed(Decimal::new(1250, 2) - value, 2),
        "{paid_line}"
    );
    assert_eq!(
        r["currencies"][0]["taken"],
        fixed(Decimal::new(3250, 2) - value, 2)
    );
    let all_received = received + dec(&paid["received"]);
    let btc = &r["pay_assets"][0];
    assert_eq!(btc["received"], fixed(all_received, 8));
    assert_eq!(btc["refunded"], "0.00012000");
    assert_eq!(btc["kept"], fixed(all_received - Decimal::new(12, 5), 8));

    // One refund in flight at a time: WCT Pay completes the part first.
    h.sandbox_post(
        "/sandbox/refunds/complete",
        &json!({"payment_code": paid["payment_code"]}),
    )
    .await;
    eventually(|| async {
        let seen = h.payment(paid_id).await;
        (seen["refunds"][0]["state"] == "refunded").then_some(())
    })
    .await
    .expect("the partial refund is confirmed");
    // Refunded in full (the rest still requested): the sale is on the refunded line and
    // counts nothing.
    let left = dec(&paid["received"]) - Decimal::new(2, 5);
    let rest = fixed(left, 8);
    let asked = h
        .http
        .post(h.url(&format!("/api/payments/{paid_id}/refunds")))
        .bearer_auth(TEST_TOKEN)
        .header("Idempotency-Key", fresh_key())
        .json(&json!({"refund_type": "full", "amount": rest,
                      "email": "ann@example.com", "pin": PIN}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::CREATED);
    let r = report(&h, "").await;
    let refunded = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["bucket"] == "refunded")
        .expect("the refunded line")
        .clone();
    assert_eq!(
        (&refunded["count"], &refunded["kept"], &refunded["taken"]),
        (&json!(1), &json!("0.00000000"), &json!("0.00"))
    );
    assert_eq!(r["currencies"][0]["taken"], "20.00");
    // The CSV says the same, in the columns after `refunded`.
    let csv = h
        .get(&format!(
            "/api/reports/daily?date={}&format=csv",
            r["date"].as_str().unwrap()
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines()
            .any(|l| l.contains(",payments,refunded,USD,BTC,1,12.50,")
                && l.ends_with(",0.00000000,0.00,0.00,test,,,,,,,")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",currency_total,taken,USD,,1,20.00,")
                && l.ends_with(",20.00,0.00,test,,,,,,,")),
        "{csv}"
    );
    h.stop().await;
}

#[tokio::test]
async fn the_shops_country_places_a_customers_local_mobile_number() {
    let h = start().await;
    // Without a country anywhere, a local number is refused rather than guessed.
    let mut local = payment_body();
    local["personal_mobile"] = json!("07700 900123");
    let (status, error) = error_of(h.create(&local).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["fields"][0]["field"], "personal_mobile");

    let mut settings = tips_on(false, "Europe/London");
    settings["country"] = json!("XX");
    let response = put_settings(&h, &settings).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    settings["country"] = json!("uk");
    let response = put_settings(&h, &settings).await;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["country"], "GB");

    local["reference"] = json!(unique_reference());
    let stored = h.create_ok(&local).await;
    assert_eq!(stored["personal"]["mobile"], "+447700900123");
    // The customer's own country wins over the shop's.
    let mut abroad = payment_body();
    abroad["personal_mobile"] = json!("0412 123 123");
    abroad["personal_country"] = json!("AU");
    let stored = h.create_ok(&abroad).await;
    assert_eq!(stored["personal"]["mobile"], "+61412123123");
    h.stop().await;
}
