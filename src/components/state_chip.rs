use crate::i18n::{state_label, state_short, t};
use leptos::prelude::*;
use wct_api::PaymentState;

/// The state as a coloured chip; `data-state` carries the machine name.
#[component]
pub fn StateChip(
    #[prop(into)] state: Signal<PaymentState>,
    /// The test id (`payment-state` on payment screens, none in lists).
    #[prop(optional)]
    testid: Option<&'static str>,
    /// A word or two (lists), instead of the full label (a payment's own screen).
    #[prop(optional)]
    compact: bool,
    /// The shop kept the money that came after close: the chip says so instead of asking.
    #[prop(optional, into)]
    kept: MaybeProp<bool>,
) -> impl IntoView {
    let label = move || {
        let state = state.get();
        if kept.get().unwrap_or(false) {
            t("kept-as-payment")
        } else if compact {
            state_short(state)
        } else {
            state_label(state)
        }
    };
    view! {
        <span class=move || format!("chip chip-{}", state.get().as_str())
            data-testid=testid data-state=move || state.get().as_str()
            title=move || state_label(state.get())>
            {label}
        </span>
    }
}
