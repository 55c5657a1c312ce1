//! "Keep as payment" (issue 22): money that arrives after a payment closed waits for the shop's
//! decision. Keeping it is recorded on the payment, moves it into the day report's taken
//! money, covers only what the cashier saw, and money arriving after the decision needs a
//! decision of its own.

mod common;

use std::str::FromStr;

use common::*;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("decimal string")).expect("decimal")
}

async fn keep(h: &Harness, id: &str, received: &str) -> (StatusCode, Value) {
    error_of(
        h.post(
            &format!("/api/payments/{id}/keep"),
            &json!({ "received": received }),
        )
        .await,
    )
    .await
}

/// A sale cancelled at the till that the customer then pays in full anyway.
async fn late_payment(h: &Harness) -> Value {
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let cancelled = h
        .post(&format!("/api/payments/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    h.pay(id, view["pay_amount"].as_str().unwrap()).await;
    h.wait_state(id, "late").await
}

fn line<'a>(report: &'a Value, bucket: &str) -> Option<&'a Value> {
    report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["bucket"] == bucket)
}

#[tokio::test]
async fn late_money_kept_is_recorded_and_counted_as_taken() {
    let h = Harness::start().await;
    let late = late_payment(&h).await;
    let id = late["id"].as_str().unwrap();
    assert!(
        late["alert"].is_string(),
        "late money asks for a decision: {late}"
    );
    assert!(late.get("kept").is_none());
    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    assert!(line(&report, "late").is_some(), "{report}");
    assert!(dec(&report["currencies"][0]["taken"]).is_zero());

    // A received amount the cashier never saw keeps nothing.
    let (status, error) = keep(&h, id, "0.00000001").await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"]["field"], "received");
    assert!(h.payment(id).await.get("kept").is_none());
    let (status, error) = keep(&h, id, "lots").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");

    let received = late["received"].as_str().unwrap();
    let (status, kept) = keep(&h, id, received).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["kept"]["received"], received, "{kept}");
    assert!(kept["kept"]["at"].is_string());
    assert!(kept.get("alert").is_none(), "decided: no alert: {kept}");
    assert_eq!(h.payment(id).await["kept"], kept["kept"]);
    // The same decision again (its answer lost) changes nothing.
    let (status, again) = keep(&h, id, received).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["kept"], kept["kept"]);

    // The report moves it from "late" into taken money: paid in full at the quote's rate,
    // so the whole sale.
    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    assert!(line(&report, "late").is_none(), "{report}");
    let kept_line = line(&report, "kept").expect("a kept line");
    assert_eq!(kept_line["count"], 1);
    assert_eq!(kept_line["taken"], late["amount"], "{report}");
    assert_eq!(report["currencies"][0]["taken"], late["amount"]);

    // More money after the decision is not covered by it.
    h.pay(id, "0.00001000").await;
    let more = eventually(|| async {
        let now = h.payment(id).await;
        (dec(&now["received"]) > dec(&late["received"])).then_some(now)
    })
    .await
    .expect("the new money is seen");
    assert_eq!(more["state"], "late");
    assert!(
        more["alert"].is_string(),
        "the new money asks again: {more}"
    );
    let report: Value = h.get("/api/reports/daily").await.json().await.unwrap();
    assert!(line(&report, "late").is_some(), "{report}");
    h.stop().await;
}

#[tokio::test]
async fn only_money_after_close_can_be_kept() {
    let h = Harness::start().await;
    // Paid: nothing to decide.
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    h.pay(id, view["pay_amount"].as_str().unwrap()).await;
    let paid = h.wait_state(id, "paid").await;
    let (status, error) = keep(&h, id, paid["received"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    // Awaiting, nothing received.
    let open = h.create_ok(&payment_body()).await;
    let (status, _) = keep(&h, open["id"].as_str().unwrap(), "0").await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Another store's payment, or none: not found.
    let (status, _) = keep(&h, "no-such-payment", "0").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    h.stop().await;
}
