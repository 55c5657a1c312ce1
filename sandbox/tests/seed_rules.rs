//! The sandbox holds a create request to the seed page's rules, not to the proxy's stricter
//! policy: each request here is one the proxy's own validator refuses and the sandbox takes.

mod common;

use common::*;
use serde_json::{json, Value};
use wct_api::upstream::{CreatePosPayment, PaymentFields};
use wct_api::validate::validate_payment;
use wct_api::Catalogue;

/// The proxy's verdict on a create body: the fields its validator refuses (empty if none).
fn proxy_refuses(body: &Value) -> Vec<String> {
    let req: CreatePosPayment = serde_json::from_value(body.clone()).expect("a create body");
    let fields: PaymentFields = req.fields;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let today = wct_api::clock::date_of(now);
    match validate_payment(&fields, &Catalogue::default(), today) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.0.into_iter().map(|e| e.field).collect(),
    }
}

fn cart(items: &[(&str, &str, &str)]) -> Value {
    items
        .iter()
        .map(|(name, quantity, price)| {
            json!({"item_name": name, "item_desc": "", "item_quantity": quantity, "unit_price": price})
        })
        .collect()
}

#[tokio::test]
async fn requests_the_seed_allows_and_the_proxy_refuses_are_accepted() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let long_reference = format!("INV-{}", "7".repeat(96));
    // (what differs, the field the proxy refuses, the change, the amount)
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "a 300-character description",
            "description",
            json!({"description": "Flat white. ".repeat(25)}),
            "50.00",
        ),
        (
            "a description with a line break and angle brackets",
            "description",
            json!({"description": "Table 4:\n2 × <b>espresso</b>"}),
            "50.00",
        ),
        (
            "a reference with spaces",
            "reference",
            json!({"reference": "Table 4 order 17"}),
            "50.00",
        ),
        (
            "a 100-character reference",
            "reference",
            json!({"reference": long_reference}),
            "50.00",
        ),
        (
            "a cart whose total differs from the amount",
            "cart_items",
            json!({"cart_items": cart(&[("DVD1", "2", "80.00")])}),
            "80.00",
        ),
        (
            "a cart item quantity over 9,999",
            "cart_items[0].item_quantity",
            json!({"cart_items": cart(&[("Screws", "10000", "0.01")])}),
            "100.00",
        ),
        (
            "a first name with digits",
            "personal_fname",
            json!({"personal_fname": "Ada 2nd"}),
            "50.00",
        ),
        (
            "a 15-character postcode",
            "personal_postcode",
            json!({"personal_postcode": "SW1A 1AA LONDON"}),
            "50.00",
        ),
        (
            "a short mobile number",
            "personal_mobile",
            json!({"personal_mobile": "+1234"}),
            "50.00",
        ),
        (
            "a date of birth in 1850",
            "personal_dob",
            json!({"personal_dob": "1850/01/01"}),
            "50.00",
        ),
        (
            "a network for an asset without network choices",
            "requested_asset_network",
            json!({"requested_asset_network": "ERC20"}),
            "50.00",
        ),
        (
            "three decimal places in US dollars",
            "amount",
            json!({}),
            "50.005",
        ),
    ];
    for (i, (what, field, change, amount)) in cases.into_iter().enumerate() {
        let mut body = c.create_body(amount, &format!("R-seed-{i}"));
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let body = c.sign_create(body);
        let refused = proxy_refuses(&body);
        assert!(
            refused.iter().any(|f| f == field),
            "{what}: the proxy's validator should refuse {field}, refused {refused:?}"
        );

        let answer = c.create(&body).await;
        assert_eq!(answer["status"], "ok", "{what}: {answer}");
        let code = answer["payment_code"].as_str().unwrap();
        let address = answer["payment_address"].as_str().unwrap();
        assert!(
            address.starts_with("bc1"),
            "{what}: a BTC address, {address}"
        );
        assert!(
            answer["payment_amount"].as_str().is_some_and(|a| a != "0"),
            "{what}: {answer}"
        );
        // Stored as sent: the payment is found under the merchant's own reference.
        let (_, shown) = c.get(&format!("/sandbox/payments/{code}")).await;
        assert_eq!(shown["reference"], body["reference"], "{what}");
        assert_eq!(shown["original_amount"], amount, "{what}");
    }
}

#[tokio::test]
async fn the_seeds_own_rules_still_refuse() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    // (the change, the sandbox's error) — each one the proxy refuses too: the proxy is
    // stricter than the seed, never looser.
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"asset": "BTC"}),
            "The asset not allow for POS create payment",
        ),
        (
            json!({"requested_asset": "EUR"}),
            "The requested_asset not allow for POS create payment",
        ),
        (
            json!({"asset": "USDT"}),
            "The asset_network field is required when the asset is USDT",
        ),
        (
            json!({"requested_asset": "USDT", "requested_asset_network": "OMNI"}),
            "The requested_asset_network not allow for POS create payment (USDT: ERC20, TRC20)",
        ),
        (
            json!({"personal_country": "UK"}),
            "personal_country must be an ISO 3166 two-letter country code, e.g. AU",
        ),
        (
            json!({"personal_dob": "1990-02-28"}),
            "personal_dob must be a date written YYYY/MM/DD",
        ),
        (
            json!({"personal_mobile": "0412 312 312"}),
            "personal_mobile must be + then the country code and number, e.g. +614123123123",
        ),
    ];
    for (i, (change, error)) in cases.into_iter().enumerate() {
        let mut body = c.create_body("50.00", &format!("R-rule-{i}"));
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let body = c.sign_create(body);
        assert!(!proxy_refuses(&body).is_empty(), "{change}");
        let answer = c.create(&body).await;
        assert_eq!(answer["status"], "nok", "{change}: {answer}");
        assert_eq!(answer["error"], error, "{change}");
    }
    // None of them was stored: a valid request takes the first id.
    let answer = c.create_ok(c.create_body("50.00", "R-rule-ok")).await;
    assert_eq!(answer["paymentId"], 1);
}

#[tokio::test]
async fn a_tether_settlement_with_its_network_is_accepted() {
    let sb = sandbox().await;
    let c = Client::new(&sb);
    let mut body = c.create_body("25.000001", "R-usdt-settle");
    body["asset"] = "USDT".into();
    body["asset_network"] = "TRC20".into();
    body["requested_asset"] = "USDT".into();
    body["requested_asset_network"] = "TRC20".into();
    let answer = c.create_ok(c.sign_create(body)).await;
    let address = answer["payment_address"].as_str().unwrap();
    assert!(address.starts_with('T'), "a TRON address: {address}");
}
