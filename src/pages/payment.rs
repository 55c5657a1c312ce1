//! One payment, live: QR and amounts while open, the remainder when underpaid, a full-screen
//! confirmation when paid. Everything comes from the server by id, so a reload resumes.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wct_api::pos::{PaymentView, PublicPaymentView};
use wct_api::PaymentState;

use crate::api::{use_api, ApiError};
use crate::browser::sound;
use crate::components::quote::price_text;
use crate::components::{
    BalanceBox, CancelPayment, KeepPayment, PaidScreen, QrCard, QuoteDetails, RefundPanel,
    SandboxNotice, SharePanel, SimulatePanel, StateChip,
};
use crate::hooks::{use_live_payment, use_wake_lock, LiveSource};
use crate::i18n::{t, ta, Arg};
use crate::session::{use_prefs, use_session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Open,
    Settled,
    Closed,
}

impl Screen {
    fn of(state: PaymentState) -> Self {
        if state.is_open() {
            Self::Open
        } else if state.is_settled() {
            Self::Settled
        } else {
            Self::Closed
        }
    }
}

/// Why a payment could not be shown, in the cashier's words.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    #[error("{}", t("payment-not-found"))]
    NotFound,
    #[error("{0}")]
    Api(ApiError),
}

impl From<ApiError> for LoadError {
    fn from(e: ApiError) -> Self {
        if e.status() == Some(404) {
            Self::NotFound
        } else {
            Self::Api(e)
        }
    }
}

/// The first error an `<ErrorBoundary>` caught, as text.
pub fn first_error(errors: ArcRwSignal<Errors>) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        errors.with(|e| {
            e.iter()
                .next()
                .map(|(_, e)| e.to_string())
                .unwrap_or_default()
        })
    }
}

