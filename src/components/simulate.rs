//! Sandbox only: pretend to be the customer's wallet, for demos and tests.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use wct_api::money::{format_fixed, round_up};
use wct_api::pos::SandboxPay;

use crate::api;
use crate::model::PayInfo;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Simulated {
    Full,
    Partial,
    Over,
}

/// The amount the simulated customer sends: what is missing, half of it, or 1.5×.
pub fn simulated_amount(info: &PayInfo, decimals: u32, kind: Simulated) -> String {
    let missing = info.missing_dec();
    let due = if missing > Decimal::ZERO {
        missing
    } else {
        crate::model::dec(&info.pay_amount)
    };
    let amount = match kind {
        Simulated::Full => due,
        Simulated::Partial => {
            let half = (due / Decimal::TWO).trunc_with_scale(decimals);
            half.max(Decimal::new(1, decimals))
        }
        Simulated::Over => round_up(due * Decimal::new(15, 1), decimals),
    };
    format_fixed(amount, decimals)
}

#[component]
pub fn SimulatePanel(
    #[prop(into)] id: Signal<String>,
    #[prop(into)] info: Signal<PayInfo>,
    #[prop(into)] decimals: Signal<u32>,
    on_done: Callback<()>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let send = move |kind: Simulated| {
        let pay = SandboxPay {
            id: id.get_untracked(),
            amount: info.with_untracked(|i| simulated_amount(i, decimals.get_untracked(), kind)),
            confirmations: None,
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            if let Err(e) = api::sandbox_pay(&pay).await {
                error.set(Some(e.to_string()));
            }
            busy.set(false);
            on_done.run(());
        });
    };
    view! {
        <section class="card simulate" data-testid="simulate" aria-labelledby="simulate-title">
            <h2 id="simulate-title">"Sandbox · Simulate customer payment"</h2>
            <p class="muted">"Demo only: sends test coins from a pretend wallet."</p>
            <div class="simulate-buttons">
                <button type="button" class="btn btn-secondary" data-testid="simulate-full"
                    disabled=move || busy.get() on:click=move |_| send(Simulated::Full)>"Pay in full"</button>
                <button type="button" class="btn btn-secondary" data-testid="simulate-partial"
                    disabled=move || busy.get() on:click=move |_| send(Simulated::Partial)>"Pay half"</button>
                <button type="button" class="btn btn-secondary" data-testid="simulate-over"
                    disabled=move || busy.get() on:click=move |_| send(Simulated::Over)>"Overpay ×1.5"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}
