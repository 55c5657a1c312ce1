//! Live updates over Server-Sent Events, with polling as the fallback.
//!
//! Each `payment` event's data goes to `on_event` ("something changed"). While the stream is
//! not open (not yet connected, errored, or refused by the server) `poll` runs every 5 s, and
//! a stream the browser gave up on is reopened every 15 s. EventSource resumes with
//! `Last-Event-ID` by itself after a transient error.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

pub const POLL_EVERY: Duration = Duration::from_secs(5);
const REOPEN_AFTER_POLLS: u32 = 3;

pub struct UseEventStreamReturn {
    /// True while the stream is open.
    pub connected: Signal<bool>,
}

struct Stream {
    source: EventSource,
    _on_event: Closure<dyn Fn(MessageEvent)>,
    _on_open: Closure<dyn Fn()>,
    _on_error: Closure<dyn Fn()>,
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}

type Slot = Rc<RefCell<Option<Stream>>>;

fn open(url: &str, connected: RwSignal<bool>, on_event: Rc<dyn Fn(String)>) -> Option<Stream> {
    let source = EventSource::new(url).ok()?;
    let on_event = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(data) = ev.data().as_string() {
            on_event(data);
        }
    });
    let on_open = Closure::<dyn Fn()>::new(move || connected.set(true));
    let on_error = Closure::<dyn Fn()>::new(move || connected.set(false));
    let _ = source.add_event_listener_with_callback(
        wct_api::pos::SSE_EVENT,
        on_event.as_ref().unchecked_ref(),
    );
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Stream {
        source,
        _on_event: on_event,
        _on_open: on_open,
        _on_error: on_error,
    })
}

/// Subscribes to `url` (none: no stream, only polling) while the caller lives.
pub fn use_event_stream(
    url: impl Into<Signal<Option<String>>>,
    on_event: impl Fn(String) + 'static,
    poll: impl Fn() + 'static,
) -> UseEventStreamReturn {
    let url = url.into();
    let connected = RwSignal::new(false);
    let on_event: Rc<dyn Fn(String)> = Rc::new(on_event);
    let slot: Slot = Rc::new(RefCell::new(None));

    let (s, handler) = (slot.clone(), on_event.clone());
    Effect::new(move |_| {
        let next = url.get();
        connected.set(false);
        *s.borrow_mut() = next.and_then(|u| open(&u, connected, handler.clone()));
    });

    let s = slot.clone();
    let polls = Rc::new(RefCell::new(0u32));
    let tick = move || {
        if connected.get_untracked() {
            *polls.borrow_mut() = 0;
            return;
        }
        poll();
        let mut n = polls.borrow_mut();
        *n += 1;
        let closed = s
            .borrow()
            .as_ref()
            .is_some_and(|st| st.source.ready_state() == EventSource::CLOSED);
        if closed && *n >= REOPEN_AFTER_POLLS {
            *n = 0;
            if let Some(u) = url.get_untracked() {
                *s.borrow_mut() = open(&u, connected, on_event.clone());
            }
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, POLL_EVERY) {
        on_cleanup(move || handle.clear());
    }
    let slot = SendWrapper::new(slot);
    on_cleanup(move || {
        slot.borrow_mut().take();
    });
    UseEventStreamReturn {
        connected: connected.into(),
    }
}
