//! Receipt numbers and credit notes: a number per store, gapless and strictly increasing,
//! given when a sale becomes paid or overpaid (never to a cancelled or expired one), with the
//! legal fields and the per-rate totals on the receipt; a confirmed refund's credit note takes
//! the next number and names its receipt. The two-instance test runs in the Postgres pass.

mod common;

use std::str::FromStr;

use common::*;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use wct_api::sign::ApiSecret;
use wct_pos_server::{Config, TEST_TOKEN};

const PIN: &str = "2468";

fn with_pin(c: &mut Config) {
    use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
    c.manager_pin_hash = Some(PinHash::parse(&hash_pin_with_cost(PIN, 64, 1).unwrap()).unwrap());
    // Refunds wait for the test's "complete", not a timer.
    c.sandbox_refund_delay_ms = 3_600_000;
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("decimal string")).expect("decimal")
}

fn settings() -> Value {
    json!({
        "tips": {"enabled": false, "percentages": ["10"], "custom": true, "rounding": "exact"},
        "time_zone": "UTC",
        "tax": {
            "rates": [
                {"id": "standard", "name": "VAT 19 %", "percent": "19"},
                {"id": "reduced", "name": "VAT 7 %", "percent": "7"}
            ],
            "default_rate": "standard",
            "prices": "inclusive"
        },
        "receipt": {
            "legal_name": "Corner Café GmbH",
            "address": ["Hauptstr. 1", "10115 Berlin"],
            "tax_id": "DE123456789",
            "footer": "Danke!",
            "number_prefix": "R-"
        },
        "pin": PIN
    })
}

