//! Refunds: partial refunds up to what was received, requested then completed, the refund
//! postback, the refunded total in getupdate, and status 5 once everything went back.

mod common;

use common::*;
use serde_json::{json, Value};
use wct_api::sign::refund_hash;
use wct_api::upstream::Postback;
use wct_sandbox::{Config, TEST_KEY};

/// Refunds complete only when `/sandbox/refunds/complete` says so (within the test's life).
fn held_refunds() -> Config {
    Config {
        quote_secs: 600,
        refund_delay_ms: 3_600_000,
        ..Config::for_tests()
    }
}

/// A 50.00 USD payment in BTC (0.0005 BTC at 100,000) posting to `url`, overpaid with 0.0006.
async fn overpaid(c: &Client, url: &str) -> String {
    c.post(
        "/sandbox/rates",
        &json!({"asset": "USD", "crypto": "BTC", "rate": "100000"}),
    )
    .await;
    let mut body = c.create_body("50.00", "R-refund");
    body["postback_url"] = url.into();
    let created = c.create_ok(body).await;
    let code = created["payment_code"].as_str().unwrap().to_string();
    let (status, _) = c.pay(&code, "0.0006").await;
    assert_eq!(status, 200);
    code
}

async fn refund(c: &Client, code: &str, kind: &str, amount: &str) -> Value {
    let body = json!({
        "key": TEST_KEY,
        "hash": refund_hash(TEST_KEY, "BTC", amount, &secret()),
        "payment_code": code,
        "refund_type": kind,
        "asset": "BTC",
        "amount": amount,
        "email": "ann@example.com",
    });
    c.post("/api/payment/refund", &body).await.1
}

#[tokio::test]
async fn partial_refunds_are_requested_then_completed_with_a_postback() {
    let receiver = Receiver::start(0).await;
    let sb = sandbox_with(held_refunds()).await;
    let c = Client::new(&sb);
    let code = overpaid(&c, &receiver.url()).await;

    let excess = refund(&c, &code, "overpaid", "0.0001").await;
    assert_eq!(excess["status"], "ok", "{excess}");
    assert_eq!(excess["refund_status"], "requested");
    assert!(excess["refund_id"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));
    // Requested is not refunded: the status stays completed and nothing is refunded yet.
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_status"], 3);
    assert_eq!(update["payment_refunded_amount"], "0.00000000");

    // What is requested is no longer refundable: 0.0006 received, 0.0001 requested.
    let too_much = refund(&c, &code, "partial", "0.00050001").await;
    assert!(
        too_much["error"]
            .as_str()
            .unwrap()
            .contains("not yet refunded (0.00050000 BTC)"),
        "{too_much}"
    );

    let (_, done) = c
        .post("/sandbox/refunds/complete", &json!({"payment_code": code}))
        .await;
    assert_eq!(done["completed"], 1, "{done}");
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_refunded_amount"], "0.00010000");
    assert_eq!(
        update["payment_status"], 3,
        "a partial refund leaves the sale"
    );

    let posted = eventually("the refund postback", || async {
        receiver.of_fn("paymentRefund").into_iter().next()
    })
    .await;
    assert_eq!(posted["payment_code"], code.as_str());
    assert_eq!(posted["amount"], "10000");
    assert_eq!(posted["refunded_amount"], "10000");
    assert_eq!(posted["precision"], 8);
    assert_eq!(posted["refund_id"], excess["refund_id"]);
    let parsed = Postback::parse(posted.to_string().as_bytes()).unwrap();
    assert_eq!(parsed.payment_code(), Some(code.as_str()));

    // The rest goes back: now everything received is refunded, and the status is 5.
    let rest = refund(&c, &code, "partial", "0.0005").await;
    assert_eq!(rest["status"], "ok", "{rest}");
    c.post("/sandbox/refunds/complete", &json!({"payment_code": code}))
        .await;
    let update = c.getupdate(&code).await;
    assert_eq!(update["payment_status"], 5);
    assert_eq!(update["payment_refunded_amount"], "0.00060000");
    let last = eventually("the second refund postback", || async {
        let posted = receiver.of_fn("paymentRefund");
        (posted.len() == 2).then(|| posted[1].clone())
    })
    .await;
    assert_eq!(last["refunded_amount"], "60000");
    assert_eq!(last["payment_status"], "5");
    assert_eq!(
        refund(&c, &code, "partial", "0.00000001").await["error"],
        "Payment is already refunded"
    );
}

#[tokio::test]
async fn refunds_complete_by_themselves_after_the_delay() {
    let receiver = Receiver::start(0).await;
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let code = overpaid(&c, &receiver.url()).await;
    assert_eq!(refund(&c, &code, "full", "0.0006").await["status"], "ok");
    eventually("the refund to complete", || async {
        (c.getupdate(&code).await["payment_status"] == 5).then_some(())
    })
    .await;
    eventually("its postback", || async {
        (!receiver.of_fn("paymentRefund").is_empty()).then_some(())
    })
    .await;
    // The paymentUpdate of status 5 goes out too, so a merchant that only reads those sees it.
    eventually("the refunded paymentUpdate", || async {
        receiver
            .of_fn("paymentUpdate")
            .iter()
            .any(|b| b["payment_status"] == "5")
            .then_some(())
    })
    .await;
}
