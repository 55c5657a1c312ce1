//! Sandbox only: pretend to be the customer's wallet, for demos and tests.

use leptos::prelude::*;
use rust_decimal::Decimal;
use wct_api::money::{format_fixed, round_up};
use wct_api::pos::{PublicPaymentView, SandboxPay};

use crate::api::use_api;
use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Simulated {
    Full,
    Partial,
    Over,
}

/// The amount the simulated customer sends: what is missing, half of it, or 1.5×.
pub fn simulated_amount(view: &PublicPaymentView, decimals: u32, kind: Simulated) -> String {
    let missing = view.missing_amount();
    let due = if missing > Decimal::ZERO {
        missing
    } else {
        wct_api::money::parse_non_negative(&view.pay_amount, wct_api::money::MAX_PRECISION)
            .unwrap_or_default()
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
    #[prop(into)] info: Signal<PublicPaymentView>,
    #[prop(into)] decimals: Signal<u32>,
    /// Runs after each simulated payment, so the screen shows the outcome.
    on_done: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let send = Action::new_local(move |pay: &SandboxPay| {
        let pay = pay.clone();
        async move {
            let result = api.sandbox_pay(&pay).await;
            on_done.run(());
            result
        }
    });
    let busy = send.pending();
    let error = move || {
        send.value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
    };
    let simulate = move |kind: Simulated| {
        send.dispatch_local(SandboxPay {
            id: id.get_untracked(),
            amount: info.with_untracked(|i| simulated_amount(i, decimals.get_untracked(), kind)),
            confirmations: None,
        });
    };
    view! {
        <section class="card simulate" data-testid="simulate" aria-labelledby="simulate-title">
            <h2 id="simulate-title">{t("simulate-title")}</h2>
            <p class="muted">{t("simulate-text")}</p>
            <div class="simulate-buttons">
                <button type="button" class="btn btn-secondary" data-testid="simulate-full"
                    disabled=move || busy.get() on:click=move |_| simulate(Simulated::Full)>{t("simulate-full")}</button>
                <button type="button" class="btn btn-secondary" data-testid="simulate-partial"
                    disabled=move || busy.get() on:click=move |_| simulate(Simulated::Partial)>{t("simulate-half")}</button>
                <button type="button" class="btn btn-secondary" data-testid="simulate-over"
                    disabled=move || busy.get() on:click=move |_| simulate(Simulated::Over)>{t("simulate-over")}</button>
            </div>
            {error}
        </section>
    }
}
