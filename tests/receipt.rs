//! The printable receipt.

mod common;

use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use wct_api::pos::PaymentView;
use wct_api::{Catalogue, PaymentState};
use wct_pos::locale::Locale;
use wct_pos::pages::receipt::Receipt;
use wct_pos::session::{Prefs, Session, Theme};

wasm_bindgen_test_configure!(run_in_browser);

fn receipt(view: PaymentView, locale: Locale) -> web_sys::Element {
    mount(move || {
        let session = Session::detached();
        session.catalogue.set(Some(Catalogue::default()));
        provide_context(session);
        provide_context(Prefs::new(false, Theme::System, locale));
        view! { <Receipt payment=view/> }
    })
}

#[wasm_bindgen_test]
async fn the_rate_reads_as_one_coin_in_the_settlement_currency() {
    let view = PaymentView {
        exchange_rate: Some("95912".into()),
        ..payment(PaymentState::Paid)
    };
    let root = receipt(view.clone(), Locale::EnUs);
    settle().await;
    assert_eq!(text(&root, "receipt-rate"), "1 BTC = 95,912.00 USD");

    let root = receipt(view, Locale::DeDe);
    settle().await;
    assert_eq!(text(&root, "receipt-rate"), "1 BTC = 95.912,00 USD");
}

#[wasm_bindgen_test]
async fn no_rate_no_rate_row() {
    let view = PaymentView {
        exchange_rate: None,
        ..payment(PaymentState::Paid)
    };
    let root = receipt(view, Locale::EnUs);
    settle().await;
    assert!(find(&root, "receipt").is_some());
    assert!(find(&root, "receipt-rate").is_none());
}
