use leptos::prelude::*;
use wct_api::PaymentState;

/// Full-screen confirmation once the money is in.
#[component]
pub fn PaidScreen(
    #[prop(into)] state: Signal<PaymentState>,
    /// e.g. "50.00 USD".
    #[prop(into)]
    fiat: Signal<String>,
    /// e.g. "0.00052632 BTC".
    #[prop(into)]
    received: Signal<String>,
    #[prop(into)] excess: Signal<String>,
    /// Where the receipt is; none on the customer page.
    #[prop(optional, into)]
    receipt_href: Option<Signal<String>>,
    /// More for the cashier below the buttons (the refund panel).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let terminal = receipt_href.is_some();
    let overpaid = move || state.get() == PaymentState::Overpaid;
    view! {
        <div class="paid-screen" data-testid="paid-screen" role="status" aria-live="assertive">
            <div class="paid-inner">
                <div class="paid-check" aria-hidden="true">"✓"</div>
                <h1>{move || if overpaid() { "Paid (overpaid)" } else { "Paid" }}</h1>
                <p class="paid-amount big-number">{move || fiat.get()}</p>
                <p class="paid-received">"Received " <span class="mono">{move || received.get()}</span></p>
                {move || overpaid().then(|| view! {
                    <p class="paid-excess">"The customer sent "
                        <span class="mono" data-testid="excess-amount">{move || excess.get()}</span>
                        " too much."
                        {(!terminal).then_some(" The shop can refund the excess.")}
                    </p>
                })}
                {receipt_href.map(|href| view! {
                    <div class="paid-actions">
                        <a href="/" class="btn btn-primary btn-big" data-testid="new-charge">"New charge"</a>
                        <a href=move || href.get() class="btn btn-secondary btn-big" data-testid="receipt-link">"Receipt"</a>
                    </div>
                })}
                {children.map(|c| c())}
            </div>
        </div>
    }
}
