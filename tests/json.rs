//! The app reads and writes JSON with the browser's parser; it must agree with the proxy's
//! serde_json both ways.

mod common;

use common::*;
use wasm_bindgen_test::*;
use wct_api::pos::{ApiErrorBody, ErrorCode, NewPayment, PaymentView};
use wct_api::upstream::CartItem;
use wct_api::{Catalogue, PaymentState};
use wct_pos::json;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_payment_view_from_the_proxy_decodes_the_same_as_serde_json_reads_it() {
    let view = PaymentView {
        pay_network: Some("TRC20".into()),
        txids: vec!["ab12".into(), "cd34".into()],
        confirmations: 3,
        quote_version: 7,
        ..payment(PaymentState::Underpaid)
    };
    let text = serde_json::to_string(&view).unwrap();
    assert_eq!(json::from_str::<PaymentView>(&text).unwrap(), view);
}

#[wasm_bindgen_test]
fn absent_and_null_optionals_are_none_and_wrong_types_are_refused() {
    let mut value = serde_json::to_value(payment(PaymentState::Awaiting)).unwrap();
    let obj = value.as_object_mut().unwrap();
    obj.remove("exchange_rate");
    obj.insert("pay_tag".into(), serde_json::Value::Null);
    let view: PaymentView = json::from_str(&value.to_string()).unwrap();
    assert_eq!(view.exchange_rate, None);
    assert_eq!(view.pay_tag, None);

    value["quote_version"] = serde_json::json!("seven");
    assert!(json::from_str::<PaymentView>(&value.to_string()).is_err());
    assert!(json::from_str::<PaymentView>("<html>502 Bad Gateway</html>").is_err());
}

#[wasm_bindgen_test]
fn error_bodies_with_field_lists_decode() {
    let text = r#"{"error":{"code":"validation","message":"2 fields are invalid",
        "fields":[{"field":"amount","message":"enter an amount"},
                  {"field":"personal_dob","message":"not a real date"}]}}"#;
    let body: ApiErrorBody = json::from_str(text).unwrap();
    assert_eq!(body.error.code, ErrorCode::Validation);
    assert_eq!(body.error.fields.len(), 2);
    assert_eq!(body.error.fields[1].field, "personal_dob");
}

#[wasm_bindgen_test]
fn what_the_app_sends_is_what_serde_json_reads() {
    let fields = NewPayment {
        amount: "1234.50".into(),
        asset: "USD".into(),
        requested_asset: "USDT".into(),
        requested_asset_network: Some("TRC20".into()),
        description: "Flat white \"large\" ☕".into(),
        reference: "POS-20261125-4F7K".into(),
        cart_items: vec![
            CartItem::item("Croissant", "", "2", "3.50"),
            wct_api::tips::tip_line("1.00".parse().unwrap(), "Custom", 2),
        ],
        personal_dob: Some("1987/06/05".into()),
        ..NewPayment::default()
    };
    let text = json::to_string(&fields).unwrap();
    assert_eq!(serde_json::from_str::<NewPayment>(&text).unwrap(), fields);
    // The tip line says it is the tip; an item line is sent as it always was.
    let sent: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sent["cart_items"][1]["kind"], "tip");
    assert!(sent["cart_items"][0].get("kind").is_none());

    let catalogue = Catalogue::default();
    let text = json::to_string(&catalogue).unwrap();
    assert_eq!(serde_json::from_str::<Catalogue>(&text).unwrap(), catalogue);
    assert_eq!(json::from_str::<Catalogue>(&text).unwrap(), catalogue);
}

#[wasm_bindgen_test]
fn a_cart_quantity_sent_as_a_number_still_reads_as_its_digits() {
    let mut value = serde_json::to_value(payment(PaymentState::Paid)).unwrap();
    value["cart_items"] = serde_json::json!([
        {"item_name": "Croissant", "item_quantity": 2, "unit_price": "3.50"}
    ]);
    let view: PaymentView = json::from_str(&value.to_string()).unwrap();
    assert_eq!(view.cart_items[0].item_quantity, "2");
    assert_eq!(view.cart_items[0].item_desc, "");
    // A line without a kind is an item.
    assert_eq!(view.cart_items[0].kind, wct_api::upstream::LineKind::Item);
}
