//! A create whose outcome is unknown is retried with the same body and key only; any change
//! to the sale gets a new reference and a new key.

mod common;

use wasm_bindgen_test::*;
use wct_api::pos::{ApiErrorBody, ErrorCode, NewPayment};
use wct_api::upstream::CartItem;
use wct_pos::api::ApiError;
use wct_pos::pages::charge::{next_request, outcome_unknown, CreateRequest};

wasm_bindgen_test_configure!(run_in_browser);

fn sale() -> NewPayment {
    NewPayment {
        amount: "1.00".into(),
        asset: "USD".into(),
        requested_asset: "BTC".into(),
        description: "Coffee".into(),
        reference: "POS-20261125-AAAA".into(),
        ..NewPayment::default()
    }
}

fn first() -> CreateRequest {
    next_request(None, sale(), || "key-1".into(), || unreachable!())
}

#[wasm_bindgen_test]
fn an_identical_retry_keeps_the_reference_and_the_key() {
    let first = first();
    assert_eq!(first.key, "key-1");
    let again = next_request(Some(&first), sale(), || "key-2".into(), || "POS-NEW".into());
    assert_eq!(again, first);
}

#[wasm_bindgen_test]
fn a_changed_sale_gets_a_new_reference_and_key() {
    let first = first();
    let changes: [fn(&mut NewPayment); 4] = [
        |s| s.amount = "900.00".into(),
        |s| s.requested_asset = "ETH".into(),
        |s| s.cart_items.push(CartItem::item("Cake", "", "1", "899.00")),
        |s| s.personal_city = Some("Ballarat".into()),
    ];
    for change in changes {
        let mut changed = sale();
        change(&mut changed);
        let next = next_request(
            Some(&first),
            changed.clone(),
            || "key-2".into(),
            || "POS-20261125-BBBB".into(),
        );
        assert_eq!(next.key, "key-2");
        assert_eq!(next.fields.reference, "POS-20261125-BBBB");
        assert_eq!(
            NewPayment {
                reference: changed.reference.clone(),
                ..next.fields
            },
            changed
        );
    }
}

#[wasm_bindgen_test]
fn a_reference_the_cashier_changed_is_kept_with_a_new_key() {
    let first = first();
    let renamed = NewPayment {
        reference: "TABLE-7".into(),
        ..sale()
    };
    let next = next_request(
        Some(&first),
        renamed.clone(),
        || "key-2".into(),
        || unreachable!("the cashier's own reference stays"),
    );
    assert_eq!(next.fields, renamed);
    assert_eq!(next.key, "key-2");
}

#[wasm_bindgen_test]
fn only_an_unknown_outcome_is_retried() {
    let api = |status: u16, code: ErrorCode| ApiError::Api {
        status,
        body: Box::new(ApiErrorBody::new(code, "x")),
        retry_after: None,
    };
    assert!(outcome_unknown(&api(504, ErrorCode::UpstreamUnknown)));
    assert!(!outcome_unknown(&api(502, ErrorCode::UpstreamMismatch)));
    assert!(!outcome_unknown(&api(422, ErrorCode::Validation)));
    assert!(!outcome_unknown(&ApiError::Network));
}
