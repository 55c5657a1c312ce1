//! `payment-pos/post`, `validate` and the control switch, over real HTTP.

mod common;

use common::*;
use rust_decimal::Decimal;
use serde_json::json;
use std::str::FromStr;
use tower::ServiceExt;
use wct_api::sign::{create_hash, ApiSecret};
use wct_api::upstream::{parse_reply, CreatePosPaymentOk};
use wct_sandbox::{Config, TEST_KEY};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[tokio::test]
async fn signed_create_answers_address_amount_and_expiry() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    c.post(
        "/sandbox/rates",
        &json!({"asset": "USD", "crypto": "BTC", "rate": "100000"}),
    )
    .await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let answer = c.create_ok(c.create_body("50.00", "R-1")).await;
    assert_eq!(answer["message"], "Create POS Payment Successfully");
    assert!(answer["paymentId"].is_u64(), "{answer}");
    let ok: CreatePosPaymentOk = parse_reply(answer.to_string().as_bytes()).unwrap();
    let code = ok.payment_code.unwrap_or_default();
    assert_eq!(code.len(), 10);
    assert!(code.chars().all(|ch| ch.is_ascii_alphanumeric()));
    assert!(
        ok.payment_address.starts_with("bc1q"),
        "{}",
        ok.payment_address
    );
    assert_eq!(ok.payment_amount, "0.00050000");
    assert_eq!(ok.payment_amount_asset.as_deref(), Some("BTC"));
    assert_eq!(ok.exchange_rate.as_deref(), Some("100000"));
    let expires = ok.expires_at.unwrap();
    assert!(
        expires >= before + 5 && expires <= before + 30,
        "{expires} vs {before}"
    );
}

#[tokio::test]
async fn amount_is_the_price_over_the_rate_rounded_up() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    c.post(
        "/sandbox/rates",
        &json!({"asset": "EUR", "crypto": "ETH", "rate": "3000"}),
    )
    .await;
    let body = c.sign_create(json!({
        "key": TEST_KEY, "asset": "EUR", "requested_asset": "ETH", "amount": "10.00",
        "description": "Cake", "reference": "R-eth",
    }));
    let answer = c.create_ok(body).await;
    // 10 / 3000 = 0.00333…: never ask for less than the price.
    assert_eq!(answer["payment_amount"], "0.003333333333333334");
    let address = answer["payment_address"].as_str().unwrap();
    assert!(address.starts_with("0x") && address.len() == 42);

    // Drifting table rates still give amount = round_up(price / rate).
    let answer = c.create_ok(c.create_body("123.45", "R-drift")).await;
    let rate = d(answer["exchange_rate"].as_str().unwrap());
    let expected = wct_api::money::round_up(d("123.45") / rate, 8);
    assert_eq!(answer["payment_amount"], expected.to_string());
    assert!(rate > d("80000") && rate < d("110000"), "{rate}");
}

#[tokio::test]
async fn each_asset_gets_a_well_formed_distinct_address() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let cases = [
        ("BTC", None, "bc1q"),
        ("LTC", None, "ltc1q"),
        ("DOGE", None, "D"),
        ("ETH", None, "0x"),
        ("USDC", None, "0x"),
        ("USDT", Some("ERC20"), "0x"),
        ("USDT", Some("TRC20"), "T"),
        ("TRX", None, "T"),
        ("XRP", None, "r"),
    ];
    let mut seen = std::collections::HashSet::new();
    for (i, (asset, network, prefix)) in cases.into_iter().enumerate() {
        let mut body = json!({
            "key": TEST_KEY, "asset": "USD", "requested_asset": asset, "amount": "20.00",
            "description": "Lunch", "reference": format!("R-addr-{i}"),
        });
        if let Some(n) = network {
            body["requested_asset_network"] = n.into();
        }
        let answer = c.create_ok(c.sign_create(body)).await;
        let address = answer["payment_address"].as_str().unwrap().to_string();
        assert!(address.starts_with(prefix), "{asset}: {address}");
        assert_eq!(
            answer.get("payment_tag").is_some(),
            asset == "XRP",
            "{answer}"
        );
        assert!(seen.insert(address));
    }
}