#[component]
pub fn PaymentPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let live = use_live_payment(id, LiveSource::terminal(use_api()));
    let reload = Callback::new(move |_| live.reload());
    let loading = || {
        view! { <div class="card center loading" aria-busy="true">{t("payment-loading")}</div> }
    };
    let unavailable = |errors: ArcRwSignal<Errors>| {
        view! {
            <div class="card center">
                <h1>{t("payment-unavailable")}</h1>
                <p class="form-error" role="alert">{first_error(errors)}</p>
                <a class="btn btn-primary" href="/">{t("new-charge")}</a>
            </div>
        }
    };
    let shown = move || {
        Suspend::new(async move {
            let first = live.resource.await.map_err(LoadError::from)?;
            let payment =
                Signal::derive(move || live.payment.get().unwrap_or_else(|| first.clone()));
            Ok::<_, LoadError>(view! {
                <PaymentLive payment=payment price_updated=live.price_updated reload=reload/>
            })
        })
    };
    // Whether updates arrive by the event stream or by polling (tests and support read it).
    let stream = move || if live.live.get() { "live" } else { "polling" };
    view! {
        <section class="page payment" data-testid="payment-page" data-stream=stream>
            <Transition fallback=loading>
                <ErrorBoundary fallback=unavailable>{shown}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
pub fn PaymentLive(
    #[prop(into)] payment: Signal<PaymentView>,
    #[prop(into)] price_updated: Signal<bool>,
    /// Reads the payment again (after a cancel or a simulated payment).
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let prefs = use_prefs();
    let info = Memo::new(move |_| payment.with(|p| PublicPaymentView::from_view(p, "")));
    let state = Memo::new(move |_| payment.with(|p| p.state));
    let screen = Memo::new(move |_| Screen::of(state.get()));
    let id = Memo::new(move |_| payment.with(|p| p.id.clone()));
    let catalogue = Signal::derive(move || session.catalogue.get().unwrap_or_default());
    let locale = Signal::derive(move || prefs.locale.get());

    use_wake_lock(Signal::derive(move || state.get().is_open()));

    // Paid while the screen was open: a beep and a buzz, if the cashier wants them.
    Effect::new(move |prev: Option<PaymentState>| {
        let now = state.get();
        if prev.is_some_and(|p| p.is_open()) && now.is_settled() && prefs.sound.get_untracked() {
            sound::beep();
            sound::vibrate(200);
        }
        now
    });

    let fiat = Signal::derive(move || {
        info.with(|i| {
            let d = session.catalogue.with(|c| i.fiat_decimals(c.as_ref()));
            price_text(i, locale.get(), d)
        })
    });
    let received = Signal::derive(move || info.with(|i| format!("{} {}", i.received, i.pay_asset)));
    // A crypto amount's rough worth in the sale's currency, at the quote's rate.
    let fiat_of = Callback::new(move |crypto: rust_decimal::Decimal| {
        info.with(|i| {
            let d = session.catalogue.with(|c| i.fiat_decimals(c.as_ref()));
            i.fiat_value(crypto)
                .map(|v| format!("{} {}", locale.get().format(v, d), i.asset))
        })
    });
    let excess = Signal::derive(move || {
        info.with(|i| {
            let crypto = format!("{} {}", i.excess, i.pay_asset);
            let excess =
                wct_api::money::parse_non_negative(&i.excess, wct_api::money::MAX_PRECISION)
                    .unwrap_or_default();
            match fiat_of.run(excess) {
                Some(f) => format!("{crypto} (≈ {f})"),
                None => crypto,
            }
        })
    });
    // Refunds that went back or are on their way cover the excess.
    let excess_back = Signal::derive(move || {
        payment.with(|p| {
            let excess =
                wct_api::money::parse_non_negative(&p.excess, wct_api::money::MAX_PRECISION)
                    .unwrap_or_default();
            !excess.is_zero() && wct_api::refund::reserved(&p.refunds) >= excess
        })
    });
    let receipt = Signal::derive(move || format!("/payments/{}/receipt", id.get()));
    // A late payment's alert is what its banner says already.
    let alert = move || {
        payment
            .with(|p| p.alert.clone().filter(|_| p.state != PaymentState::Late))
            .map(|a| view! { <p class="alert-text" data-testid="payment-alert">{a}</p> })
    };
    let closed = move || {
        view! {
            <div class="card center closed">
                <p class="big-text">{move || closed_text(state.get())}</p>
                {alert}
                <p class="muted">{move || {
                    if info.with(|i| i.received_amount().is_zero()) {
                        fiat.get()
                    } else {
                        ta("payment-closed-received", &[("price", Arg::Text(&fiat.get())), ("received", Arg::Text(&received.get()))])
                    }
                }}</p>
                <div class="actions">
                    <a href="/" class="btn btn-primary btn-big" data-testid="new-charge">{t("new-charge")}</a>
                    <a href=move || receipt.get() class="btn btn-secondary btn-big" data-testid="receipt-link">{t("receipt")}</a>
                </div>
                <RefundPanel payment=payment on_done=reload/>
            </div>
        }
    };
    view! {
        <div class="payment-head">
            <StateChip state=state testid="payment-state" kept=Signal::derive(move || payment.with(PaymentView::is_kept))/>
            <h1 class="payment-title">{move || payment.with(|p| p.description.clone())}</h1>
            <p class="muted mono">{move || payment.with(|p| p.reference.clone())}</p>
        </div>
        {move || payment.with(|p| p.sandbox).then(|| view! { <SandboxNotice/> })}
        <LateBanner payment=payment info=info fiat_of=fiat_of reload=reload/>
        {move || (price_updated.get()).then(|| view! {
            <p class="notice" data-testid="price-updated" role="status">
                {t("payment-price-updated")}
            </p>
        })}
        {move || (screen.get() == Screen::Open).then(|| view! {
            <OpenPayment payment=payment info=info catalogue=catalogue locale=locale reload=reload/>
        })}
        {move || (screen.get() == Screen::Settled).then(|| view! {
            <PaidScreen state=state fiat=fiat received=received excess=excess excess_back=excess_back receipt_href=receipt>
                <RefundPanel payment=payment on_done=reload/>
            </PaidScreen>
        })}
        {move || (screen.get() == Screen::Closed).then(|| view! {{closed}})}
    }
}

fn closed_text(state: PaymentState) -> String {
    t(match state {
        PaymentState::Expired => "payment-closed-expired",
        PaymentState::Cancelled => "payment-closed-cancelled",
        PaymentState::Refunded => "payment-closed-refunded",
        PaymentState::Rejected => "payment-closed-rejected",
        PaymentState::Late => "payment-closed-late",
        _ => "payment-closed",
    })
}

/// "Money arrived after this payment was cancelled" (or expired, or closed): one sentence
/// per case, since languages inflect the participle differently.
pub fn late_title(closed_as: Option<PaymentState>) -> String {
    late_title_in(closed_as, crate::i18n::current())
}

/// [`late_title`] in `lang` (a printed receipt's).
pub fn late_title_in(closed_as: Option<PaymentState>, lang: crate::i18n::Lang) -> String {
    let id = match closed_as {
        Some(PaymentState::Expired) => "late-title-expired",
        Some(PaymentState::Cancelled) => "late-title-cancelled",
        _ => "late-title-closed",
    };
    crate::i18n::text_in(lang, id, &[])
}

/// Money that sits on a closed payment (late, or a part-payment of one that expired or was
/// cancelled): what came in, roughly what it is worth, and the two decisions side by side:
/// keep it as payment, or refund it. Once kept, says so and when.
#[component]
pub fn LateBanner(
    #[prop(into)] payment: Signal<PaymentView>,
    #[prop(into)] info: Signal<PublicPaymentView>,
    #[prop(into)] fiat_of: Callback<rust_decimal::Decimal, Option<String>>,
    reload: Callback<()>,
) -> impl IntoView {
    let closed_as = move || {
        info.with(|i| {
            if i.state == PaymentState::Late {
                late_title(i.closed_as)
            } else {
                late_title(Some(i.state))
            }
        })
    };
    let received = move || info.with(|i| format!("{} {}", i.received, i.pay_asset));
    let worth = move || {
        info.with(|i| fiat_of.run(i.received_amount()))
            .map(|f| format!(" (≈ {f})"))
    };
    let decide = move || payment.with(PaymentView::awaits_keep_or_refund);
    let prefs = use_prefs();
    let kept = move || payment.with(|p| p.is_kept().then(|| p.kept.clone()).flatten());
    view! {
        {move || decide().then(|| view! {
            <div class="late-banner" data-testid="late-banner" role="alert">
                <p class="late-title">{closed_as}</p>
                <p>{t("received")} " " <span class="mono" data-testid="late-received">{received}</span>
                    {worth} ". " {t("late-decide")}</p>
                <KeepPayment payment=payment on_done=reload/>
            </div>
        })}
        {move || kept().map(|k| view! {
            <p class="notice kept-note" data-testid="kept-note" role="status">
                {t("kept-as-payment")} ": " <span class="mono">{received}</span>
                " (" {prefs.locale.get_untracked().short_date_time(&k.at)} ")."
            </p>
        })}
    }
}

#[component]
fn OpenPayment(
    payment: Signal<PaymentView>,
    info: Memo<PublicPaymentView>,
    catalogue: Signal<wct_api::Catalogue>,
    locale: Signal<crate::locale::Locale>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let id = Signal::derive(move || payment.with(|p| p.id.clone()));
    let pending = move || info.with(|i| i.state == PaymentState::Pending);
    let confirmations = move || payment.with(|p| p.confirmations);
    let link = Signal::derive(move || payment.with(|p| p.link.clone()));
    let share_text = Signal::derive(move || {
        info.with(|i| {
            ta(
                "share-pay-text",
                &[
                    ("amount", Arg::Text(&format!("{} {}", i.due(), i.pay_asset))),
                    ("description", Arg::Text(&i.description)),
                ],
            )
        })
    });
    let decimals = Signal::derive(move || {
        info.with(|i| catalogue.with(|c| c.decimals_of(&i.pay_asset)).unwrap_or(8))
    });
    view! {
        <BalanceBox info=info/>
        <div class="pay-grid">
            <div class="pay-left">
                <QrCard info=info catalogue=catalogue/>
            </div>
            <div class="pay-right">
                {move || pending().then(|| view! {
                    <p class="card pending-note" role="status">
                        {move || ta("payment-pending", &[("confirmations", Arg::Count(i64::from(confirmations())))])}
                    </p>
                })}
                <QuoteDetails info=info catalogue=catalogue locale=locale/>
                <div class="card">
                    <SharePanel link=link text=share_text/>
                </div>
                // Only a payment with nothing received can be cancelled (the proxy asks WCT Pay
                // first); one with money is refunded or kept instead.
                {move || info.with(|i| i.state == PaymentState::Awaiting).then(|| view! {
                    <CancelPayment id=id on_done=reload/>
                })}
                <RefundPanel payment=payment on_done=reload/>
                {move || (session.is_sandbox()).then(|| view! {
                    <SimulatePanel id=id info=info decimals=decimals on_done=reload/>
                })}
            </div>
        </div>
    }
}
