//! `POST /api/payments`: idempotency, references, and a representative set of bad requests
//! (the full table lives in the e2e helper's `fault_*` suite). Nothing bad is ever stored.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use wct_pos_server::TEST_TOKEN;

#[tokio::test]
async fn the_same_key_and_body_give_the_same_payment() {
    let h = Harness::start().await;
    let body = payment_body();
    let key = fresh_key();
    let first = h.create_with_key(&body, &key).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = h.create_with_key(&body, &key).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["payment_code"], first["payment_code"]);

    let mut changed = body.clone();
    changed["amount"] = json!("51.00");
    let (status, error) = error_of(h.create_with_key(&changed, &key).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"]["field"], "Idempotency-Key");
    assert_eq!(h.list_all().await.len(), 1);

    // Same reference under a new key: the cashier is told, nothing is created.
    let (status, error) = error_of(h.create(&body).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"]["code"], "conflict");
    assert_eq!(error["error"]["field"], "reference");
    assert_eq!(h.list_all().await.len(), 1);
    h.stop().await;
}

fn with(field: &str, value: Value) -> Value {
    let mut body = payment_body();
    body[field] = value;
    body
}

fn without(field: &str) -> Value {
    let mut body = payment_body();
    body.as_object_mut().unwrap().remove(field);
    body
}

#[tokio::test]
async fn a_sale_without_a_description_is_called_after_its_cart_or_sale() {
    let h = Harness::start().await;
    let (status, sale) = error_of(h.create(&without("description")).await).await;
    assert_eq!(status, StatusCode::CREATED, "{sale}");
    assert_eq!(sale["description"], "Sale");
    let mut carted = without("description");
    carted["cart_items"] = json!([
        {"item_name": "Flat white", "item_quantity": "2", "unit_price": "20.00"},
        {"item_name": "Croissant", "item_quantity": "1", "unit_price": "10.00"},
    ]);
    let (status, sale) = error_of(h.create(&carted).await).await;
    assert_eq!(status, StatusCode::CREATED, "{sale}");
    assert_eq!(sale["description"], "2 × Flat white, Croissant");
    h.stop().await;
}

#[tokio::test]
async fn bad_bodies_are_refused_with_the_field_named() {
    let h = Harness::start().await;
    let cases: Vec<(&str, Value, StatusCode, &str, Option<&str>)> = vec![
        (
            "too many decimals",
            with("amount", json!("12.345")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("amount"),
        ),
        (
            "negative amount",
            with("amount", json!("-5")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("amount"),
        ),
        (
            "amount as a number",
            with("amount", json!(50)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("amount"),
        ),
        (
            "a description with angle brackets",
            with("description", json!("<b>Tea</b>")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("description"),
        ),
        (
            "unknown settlement",
            with("asset", json!("XYZ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("asset"),
        ),
        (
            "tether without network",
            with("requested_asset", json!("USDT")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("requested_asset_network"),
        ),
        (
            "bad country",
            with("personal_country", json!("ZZ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("personal_country"),
        ),
        (
            "bad mobile",
            with("personal_mobile", json!("0412 345 678")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("personal_mobile"),
        ),
        (
            "dob in the future",
            with("personal_dob", json!("2999/01/01")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("personal_dob"),
        ),
        (
            "cart quantity as an object",
            with(
                "cart_items",
                json!([{"item_name": "A", "item_quantity": {}, "unit_price": "1"}]),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            Some("cart_items[0].item_quantity"),
        ),
        (
            "the proxy signs, not the app",
            with("hash", json!("abc")),
            StatusCode::BAD_REQUEST,
            "bad_request",
            Some("hash"),
        ),
        (
            "no key from the app",
            with("key", json!("k")),
            StatusCode::BAD_REQUEST,
            "bad_request",
            Some("key"),
        ),
        (
            "no postback URL from the app",
            with("postback_url", json!("http://evil/")),
            StatusCode::BAD_REQUEST,
            "bad_request",
            Some("postback_url"),
        ),
        (
            "an array body",
            json!([1, 2]),
            StatusCode::BAD_REQUEST,
            "bad_request",
            None,
        ),
    ];
    for (name, body, status, code, field) in cases {
        let (got, error) = error_of(h.create(&body).await).await;
        assert_eq!(got, status, "{name}: {error}");
        assert_eq!(error["error"]["code"], code, "{name}: {error}");
        if let Some(field) = field {
            assert_eq!(error["error"]["field"], field, "{name}: {error}");
        }
    }

    // Several problems are reported at once.
    let (_, error) = error_of(h.create(&json!({"asset": "USD"})).await).await;
    let fields: Vec<&str> = error["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in ["amount", "requested_asset", "reference"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }

    let raw = |content_type: &'static str, body: Vec<u8>| {
        h.http
            .post(h.url("/api/payments"))
            .bearer_auth(TEST_TOKEN)
            .header("Idempotency-Key", fresh_key())
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let (status, error) = error_of(
        raw("application/json", b"{\"amount\": ".to_vec())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, &error["error"]["code"]),
        (StatusCode::BAD_REQUEST, &json!("bad_request"))
    );
    let (status, error) = error_of(
        raw("text/plain", payment_body().to_string().into_bytes())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, &error["error"]["code"]),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &json!("unsupported_media_type")
        )
    );
    let mut huge = payment_body();
    huge["description"] = json!("x".repeat(70 * 1024));
    let (status, error) = error_of(
        raw("application/json", huge.to_string().into_bytes())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, &error["error"]["code"]),
        (StatusCode::PAYLOAD_TOO_LARGE, &json!("payload_too_large"))
    );

    for key in [None, Some("short"), Some("has spaces in it")] {
        let mut request = h
            .http
            .post(h.url("/api/payments"))
            .bearer_auth(TEST_TOKEN)
            .json(&payment_body());
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let (status, error) = error_of(request.send().await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{key:?}");
        assert_eq!(error["error"]["field"], "Idempotency-Key");
    }

    assert!(h.list_all().await.is_empty(), "nothing was stored");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments")
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    assert_eq!(rows, 0);
    h.stop().await;
}

#[tokio::test]
async fn creates_beyond_the_rate_limit_are_refused() {
    let h = Harness::start_with(|c| c.create_rate = 2).await;
    h.create_ok(&payment_body()).await;
    h.create_ok(&payment_body()).await;
    let (status, error) = error_of(h.create(&payment_body()).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error["error"]["code"], "rate_limited");
    assert_eq!(h.list_all().await.len(), 2);
    h.stop().await;
}
