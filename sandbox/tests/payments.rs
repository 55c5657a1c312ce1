//! The simulated customer, quotes, expiry, cancellation and refunds, seen through getupdate.

mod common;

use common::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;
use wct_api::sign::getupdate_hash;
use wct_api::upstream::{parse_reply, GetUpdateOk, Postback};
use wct_api::{PaymentState, StatusCode};
use wct_sandbox::{Config, TEST_KEY};

fn d(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not text: {v}"))).unwrap()
}

/// A sandbox with USD/BTC pinned at 100,000 and a 50.00 USD payment (0.0005 BTC).
async fn paying(config: Config) -> (wct_sandbox::Sandbox, Client, String) {
    let sb = sandbox_with(config).await;
    let c = Client::new(&sb);
    let (status, _) = c
        .post(
            "/sandbox/rates",
            &json!({"asset": "USD", "crypto": "BTC", "rate": "100000"}),
        )
        .await;
    assert_eq!(status, 200);
    let created = c.create_ok(c.create_body("50.00", "R-pay")).await;
    assert_eq!(created["payment_amount"], "0.00050000");
    let code = created["payment_code"].as_str().unwrap().to_string();
    (sb, c, code)
}

fn long_quotes() -> Config {
    Config {
        quote_secs: 600,
        ..Config::for_tests()
    }
}

#[tokio::test]
async fn half_then_the_rest_goes_partial_then_completed() {
    let (_sb, c, code) = paying(long_quotes()).await;
    let fresh = c.getupdate(&code).await;
    assert_eq!(fresh["payment_status"], 0);
    assert_eq!(fresh["payment_missing_amount"], "0.00050000");
    assert_eq!(fresh["payment_received_amount"], "0.00000000");

    let (status, paid) = c.pay(&code, "0.00025").await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["payment_status"], 2);
    assert_eq!(paid["txid"].as_str().unwrap().len(), 64);

    let update = c.getupdate(&code).await;
    assert_eq!(update["status"], "ok");
    assert_eq!(update["payment_status"], 2, "{update}");
    assert_eq!(update["payment_missing_amount"], "0.00025000");
    assert_eq!(update["payment_received_amount"], "0.00025000");
    assert_eq!(update["payment_ask_amount"], "0.00050000");
    assert_eq!(update["payment_txids"], paid["txid"]);
    let info: GetUpdateOk = parse_reply(update.to_string().as_bytes()).unwrap();
    assert_eq!(info.0.payment_status, Some(StatusCode::Partial));

    let (_, second) = c.pay(&code, "0.00025").await;
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_status"], 3, "{update}");
    assert_eq!(update["payment_missing_amount"], "0.00000000");
    assert_eq!(update["payment_received_amount"], "0.00050000");
    let txids = update["payment_txids"].as_str().unwrap();
    assert_eq!(
        txids,
        format!(
            "{},{}",
            paid["txid"].as_str().unwrap(),
            second["txid"].as_str().unwrap()
        )
    );
    let state = PaymentState::from_status(
        StatusCode::Completed,
        d(&update["payment_received_amount"]),
        d(&update["payment_ask_amount"]),
    );
    assert_eq!(state, PaymentState::Paid);
}

#[tokio::test]
async fn overpaying_completes_with_more_than_asked() {
    let (_sb, c, code) = paying(long_quotes()).await;
    c.pay(&code, "0.0008").await;
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_status"], 3);
    let (received, asked) = (
        d(&update["payment_received_amount"]),
        d(&update["payment_ask_amount"]),
    );
    assert!(received > asked);
    assert_eq!(
        PaymentState::from_status(StatusCode::Completed, received, asked),
        PaymentState::Overpaid
    );
}

#[tokio::test]
async fn unconfirmed_payment_is_pending_until_confirmed() {
    let (_sb, c, code) = paying(long_quotes()).await;
    let (_, paid) = c
        .post(
            "/sandbox/pay",
            &json!({"payment_code": code, "amount": "0.0005", "confirmations": 0}),
        )
        .await;
    assert_eq!(paid["payment_status"], 1);
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_status"], 1);
    assert_eq!(update["confirmations"], 0);
    assert_eq!(update["payment_received_amount"], "0.00000000");

    let (_, confirmed) = c
        .post("/sandbox/confirm", &json!({"payment_code": code}))
        .await;
    assert_eq!(confirmed["confirmed"], 1);
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_status"], 3);
    assert_eq!(update["confirmations"], 1);
}

