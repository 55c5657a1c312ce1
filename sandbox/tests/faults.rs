//! Fault injection: the next N `/api/*` requests misbehave in the chosen way.

mod common;

use common::*;
use serde_json::json;
use std::time::Duration;
use wct_api::upstream::{parse_reply, CreatePosPaymentOk, ReplyError};
use wct_sandbox::TEST_KEY;

async fn raw_create(c: &Client, reference: &str) -> Result<(u16, Vec<u8>), reqwest::Error> {
    let res = c
        .http
        .post(format!("{}/api/payment-pos/post", c.base))
        .json(&c.create_body("50.00", reference))
        .send()
        .await?;
    let status = res.status().as_u16();
    Ok((status, res.bytes().await?.to_vec()))
}

async fn set_fault(c: &Client, body: serde_json::Value) {
    let (status, v) = c.post("/sandbox/faults", &body).await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn status_500_for_the_next_n_requests_only() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    set_fault(&c, json!({"mode": "status_500", "count": 2})).await;
    // Control routes and health are never faulted.
    assert_eq!(c.get("/sandbox/faults").await.1["fault"]["count"], 2);
    assert_eq!(
        c.http
            .get(format!("{}/healthz", c.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    for _ in 0..2 {
        let (status, body) = raw_create(&c, "R-500").await.unwrap();
        assert_eq!(status, 500);
        assert_eq!(
            parse_reply::<CreatePosPaymentOk>(&body),
            Err(ReplyError::NotJson)
        );
    }
    let (status, body) = raw_create(&c, "R-500").await.unwrap();
    assert_eq!(status, 200);
    assert!(parse_reply::<CreatePosPaymentOk>(&body).is_ok());
    assert!(c.get("/sandbox/faults").await.1["fault"].is_null());
}

#[tokio::test]
async fn non_json_and_nok_answers() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    set_fault(&c, json!({"mode": "non_json", "count": 1})).await;
    let (status, body) = raw_create(&c, "R-nj").await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        parse_reply::<CreatePosPaymentOk>(&body),
        Err(ReplyError::NotJson)
    );

    set_fault(&c, json!({"mode": "nok", "count": 1})).await;
    let (_, body) = raw_create(&c, "R-nj").await.unwrap();
    assert!(matches!(
        parse_reply::<CreatePosPaymentOk>(&body),
        Err(ReplyError::Nok(_))
    ));
    // Neither refusal created anything: the first real create gets payment 1.
    let (_, body) = raw_create(&c, "R-nj").await.unwrap();
    assert_eq!(
        parse_reply::<CreatePosPaymentOk>(&body).unwrap().payment_id,
        Some("1".into())
    );
}

#[tokio::test]
async fn truncated_answer_still_took_effect() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    set_fault(&c, json!({"mode": "truncated", "count": 1})).await;
    let (status, body) = raw_create(&c, "R-trunc").await.unwrap();
    assert_eq!(status, 200);
    assert!(body.starts_with(b"{"), "half a JSON body");
    assert_eq!(
        parse_reply::<CreatePosPaymentOk>(&body),
        Err(ReplyError::NotJson)
    );
    // Retrying with the same reference finds the payment the lost answer described.
    let (_, body) = raw_create(&c, "R-trunc").await.unwrap();
    let ok = parse_reply::<CreatePosPaymentOk>(&body).unwrap();
    assert_eq!(ok.payment_id.as_deref(), Some("1"));
}

#[tokio::test]
async fn reset_drops_the_connection() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    set_fault(&c, json!({"mode": "reset", "count": 1})).await;
    assert!(raw_create(&c, "R-reset").await.is_err(), "no usable answer");
    let (status, _) = raw_create(&c, "R-reset").await.unwrap();
    assert_eq!(status, 200);
}

#[tokio::test]
async fn slow_answers_late_and_delete_clears() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    set_fault(&c, json!({"mode": "slow", "count": 1, "delay_ms": 3000})).await;
    let impatient = c
        .http
        .post(format!("{}/api/validate", c.base))
        .json(&json!({"key": TEST_KEY, "hash": "x"}))
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(impatient.unwrap_err().is_timeout());

    set_fault(&c, json!({"mode": "status_500", "count": 5})).await;
    let cleared = c
        .http
        .delete(format!("{}/sandbox/faults", c.base))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 200);
    assert_eq!(c.validate(TEST_KEY, &secret()).await["status"], "ok");
}

#[tokio::test]
async fn unknown_fault_mode_is_refused() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let (status, v) = c.post("/sandbox/faults", &json!({"mode": "explode"})).await;
    assert_eq!(status, 400);
    assert!(v["error"].as_str().unwrap().contains("explode"), "{v}");
}

#[tokio::test]
async fn a_foreign_quote_asks_a_hundredth_of_what_the_payment_holds() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    set_fault(&c, json!({"mode": "foreign_quote", "count": 1})).await;
    let (status, body) = raw_create(&c, "R-foreign").await.unwrap();
    assert_eq!(status, 200);
    let forged = parse_reply::<CreatePosPaymentOk>(&body).unwrap();
    let code = forged.payment_code.clone().unwrap();
    // The payment itself was made for the real amount: getupdate says so.
    let real = c.getupdate(&code).await;
    let real: rust_decimal::Decimal = real["payment_amount"].as_str().unwrap().parse().unwrap();
    let shown: rust_decimal::Decimal = forged.payment_amount.parse().unwrap();
    assert_eq!(
        shown,
        (real / rust_decimal::Decimal::ONE_HUNDRED).round_dp(real.scale())
    );
    assert!(shown > rust_decimal::Decimal::ZERO);
}
