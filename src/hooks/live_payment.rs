//! One payment, live: the first load as a `LocalResource` (for `<Transition>` and
//! `<ErrorBoundary>`), then the event stream, a re-quote at expiry and polling whenever the
//! stream is not live. Used by the payment, customer and receipt screens alike.
//!
//! Every source (load, poll, re-quote, event) can answer late, so what is shown is derived:
//! the newest payment any of them reported, where an older read never replaces a newer one.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wct_api::pos::{PaymentEvent, PaymentView, PublicPaymentEvent, PublicPaymentView};
use wct_api::PaymentState;

use super::event_stream::{use_event_stream, StreamHandlers};
use super::use_clock;
use crate::api::{self, Api, ApiError};

/// How long "Price updated" stays up after a re-quote, in seconds.
pub const PRICE_NOTICE_SECS: i64 = 6;
/// Seconds between re-quote attempts while a quote stays expired.
pub const REFRESH_RETRY_SECS: i64 = 3;

/// A payment as one of the live screens reads it.
pub trait LiveView: Clone + PartialEq + Send + Sync + DeserializeOwned + 'static {
    /// What identifies it in the URL (`id` for the terminal, `payment_code` for the public).
    fn key(&self) -> &str;
    fn state(&self) -> PaymentState;
    fn quote_version(&self) -> u32;
    fn updated_at(&self) -> &str;
    fn expires_at(&self) -> &str;
    /// The payment carried by a stream event's data.
    fn from_stream(data: &str) -> Option<Self>;
}

impl LiveView for PaymentView {
    fn key(&self) -> &str {
        &self.id
    }
    fn state(&self) -> PaymentState {
        self.state
    }
    fn quote_version(&self) -> u32 {
        self.quote_version
    }
    fn updated_at(&self) -> &str {
        &self.updated_at
    }
    fn expires_at(&self) -> &str {
        &self.expires_at
    }
    fn from_stream(data: &str) -> Option<Self> {
        crate::json::from_str::<PaymentEvent>(data)
            .ok()
            .map(|e| e.payment)
    }
}

impl LiveView for PublicPaymentView {
    fn key(&self) -> &str {
        &self.payment_code
    }
    fn state(&self) -> PaymentState {
        self.state
    }
    fn quote_version(&self) -> u32 {
        self.quote_version
    }
    fn updated_at(&self) -> &str {
        &self.updated_at
    }
    fn expires_at(&self) -> &str {
        &self.expires_at
    }
    fn from_stream(data: &str) -> Option<Self> {
        crate::json::from_str::<PublicPaymentEvent>(data)
            .ok()
            .map(|e| e.payment)
    }
}

/// Whether `next` may replace `current`: the same payment, and not older. A read and an event
/// can cross on the wire: a read taken just before money arrived must not undo the event that
/// reported it (states only move forward), nor an old quote replace a new one.
pub fn supersedes<T: LiveView>(current: &T, next: &T) -> bool {
    if current.key() != next.key() {
        return false;
    }
    let (cur_q, next_q) = (current.quote_version(), next.quote_version());
    // RFC 3339 instants in UTC with the same format compare as text.
    let older = next_q < cur_q || next.updated_at() < current.updated_at();
    let backwards = next_q == cur_q
        && next.state() != current.state()
        && !current.state().can_move_to(next.state());
    !(older || backwards)
}

/// The newest of `current` and the candidates, for the payment keyed `key`.
pub fn newest<T: LiveView>(key: &str, current: Option<&T>, candidates: &[Option<&T>]) -> Option<T> {
    let mut best = current.filter(|c| c.key() == key);
    for next in candidates.iter().flatten() {
        if next.key() != key {
            continue;
        }
        if best.is_none_or(|b| supersedes(b, next)) {
            best = Some(next);
        }
    }
    best.cloned()
}

pub type Load<T> = Rc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<T, ApiError>>>>>;

/// The event stream's URL for a key (none: no stream, polling only).
pub type EventsUrl = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Which payment and quote version is shown: `(key, quote_version)`.
type Quote = Option<(String, u32)>;

/// Where a live payment comes from.
pub struct LiveSource<T> {
    pub load: Load<T>,
    /// Asks for a new quote once the current one expired (the terminal only).
    pub refresh: Option<Load<T>>,
    /// The payment's event stream, when there is one.
    pub events_url: EventsUrl,
}

impl LiveSource<PaymentView> {
    /// The terminal's view, through its authenticated API.
    pub fn terminal(api: Api) -> Self {
        Self {
            load: Rc::new(move |id| {
                Box::pin(async move {
                    match api.take_created(&id) {
                        Some(view) => Ok(view),
                        None => api.payment(&id).await,
                    }
                })
            }),
            refresh: Some(Rc::new(move |id| {
                Box::pin(async move { api.refresh_payment(&id).await })
            })),
            events_url: Arc::new(move |id| api.payment_events_url(id)),
        }
    }
}

impl LiveSource<PublicPaymentView> {
    /// The customer's view: public, no token.
    pub fn public() -> Self {
        Self {
            load: Rc::new(|code| Box::pin(async move { api::public_payment(&code).await })),
            refresh: None,
            events_url: Arc::new(|code| Some(api::public_events_url(code))),
        }
    }
}

