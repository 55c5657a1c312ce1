//! The customer's page (`/pay/:code`): public, no token. QR, amount, address, countdown and
//! live state — no merchant controls and, by construction, no personal data.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use wct_api::pos::{PublicPaymentEvent, PublicPaymentView};
use wct_api::{Catalogue, PaymentState};

use crate::api;
use crate::components::{BalanceBox, PaidScreen, QrCard, QuoteDetails, StateChip};
use crate::hooks::use_event_stream;
use crate::model::PayInfo;
use crate::session::use_prefs;

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let payment = RwSignal::new(None::<PublicPaymentView>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        let code = code.get_untracked();
        spawn_local(async move {
            match api::public_payment(&code).await {
                Ok(v) => {
                    error.set(None);
                    payment.set(Some(v));
                }
                Err(e) if e.status() == Some(404) => {
                    error.set(Some("This payment link is not valid.".into()))
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    Effect::new(move |_| {
        code.track();
        load();
    });
    let url = Signal::derive(move || Some(api::public_events_url(&code.get())));
    use_event_stream(
        url,
        move |data| match crate::json::from_str::<PublicPaymentEvent>(&data) {
            Ok(ev) => payment.set(Some(ev.payment)),
            Err(_) => load(),
        },
        load,
    );
    view! {
        <section class="page customer-page" data-testid="customer-page">
            {move || error.get().filter(|_| payment.with(Option::is_none)).map(|e| view! {
                <div class="card center"><p class="form-error" role="alert">{e}</p></div>
            })}
            {move || payment.with(Option::is_some).then(|| view! {
                <PublicPayment payment=Signal::derive(move || payment.get())/>
            })}
        </section>
    }
}

/// Renders a public view. Takes only `PublicPaymentView`, which has no personal fields.
#[component]
pub fn PublicPayment(#[prop(into)] payment: Signal<Option<PublicPaymentView>>) -> impl IntoView {
    let prefs = use_prefs();
    let info =
        Memo::new(move |_| payment.with(|p| p.as_ref().map(PayInfo::from).unwrap_or_default()));
    let state = Memo::new(move |_| info.with(|i| i.state));
    let merchant =
        move || payment.with(|p| p.as_ref().map(|p| p.merchant.clone()).unwrap_or_default());
    // The public page cannot read the terminal's catalogue; the default one knows the URIs.
    let catalogue = Signal::derive(Catalogue::default);
    let locale = Signal::derive(move || prefs.locale.get());
    let fiat = Signal::derive(move || info.with(|i| format!("{} {}", i.amount, i.asset)));
    let received = Signal::derive(move || info.with(|i| format!("{} {}", i.received, i.pay_asset)));
    let excess = Signal::derive(move || info.with(|i| format!("{} {}", i.excess, i.pay_asset)));
    let open = Memo::new(move |_| state.get().is_open());
    let settled = Memo::new(move |_| state.get().is_settled());
    view! {
        <header class="customer-head">
            <p class="muted">"Payment to"</p>
            <h1>{merchant}</h1>
            <p>{move || info.with(|i| i.description.clone())}</p>
            <StateChip state=state testid="payment-state"/>
        </header>
        <Show when=move || open.get()>
            <BalanceBox info=info/>
            <div class="pay-grid">
                <div class="pay-left"><QrCard info=info catalogue=catalogue/></div>
                <div class="pay-right">
                    <QuoteDetails info=info catalogue=catalogue locale=locale/>
                    <p class="muted small">"Scan the code with your wallet app, or copy the address and amount."</p>
                </div>
            </div>
        </Show>
        <Show when=move || settled.get()>
            <PaidScreen state=state fiat=fiat received=received excess=excess/>
        </Show>
        <Show when=move || !open.get() && !settled.get()>
            <div class="card center">
                <p class="big-text">{move || match state.get() {
                    PaymentState::Expired => "This payment has expired. Ask the shop for a new one.",
                    PaymentState::Cancelled => "This payment was cancelled.",
                    _ => "This payment was refunded.",
                }}</p>
            </div>
        </Show>
    }
}
