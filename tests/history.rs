//! History rows: pages then live updates, newest version of a row wins, the filter holds.

mod common;

use common::*;
use wasm_bindgen_test::*;
use wct_api::pos::PaymentView;
use wct_api::PaymentState;
use wct_pos::pages::history::merge_rows;

wasm_bindgen_test_configure!(run_in_browser);

fn row(id: &str, state: PaymentState, updated_at: &str) -> PaymentView {
    PaymentView {
        id: id.into(),
        updated_at: updated_at.into(),
        ..payment(state)
    }
}

#[wasm_bindgen_test]
fn live_updates_replace_rows_add_new_ones_on_top_and_respect_the_filter() {
    let first = [
        row("p2", PaymentState::Awaiting, "2026-11-25T10:02:00Z"),
        row("p1", PaymentState::Awaiting, "2026-11-25T10:01:00Z"),
    ];
    let second = [row("p0", PaymentState::Paid, "2026-11-25T10:00:00Z")];
    let updates = [
        row("p1", PaymentState::Paid, "2026-11-25T10:05:00Z"),
        row("p3", PaymentState::Awaiting, "2026-11-25T10:06:00Z"),
        // An older read of p2 changes nothing.
        row("p2", PaymentState::Awaiting, "2026-11-25T09:00:00Z"),
    ];
    let all = merge_rows(None, &[&first, &second], &updates);
    let ids: Vec<_> = all.iter().map(|p| (p.id.as_str(), p.state)).collect();
    assert_eq!(
        ids,
        [
            ("p3", PaymentState::Awaiting),
            ("p2", PaymentState::Awaiting),
            ("p1", PaymentState::Paid),
            ("p0", PaymentState::Paid),
        ]
    );
    assert_eq!(all[1].updated_at, "2026-11-25T10:02:00Z");

    // Filtered on "awaiting": p1 leaves once paid.
    let awaiting = merge_rows(Some(PaymentState::Awaiting), &[&first], &updates);
    let ids: Vec<_> = awaiting.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p3", "p2"]);
}
