//! The customer's page (`/pay/:code`): public, no token. QR, amount, address, countdown and
//! live state — no merchant controls and, by construction, no personal data.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wct_api::pos::PublicPaymentView;
use wct_api::{Catalogue, PaymentState};

use crate::api::ApiError;
use crate::components::{
    BalanceBox, PaidScreen, QrCard, QuoteDetails, RefundList, SandboxNotice, SharePanel, StateChip,
};
use crate::hooks::{use_live_payment, LiveSource};
use crate::pages::payment::first_error;
use crate::session::use_prefs;

/// Why the link shows nothing, in the customer's words.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LinkError {
    #[error("This payment link is not valid.")]
    NotFound,
    #[error("{0}")]
    Api(ApiError),
}

impl From<ApiError> for LinkError {
    fn from(e: ApiError) -> Self {
        if e.status() == Some(404) {
            Self::NotFound
        } else {
            Self::Api(e)
        }
    }
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let live = use_live_payment(code, LiveSource::public());
    let invalid = |errors: ArcRwSignal<Errors>| {
        view! { <div class="card center"><p class="form-error" role="alert">{first_error(errors)}</p></div> }
    };
    let shown = move || {
        Suspend::new(async move {
            let first = live.resource.await.map_err(LinkError::from)?;
            let payment =
                Signal::derive(move || live.payment.get().unwrap_or_else(|| first.clone()));
            Ok::<_, LinkError>(view! { <PublicPayment payment=payment/> })
        })
    };
    view! {
        <section class="page customer-page" data-testid="customer-page">
            <Transition fallback=|| ()>
                <ErrorBoundary fallback=invalid>{shown}</ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The public receipt page of payment `code`, on this server.
fn receipt_url(code: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let path = format!("/pay/{}/receipt", js_sys::encode_uri_component(code));
    format!("{origin}{path}")
}

/// Renders a public view. Takes only `PublicPaymentView`, which has no personal fields.
#[component]
pub fn PublicPayment(#[prop(into)] payment: Signal<PublicPaymentView>) -> impl IntoView {
    let prefs = use_prefs();
    let state = Memo::new(move |_| payment.with(|p| p.state));
    let merchant = move || payment.with(|p| p.merchant.clone());
    // The public page cannot read the terminal's catalogue; the default one knows the URIs.
    let catalogue = Signal::derive(Catalogue::default);
    let locale = Signal::derive(move || prefs.locale.get());
    let fiat = Signal::derive(move || payment.with(|i| format!("{} {}", i.amount, i.asset)));
    let received =
        Signal::derive(move || payment.with(|i| format!("{} {}", i.received, i.pay_asset)));
    let excess = Signal::derive(move || payment.with(|i| format!("{} {}", i.excess, i.pay_asset)));
    // The customer's Paid screen covers the header: it names the shop and the time itself.
    let shop = Signal::derive(move || {
        payment.with(|p| {
            let when = prefs.locale.get().date_time(&p.updated_at);
            (p.merchant.clone(), format!("Paid {when}"))
        })
    });
    let open = Memo::new(move |_| state.get().is_open());
    let settled = Memo::new(move |_| state.get().is_settled());
    view! {
        <header class="customer-head">
            <p class="muted">"Payment to"</p>
            <h1>{merchant}</h1>
            <p>{move || payment.with(|i| i.description.clone())}</p>
            <StateChip state=state testid="payment-state"/>
            <RefundList refunds=Signal::derive(move || payment.with(|p| p.refunds.clone()))/>
        </header>
        {move || payment.with(|p| p.sandbox).then(|| view! { <SandboxNotice/> })}
        {move || (open.get()).then(|| view! {
            <BalanceBox info=payment/>
            <div class="pay-grid">
                <div class="pay-left"><QrCard info=payment catalogue=catalogue/></div>
                <div class="pay-right">
                    <QuoteDetails info=payment catalogue=catalogue locale=locale/>
                    <p class="muted small">"Scan the code with your wallet app, or copy the address and amount."</p>
                </div>
            </div>
        })}
        {move || (settled.get()).then(|| view! {
            <PaidScreen state=state fiat=fiat received=received excess=excess
                sandbox=Signal::derive(move || payment.with(|p| p.sandbox)) shop=shop/>
        })}
        {move || settled.get().then(|| {
            let link = receipt_url(&payment.with_untracked(|p| p.payment_code.clone()));
            let text = format!("Your receipt from {}", payment.with_untracked(|p| p.merchant.clone()));
            view! {
                // Over the full-screen "Paid": the customer's way to keep the receipt.
                <div class="receipt-sheet" data-testid="receipt-send">
                    <a class="btn btn-primary" data-testid="view-receipt" href=link.clone()>"View receipt"</a>
                    // The buttons send the link; the raw address itself is not for reading.
                    <SharePanel link=link text=text receipt=true hide_link=true/>
                </div>
            }
        })}
        {move || (!open.get() && !settled.get()).then(|| view! {
            <div class="card center">
                <p class="big-text">{move || match state.get() {
                    PaymentState::Expired => "This payment has expired. Ask the shop for a new one.",
                    PaymentState::Cancelled => "This payment was cancelled.",
                    PaymentState::Rejected => "This payment could not be set up. Ask the shop for a new one.",
                    PaymentState::Late => "Your money arrived after this payment was closed. The shop will refund or accept it.",
                    _ => "This payment was refunded.",
                }}</p>
                {move || payment.with(|p| p.alert.clone()).map(|a| view! {
                    <p class="alert-text" data-testid="payment-alert">{a}</p>
                })}
            </div>
        })}
    }
}