#[tokio::test]
async fn bad_pay_requests_are_refused() {
    let (_sb, c, code) = paying(long_quotes()).await;
    let (status, v) = c.pay("nosuchcode", "0.1").await;
    assert_eq!((status, v["status"].as_str()), (404, Some("nok")));
    for amount in ["0", "-1", "0.000000001", "lots"] {
        let (status, v) = c.pay(&code, amount).await;
        assert_eq!(status, 400, "{amount}: {v}");
        assert!(v["error"].as_str().unwrap().contains("amount"), "{v}");
    }
    assert_eq!(c.getupdate(&code).await["payment_status"], 0);
}

#[tokio::test]
async fn expired_and_cancelled_payments_take_no_money() {
    let sb = sandbox_with(long_quotes()).await;
    let c = Client::new(&sb);
    let a = c.create_ok(c.create_body("10.00", "R-exp")).await;
    let a = a["payment_code"].as_str().unwrap();
    let (status, v) = c.post("/sandbox/expire", &json!({"payment_code": a})).await;
    assert_eq!((status, &v["payment_status"]), (200, &json!(6)));
    assert_eq!(c.getupdate(a).await["payment_status"], 6);
    let (status, v) = c.pay(a, "0.0001").await;
    assert_eq!((status, v["status"].as_str()), (409, Some("nok")));
    assert!(v["error"].as_str().unwrap().contains("expired"), "{v}");

    let b = c.create_ok(c.create_body("10.00", "R-can")).await;
    let b = b["payment_code"].as_str().unwrap();
    c.post("/sandbox/cancel", &json!({"payment_code": b})).await;
    assert_eq!(c.getupdate(b).await["payment_status"], 4);
    assert_eq!(c.pay(b, "0.0001").await.0, 409);
    // A finished payment cannot be expired or cancelled again.
    assert_eq!(
        c.post("/sandbox/expire", &json!({"payment_code": b}))
            .await
            .0,
        409
    );
}

#[tokio::test]
async fn refund_marks_the_payment_refunded() {
    let (_sb, c, code) = paying(long_quotes()).await;
    let nothing = c.refund(&code, "BTC", "0.0005").await;
    assert_eq!(nothing["status"], "nok", "nothing received yet: {nothing}");

    c.pay(&code, "0.0005").await;
    let too_much = c.refund(&code, "BTC", "0.001").await;
    assert!(too_much["error"]
        .as_str()
        .unwrap()
        .contains("more than was received"));
    let mut forged = json!({"key": TEST_KEY, "hash": "0".repeat(32), "payment_code": code,
        "refund_type": "full", "asset": "BTC", "amount": "0.0005"});
    assert_eq!(
        c.post("/api/payment/refund", &forged).await.1["error"],
        "Invalid hash"
    );
    forged["refund_type"] = "most".into();
    let v = c.post("/api/payment/refund", &forged).await.1;
    assert!(v["error"].as_str().unwrap().contains("refund_type"), "{v}");

    let refunded = c.refund(&code, "BTC", "0.0005").await;
    assert_eq!(refunded["status"], "ok", "{refunded}");
    // Requested, then completed by the sandbox a moment later.
    eventually("status 5", || async {
        (c.getupdate(&code).await["payment_status"] == 5).then_some(())
    })
    .await;
    assert_eq!(c.refund(&code, "BTC", "0.0005").await["status"], "nok");
}

