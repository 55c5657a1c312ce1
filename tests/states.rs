//! The payment screen in every state.

mod common;

use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use wct_api::pos::{PaymentView, TerminalInfo};
use wct_api::{Catalogue, PaymentState};
use wct_pos::hooks::Clock;
use wct_pos::pages::payment::PaymentLive;
use wct_pos::session::Session;

wasm_bindgen_test_configure!(run_in_browser);

fn screen(view: PaymentView, sandbox: bool) -> web_sys::Element {
    mount(move || {
        let session = Session::detached();
        session.catalogue.set(Some(Catalogue::default()));
        session.terminal.set(Some(TerminalInfo {
            id: "t1".into(),
            name: "Counter".into(),
            merchant: "Corner Café".into(),
            sandbox,
        }));
        provide_context(session);
        provide_context(Clock::manual(CREATED));
        view! { <PaymentLive payment=view price_updated=false reload=Callback::new(|_| {})/> }
    })
}

fn state_of(root: &web_sys::Element) -> String {
    get(root, "payment-state")
        .get_attribute("data-state")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn every_state_is_shown_by_name() {
    for state in PaymentState::ALL {
        let root = screen(payment(state), false);
        settle().await;
        assert_eq!(state_of(&root), state.as_str());
        let open = state.is_open();
        assert_eq!(
            find(&root, "qr").is_some(),
            open,
            "{state}: QR only while open"
        );
        assert_eq!(
            find(&root, "countdown").is_some(),
            open,
            "{state}: countdown only while open"
        );
        // Cancel only while nothing was received: money is refunded or kept, never cancelled.
        assert_eq!(
            find(&root, "cancel-payment").is_some(),
            state == PaymentState::Awaiting,
            "{state}"
        );
        assert_eq!(
            find(&root, "paid-screen").is_some(),
            state.is_settled(),
            "{state}"
        );
        if !open {
            assert!(
                find(&root, "new-charge").is_some() && find(&root, "receipt-link").is_some(),
                "{state}"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn awaiting_shows_the_amount_address_link_and_countdown() {
    let root = screen(payment(PaymentState::Awaiting), false);
    settle().await;
    assert_eq!(text(&root, "pay-amount"), "0.00052632");
    assert_eq!(text(&root, "pay-asset"), "BTC");
    assert_eq!(text(&root, "fiat-amount"), "50.00 USD");
    assert_eq!(
        text(&root, "pay-address"),
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    );
    assert_eq!(text(&root, "countdown"), "15:00");
    assert_eq!(
        get(&root, "payment-link").get_attribute("href").as_deref(),
        Some("http://127.0.0.1:8088/pay/1cJauhjK3n")
    );
    assert!(find(&root, "missing-amount").is_none());
    assert!(
        find(&root, "simulate").is_none(),
        "no demo controls outside the sandbox"
    );
}

#[wasm_bindgen_test]
async fn underpaid_shows_the_remainder_big_with_a_qr_for_it() {
    let view = PaymentView {
        received: "0.00020000".into(),
        missing: "0.00032632".into(),
        ..payment(PaymentState::Underpaid)
    };
    let root = screen(view, false);
    settle().await;
    assert_eq!(text(&root, "missing-amount"), "0.00032632");
    assert_eq!(text(&root, "received-amount"), "0.00020000");
    assert_eq!(
        text(&root, "pay-amount"),
        "0.00032632",
        "asks for what is missing"
    );
    assert_eq!(
        get(&root, "qr").get_attribute("data-uri").as_deref(),
        Some("bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00032632")
    );
}

#[wasm_bindgen_test]
async fn overpaid_shows_the_excess_on_the_confirmation() {
    let view = PaymentView {
        received: "0.00060000".into(),
        missing: "0".into(),
        excess: "0.00007368".into(),
        ..payment(PaymentState::Overpaid)
    };
    let root = screen(view, false);
    settle().await;
    assert!(find(&root, "paid-screen").is_some());
    assert!(text(&root, "excess-amount").contains("0.00007368"));
}

#[wasm_bindgen_test]
async fn the_sandbox_offers_simulated_payments() {
    let root = screen(payment(PaymentState::Awaiting), true);
    settle().await;
    for id in [
        "simulate",
        "simulate-full",
        "simulate-partial",
        "simulate-over",
    ] {
        assert!(find(&root, id).is_some(), "{id}");
    }
}

fn fiat_line(root: &web_sys::Element) -> String {
    let line = get(root, "fiat-amount").parent_element().unwrap();
    line.text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[wasm_bindgen_test]
async fn underpaid_says_roughly_how_much_fiat_is_still_due_not_the_whole_price() {
    // 0.249 × 84.3357 = 20.9995893 → rounded to the settlement's two places.
    let view = PaymentView {
        received: "0.251".into(),
        missing: "0.249".into(),
        exchange_rate: Some("84.3357".into()),
        ..payment(PaymentState::Underpaid)
    };
    let root = screen(view, false);
    settle().await;
    assert_eq!(text(&root, "fiat-due"), "≈ 21.00 USD");
    assert_eq!(text(&root, "fiat-amount"), "50.00 USD");
    assert_eq!(fiat_line(&root), "≈ 21.00 USD still due of 50.00 USD");
}

#[wasm_bindgen_test]
async fn underpaid_without_a_rate_never_claims_the_whole_price_is_due() {
    let view = PaymentView {
        received: "0.00020000".into(),
        missing: "0.00032632".into(),
        exchange_rate: None,
        ..payment(PaymentState::Underpaid)
    };
    let root = screen(view, false);
    settle().await;
    assert!(find(&root, "fiat-due").is_none());
    assert_eq!(fiat_line(&root), "of 50.00 USD");
}

#[wasm_bindgen_test]
async fn awaiting_states_the_price_plainly() {
    let root = screen(payment(PaymentState::Awaiting), false);
    settle().await;
    assert!(find(&root, "fiat-due").is_none());
    assert_eq!(fiat_line(&root), "for 50.00 USD");
}

#[wasm_bindgen_test]
async fn cancel_asks_first_and_keep_waiting_changes_nothing() {
    let root = screen(payment(PaymentState::Awaiting), false);
    settle().await;
    assert!(find(&root, "cancel-confirm").is_none());
    click(&root, "cancel-payment").await;
    assert!(
        find(&root, "cancel-payment").is_none(),
        "the first press only asks"
    );
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("Cancel this payment?"));
    assert!(find(&root, "cancel-confirm").is_some());
    click(&root, "cancel-keep").await;
    assert!(find(&root, "cancel-confirm").is_none());
    assert!(find(&root, "cancel-payment").is_some());
    assert_eq!(state_of(&root), "awaiting");
}

#[wasm_bindgen_test]
async fn a_confirmed_cancel_that_fails_says_so_and_offers_the_button_again() {
    // No token is stored in the test browser, so the request is refused before it is sent.
    let root = screen(payment(PaymentState::Awaiting), false);
    settle().await;
    click(&root, "cancel-payment").await;
    click(&root, "cancel-confirm").await;
    for _ in 0..50 {
        if find(&root, "cancel-payment").is_some() {
            break;
        }
        settle().await;
    }
    assert!(find(&root, "cancel-payment").is_some());
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("Could not cancel"));
}

#[wasm_bindgen_test]
async fn a_refused_payment_says_why_and_shows_no_qr() {
    let view = PaymentView {
        alert: Some("The payment service answered with an address for another coin.".into()),
        ..payment(PaymentState::Rejected)
    };
    let root = screen(view, false);
    settle().await;
    assert!(find(&root, "qr").is_none() && find(&root, "pay-address").is_none());
    assert!(text(&root, "payment-alert").contains("another coin"));
}

#[wasm_bindgen_test]
async fn late_money_gets_a_banner_with_what_arrived() {
    let view = PaymentView {
        received: "0.00052632".into(),
        closed_as: Some(PaymentState::Cancelled),
        alert: Some("Money arrived after this payment was cancelled.".into()),
        ..payment(PaymentState::Late)
    };
    let root = screen(view, false);
    settle().await;
    let banner = text(&root, "late-banner");
    assert!(
        banner.contains("Money arrived after this payment was cancelled"),
        "{banner}"
    );
    assert_eq!(text(&root, "late-received"), "0.00052632 BTC");
    // Both decisions are offered: keep it, or refund it.
    assert!(find(&root, "keep-payment").is_some());
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("Keep it as payment for this sale, or refund it"));
    assert!(find(&root, "qr").is_none());
}

#[wasm_bindgen_test]
async fn late_money_once_kept_says_so_and_asks_nothing_more() {
    let kept = wct_api::pos::KeptView {
        received: "0.00052632".into(),
        at: "2026-11-25T10:00:00Z".into(),
    };
    let view = PaymentView {
        received: "0.00052632".into(),
        closed_as: Some(PaymentState::Cancelled),
        kept: Some(kept.clone()),
        ..payment(PaymentState::Late)
    };
    let root = screen(view, false);
    settle().await;
    assert!(find(&root, "late-banner").is_none());
    assert!(find(&root, "keep-payment").is_none());
    assert!(text(&root, "kept-note").contains("Kept as payment"));
    assert_eq!(text(&root, "payment-state"), "Kept as payment");
    // Money after the decision asks again.
    let more = PaymentView {
        received: "0.00060000".into(),
        closed_as: Some(PaymentState::Cancelled),
        kept: Some(kept),
        ..payment(PaymentState::Late)
    };
    let root = screen(more, false);
    settle().await;
    assert!(find(&root, "keep-payment").is_some());
    assert!(find(&root, "kept-note").is_none());
}
