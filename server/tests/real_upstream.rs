//! Against an upstream shaped like the documented WCT Pay (not the sandbox): the create answer
//! has no `expires_at`, getupdate wraps its fields in `payment` and omits the decided-here
//! fields. The proxy asks getupdate at once and derives the state from the missing amount.

mod common;

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use common::*;
use serde_json::{json, Value};
use wct_api::sign::{self, ApiSecret};

const KEY: &str = "documented-key";
const SECRET: &str = "documented-secret";

#[derive(Clone, Default)]
struct Fake {
    /// What is still missing, in BTC; the test "pays" by changing it.
    missing: Arc<Mutex<String>>,
}

async fn validate(Json(body): Json<Value>) -> Json<Value> {
    let ok = body["hash"] == sign::validate_hash(&ApiSecret::new(SECRET));
    Json(if ok {
        json!({"status": "ok"})
    } else {
        json!({"status": "nok", "error": "Invalid key or hash"})
    })
}

async fn create(Json(body): Json<Value>) -> Json<Value> {
    let hash = sign::create_hash(
        KEY,
        body["asset"].as_str().unwrap_or(""),
        body["amount"].as_str().unwrap_or(""),
        &ApiSecret::new(SECRET),
    );
    if body["hash"] != hash.as_str() {
        return Json(json!({"status": "nok", "error": "Invalid hash"}));
    }
    Json(json!({
        "status": "ok", "message": "Create POS Payment Successfully", "paymentId": 1234,
        "payment_code": "1cJauhjK3n", "payment_address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "payment_amount": "0.00039304", "payment_amount_asset": "BTC", "exchange_rate": 127213.5
    }))
}

async fn getupdate(State(fake): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    let hash = sign::getupdate_hash(KEY, "1cJauhjK3n", &ApiSecret::new(SECRET));
    if body["hash"] != hash.as_str() || body["payment_code"] != "1cJauhjK3n" {
        return Json(
            json!({"status": "nok", "message": "Could not get payment!", "error": "Invalid hash"}),
        );
    }
    let missing = fake.missing.lock().unwrap().clone();
    Json(json!({"status": "ok", "message": "ok", "payment": {
        "paymentId": 1234, "payment_code": "1cJauhjK3n", "payment_address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "payment_amount": "0.00039304", "payment_missing_amount": missing,
        "payment_amount_asset": "BTC", "expires_at": expiry(), "exchange_rate": "127213.5"
    }}))
}

/// The quote's expiry: a quarter of an hour from now, on the minute (stable within a test).
fn expiry() -> i64 {
    (wct_pos_server::util::now_secs() / 60 + 15) * 60
}

#[tokio::test]
async fn the_documented_shapes_work_end_to_end() {
    let fake = Fake::default();
    *fake.missing.lock().unwrap() = "0.00039304".into();
    let router = Router::new()
        .route("/api/validate", post(validate))
        .route("/api/payment-pos/post", post(create))
        .route("/api/payment-pos/getupdate", post(getupdate))
        .with_state(fake.clone());
    let h = Harness::with_fake_upstream(router, KEY, SECRET, |c| c.reconcile_secs = 3600).await;
    let view = h.create_ok(&payment_body()).await;
    assert_eq!(view["payment_code"], "1cJauhjK3n");
    assert_eq!(view["pay_amount"], "0.00039304");
    let expires = wct_api::clock::parse_rfc3339(view["expires_at"].as_str().unwrap()).unwrap();
    assert!(
        (expiry() - 60..=expiry()).contains(&expires),
        "expiry fetched with getupdate: {view}"
    );
    assert_eq!(view["exchange_rate"], "127213.5");
    let id = view["id"].as_str().unwrap();

    *fake.missing.lock().unwrap() = "0.00019304".into();
    let refreshed: Value = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refreshed["state"], "underpaid");
    assert_eq!(refreshed["received"], "0.00020000");
    assert_eq!(refreshed["missing"], "0.00019304");
    assert_eq!(refreshed["quote_version"], 0, "same quote");

    // "Missing 0" alone, with no received amount stated, is not evidence of payment.
    *fake.missing.lock().unwrap() = "0".into();
    let refreshed: Value = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refreshed["state"], "underpaid", "{refreshed}");

    // The upstream's paymentUpdate postback states what arrived; getupdate agrees: paid.
    let token: String = sqlx::query_scalar("SELECT postback_token FROM payments WHERE id = $1")
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    let postback = json!({
        "fn": "paymentUpdate", "payment_code": "1cJauhjK3n", "amount": "39304",
        "ask_amount": 39304, "precision": 8, "asset_symbol": "BTC", "status": "completed",
        "payment_status": "3",
    });
    let acked = h
        .http
        .post(h.url(&format!("/postback/{token}")))
        .json(&postback)
        .send()
        .await
        .unwrap();
    assert_eq!(acked.status(), reqwest::StatusCode::OK);
    let paid = h.wait_state(id, "paid").await;
    assert_eq!(paid["missing"], "0.00000000");
    assert_eq!(paid["received"], "0.00039304");
    h.stop().await;
}