async fn set_up(h: &Harness) {
    let response = h
        .http
        .put(h.url("/api/settings/store"))
        .bearer_auth(TEST_TOKEN)
        .json(&settings())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

/// 11.90 at 19 % and 10.70 at 7 %, tax-inclusive.
fn sale() -> Value {
    let mut body = payment_body();
    body["amount"] = json!("22.60");
    body["cart_items"] = json!([
        {"item_name": "Wine", "item_quantity": "1", "unit_price": "11.90"},
        {"item_name": "Bread", "item_quantity": "5", "unit_price": "2.14", "tax_rate": "reduced"}
    ]);
    body
}

async fn pay_in_full(h: &Harness, view: &Value) -> Value {
    let id = view["id"].as_str().unwrap();
    h.pay(id, view["pay_amount"].as_str().unwrap()).await;
    h.wait_state(id, "paid").await
}

#[tokio::test]
async fn paid_sales_get_gapless_numbers_and_a_refund_a_credit_note() {
    let h = Harness::start_with(with_pin).await;
    set_up(&h).await;

    let first = h.create_ok(&sale()).await;
    assert!(
        first.get("receipt").is_none(),
        "no number before it is paid"
    );
    let cancelled = h.create_ok(&sale()).await;
    let id = cancelled["id"].as_str().unwrap();
    let r = h
        .post(&format!("/api/payments/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let paid = pay_in_full(&h, &first).await;
    let second = pay_in_full(&h, &h.create_ok(&sale()).await).await;

    let receipt = &paid["receipt"];
    assert_eq!(receipt["number"], "R-1", "{paid}");
    assert_eq!(second["receipt"]["number"], "R-2");
    assert!(h.payment(id).await.get("receipt").is_none());
    assert_eq!(receipt["issuer"]["legal_name"], "Corner Café GmbH");
    assert_eq!(receipt["issuer"]["tax_id"], "DE123456789");
    assert_eq!(receipt["issuer"]["address"][1], "10115 Berlin");
    assert!(receipt["supplied_at"].as_str().is_some());
    assert!(!receipt["terminal_id"].as_str().unwrap().is_empty());
    assert!(!receipt["terminal"].as_str().unwrap().is_empty());
    // 11.90 × 19/119 = 1.90; 10.70 × 7/107 = 0.70.
    let rates: Vec<(String, String, String, String)> = receipt["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rate"].as_str().unwrap().to_string(),
                r["net"].as_str().unwrap().to_string(),
                r["tax"].as_str().unwrap().to_string(),
                r["gross"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rates,
        [
            (
                "standard".into(),
                "10.00".into(),
                "1.90".into(),
                "11.90".into()
            ),
            (
                "reduced".into(),
                "10.00".into(),
                "0.70".into(),
                "10.70".into()
            ),
        ]
    );
    assert_eq!(receipt["gross"], paid["amount"]);
    assert_eq!(receipt["crypto_received"], paid["received"]);
    assert_eq!(receipt["exchange_rate"], paid["exchange_rate"]);

    // The public receipt link shows the same document.
    let public: Value = h
        .http
        .get(h.url(&format!(
            "/api/public/receipts/{}",
            paid["payment_code"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["receipt"]["number"], "R-1");
    assert_eq!(public["receipt"]["rates"], receipt["rates"]);
    assert!(
        public["receipt"].get("terminal_id").is_none(),
        "no internal id: {public}"
    );

    // A refund, once confirmed, gets the next number and names its receipt.
    let id = paid["id"].as_str().unwrap();
    let response = h
        .http
        .post(h.url(&format!("/api/payments/{id}/refunds")))
        .bearer_auth(TEST_TOKEN)
        .header("Idempotency-Key", fresh_key())
        .json(
            &json!({"refund_type": "full", "amount": paid["received"], "email": "a@example.com",
                      "pin": PIN}),
        )
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["receipt"]["credit_notes"]
        .as_array()
        .is_none_or(|c| c.is_empty()));
    h.sandbox_post(
        "/sandbox/refunds/complete",
        &json!({"payment_code": paid["payment_code"]}),
    )
    .await;
    let refunded = eventually(|| async {
        let seen = h.payment(id).await;
        (seen["refunds"][0]["state"] == "refunded").then_some(seen)
    })
    .await
    .expect("the refund is confirmed");
    let note = &refunded["receipt"]["credit_notes"][0];
    assert_eq!(note["number"], "R-3", "{refunded}");
    assert_eq!(note["receipt_number"], "R-1");
    assert_eq!(refunded["receipt"]["number"], "R-1");
    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    assert_eq!(report["credit_notes"][0]["number"], "R-3", "{report}");
    assert_eq!(report["credit_notes"][0]["receipt_number"], "R-1");
    let today = report["date"].as_str().unwrap();
    let rows: Vec<Value> = h
        .get(&format!(
            "/api/exports/sales?from={today}&to={today}&format=json"
        ))
        .await
        .json()
        .await
        .unwrap();
    let note = rows
        .iter()
        .find(|r| r["kind"] == "credit_note")
        .expect("a credit note row");
    assert_eq!(
        (&note["number"], &note["refers_to"]),
        (&json!("R-3"), &json!("R-1"))
    );
    // The next sale continues the one sequence.
    let third = pay_in_full(&h, &h.create_ok(&sale()).await).await;
    assert_eq!(third["receipt"]["number"], "R-4");
    assert_eq!(dec(&third["receipt"]["tax"]), Decimal::new(260, 2));
    h.stop().await;
}

async fn instance(url: &str, sandbox: &wct_sandbox::Sandbox) -> Harness {
    let dist = make_dist();
    let mut c = Config::for_tests(dist.path());
    c.database_url = url.into();
    c.api_base = Some(sandbox.api_base());
    c.api_key = Some(wct_sandbox::TEST_KEY.into());
    c.api_secret = Some(ApiSecret::new(wct_sandbox::TEST_SECRET));
    Harness::from_config(c, dist).await
}

#[tokio::test]
async fn two_instances_number_concurrent_paid_sales_without_gap_or_duplicate() {
    let Some(url) = db::fresh_postgres_database().await else {
        eprintln!("not a Postgres pass: the two-instance test needs WCT_TEST_DATABASE_URL");
        return;
    };
    let mut upstream = wct_sandbox::Config::for_tests();
    upstream.quote_secs = 600;
    let sandbox = wct_sandbox::start(upstream).await.expect("sandbox");
    let a = instance(&url, &sandbox).await;
    let b = instance(&url, &sandbox).await;

    // 24 sales, half on each instance; every third cancelled, every third expired, the rest
    // paid, all at once.
    let mut sales = Vec::new();
    for i in 0..24usize {
        let h = if i.is_multiple_of(2) { &a } else { &b };
        sales.push((i, h.create_ok(&payment_body()).await));
    }
    let pay = |i: usize, view: Value| {
        let (h, sandbox) = (if i.is_multiple_of(2) { &a } else { &b }, &sandbox);
        async move {
            let id = view["id"].as_str().unwrap().to_string();
            match i % 3 {
                0 => {
                    let r = h
                        .post(&format!("/api/payments/{id}/cancel"), &json!({}))
                        .await;
                    assert_eq!(r.status(), StatusCode::OK);
                    (id, "cancelled")
                }
                1 => {
                    let r = h
                        .http
                        .post(format!("{}/sandbox/expire", sandbox.base_url()))
                        .json(&json!({"payment_code": view["payment_code"]}))
                        .send()
                        .await
                        .unwrap();
                    assert!(r.status().is_success());
                    (id, "expired")
                }
                _ => {
                    let r = h
                        .http
                        .post(format!("{}/sandbox/pay", sandbox.base_url()))
                        .json(&json!({"payment_code": view["payment_code"],
                                      "amount": view["pay_amount"]}))
                        .send()
                        .await
                        .unwrap();
                    assert!(r.status().is_success());
                    (id, "paid")
                }
            }
        }
    };
    let outcomes = futures_util::future::join_all(sales.into_iter().map(|(i, v)| pay(i, v))).await;
    let mut numbers = Vec::new();
    for (id, want) in &outcomes {
        let seen = a.wait_state(id, want).await;
        match *want {
            "paid" => numbers.push(
                seen["receipt"]["number"]
                    .as_str()
                    .unwrap_or_else(|| panic!("paid without a number: {seen}"))
                    .parse::<i64>()
                    .unwrap(),
            ),
            _ => assert!(seen.get("receipt").is_none(), "{want} has a number: {seen}"),
        }
    }
    numbers.sort_unstable();
    let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
    assert_eq!(numbers, expected, "gapless, no duplicate");
    a.stop().await;
    b.stop().await;
}

/// Sums of the export's receipt rows per rate percent: (net, tax, gross, discount).
fn export_sums(rows: &[Value]) -> std::collections::BTreeMap<String, [Decimal; 4]> {
    let mut sums = std::collections::BTreeMap::new();
    for r in rows.iter().filter(|r| r["kind"] == "receipt") {
        let e: &mut [Decimal; 4] = sums
            .entry(r["tax_rate"].as_str().unwrap().to_string())
            .or_default();
        for (i, f) in ["net", "tax", "gross", "discount"].iter().enumerate() {
            e[i] += dec(&r[*f]);
        }
    }
    sums
}

#[tokio::test]
async fn the_z_reports_rate_totals_equal_the_exports_sums() {
    let h = Harness::start_with(with_pin).await;
    set_up(&h).await;
    // Three paid sales with discounts and a formula-like name, one cancelled.
    let mut discounted = payment_body();
    discounted["amount"] = json!("19.80");
    discounted["cart_items"] = json!([
        {"item_name": "=HYPERLINK(\"x\")", "item_quantity": "2", "unit_price": "4.99",
         "discount": {"amount": "1.00"}},
        {"item_name": "Jam", "item_quantity": "3", "unit_price": "3.33", "tax_rate": "reduced"}
    ]);
    discounted["sale_discount"] = json!({"percent": "3"});
    // 9.98 − 1.00 = 8.98 and 9.99: 18.97, 3 % = 0.57 → 18.40. Recomputed by the server:
    // a wrong amount is refused, so ask for the gross the rules give.
    let (status, body) = error_of(h.create(&discounted).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let gross = body["error"]["message"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find_map(|w| Decimal::from_str(w).ok())
        .unwrap();
    assert_eq!(gross, Decimal::new(1840, 2));
    discounted["amount"] = json!("18.40");
    let mut ids = Vec::new();
    // A keypad sale without a cart is one line at the default rate.
    for body in [sale(), discounted.clone(), sale(), payment_body()] {
        let mut body = body;
        body["reference"] = json!(unique_reference());
        let paid = pay_in_full(&h, &h.create_ok(&body).await).await;
        ids.push(paid);
    }
    let cancelled = h.create_ok(&sale()).await;
    let r = h
        .post(
            &format!("/api/payments/{}/cancel", cancelled["id"].as_str().unwrap()),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    assert_eq!(report["first_receipt"], "R-1", "{report}");
    assert_eq!(report["last_receipt"], "R-4");
    let today = report["date"].as_str().unwrap().to_string();
    let export = h
        .get(&format!(
            "/api/exports/sales?from={today}&to={today}&format=json"
        ))
        .await;
    assert_eq!(export.status(), StatusCode::OK);
    let rows: Vec<Value> = export.json().await.unwrap();
    assert_eq!(rows.len(), 7, "one row per sale line");
    let sums = export_sums(&rows);
    let tax = report["tax"].as_array().unwrap();
    assert_eq!(tax.len(), 2);
    for t in tax {
        let s = sums[t["percent"].as_str().unwrap()];
        assert_eq!(
            [
                dec(&t["net"]),
                dec(&t["tax"]),
                dec(&t["gross"]),
                dec(&t["discount"])
            ],
            s,
            "{t}"
        );
    }
    let gross: Decimal = tax.iter().map(|t| dec(&t["gross"])).sum();
    let paid: Decimal = ids.iter().map(|p| dec(&p["amount"])).sum();
    assert_eq!(gross, paid);

    // CSV: the same rows, formula-safe, and the Z-report's CSV names the receipts.
    let csv = h
        .get(&format!(
            "/api/exports/sales?from={today}&to={today}&format=csv"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("number,kind,refers_to,time,terminal,item,sku,"));
    assert_eq!(csv.lines().count(), 8);
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    let z = h
        .get("/api/reports/daily?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(z
        .lines()
        .any(|l| l.contains(",receipts,first,") && l.ends_with(",R-1")));
    assert!(z.lines().any(|l| l.contains(",tax,,USD,,")), "{z}");

    // Ranges: backwards and longer than a year are refused by name.
    for (query, field) in [
        ("from=2026-02-01&to=2026-01-31", "to"),
        ("from=2025-01-01&to=2026-01-02", "to"),
        ("from=2026-13-01&to=2026-12-31", "from"),
    ] {
        let (status, body) = error_of(h.get(&format!("/api/exports/sales?{query}")).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["error"]["field"], field, "{query}");
    }
    h.stop().await;
}
