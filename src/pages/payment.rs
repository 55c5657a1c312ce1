//! One payment, live: QR and amounts while open, the remainder when underpaid, a full-screen
//! confirmation when paid. Everything comes from the server by id, so a reload resumes.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use wct_api::pos::{PaymentEvent, PaymentView};
use wct_api::PaymentState;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{
    BalanceBox, CancelPayment, PaidScreen, QrCard, QuoteDetails, SharePanel, SimulatePanel,
    StateChip,
};
use crate::hooks::{use_clock, use_countdown, use_event_stream, use_wake_lock};
use crate::model::PayInfo;
use crate::session::{use_prefs, use_session};

/// How long "Price updated" stays up after a re-quote.
const PRICE_NOTICE: Duration = Duration::from_secs(6);
/// Seconds between refresh attempts while a quote stays expired.
const REFRESH_RETRY_SECS: i64 = 3;

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

/// Holds one payment and applies updates: a read of an older quote never replaces a newer one.
#[derive(Debug, Clone, Copy)]
pub struct LivePayment {
    pub view: RwSignal<Option<PaymentView>>,
    pub price_updated: RwSignal<bool>,
}

impl LivePayment {
    pub fn new() -> Self {
        Self {
            view: RwSignal::new(None),
            price_updated: RwSignal::new(false),
        }
    }

    pub fn apply(&self, next: PaymentView) {
        // A read and an event can cross on the wire: a read taken just before a payment
        // arrived must not undo the event that reported it (states only move forward).
        let stale = self.view.with_untracked(|v| {
            v.as_ref().is_some_and(|cur| {
                next.quote_version < cur.quote_version
                    || next.updated_at < cur.updated_at
                    || (next.quote_version == cur.quote_version
                        && next.state != cur.state
                        && !cur.state.can_move_to(next.state))
            })
        });
        if stale {
            return;
        }
        let current = self
            .view
            .with_untracked(|v| v.as_ref().map(|v| v.quote_version));
        if current.is_some_and(|q| next.quote_version > q) {
            let notice = self.price_updated;
            notice.set(true);
            set_timeout(
                move || {
                    notice.try_set(false);
                },
                PRICE_NOTICE,
            );
        }
        self.view.set(Some(next));
    }
}

impl Default for LivePayment {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn PaymentPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let session = use_session();
    let live = LivePayment::new();
    let error = RwSignal::new(None::<String>);

