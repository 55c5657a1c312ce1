//! Text rules at the API: bidi controls, zero-width characters and line separators are
//! refused in every free-text field; a description of invisible characters only is empty; a
//! decomposed name is accepted and stored composed (NFC); duplicate JSON keys are refused by
//! name; references are compared without case.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use wct_pos_server::TEST_TOKEN;

async fn refused_on(h: &Harness, body: &Value, field: &str) -> String {
    let (status, answer) = error_of(h.create(body).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let message = answer["error"]["fields"]
        .as_array()
        .and_then(|fields| fields.iter().find(|f| f["field"] == field))
        .and_then(|f| f["message"].as_str())
        .map(str::to_string);
    message.unwrap_or_else(|| panic!("no error on {field}: {answer}"))
}

fn with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut body = payment_body();
    edit(&mut body);
    body
}

fn cart(name: &str, desc: &str) -> Value {
    json!([{"item_name": name, "item_desc": desc, "item_quantity": "1", "unit_price": "50.00"}])
}

#[tokio::test]
async fn invisible_and_direction_characters_are_refused_everywhere() {
    let h = Harness::start().await;
    let sneaky = [
        ("\u{202E}", "text-direction"),
        ("\u{2067}", "text-direction"),
        ("\u{200B}", "invisible"),
        ("\u{FEFF}", "invisible"),
        ("\u{2060}", "invisible"),
        ("\u{2028}", "line break"),
        ("\u{2029}", "line break"),
    ];
    for (c, said) in sneaky {
        let text = format!("Flat{c}white");
        let cases = [
            ("description", with(|b| b["description"] = json!(text))),
            (
                "cart_items[0].item_name",
                with(|b| b["cart_items"] = cart(&text, "")),
            ),
            (
                "cart_items[0].item_desc",
                with(|b| b["cart_items"] = cart("Latte", &text)),
            ),
            (
                "personal_fname",
                with(|b| b["personal_fname"] = json!(text)),
            ),
            (
                "personal_lname",
                with(|b| b["personal_lname"] = json!(text)),
            ),
            (
                "personal_address",
                with(|b| b["personal_address"] = json!(text)),
            ),
            ("personal_city", with(|b| b["personal_city"] = json!(text))),
            (
                "personal_state",
                with(|b| b["personal_state"] = json!(text)),
            ),
            (
                "reference",
                with(|b| b["reference"] = json!(format!("R{c}1"))),
            ),
        ];
        for (field, body) in cases {
            let message = refused_on(&h, &body, field).await;
            if field != "reference" {
                assert!(message.contains(said), "{field} {c:?}: {message}");
            }
        }
    }
    assert!(h.list_all().await.is_empty(), "nothing was stored");
    h.stop().await;
}

#[tokio::test]
async fn a_description_of_invisible_characters_is_empty_and_the_sale_gets_the_default_name() {
    let h = Harness::start().await;
    for blank in [
        "\u{200B}\u{200B}",
        "\u{200B} \u{FEFF}",
        "\u{3164}",
        "\u{2800}",
    ] {
        // WCT Pay needs a description: an empty one is the cart's summary, or "Sale", never
        // invisible characters on the customer's page.
        let mut body = with(|b| b["description"] = json!(blank));
        body["reference"] = json!(unique_reference());
        let stored = h.create_ok(&body).await;
        assert_eq!(stored["description"], "Sale", "{blank:?}");
    }
    h.stop().await;
}

#[tokio::test]
async fn a_decomposed_name_is_accepted_and_stored_composed() {
    let h = Harness::start().await;
    let body = with(|b| {
        b["personal_fname"] = json!("Jose\u{0301}");
        b["personal_lname"] = json!("Mu\u{0308}ller");
        b["description"] = json!("Cafe\u{0301} au lait");
    });
    let view = h.create_ok(&body).await;
    let id = view["id"].as_str().unwrap();
    let stored: String = sqlx::query_scalar("SELECT fields_json FROM payments WHERE id = $1")
        .bind(id)
        .fetch_one(&h.running.state().db)
        .await
        .unwrap();
    let stored: Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["personal_fname"], "Jos\u{e9}");
    assert_eq!(stored["personal_lname"], "M\u{fc}ller");
    assert_eq!(stored["description"], "Caf\u{e9} au lait");
    h.stop().await;
}

#[tokio::test]
async fn duplicate_json_keys_are_refused_by_name() {
    let h = Harness::start().await;
    let reference = unique_reference();
    let send = |raw: String| {
        let h = &h;
        async move {
            let response = h
                .http
                .post(h.url("/api/payments"))
                .bearer_auth(TEST_TOKEN)
                .header("Idempotency-Key", fresh_key())
                .header("content-type", "application/json")
                .body(raw)
                .send()
                .await
                .unwrap();
            error_of(response).await
        }
    };
    let top = format!(
        r#"{{"amount":"50.00","asset":"USD","requested_asset":"BTC","description":"Tea",
            "reference":"{reference}","amount":"0.01"}}"#
    );
    let (status, body) = send(top).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "amount");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("amount"));

    let nested = format!(
        r#"{{"amount":"50.00","asset":"USD","requested_asset":"BTC","description":"Tea",
            "reference":"{reference}","cart_items":[{{"item_name":"A","item_desc":"",
            "item_quantity":"1","unit_price":"50.00","item_name":"B"}}]}}"#
    );
    let (status, body) = send(nested).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "cart_items[0].item_name");
    assert!(h.list_all().await.is_empty(), "nothing was stored");

    // The sandbox relay's body too.
    let response = h
        .http
        .post(h.url("/api/sandbox/pay"))
        .bearer_auth(TEST_TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"id":"p_x","amount":"1","id":"p_y"}"#)
        .send()
        .await
        .unwrap();
    let (status, body) = error_of(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "id");
    h.stop().await;
}

#[tokio::test]
async fn references_are_compared_without_case() {
    let h = Harness::start().await;
    let reference = format!("RT-{}", wct_pos_server::util::random_token(8)).to_uppercase();
    h.create_ok(&with(|b| b["reference"] = json!(reference)))
        .await;
    let (status, body) = error_of(
        h.create(&with(|b| b["reference"] = json!(reference.to_lowercase())))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["field"], "reference");

    // The database index agrees, for a writer that skipped the check.
    let clash = sqlx::query(
        "UPDATE payments SET reference = $1 WHERE reference <> $2 AND state <> 'failed'",
    )
    .bind(reference.to_lowercase())
    .bind(&reference);
    let other = h.create_ok(&payment_body()).await;
    assert!(other["id"].is_string());
    let result = clash.execute(&h.running.state().db).await;
    assert!(result.is_err(), "the unique index let a case variant in");
    h.stop().await;
}