#[tokio::test]
async fn bad_credentials_and_fields_answer_nok_with_the_reason() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let nok = |v: &serde_json::Value| {
        assert_eq!(v["status"], "nok", "{v}");
        v["error"].as_str().unwrap().to_string()
    };

    let mut wrong_hash = c.create_body("50.00", "R-h");
    wrong_hash["hash"] = create_hash(TEST_KEY, "USD", "50.00", &ApiSecret::new("nope")).into();
    assert_eq!(nok(&c.create(&wrong_hash).await), "Invalid hash");

    // The amount is part of the hash: changing it after signing is caught.
    let mut tampered = c.create_body("50.00", "R-t");
    tampered["amount"] = "5.00".into();
    assert_eq!(nok(&c.create(&tampered).await), "Invalid hash");

    let mut wrong_key = c.create_body("50.00", "R-k");
    wrong_key["key"] = "someone-else".into();
    assert_eq!(nok(&c.create(&wrong_key).await), "Invalid key");

    for field in [
        "asset",
        "requested_asset",
        "amount",
        "description",
        "reference",
        "key",
        "hash",
    ] {
        let mut body = c.create_body("50.00", "R-m");
        body.as_object_mut().unwrap().remove(field);
        let body = if field == "hash" {
            body
        } else {
            c.sign_create(body)
        };
        let error = nok(&c.create(&body).await);
        assert_eq!(error, format!("The {field} field is required"));
    }

    let mut unknown = c.create_body("50.00", "R-u");
    unknown["asset"] = "XYZ".into();
    let unknown = c.sign_create(unknown);
    assert_eq!(
        nok(&c.create(&unknown).await),
        "The asset not allow for POS create payment"
    );
    let mut unknown = c.create_body("50.00", "R-u2");
    unknown["requested_asset"] = "FAKE".into();
    assert!(nok(&c.create(&unknown).await).contains("requested_asset not allow"));

    let mut tether = c.create_body("50.00", "R-usdt");
    tether["requested_asset"] = "USDT".into();
    let error = nok(&c.create(&tether).await);
    assert!(
        error.contains("requested_asset_network") && error.contains("USDT"),
        "{error}"
    );
    tether["requested_asset_network"] = "BEP2".into();
    let error = nok(&c.create(&tether).await);
    assert!(error.contains("ERC20, TRC20"), "{error}");

    for amount in ["-5", "1e3", "0", "0.00", "abc", "5.", " 5", "1,50"] {
        let error = nok(&c.create(&c.create_body(amount, "R-amt")).await);
        assert!(
            error.starts_with("amount must be a positive decimal"),
            "{amount}: {error}"
        );
    }

    // Nothing above was stored: the reference is still free.
    let answer = c.create_ok(c.create_body("50.00", "R-amt")).await;
    assert_eq!(answer["paymentId"], 1);
}

#[tokio::test]
async fn malformed_bodies_answer_400_with_a_nok_body() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    for body in ["{not json", "[1,2]", "\"text\""] {
        let res = c
            .http
            .post(format!("{}/api/payment-pos/post", c.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["status"], "nok");
        assert!(v["error"].as_str().unwrap().contains("JSON"), "{v}");
    }
    // A field of the wrong type is named.
    let mut body = c.create_body("50.00", "R-type");
    body["cart_items"] = json!("not a list");
    let v = c.create(&body).await;
    assert_eq!(v["status"], "nok");
    assert!(
        v["error"].as_str().unwrap().contains("Invalid request"),
        "{v}"
    );
}