    let load = move || {
        let id = id.get_untracked();
        spawn_local(async move {
            match api::payment(&id).await {
                Ok(v) => {
                    error.set(None);
                    live.apply(v);
                }
                Err(e) if e.status() == Some(404) => {
                    error.set(Some("This payment does not exist.".into()))
                }
                Err(ApiError::Network) if live.view.with_untracked(Option::is_some) => {}
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    Effect::new(move |_| {
        id.track();
        live.view.set(None);
        load();
    });
    let url = Signal::derive(move || {
        session
            .token
            .get()
            .map(|t| api::payment_events_url(&id.get(), &t))
    });
    use_event_stream(
        url,
        move |data| match crate::json::from_str::<PaymentEvent>(&data) {
            Ok(ev) if ev.payment.id == id.get_untracked() => live.apply(ev.payment),
            _ => load(),
        },
        load,
    );
    view! {
        <section class="page payment">
            {move || error.get().filter(|_| live.view.with(Option::is_none)).map(|e| view! {
                <div class="card center">
                    <h1>"Payment unavailable"</h1>
                    <p class="form-error" role="alert">{e}</p>
                    <a class="btn btn-primary" href="/">"New charge"</a>
                </div>
            })}
            <Show when=move || live.view.with(Option::is_some)
                fallback=move || error.with(Option::is_none).then(|| view! {
                    <div class="card center loading" aria-busy="true">"Loading the payment…"</div>
                })>
                <PaymentLive live=live id=id/>
            </Show>
        </section>
    }
}

#[component]
pub fn PaymentLive(live: LivePayment, #[prop(into)] id: Signal<String>) -> impl IntoView {
    let session = use_session();
    let prefs = use_prefs();
    let clock = use_clock();
    let info = Memo::new(move |_| {
        live.view
            .with(|v| v.as_ref().map(PayInfo::from).unwrap_or_default())
    });
    let state = Memo::new(move |_| info.with(|i| i.state));
    let screen = Memo::new(move |_| Screen::of(state.get()));
    let catalogue = Signal::derive(move || session.catalogue.get().unwrap_or_default());
    let locale = Signal::derive(move || prefs.locale.get());

    use_wake_lock(Signal::derive(move || state.get().is_open()));

    // Paid while the screen was open: a beep and a buzz, if the cashier wants them.
    Effect::new(move |prev: Option<PaymentState>| {
        let now = state.get();
        if prev.is_some_and(|p| p.is_open()) && now.is_settled() && prefs.sound.get_untracked() {
            browser::beep();
            browser::vibrate(200);
        }
        now
    });

    // At expiry, ask for a new quote (again every few seconds until one arrives).
    let countdown = use_countdown(Signal::derive(move || info.with(|i| i.expires_at)));
    let last_try = StoredValue::new(i64::MIN);
    Effect::new(move |_| {
        let awaiting_money = matches!(
            state.get(),
            PaymentState::Awaiting | PaymentState::Underpaid
        );
        let now = clock.now.get();
        if countdown.expired.get()
            && awaiting_money
            && now.saturating_sub(last_try.get_value()) >= REFRESH_RETRY_SECS
        {
            last_try.set_value(now);
            let id = id.get_untracked();
            spawn_local(async move {
                if let Ok(v) = api::refresh_payment(&id).await {
                    live.apply(v);
                }
            });
        }
    });

    let reload = Callback::new(move |_| {
        let id = id.get_untracked();
        spawn_local(async move {
            if let Ok(v) = api::payment(&id).await {
                live.apply(v);
            }
        });
    });
    let fiat = Signal::derive(move || {
        info.with(|i| {
            let d = catalogue.with(|c| c.decimals_of(&i.asset)).unwrap_or(2);
            format!("{} {}", locale.get().format_str(&i.amount, d), i.asset)
        })
    });
    let received = Signal::derive(move || info.with(|i| format!("{} {}", i.received, i.pay_asset)));
    let excess = Signal::derive(move || info.with(|i| format!("{} {}", i.excess, i.pay_asset)));
    let receipt = Signal::derive(move || format!("/payments/{}/receipt", id.get()));
    view! {
        <div class="payment-head">
            <StateChip state=state testid="payment-state"/>
            <h1 class="payment-title">{move || info.with(|i| i.description.clone())}</h1>
            <p class="muted mono">{move || live.view.with(|v| v.as_ref().map(|v| v.reference.clone()))}</p>
        </div>
        <Show when=move || live.price_updated.get()>
            <p class="notice" data-testid="price-updated" role="status">
                "Price updated — the amount and QR below are new."
            </p>
        </Show>
        {move || match screen.get() {
            Screen::Open => view! {
                <OpenPayment live=live id=id info=info catalogue=catalogue locale=locale reload=reload/>
            }.into_any(),
            Screen::Settled => view! {
                <PaidScreen state=state fiat=fiat received=received excess=excess receipt_href=receipt/>
            }.into_any(),
            Screen::Closed => view! {
                <div class="card center closed">
                    <p class="big-text">{move || closed_text(state.get())}</p>
                    <p class="muted">{move || {
                        if info.with(|i| i.received_dec().is_zero()) {
                            fiat.get()
                        } else {
                            format!("{} · received {}", fiat.get(), received.get())
                        }
                    }}</p>
                    <div class="actions">
                        <a href="/" class="btn btn-primary btn-big" data-testid="new-charge">"New charge"</a>
                        <a href=move || receipt.get() class="btn btn-secondary btn-big" data-testid="receipt-link">"Receipt"</a>
                    </div>
                </div>
            }.into_any(),
        }}
    }
}

fn closed_text(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Expired => "This payment expired before it was paid.",
        PaymentState::Cancelled => "This payment was cancelled.",
        PaymentState::Refunded => "This payment was refunded.",
        _ => "This payment is closed.",
    }
}

#[component]
fn OpenPayment(
    live: LivePayment,
    id: Signal<String>,
    info: Memo<PayInfo>,
    catalogue: Signal<wct_api::Catalogue>,
    locale: Signal<crate::locale::Locale>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let pending = move || info.with(|i| i.state == PaymentState::Pending);
    let confirmations = move || {
        live.view
            .with(|v| v.as_ref().map_or(0, |v| v.confirmations))
    };
    let link = Signal::derive(move || {
        live.view
            .with(|v| v.as_ref().map(|v| v.link.clone()).unwrap_or_default())
    });
    let share_text = Signal::derive(move || {
        info.with(|i| format!("Pay {} {} for {}", i.due(), i.pay_asset, i.description))
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
                <Show when=pending>
                    <p class="card pending-note" role="status">
                        "Payment seen on the network — waiting for confirmations ("
                        {confirmations} ")."
                    </p>
                </Show>
                <QuoteDetails info=info catalogue=catalogue locale=locale/>
                <div class="card">
                    <SharePanel link=link text=share_text/>
                </div>
                <CancelPayment id=id on_done=reload/>
                <Show when=move || session.is_sandbox()>
                    <SimulatePanel id=id info=info decimals=decimals on_done=reload/>
                </Show>
            </div>
        </div>
    }
}
