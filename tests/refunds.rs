//! The refund panel: what each state offers, the prefilled amount, the checks shown before
//! anything is sent, and the refunds listed.

mod common;

use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use wct_api::pos::PaymentView;
use wct_api::refund::{RefundState, RefundType, RefundView};
use wct_api::{Catalogue, PaymentState};
use wct_pos::components::RefundPanel;
use wct_pos::session::Session;

wasm_bindgen_test_configure!(run_in_browser);

fn panel(view: PaymentView) -> web_sys::Element {
    mount(move || {
        let session = Session::detached();
        session.catalogue.set(Some(Catalogue::default()));
        provide_context(session);
        view! { <RefundPanel payment=Signal::stored(view) on_done=Callback::new(|_| {})/> }
    })
}

fn received(state: PaymentState, received: &str, excess: &str) -> PaymentView {
    PaymentView {
        received: received.into(),
        missing: "0".into(),
        excess: excess.into(),
        ..payment(state)
    }
}

#[wasm_bindgen_test]
async fn each_state_offers_its_refund_or_none() {
    for (view, offer) in [
        (
            received(PaymentState::Overpaid, "0.00062632", "0.00010000"),
            Some("Refund the excess"),
        ),
        (
            received(PaymentState::Paid, "0.00052632", "0"),
            Some("Refund"),
        ),
        (
            received(PaymentState::Underpaid, "0.0002", "0"),
            Some("Refund what was received"),
        ),
        (
            received(PaymentState::Late, "0.0002", "0"),
            Some("Refund what was received"),
        ),
        (received(PaymentState::Expired, "0", "0"), None),
        (payment(PaymentState::Awaiting), None),
    ] {
        let root = panel(view.clone());
        settle().await;
        match offer {
            Some(label) => assert_eq!(text(&root, "refund-open"), label, "{:?}", view.state),
            None => assert!(find(&root, "refund-open").is_none(), "{:?}", view.state),
        }
    }
}

#[wasm_bindgen_test]
async fn the_excess_is_prefilled_and_nothing_is_sent_without_contact_and_pin() {
    let root = panel(received(PaymentState::Overpaid, "0.00062632", "0.00010000"));
    settle().await;
    click(&root, "refund-open").await;
    let amount: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(get(&root, "refund-amount"));
    assert_eq!(amount.value(), "0.00010000");
    let pin = get(&root, "refund-pin");
    assert_eq!(pin.get_attribute("type").as_deref(), Some("password"));
    assert_eq!(pin.get_attribute("inputmode").as_deref(), Some("numeric"));
    click(&root, "refund-submit").await;
    assert!(text(&root, "error-email").contains("e-mail or mobile"));
    assert_eq!(text(&root, "error-pin"), "enter the manager PIN");
    // More than the excess is refused before anything is sent.
    type_into(&root, "refund-amount", "0.0002").await;
    assert_eq!(
        text(&root, "error-amount"),
        "the excess left to refund is 0.00010000"
    );
    // Switching to a full refund fills in everything received.
    click(&root, "refund-type-full").await;
    assert_eq!(amount.value(), "0.00062632");
    assert!(find(&root, "error-amount").is_none());
    click(&root, "refund-cancel").await;
    assert!(find(&root, "refund-dialog").is_none());
}

#[wasm_bindgen_test]
async fn the_dialog_names_the_sale_shows_fiat_and_closes_on_escape() {
    let view = wct_api::pos::PaymentView {
        exchange_rate: Some("100000".into()),
        ..received(PaymentState::Overpaid, "0.00062632", "0.00010000")
    };
    let root = panel(view);
    settle().await;
    click(&root, "refund-open").await;
    assert!(text(&root, "refund-sale").contains("Two flat whites"));
    assert!(text(&root, "refund-summary").contains("Received 0.00062632 BTC"));
    // 0.0001 BTC at 100,000 USD is 10.00 USD.
    assert_eq!(text(&root, "refund-fiat"), "≈ 10.00 USD");
    // The kinds are one segmented control of real radio buttons.
    assert!(find(&root, "refund-type-overpaid").is_some());
    let escape = web_sys::KeyboardEventInit::new();
    escape.set_key("Escape");
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &escape)
        .expect("a keydown");
    web_sys::window()
        .unwrap()
        .dispatch_event(&event)
        .expect("dispatched");
    settle().await;
    assert!(find(&root, "refund-dialog").is_none(), "Escape closes it");
}

/// A partial refund of `amount` BTC in `state`.
fn refund(amount: &str, state: RefundState) -> RefundView {
    RefundView {
        id: format!("r_{amount}"),
        refund_type: RefundType::Partial,
        amount: amount.into(),
        asset: "BTC".into(),
        state,
        created_at: "2026-11-25T10:05:00Z".into(),
        updated_at: "2026-11-25T10:05:00Z".into(),
    }
}

#[wasm_bindgen_test]
async fn refunds_are_listed_with_their_state() {
    let view = PaymentView {
        refunds: vec![
            refund("0.0001", RefundState::Refunded),
            refund("0.0002", RefundState::Requested),
        ],
        ..received(PaymentState::Paid, "0.00052632", "0")
    };
    let root = panel(view);
    settle().await;
    let rows = get(&root, "refund-list").children();
    let states: Vec<String> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|e| e.get_attribute("data-state"))
        .collect();
    assert_eq!(states, ["refunded", "requested"]);
    // One refund in flight at a time: no new refund, and the screen says why.
    assert!(find(&root, "refund-open").is_none());
    assert!(text(&root, "refund-on-hold").contains("still waiting for WCT Pay"));
}

#[wasm_bindgen_test]
async fn a_refund_that_was_not_made_can_be_tried_again() {
    let view = PaymentView {
        refunds: vec![
            refund("0.0001", RefundState::Refunded),
            refund("0.0002", RefundState::Failed),
        ],
        ..received(PaymentState::Paid, "0.00052632", "0")
    };
    let root = panel(view);
    settle().await;
    assert!(find(&root, "refund-on-hold").is_none());
    assert_eq!(text(&root, "refund-open"), "Try the refund again");
    // The failed refund's amount starts the form; its money was released.
    click(&root, "refund-open").await;
    let amount: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(get(&root, "refund-amount"));
    assert_eq!(amount.value(), "0.0002");
    assert!(text(&root, "refund-dialog").contains("up to 0.00042632 BTC"));
}
