//! The public customer page shows what to pay and never personal data.

mod common;

use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use wct_api::pos::{PaymentView, Personal, PublicPaymentView};
use wct_api::PaymentState;
use wct_pos::hooks::Clock;
use wct_pos::pages::customer::PublicPayment;

wasm_bindgen_test_configure!(run_in_browser);

const PERSONAL: [&str; 6] = [
    "Zelda",
    "Quixote-Marlowe",
    "Wattle Grove",
    "Ballarat",
    "+61412999888",
    "1987/06/05",
];

fn with_personal(state: PaymentState) -> PaymentView {
    PaymentView {
        personal: Some(Personal {
            fname: Some("Zelda".into()),
            lname: Some("Quixote-Marlowe".into()),
            address: Some("17 Wattle Grove".into()),
            city: Some("Ballarat".into()),
            mobile: Some("+61412999888".into()),
            dob: Some("1987/06/05".into()),
            ..Personal::default()
        }),
        ..payment(state)
    }
}

#[wasm_bindgen_test]
async fn shows_what_to_pay_but_no_personal_data_or_merchant_controls() {
    let public =
        PublicPaymentView::from_view(&with_personal(PaymentState::Awaiting), "Corner Café");
    let root = mount(move || {
        provide_context(Clock::manual(CREATED));
        view! { <PublicPayment payment=public/> }
    });
    settle().await;
    assert_eq!(
        get(&root, "payment-state")
            .get_attribute("data-state")
            .as_deref(),
        Some("awaiting")
    );
    assert_eq!(text(&root, "pay-amount"), "0.00052632");
    assert_eq!(
        text(&root, "pay-address"),
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    );
    assert!(find(&root, "qr").is_some() && find(&root, "countdown").is_some());
    let html = root.inner_html();
    assert!(html.contains("Corner Café"));
    for value in PERSONAL {
        assert!(!html.contains(value), "{value} on the customer page");
    }
    assert!(!html.contains("POS-20261125-4F7K"), "no merchant reference");
    for control in [
        "simulate",
        "cancel-payment",
        "nav-charge",
        "receipt-link",
        "new-charge",
    ] {
        assert!(
            find(&root, control).is_none(),
            "{control} on the customer page"
        );
    }
}

#[wasm_bindgen_test]
async fn follows_underpaid_and_paid() {
    let under = PaymentView {
        received: "0.00020000".into(),
        missing: "0.00032632".into(),
        ..with_personal(PaymentState::Underpaid)
    };
    let payment = RwSignal::new(PublicPaymentView::from_view(&under, "Corner Café"));
    let root = mount(move || {
        provide_context(Clock::manual(CREATED));
        view! { <PublicPayment payment=payment/> }
    });
    settle().await;
    assert_eq!(text(&root, "missing-amount"), "0.00032632");
    // The customer sees roughly what is still due (0.00032632 × 95,000), never "for" the
    // whole price beside the remainder.
    let fiat_line = get(&root, "fiat-amount").parent_element().unwrap();
    let fiat_line = fiat_line.text_content().unwrap_or_default();
    assert_eq!(
        fiat_line.split_whitespace().collect::<Vec<_>>().join(" "),
        "≈ 31.00 USD still due of 50.00 USD"
    );
    let paid = PaymentView {
        received: "0.00052632".into(),
        missing: "0".into(),
        ..with_personal(PaymentState::Paid)
    };
    payment.set(PublicPaymentView::from_view(&paid, "Corner Café"));
    settle().await;
    assert!(find(&root, "paid-screen").is_some());
    assert_eq!(
        get(&root, "payment-state")
            .get_attribute("data-state")
            .as_deref(),
        Some("paid")
    );
}

#[wasm_bindgen_test]
async fn a_sandbox_payment_warns_the_customer_not_to_send_real_funds() {
    let real = PublicPaymentView::from_view(&payment(PaymentState::Awaiting), "Corner Café");
    let test = PublicPaymentView {
        sandbox: true,
        ..real.clone()
    };
    let root = mount(move || {
        provide_context(Clock::manual(CREATED));
        view! { <PublicPayment payment=real/> }
    });
    settle().await;
    assert!(find(&root, "sandbox-notice").is_none());
    let root = mount(move || {
        provide_context(Clock::manual(CREATED));
        view! { <PublicPayment payment=test/> }
    });
    settle().await;
    assert!(text(&root, "sandbox-notice").contains("Do not send real funds"));
}

#[wasm_bindgen_test]
async fn the_customers_paid_screen_names_the_shop_and_marks_test_money() {
    let paid = PaymentView {
        received: "0.00052632".into(),
        missing: "0".into(),
        ..payment(PaymentState::Paid)
    };
    let real = PublicPaymentView::from_view(&paid, "Corner Café");
    let test = PublicPaymentView {
        sandbox: true,
        ..real.clone()
    };
    let root = mount(move || {
        provide_context(Clock::manual(CREATED));
        view! { <PublicPayment payment=real/> }
    });
    settle().await;
    assert!(find(&root, "paid-screen").is_some());
    assert_eq!(text(&root, "paid-shop"), "Corner Café");
    assert!(text(&root, "paid-when").starts_with("Paid "));
    assert!(
        find(&root, "test-mark").is_none(),
        "real money has no test mark"
    );
    // The customer's, not the cashier's: no "Counter" label, no "New charge".
    assert!(find(&root, "paid-role").is_none());
    assert!(find(&root, "new-charge").is_none());
    let root = mount(move || {
        provide_context(Clock::manual(CREATED));
        view! { <PublicPayment payment=test/> }
    });
    settle().await;
    let mark = text(&root, "test-mark");
    assert!(
        mark.contains("TEST") && mark.contains("not real money"),
        "{mark}"
    );
    // On the full-screen Paid itself, which covers the header and its badge.
    let mark = get(&root, "test-mark");
    let node: &web_sys::Node = mark.as_ref();
    assert!(get(&root, "paid-screen").contains(Some(node)));
}
