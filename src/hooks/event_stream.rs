//! Live updates over Server-Sent Events (gloo-net's `EventSource`), with polling as the
//! fallback.
//!
//! Named events: `payment` carries a payment (its data goes to `on_payment`), `resync` asks
//! the client to re-read what it shows (the server could not replay what was missed), and
//! `ping` is the server's keep-alive (every [`KEEP_ALIVE`]). The stream counts as live while
//! it is open and has delivered something within twice the keep-alive interval; otherwise
//! `poll` runs every [`POLL_EVERY`], and a stream the browser gave up on is reopened. The
//! browser resumes with `Last-Event-ID` by itself after a transient error.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use futures_util::StreamExt;
use gloo_net::eventsource::futures::{EventSource, EventSourceSubscription};
use gloo_net::eventsource::State;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;

pub const POLL_EVERY: Duration = Duration::from_secs(5);
/// The server's keep-alive interval (`KEEP_ALIVE` in `server/src/payments/events.rs`): a `ping` event.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// A stream silent for longer than this is not trusted: twice the keep-alive.
pub const SILENCE_LIMIT_MS: f64 = 2.0 * KEEP_ALIVE.as_millis() as f64;
const REOPEN_AFTER_POLLS: u32 = 3;

/// The SSE event names this app listens to.
pub const PAYMENT_EVENT: &str = wct_api::pos::SSE_EVENT;
pub const RESYNC_EVENT: &str = wct_api::pos::SSE_RESYNC;
pub const PING_EVENT: &str = wct_api::pos::SSE_PING;

pub struct UseEventStreamReturn {
    /// True while the stream is open and recently heard from.
    pub live: Signal<bool>,
}

/// What a stream reports to its owner.
#[derive(Clone)]
pub struct StreamHandlers {
    pub on_payment: Rc<dyn Fn(String)>,
    pub on_resync: Rc<dyn Fn()>,
    pub poll: Rc<dyn Fn()>,
}

struct Shared {
    source: Option<EventSource>,
    /// `Date.now()` when the stream was opened or last delivered anything.
    heard_at: f64,
    polls: u32,
}

type Slot = Rc<RefCell<Shared>>;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn open(url: &str, slot: &Slot, handlers: &StreamHandlers, live: RwSignal<bool>) {
    // Dropping the old source closes it and ends its listeners.
    let old = slot.borrow_mut().source.take();
    drop(old);
    live.set(false);
    let Ok(mut source) = EventSource::new(url) else {
        return;
    };
    for name in [PAYMENT_EVENT, RESYNC_EVENT, PING_EVENT] {
        if let Ok(events) = source.subscribe(name) {
            spawn_local(listen(events, slot.clone(), handlers.clone(), live));
        }
    }
    let mut shared = slot.borrow_mut();
    shared.heard_at = now_ms();
    shared.source = Some(source);
}

/// Forwards one event type until the source closes (it then reports an error and ends).
async fn listen(
    mut events: EventSourceSubscription,
    slot: Slot,
    handlers: StreamHandlers,
    live: RwSignal<bool>,
) {
    while let Some(Ok((name, message))) = events.next().await {
        slot.borrow_mut().heard_at = now_ms();
        live.try_set(true);
        match name.as_str() {
            PAYMENT_EVENT => {
                if let Some(data) = message.data().as_string() {
                    (handlers.on_payment)(data);
                }
            }
            RESYNC_EVENT => (handlers.on_resync)(),
            _ => {}
        }
    }
}

/// One check of the fallback timer: poll while the stream is not live, reopen a closed one.
fn check(
    url: Signal<Option<String>>,
    slot: &Slot,
    handlers: &StreamHandlers,
    live: RwSignal<bool>,
) {
    let (state, silent_for) = {
        let shared = slot.borrow();
        let state = shared.source.as_ref().map(EventSource::state);
        (state, now_ms() - shared.heard_at)
    };
    let healthy = state == Some(State::Open) && silent_for <= SILENCE_LIMIT_MS;
    live.set(healthy);
    if healthy {
        slot.borrow_mut().polls = 0;
        return;
    }
    (handlers.poll)();
    let polls = {
        let mut shared = slot.borrow_mut();
        shared.polls += 1;
        shared.polls
    };
    // Closed by the browser, or open but silent for too long (a proxy may hold a dead
    // connection open): start afresh now and then.
    let stuck = state != Some(State::Connecting);
    if stuck && polls >= REOPEN_AFTER_POLLS {
        slot.borrow_mut().polls = 0;
        if let Some(u) = url.get_untracked() {
            open(&u, slot, handlers, live);
        }
    }
}

/// Subscribes to `url` (none: no stream, only polling) while the caller's owner lives; the
/// source and the timer are stopped when it is cleaned up.
pub fn use_event_stream(
    url: impl Into<Signal<Option<String>>>,
    handlers: StreamHandlers,
) -> UseEventStreamReturn {
    let url = url.into();
    let live = RwSignal::new(false);
    let slot: Slot = Rc::new(RefCell::new(Shared {
        source: None,
        heard_at: now_ms(),
        polls: 0,
    }));

    let (s, h) = (slot.clone(), handlers.clone());
    Effect::new(move |_| match url.get() {
        Some(u) => open(&u, &s, &h, live),
        None => {
            let old = s.borrow_mut().source.take();
            drop(old);
            live.set(false);
        }
    });

    let s = slot.clone();
    let tick = move || check(url, &s, &handlers, live);
    if let Ok(handle) = set_interval_with_handle(tick, POLL_EVERY) {
        on_cleanup(move || handle.clear());
    }
    let slot = SendWrapper::new(slot);
    on_cleanup(move || {
        let old = slot.borrow_mut().source.take();
        drop(old);
    });
    UseEventStreamReturn { live: live.into() }
}
