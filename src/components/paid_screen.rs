use leptos::prelude::*;
use wct_api::PaymentState;

use crate::components::TestMark;
use crate::i18n::t;
use crate::session::use_session;

/// Full-screen confirmation once the money is in. It covers the header (and its SANDBOX
/// badge), so it carries its own test mark. The cashier's and the customer's look different
/// on purpose: the cashier's says "Counter" and has the next actions, the customer's thanks
/// them by the shop's name and says when they paid.
#[component]
pub fn PaidScreen(
    #[prop(into)] state: Signal<PaymentState>,
    /// e.g. "50.00 USD".
    #[prop(into)]
    fiat: Signal<String>,
    /// e.g. "0.00052632 BTC".
    #[prop(into)]
    received: Signal<String>,
    /// e.g. "0.0001 BTC (≈ 10.00 USD)".
    #[prop(into)]
    excess: Signal<String>,
    /// The excess has gone back (or is on its way): the message says so, and refunding it
    /// is no longer the main action.
    #[prop(optional, into)]
    excess_back: MaybeProp<bool>,
    /// Where the receipt is; none on the customer page.
    #[prop(optional, into)]
    receipt_href: Option<Signal<String>>,
    /// A sandbox payment; when not given, whether this terminal's service is the sandbox.
    #[prop(optional, into)]
    sandbox: Option<Signal<bool>>,
    /// The customer's view: the shop's name and when they paid (formatted).
    #[prop(optional, into)]
    shop: Option<Signal<(String, String)>>,
    /// More for the cashier below the buttons (the refund panel).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let terminal = receipt_href.is_some();
    let session = use_session();
    let sandbox = sandbox.unwrap_or_else(|| Signal::derive(move || session.is_sandbox()));
    let counter = move || {
        session
            .terminal
            .with(|t| t.as_ref().map(|t| t.name.clone()))
            .unwrap_or_default()
    };
    let overpaid = move || state.get() == PaymentState::Overpaid;
    let back = move || excess_back.get().unwrap_or(false);
    // Overpaid at the till: refunding the excess comes first, a new sale second.
    let new_charge_class = move || {
        if overpaid() && !back() {
            "btn btn-secondary btn-big"
        } else {
            "btn btn-primary btn-big"
        }
    };
    view! {
        <div class="paid-screen" class:paid-customer=!terminal data-testid="paid-screen"
            data-audience=if terminal { "cashier" } else { "customer"} role="status" aria-live="assertive">
            <div class="paid-inner">
                {move || sandbox.get().then(|| view! { <TestMark/> })}
                {terminal.then(|| view! {
                    <p class="paid-role" data-testid="paid-role">{t("paid-counter")} " · " {counter}</p>
                })}
                {shop.map(|shop| view! {
                    <p class="paid-shop" data-testid="paid-shop">{move || shop.with(|s| s.0.clone())}</p>
                })}
                <div class="paid-check" aria-hidden="true">"✓"</div>
                <h1>{move || if overpaid() { t("paid-overpaid") } else { t("paid") }}</h1>
                <p class="paid-amount big-number">{move || fiat.get()}</p>
                <p class="paid-received">{t("received")} " " <span class="mono">{move || received.get()}</span></p>
                {shop.map(|shop| view! {
                    <p class="paid-thanks">{t("paid-thanks")}</p>
                    <p class="paid-when small" data-testid="paid-when">{move || shop.with(|s| s.1.clone())}</p>
                })}
                {move || overpaid().then(|| if back() {
                    view! {
                        <p class="paid-excess" data-testid="excess-back">{t("paid-excess-back")} " "
                            <span class="mono" data-testid="excess-amount">{move || excess.get()}</span>
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p class="paid-excess">{t("paid-excess")} " "
                            <span class="mono" data-testid="excess-amount">{move || excess.get()}</span>
                            {(!terminal).then(|| format!(" {}", t("paid-excess-shop-refunds")))}
                        </p>
                    }.into_any()
                })}
                {receipt_href.map(|href| view! {
                    <div class="paid-actions">
                        <a href="/" class=new_charge_class data-testid="new-charge">{t("new-charge")}</a>
                        <a href=move || href.get() class="btn btn-secondary btn-big" data-testid="receipt-link">{t("receipt")}</a>
                    </div>
                })}
                {children.map(|c| c())}
            </div>
        </div>
    }
}
