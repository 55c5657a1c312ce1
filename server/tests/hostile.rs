//! A hostile upstream: a scriptable fake WCT Pay (axum on port 0) that answers the way a
//! broken or malicious one would. Each test asserts what the merchant sees, and that the
//! process and its reconciler are still alive afterwards.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const KEY: &str = "hostile-key";
const SECRET: &str = "hostile-secret-0123456789";
/// USD per BTC in every honest quote.
const RATE: &str = "100000";
const BTC_ADDRESS: &str = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
const ETH_ADDRESS: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

#[derive(Default)]
struct Script {
    /// The next creates hang past the proxy's timeout (after recording the payment).
    hang_creates: usize,
    /// Fields merged over the next create answers.
    create_overrides: Option<Value>,
    /// Fields left out of create answers (the payment keeps them upstream).
    create_omits: Vec<&'static str>,
    /// Payments by reference: the upstream dedupes creates by reference.
    by_reference: HashMap<String, Value>,
    /// Fields merged over getupdate answers, by payment code.
    update_overrides: HashMap<String, Value>,
    next_code: u32,
}

#[derive(Clone, Default)]
struct Fake(Arc<Mutex<Script>>);

impl Fake {
    fn script(&self) -> std::sync::MutexGuard<'_, Script> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set_update(&self, code: &str, fields: Value) {
        self.script()
            .update_overrides
            .insert(code.to_string(), fields);
    }
}

fn merge(base: &mut Value, over: &Value) {
    if let (Some(base), Some(over)) = (base.as_object_mut(), over.as_object()) {
        for (k, v) in over {
            base.insert(k.clone(), v.clone());
        }
    }
}

async fn validate() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