#[tokio::test]
async fn getupdate_by_reference_and_its_refusals() {
    let (_sb, c, code) = paying(long_quotes()).await;
    let by_ref = json!({"key": TEST_KEY, "reference": "R-pay",
        "hash": getupdate_hash(TEST_KEY, "R-pay", &secret())});
    let v = c.post("/api/payment-pos/getupdate", &by_ref).await.1;
    assert_eq!(v["payment_code"], code.as_str());

    let forged = json!({"key": TEST_KEY, "payment_code": code, "hash": "f".repeat(32)});
    let v = c.post("/api/payment-pos/getupdate", &forged).await.1;
    assert_eq!(
        v,
        json!({"status":"nok","message":"Could not get payment!","error":"Invalid hash","validated":false})
    );
    let unknown = json!({"key": TEST_KEY, "payment_code": "nope",
        "hash": getupdate_hash(TEST_KEY, "nope", &secret())});
    let v = c.post("/api/payment-pos/getupdate", &unknown).await.1;
    assert_eq!(v["error"], "Payment not found");
    let nobody = json!({"key": "other", "payment_code": code, "hash": "x"});
    assert_eq!(
        c.post("/api/payment-pos/getupdate", &nobody).await.1["error"],
        "Invalid key"
    );
}

#[tokio::test]
async fn expired_quote_is_renewed_at_the_new_rate_with_a_price_postback() {
    let receiver = Receiver::start(0).await;
    let sb = sandbox_with(Config {
        quote_secs: 1,
        ..Config::for_tests()
    })
    .await;
    let c = Client::new(&sb);
    c.post(
        "/sandbox/rates",
        &json!({"asset": "USD", "crypto": "BTC", "rate": "100000"}),
    )
    .await;
    let mut body = c.create_body("50.00", "R-quote");
    body["pos_price_update_postback_url"] = receiver.url().into();
    let created = c.create_ok(body).await;
    let code = created["payment_code"].as_str().unwrap().to_string();
    let first_expiry = created["expires_at"].as_i64().unwrap();
    // BTC halves: the same 50 USD now costs twice as much BTC.
    c.post(
        "/sandbox/rates",
        &json!({"asset": "USD", "crypto": "BTC", "rate": "50000"}),
    )
    .await;

    let price = eventually("a posPriceUpdate postback", || {
        // The first renewal may predate the new rate on a slow machine: wait for one at it.
        let found = receiver
            .of_fn("posPriceUpdate")
            .into_iter()
            .find(|b| b["exchange_rate"] == "50000");
        async move { found }
    })
    .await;
    let Ok(Postback::PosPriceUpdate(info)) = Postback::parse(price.to_string().as_bytes()) else {
        panic!("not a price update: {price}");
    };
    assert_eq!(info.payment_code.as_deref(), Some(code.as_str()));
    assert_eq!(info.payment_amount.as_deref(), Some("0.00100000"));
    assert_eq!(info.exchange_rate.as_deref(), Some("50000"));
    assert!(info.expires_at.unwrap() > first_expiry);

    let update = c.getupdate(&code).await;
    assert_eq!(update["exchange_rate"], "50000");
    assert_eq!(update["payment_amount"], "0.00100000");
    assert_eq!(update["payment_missing_amount"], "0.00100000");
    assert!(update["expires_at"].as_i64().unwrap() > first_expiry);
    assert_eq!(update["payment_status"], 0);
}

#[tokio::test]
async fn requote_after_a_partial_payment_asks_only_for_the_rest() {
    let (_sb, c, code) = paying(long_quotes()).await;
    c.pay(&code, "0.00025").await;
    c.post(
        "/sandbox/rates",
        &json!({"asset": "USD", "crypto": "BTC", "rate": "50000"}),
    )
    .await;
    let before = c.getupdate(&code).await;
    assert_eq!(
        before["exchange_rate"], "100000",
        "the quote has not expired yet"
    );
    c.post("/sandbox/quote-expire", &json!({"payment_code": code}))
        .await;

    let update = c.getupdate(&code).await;
    // 0.00025 BTC still missing = 25 USD, which at 50,000 is 0.0005 BTC.
    assert_eq!(update["exchange_rate"], "50000");
    assert_eq!(update["payment_amount"], "0.00050000");
    assert_eq!(update["payment_missing_amount"], "0.00050000");
    assert_eq!(update["payment_ask_amount"], "0.00075000");
    assert_eq!(update["payment_received_amount"], "0.00025000");
    assert_eq!(update["payment_status"], 2);
    // A whole new quote lifetime from now (the old one ended early).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        update["expires_at"].as_i64().unwrap() >= now + 599,
        "{update}"
    );

    c.pay(&code, "0.0005").await;
    assert_eq!(c.getupdate(&code).await["payment_status"], 3);
}
