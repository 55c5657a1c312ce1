//! The printable receipt.

mod common;

use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use wct_api::pos::PaymentView;
use wct_api::{Catalogue, PaymentState};
use wct_pos::i18n::{add_language, InLanguage, Lang};
use wct_pos::locale::Locale;
use wct_pos::pages::receipt::Receipt;
use wct_pos::session::{Prefs, Session, Theme};

wasm_bindgen_test_configure!(run_in_browser);

/// The receipt as the till prints it: in the store's language (`locale`'s).
fn receipt(view: PaymentView, locale: Locale) -> web_sys::Element {
    add_language(Lang::De, include_str!("../api/locales/app/de.ftl"));
    mount(move || {
        let session = Session::detached();
        session.catalogue.set(Some(Catalogue::default()));
        provide_context(session);
        provide_context(Prefs::new(false, Theme::System, locale));
        let lang = Signal::stored(locale.0);
        view! { <InLanguage lang=lang print=lang><Receipt payment=view.clone()/></InLanguage> }
    })
}

#[wasm_bindgen_test]
async fn the_rate_reads_as_one_coin_in_the_settlement_currency() {
    let view = PaymentView {
        exchange_rate: Some("95912".into()),
        ..payment(PaymentState::Paid)
    };
    let root = receipt(view.clone(), Locale::default());
    settle().await;
    assert_eq!(text(&root, "receipt-rate"), "1 BTC = 95,912.00 USD");

    let root = receipt(view, Locale::new(Lang::De));
    settle().await;
    assert_eq!(text(&root, "receipt-rate"), "1 BTC = 95.912,00 USD");
}

#[wasm_bindgen_test]
async fn no_rate_no_rate_row() {
    let view = PaymentView {
        exchange_rate: None,
        ..payment(PaymentState::Paid)
    };
    let root = receipt(view, Locale::default());
    settle().await;
    assert!(find(&root, "receipt").is_some());
    assert!(find(&root, "receipt-rate").is_none());
}

#[wasm_bindgen_test]
async fn before_any_money_the_receipt_gives_the_amount_asked() {
    let root = receipt(payment(PaymentState::Expired), Locale::default());
    settle().await;
    assert_eq!(text(&root, "receipt-amount"), "0.00052632 BTC");
    assert!(find(&root, "receipt-received").is_none());
}

#[wasm_bindgen_test]
async fn after_a_partial_payment_and_requote_it_shows_received_and_missing_not_the_new_quote() {
    let view = PaymentView {
        // The re-quote asks only for the rest.
        pay_amount: "0.00030000".into(),
        received: "0.00025000".into(),
        missing: "0.00030000".into(),
        quote_version: 2,
        ..payment(PaymentState::Underpaid)
    };
    let root = receipt(view, Locale::default());
    settle().await;
    assert!(find(&root, "receipt-amount").is_none());
    assert_eq!(text(&root, "receipt-received"), "0.00025000 BTC");
    assert_eq!(text(&root, "receipt-missing"), "0.00030000 BTC");
    assert!(find(&root, "receipt-excess").is_none());
}

#[wasm_bindgen_test]
async fn an_overpaid_receipt_shows_the_excess() {
    let view = PaymentView {
        received: "0.00060000".into(),
        missing: "0".into(),
        excess: "0.00007368".into(),
        ..payment(PaymentState::Overpaid)
    };
    let root = receipt(view, Locale::default());
    settle().await;
    assert_eq!(text(&root, "receipt-received"), "0.00060000 BTC");
    assert_eq!(text(&root, "receipt-excess"), "0.00007368 BTC");
    assert!(find(&root, "receipt-missing").is_none());
}

#[wasm_bindgen_test]
async fn a_late_payment_says_so_on_the_receipt() {
    let view = PaymentView {
        received: "0.00052632".into(),
        closed_as: Some(PaymentState::Expired),
        ..payment(PaymentState::Late)
    };
    let root = receipt(view, Locale::default());
    settle().await;
    assert!(text(&root, "receipt-late").contains("after this payment was expired"));
}