pub struct UseLivePaymentReturn<T: LiveView> {
    /// The first load of the current key: await it under `<Transition>`, errors go to the
    /// `<ErrorBoundary>`. Later reads never re-trigger it, so the screen is not rebuilt.
    pub resource: LocalResource<Result<T, ApiError>>,
    /// The newest payment known (none until the first load answered).
    pub payment: Memo<Option<T>>,
    /// True for a few seconds after a new quote replaced the old one.
    pub price_updated: Memo<bool>,
    /// Whether the event stream is delivering (otherwise the hook polls).
    pub live: Signal<bool>,
    reload: Action<String, Result<T, ApiError>>,
    key: Signal<String>,
}

impl<T: LiveView> Clone for UseLivePaymentReturn<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: LiveView> Copy for UseLivePaymentReturn<T> {}

impl<T: LiveView> UseLivePaymentReturn<T> {
    /// Reads the payment again (after a cancel, a simulated payment, a `resync`, a poll).
    pub fn reload(&self) {
        if let Some(key) = self.key.try_get_untracked() {
            self.reload.dispatch_local(key);
        }
    }
}

/// Follows payment `key` while the calling owner lives; everything it starts stops with it.
pub fn use_live_payment<T: LiveView>(
    key: impl Into<Signal<String>>,
    source: LiveSource<T>,
) -> UseLivePaymentReturn<T> {
    let key = key.into();
    let clock = use_clock();
    let LiveSource {
        load,
        refresh,
        events_url,
    } = source;

    let first = load.clone();
    let resource = LocalResource::new(move || first(key.get()));
    let read = load.clone();
    let reload = Action::new_local(move |k: &String| read(k.clone()));
    let requote = refresh.map(|f| Action::new_local(move |k: &String| f(k.clone())));
    let event = RwSignal::new(None::<T>);

    let payment = Memo::new(move |prev: Option<&Option<T>>| {
        let key = key.get();
        let loaded = resource.get();
        let polled = reload.value().get();
        let requoted = requote.and_then(|a| a.value().get());
        event.with(|ev| {
            newest(
                &key,
                prev.and_then(Option::as_ref),
                &[
                    loaded.as_ref().and_then(|r| r.as_ref().ok()),
                    polled.as_ref().and_then(|r| r.as_ref().ok()),
                    requoted.as_ref().and_then(|r| r.as_ref().ok()),
                    ev.as_ref(),
                ],
            )
        })
    });

    let price_updated = price_notice(payment, clock.now);

    if let Some(requote) = requote {
        refresh_at_expiry(payment, requote, clock.now);
    }

    let url = Signal::derive(move || events_url(&key.get()));
    let poll = move || {
        if let Some(k) = key.try_get_untracked() {
            reload.dispatch_local(k);
        }
    };
    let stream = use_event_stream(
        url,
        StreamHandlers {
            on_payment: Rc::new(move |data| match T::from_stream(&data) {
                Some(p) => {
                    // An event may still be queued when the screen goes away.
                    event.try_set(Some(p));
                }
                None => poll(),
            }),
            on_resync: Rc::new(poll),
            poll: Rc::new(poll),
        },
    );

    UseLivePaymentReturn {
        resource,
        payment,
        price_updated,
        live: stream.live,
        reload,
        key,
    }
}

/// "Price updated" while less than [`PRICE_NOTICE_SECS`] have passed since the quote version
/// of the same payment went up.
fn price_notice<T: LiveView>(payment: Memo<Option<T>>, now: RwSignal<i64>) -> Memo<bool> {
    let quote = Memo::new(move |_| {
        payment.with(|p| p.as_ref().map(|p| (p.key().to_string(), p.quote_version())))
    });
    let requoted_at = Memo::new(move |prev: Option<&(Quote, Option<i64>)>| {
        let current = quote.get();
        let at = match (prev, &current) {
            (Some((Some((k0, q0)), at)), Some((k1, q1))) if k0 == k1 => {
                if q1 > q0 {
                    Some(now.get_untracked())
                } else {
                    *at
                }
            }
            _ => None,
        };
        (current, at)
    });
    Memo::new(move |_| {
        requoted_at
            .with(|(_, at)| *at)
            .is_some_and(|at| now.get() - at < PRICE_NOTICE_SECS)
    })
}

/// At expiry, while money is still awaited, ask for a new quote (again every
/// [`REFRESH_RETRY_SECS`] until one arrives).
fn refresh_at_expiry<T: LiveView>(
    payment: Memo<Option<T>>,
    requote: Action<String, Result<T, ApiError>>,
    now: RwSignal<i64>,
) {
    let due = Memo::new(move |_| {
        payment.with(|p| {
            p.as_ref()
                .filter(|p| matches!(p.state(), PaymentState::Awaiting | PaymentState::Underpaid))
                .map(|p| {
                    let expires = wct_api::clock::parse_rfc3339(p.expires_at()).unwrap_or(0);
                    (p.key().to_string(), expires)
                })
        })
    });
    let last_try = StoredValue::new(i64::MIN);
    let pending = requote.pending();
    Effect::new(move |_| {
        let Some((key, expires_at)) = due.get() else {
            return;
        };
        let now = now.get();
        if now >= expires_at
            && now.saturating_sub(last_try.get_value()) >= REFRESH_RETRY_SECS
            && !pending.get_untracked()
        {
            last_try.set_value(now);
            requote.dispatch_local(key);
        }
    });
}
