//! The quote countdown against a clock the test moves, and the QR staying put while it ticks.

mod common;

use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use wct_api::PaymentState;
use wct_pos::components::{Countdown, QrCard};
use wct_pos::hooks::countdown::announcement_for;
use wct_pos::hooks::Clock;

wasm_bindgen_test_configure!(run_in_browser);

fn is_warning(root: &web_sys::Element) -> bool {
    get(root, "countdown").class_list().contains("warning")
}

#[wasm_bindgen_test]
async fn counts_down_in_mm_ss_and_warns_in_the_last_two_minutes() {
    let clock = Clock::manual(CREATED);
    let root = mount(move || {
        provide_context(clock);
        view! { <Countdown expires_at=CREATED + 150/> }
    });
    settle().await;
    assert_eq!(text(&root, "countdown"), "02:30");
    assert_eq!(
        get(&root, "countdown")
            .get_attribute("data-seconds")
            .as_deref(),
        Some("150")
    );
    assert!(!is_warning(&root));

    clock.advance(29);
    settle().await;
    assert_eq!(text(&root, "countdown"), "02:01");
    assert!(!is_warning(&root));

    clock.advance(2);
    settle().await;
    assert_eq!(text(&root, "countdown"), "01:59");
    assert!(is_warning(&root), "warning colour under two minutes");

    clock.advance(500);
    settle().await;
    assert_eq!(text(&root, "countdown"), "00:00");
    assert_eq!(
        get(&root, "countdown")
            .get_attribute("data-seconds")
            .as_deref(),
        Some("0")
    );
}

#[wasm_bindgen_test]
fn screen_readers_hear_it_at_sensible_moments_only() {
    assert_eq!(
        announcement_for(0).as_deref(),
        Some("The price has expired")
    );
    assert_eq!(
        announcement_for(120).as_deref(),
        Some("2 minutes left at this price")
    );
    assert_eq!(
        announcement_for(60).as_deref(),
        Some("1 minute left at this price")
    );
    assert!(announcement_for(30).is_some() && announcement_for(10).is_some());
    let spoken = (1..=900).filter(|s| announcement_for(*s).is_some()).count();
    assert!(spoken < 20, "announced {spoken} times in 15 minutes");
}

#[wasm_bindgen_test]
async fn the_qr_is_not_rebuilt_while_the_countdown_ticks() {
    let clock = Clock::manual(CREATED);
    let info = wct_api::pos::PublicPaymentView::from_view(&payment(PaymentState::Awaiting), "");
    assert_eq!(info.expires_at_unix(), CREATED + 900);
    let root = mount(move || {
        provide_context(clock);
        view! { <QrCard info=info catalogue=wct_api::Catalogue::default()/> }
    });
    settle().await;
    let svg = root
        .query_selector("[data-testid=\"qr\"] svg")
        .unwrap()
        .unwrap();
    clock.advance(3);
    settle().await;
    assert_eq!(text(&root, "countdown"), "14:57");
    let after = root
        .query_selector("[data-testid=\"qr\"] svg")
        .unwrap()
        .unwrap();
    assert!(
        svg.is_same_node(Some(&after)),
        "the QR's SVG node was replaced"
    );
}