#[tokio::test]
async fn duplicate_reference_returns_the_same_payment() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let first = c.create_ok(c.create_body("50.00", "R-dup")).await;
    let again = c.create_ok(c.create_body("50.00", "R-dup")).await;
    assert_eq!(first["payment_code"], again["payment_code"]);
    assert_eq!(first["paymentId"], again["paymentId"]);
    assert_eq!(first["payment_address"], again["payment_address"]);
    let other = c.create_ok(c.create_body("50.00", "R-other")).await;
    assert_ne!(first["payment_code"], other["payment_code"]);
}

#[tokio::test]
async fn form_encoded_create_with_cart_items_works() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let hash = create_hash(TEST_KEY, "AUD", "80.00", &secret());
    let cart =
        r#"[{"item_name":"DVD1","item_desc":"Movie Name","item_quantity":1,"unit_price":"80.00"}]"#;
    let form = [
        ("key", TEST_KEY),
        ("hash", hash.as_str()),
        ("asset", "AUD"),
        ("requested_asset", "LTC"),
        ("amount", "80.00"),
        ("description", "Movie night"),
        ("reference", "R-form"),
        ("cart_items", cart),
        ("personal_country", "AU"),
        ("personal_mobile", "+614123123123"),
    ];
    let res = c
        .http
        .post(format!("{}/api/payment-pos/post", c.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["status"], "ok", "{v}");
    assert!(v["payment_address"].as_str().unwrap().starts_with("ltc1q"));

    // PHP-style items arrive in index order, however the form orders them.
    let hash = create_hash(TEST_KEY, "AUD", "8.50", &secret());
    let form = [
        ("key", TEST_KEY),
        ("hash", hash.as_str()),
        ("asset", "AUD"),
        ("requested_asset", "BTC"),
        ("amount", "8.50"),
        ("description", "Snacks"),
        ("reference", "R-form-php"),
        ("cart_items[1][item_name]", "Chips"),
        ("cart_items[1][item_quantity]", "1"),
        ("cart_items[1][unit_price]", "3.50"),
        ("cart_items[0][item_name]", "Soda"),
        ("cart_items[0][item_quantity]", "2"),
        ("cart_items[0][unit_price]", "2.50"),
    ];
    let v: serde_json::Value = c
        .http
        .post(format!("{}/api/payment-pos/post", c.base))
        .form(&form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "ok", "{v}");
}

#[tokio::test]
async fn validate_checks_key_and_secret() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    assert_eq!(c.validate(TEST_KEY, &secret()).await["status"], "ok");
    let wrong = c.validate(TEST_KEY, &ApiSecret::new("guess")).await;
    assert_eq!(wrong["status"], "nok");
    assert_eq!(wrong["error"], "Invalid key or hash");
    assert_eq!(c.validate("nobody", &secret()).await["status"], "nok");
}

#[tokio::test]
async fn controls_off_hides_the_sandbox_routes() {
    let config = Config {
        controls: false,
        ..Config::for_tests()
    };
    let sb = sandbox_with(config).await;
    let c = Client::new(&sb);
    for path in [
        "/sandbox/pay",
        "/sandbox/faults",
        "/sandbox/rates",
        "/sandbox/expire",
    ] {
        let (status, _) = c
            .post(path, &json!({"payment_code": "x", "amount": "1"}))
            .await;
        assert_eq!(status, 404, "{path}");
    }
    assert_eq!(c.get("/sandbox/postbacks").await.0, 404);
    // The upstream API is still there.
    assert_eq!(c.validate(TEST_KEY, &secret()).await["status"], "ok");
}

#[tokio::test]
async fn router_answers_in_process() {
    let state = wct_sandbox::AppState::new(Config::for_tests())
        .await
        .unwrap();
    let app = wct_sandbox::router(state);
    let res = app
        .clone()
        .oneshot(
            axum::http::Request::get("/healthz")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .oneshot(
            axum::http::Request::post("/api/payment-pos/getupdate")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(r#"{"key":"k","hash":"h"}"#))
                .unwrap(),
        )
        .await
        .unwrap();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 16)
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        v,
        json!({"status":"nok","message":"Could not get payment!",
               "error":"Payment Reference or Payment Code is required","validated":false})
    );
}