async fn create(State(fake): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    let reference = body["reference"].as_str().unwrap_or("").to_string();
    let (answer, hang) = {
        let mut script = fake.script();
        let answer = match script.by_reference.get(&reference) {
            // Dedupe by reference: the first payment's quote, whatever this request asks.
            Some(first) => first.clone(),
            None => {
                script.next_code += 1;
                let amount: rust_decimal::Decimal = body["amount"]
                    .as_str()
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or_default();
                let btc = wct_api::money::round_up(
                    amount / RATE.parse::<rust_decimal::Decimal>().unwrap(),
                    8,
                );
                let mut answer = json!({
                    "status": "ok", "message": "Create POS Payment Successfully",
                    "paymentId": script.next_code, "payment_code": format!("code{}", script.next_code),
                    "payment_address": BTC_ADDRESS, "payment_amount": btc.to_string(),
                    "payment_amount_asset": body["requested_asset"], "exchange_rate": RATE,
                    "expires_at": wct_pos_server::util::now_secs() + 900,
                });
                if let Some(over) = &script.create_overrides {
                    merge(&mut answer, over);
                }
                script.by_reference.insert(reference, answer.clone());
                answer
            }
        };
        let hang = script.hang_creates > 0;
        script.hang_creates = script.hang_creates.saturating_sub(1);
        let mut answer = answer;
        if let Some(fields) = answer.as_object_mut() {
            for omitted in &script.create_omits {
                fields.remove(*omitted);
            }
        }
        (answer, hang)
    };
    if hang {
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    Json(answer)
}

async fn getupdate(State(fake): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    let script = fake.script();
    let found = match (body["payment_code"].as_str(), body["reference"].as_str()) {
        (Some(code), _) => script
            .by_reference
            .values()
            .find(|a| a["payment_code"] == code)
            .cloned(),
        (None, Some(reference)) => script.by_reference.get(reference).cloned(),
        _ => None,
    };
    let Some(quote) = found else {
        return Json(json!({"status": "nok", "message": "Could not get payment!"}));
    };
    let code = quote["payment_code"].as_str().unwrap_or("").to_string();
    let mut answer = json!({
        "status": "ok", "paymentId": quote["paymentId"], "payment_code": code,
        "payment_address": quote["payment_address"], "payment_amount": quote["payment_amount"],
        "payment_missing_amount": quote["payment_amount"],
        "payment_amount_asset": quote["payment_amount_asset"], "expires_at": quote["expires_at"],
        "exchange_rate": quote["exchange_rate"], "payment_status": 0,
        "payment_received_amount": "0", "payment_ask_amount": quote["payment_amount"],
    });
    if let Some(over) = script.update_overrides.get(&code) {
        merge(&mut answer, over);
    }
    Json(answer)
}

async fn hostile() -> (Harness, Fake) {
    let fake = Fake::default();
    let router = Router::new()
        .route("/api/validate", post(validate))
        .route("/api/payment-pos/post", post(create))
        .route("/api/payment-pos/getupdate", post(getupdate))
        .with_state(fake.clone());
    let h = Harness::with_fake_upstream(router, KEY, SECRET, |c| {
        c.upstream_timeout_ms = 1_000;
        c.reconcile_secs = 1;
    })
    .await;
    (h, fake)
}

fn sale(amount: &str, reference: &str) -> Value {
    json!({
        "amount": amount, "asset": "USD", "requested_asset": "BTC",
        "description": "Counter sale", "reference": reference,
    })
}

/// The process answers, and the reconciler finished a round since `since` (Unix ms).
async fn assert_alive(h: &Harness) {
    let since = wct_pos_server::util::now_ms();
    let fresh = eventually(|| async {
        let health = h.get("/healthz").await;
        let ok = health.status() == StatusCode::OK;
        let body: Value = health.json().await.unwrap_or(Value::Null);
        let ago = body["reconciler_last_round_ms_ago"]
            .as_i64()
            .unwrap_or(i64::MAX);
        (ok && wct_pos_server::util::now_ms() - ago > since).then_some(())
    })
    .await;
    assert!(fresh.is_some(), "the reconciler stopped finishing rounds");
}

fn assert_nothing_to_pay(view: &Value) {
    assert_eq!(view["pay_address"], "", "{view}");
    assert_eq!(view["wallet_uri"], "", "{view}");
}

#[tokio::test]
async fn a_cut_off_create_holds_its_reference_against_another_sale() {
    let (h, fake) = hostile().await;
    fake.script().hang_creates = 1;
    let reference = unique_reference();
    let key = fresh_key();
    let (status, error) = error_of(h.create_with_key(&sale("1.00", &reference), &key).await).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{error}");
    assert_eq!(error["error"]["code"], "upstream_unknown");

    // The cashier adds an item and charges 900.00 with the same reference, or another asset:
    // the reference is held, so the upstream never answers with the 1.00 quote for it.
    for body in [
        sale("900.00", &reference),
        json!({"amount": "1.00", "asset": "USD", "requested_asset": "ETH",
               "description": "Counter sale", "reference": reference}),
    ] {
        let (status, error) = error_of(h.create(&body).await).await;
        assert_eq!(status, StatusCode::CONFLICT, "{error}");
        assert_eq!(error["error"]["field"], "reference");
    }
    // The same key with a changed body is refused too.
    let (status, _) = error_of(h.create_with_key(&sale("900.00", &reference), &key).await).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The reconciler settles it by reference: the 1.00 sale, checked against its own order.
    let resolved = eventually(|| async {
        let list = h.list_all().await;
        list.first()
            .filter(|p| p["reference"] == reference.as_str())
            .cloned()
    })
    .await
    .expect("the unknown payment is resolved");
    assert_eq!(resolved["amount"], "1.00");
    assert_eq!(resolved["state"], "awaiting");
    assert_eq!(resolved["pay_amount"], "0.00001000");
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn another_sales_quote_is_rejected_and_never_shown() {
    let (h, fake) = hostile().await;
    // The upstream answers a fresh 900.00 sale with a 1.00 quote.
    fake.script().create_overrides = Some(json!({"payment_amount": "0.0000105"}));
    let (status, error) = error_of(h.create(&sale("900.00", &unique_reference())).await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{error}");
    assert_eq!(error["error"]["code"], "upstream_mismatch");
    // The message is for the cashier; the figures are behind "More", in people's words.
    let message = error["error"]["message"].as_str().unwrap_or_default();
    let detail = error["error"]["detail"].as_str().unwrap_or_default();
    assert!(message.contains("did not match"), "{error}");
    assert!(!message.contains("0.0000105"), "{error}");
    assert!(
        detail.contains("0.0000105") && detail.contains("% apart"),
        "{error}"
    );
    assert!(!detail.contains("basis points"), "{error}");
    let listed = h.list_all().await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["state"], "rejected");
    assert!(listed[0]["alert"]
        .as_str()
        .unwrap()
        .contains("did not match"));
    assert_nothing_to_pay(&listed[0]);
    // Retrying the same request does not turn it into a payable one.
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn a_wrong_asset_or_address_family_is_rejected() {
    let (h, fake) = hostile().await;
    for over in [
        json!({"payment_amount_asset": "ETH"}),
        json!({"payment_address": ETH_ADDRESS}),
        json!({"payment_address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx"}),
    ] {
        fake.script().create_overrides = Some(over.clone());
        let (status, error) = error_of(h.create(&sale("50.00", &unique_reference())).await).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{over}: {error}");
        assert_eq!(error["error"]["code"], "upstream_mismatch", "{over}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            !message.contains(ETH_ADDRESS),
            "the wrong address is not shown: {message}"
        );
    }
    for payment in h.list_all().await {
        assert_eq!(payment["state"], "rejected");
        assert_nothing_to_pay(&payment);
    }
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn zero_negative_garbage_and_huge_amounts_are_rejected() {
    let (h, fake) = hostile().await;
    for amount in [
        json!("0"),
        json!("-0.5"),
        json!("abc"),
        json!("79228162514264337593543950335"),
        json!(1e30),
    ] {
        fake.script().create_overrides = Some(json!({"payment_amount": amount}));
        let (status, error) = error_of(h.create(&sale("50.00", &unique_reference())).await).await;
        assert!(
            status == StatusCode::BAD_GATEWAY || status == StatusCode::GATEWAY_TIMEOUT,
            "{amount}: {status} {error}"
        );
    }
    assert!(
        h.list_all().await.iter().all(|p| p["state"] == "rejected"),
        "no such quote is payable"
    );
    assert_alive(&h).await;
    h.stop().await;
}

async fn created(h: &Harness) -> (String, String, Value) {
    let view = h.create_ok(&sale("50.00", &unique_reference())).await;
    (
        view["id"].as_str().unwrap().to_string(),
        view["payment_code"].as_str().unwrap().to_string(),
        view,
    )
}

#[tokio::test]
async fn poison_getupdate_numbers_are_refused_and_the_reconciler_keeps_going() {
    let (h, fake) = hostile().await;
    let (id, code, view) = created(&h).await;
    for poison in [
        json!({"payment_received_amount": "79228162514264337593543950335"}),
        json!({"payment_missing_amount": "-79228162514264337593543950335"}),
        json!({"payment_ask_amount": "-7.9e28", "payment_received_amount": "7.9e28"}),
        json!({"payment_amount": "0", "expires_at": 1}),
    ] {
        fake.set_update(&code, poison.clone());
        let refreshed = h
            .post(&format!("/api/payments/{id}/refresh"), &json!({}))
            .await;
        assert_eq!(refreshed.status(), StatusCode::BAD_GATEWAY, "{poison}");
        // Let the reconciler meet it too, then check it is still doing rounds.
        assert_alive(&h).await;
        let seen = h.payment(&id).await;
        assert_eq!(seen["state"], "awaiting", "{poison}: {seen}");
        assert_eq!(seen["pay_amount"], view["pay_amount"], "{poison}");
    }
    // Healed: the next answer is applied as usual.
    fake.set_update(
        &code,
        json!({"payment_status": 2, "payment_received_amount": "0.0002",
                                  "payment_missing_amount": "0.0003"}),
    );
    h.wait_state(&id, "underpaid").await;
    h.stop().await;
}

#[tokio::test]
async fn missing_zero_with_nothing_received_is_not_paid() {
    let (h, fake) = hostile().await;
    let (id, code, _) = created(&h).await;
    fake.set_update(
        &code,
        json!({"payment_missing_amount": "0", "payment_received_amount": null,
               "payment_status": null, "payment_ask_amount": null, "message": "Payment expired"}),
    );
    let refreshed: Value = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refreshed["state"], "awaiting", "{refreshed}");
    assert_eq!(refreshed["received"], "0.00000000");
    // "Completed" with nothing received proves nothing either.
    fake.set_update(
        &code,
        json!({"payment_missing_amount": "0", "payment_status": 3,
                                  "payment_received_amount": "0"}),
    );
    let refreshed: Value = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(refreshed["state"], "paid", "{refreshed}");
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn money_after_a_local_cancel_becomes_visible() {
    let (h, fake) = hostile().await;
    let (id, code, view) = created(&h).await;
    let cancelled = h
        .post(&format!("/api/payments/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let mut stream =
        SseReader::open(&h.http, &h.url(&format!("/api/payments/{id}/events")), None).await;
    // The customer pays anyway; the upstream says completed.
    fake.set_update(
        &code,
        json!({"payment_status": 3, "payment_missing_amount": "0",
                                  "payment_received_amount": view["pay_amount"]}),
    );
    let late = h.wait_state(&id, "late").await;
    assert_eq!(late["closed_as"], "cancelled");
    assert_eq!(late["received"], view["pay_amount"]);
    assert!(late["alert"]
        .as_str()
        .unwrap()
        .contains("arrived after this payment was cancelled"));
    let event = stream.until(|e| e.data["payment"]["state"] == "late").await;
    assert!(event.is_some(), "the change is an event");
    let listed = h.list_all().await;
    assert_eq!(listed[0]["state"], "late");
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn money_after_expiry_becomes_visible() {
    let (h, fake) = hostile().await;
    let (id, code, view) = created(&h).await;
    fake.set_update(&code, json!({"payment_status": 6}));
    h.wait_state(&id, "expired").await;
    fake.set_update(
        &code,
        json!({"payment_status": 3, "payment_missing_amount": "0",
                                  "payment_received_amount": view["pay_amount"]}),
    );
    let late = h.wait_state(&id, "late").await;
    assert_eq!(late["closed_as"], "expired");
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn a_stream_resumed_from_the_future_says_resync_and_still_delivers() {
    let (h, fake) = hostile().await;
    let (id, code, _) = created(&h).await;
    // Ids this server never issued, also ones that are not numbers at all: an EventSource
    // refused once would never reconnect, so each gets `resync` and a live stream.
    for never_issued in ["99999999999999999999999", "-1", "abc"] {
        let mut stream = SseReader::open(
            &h.http,
            &h.url(&format!("/api/payments/{id}/events")),
            Some(never_issued),
        )
        .await;
        let first = stream.next().await.expect("an event");
        assert_eq!(first.event.as_deref(), Some("resync"), "{never_issued}");
    }
    let mut stream = SseReader::open(
        &h.http,
        &h.url(&format!("/api/payments/{id}/events")),
        Some("99999999"),
    )
    .await;
    let first = stream.next().await.expect("an event");
    assert_eq!(first.event.as_deref(), Some("resync"));
    fake.set_update(
        &code,
        json!({"payment_status": 2, "payment_received_amount": "0.0002",
                                  "payment_missing_amount": "0.0003"}),
    );
    let live = stream
        .until(|e| e.data["payment"]["state"] == "underpaid")
        .await;
    assert!(live.is_some(), "the stream delivers after resync");
    h.stop().await;
}

#[tokio::test]
async fn odd_or_reused_payment_codes_are_rejected() {
    let (h, fake) = hostile().await;
    // Codes become URLs (`/pay/{code}`) and lookups: only short, plain ones are believed.
    for code in ["x/../y", "", "<b>1</b>", "pc 1", &"a".repeat(65)] {
        fake.script().create_overrides = Some(json!({"payment_code": code}));
        let (status, error) = error_of(h.create(&sale("50.00", &unique_reference())).await).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{code:?}: {error}");
        assert_eq!(error["error"]["code"], "upstream_mismatch", "{code:?}");
    }
    fake.script().create_overrides = None;
    let (_, code, honest) = created(&h).await;
    // Another sale answered with the first one's code would share its customer page.
    fake.script().create_overrides = Some(json!({"payment_code": code}));
    let (status, error) = error_of(h.create(&sale("70.00", &unique_reference())).await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{error}");
    // Which figure did not match is in the detail, behind the cashier's sentence.
    assert!(error["error"]["detail"]
        .as_str()
        .unwrap()
        .contains("already belongs to another payment"));
    let page = h.public_payment(&code).await;
    assert_eq!(page["amount"], "50.00", "{page}");
    assert_eq!(page["pay_amount"], honest["pay_amount"]);
    let listed = h.list_all().await;
    let payable: Vec<_> = listed.iter().filter(|p| p["state"] != "rejected").collect();
    assert_eq!(payable.len(), 1, "only the honest sale can be paid");
    for payment in listed.iter().filter(|p| p["state"] == "rejected") {
        assert_nothing_to_pay(payment);
    }
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn an_answer_about_another_payment_is_refused() {
    let (h, fake) = hostile().await;
    let (id, code, view) = created(&h).await;
    let (_, other_code, _) = created(&h).await;
    // "Completed, all received" — but about another payment (by code, then by id).
    for about_other in [
        json!({"payment_code": other_code}),
        json!({"paymentId": 987654}),
    ] {
        let mut answer = json!({"payment_status": 3, "payment_missing_amount": "0",
                                "payment_received_amount": view["pay_amount"]});
        merge(&mut answer, &about_other);
        fake.set_update(&code, answer);
        let refreshed = h
            .post(&format!("/api/payments/{id}/refresh"), &json!({}))
            .await;
        assert_eq!(refreshed.status(), StatusCode::BAD_GATEWAY, "{about_other}");
        let error: Value = refreshed.json().await.unwrap();
        assert_eq!(error["error"]["code"], "upstream_mismatch", "{error}");
        assert_alive(&h).await;
        let seen = h.payment(&id).await;
        assert_eq!(seen["state"], "awaiting", "{about_other}: {seen}");
        assert_eq!(seen["received"], "0.00000000");
    }
    h.stop().await;
}

#[tokio::test]
async fn a_create_answer_without_code_or_id_is_settled_by_reference() {
    let (h, fake) = hostile().await;
    // The seed promises neither field: getupdate by reference names them.
    fake.script().create_omits = vec!["payment_code", "paymentId"];
    let reference = unique_reference();
    let view = h.create_ok(&sale("50.00", &reference)).await;
    let code = view["payment_code"].as_str().unwrap().to_string();
    assert!(code.starts_with("code"), "{view}");
    assert_eq!(view["state"], "awaiting");
    assert_eq!(view["pay_amount"], "0.00050000");
    assert_eq!(h.public_payment(&code).await["amount"], "50.00");
    // The reference is taken like any other.
    let (status, _) = error_of(h.create(&sale("900.00", &reference)).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    h.stop().await;
}

#[tokio::test]
async fn oversized_answers_are_refused_and_ambiguous() {
    let (h, fake) = hostile().await;
    let padding = "x".repeat(wct_pos_server::upstream::ANSWER_MAX + 1);
    let (id, code, view) = created(&h).await;
    fake.set_update(
        &code,
        json!({"payment_status": 3, "payment_received_amount": view["pay_amount"],
               "message": padding}),
    );
    let refreshed = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    assert_eq!(refreshed.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(h.payment(&id).await["state"], "awaiting");

    // A create answer too long to read may still have created the payment: it is unknown
    // and holds its reference.
    fake.script().create_overrides = Some(json!({"message": padding}));
    let reference = unique_reference();
    let (status, error) = error_of(h.create(&sale("5.00", &reference)).await).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{error}");
    assert_eq!(error["error"]["code"], "upstream_unknown");
    let (status, _) = error_of(h.create(&sale("900.00", &reference)).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_alive(&h).await;
    h.stop().await;
}

#[tokio::test]
async fn a_requote_at_a_forged_rate_is_refused() {
    let (h, fake) = hostile().await;
    let (id, code, view) = created(&h).await;
    let expires = wct_pos_server::util::now_secs() + 900;
    // 100 sats for the 50.00 USD sale "at" 50 million USD per BTC: worth the sale on paper,
    // then "paid" with those 100 sats.
    fake.set_update(
        &code,
        json!({"payment_amount": "0.00000100", "exchange_rate": "50000000",
               "payment_missing_amount": "0", "payment_received_amount": "0.00000100",
               "payment_ask_amount": "0.00000100", "payment_status": 3, "expires_at": expires}),
    );
    let refreshed = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    let (status, error) = error_of(refreshed).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{error}");
    assert_eq!(error["error"]["code"], "upstream_mismatch");
    let seen = h.payment(&id).await;
    assert_eq!(seen["state"], "awaiting", "{seen}");
    assert_eq!(seen["pay_amount"], view["pay_amount"]);

    // The market moving by a few percent is a re-quote like any other.
    fake.set_update(
        &code,
        json!({"payment_amount": "0.00052632", "exchange_rate": "95000",
               "payment_missing_amount": "0.00052632", "payment_received_amount": "0",
               "payment_ask_amount": "0.00052632", "payment_status": 0, "expires_at": expires}),
    );
    let requoted: Value = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(requoted["pay_amount"], "0.00052632", "{requoted}");
    assert_eq!(requoted["quote_version"], 1);
    assert_alive(&h).await;
    h.stop().await;
}
