//! Keeps the screen on while `active` (an open payment), released when inactive or when the
//! caller goes away. Browsers drop the lock when the page is hidden, so it is taken again
//! when the page becomes visible.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser;

type Held = Rc<RefCell<Option<JsValue>>>;

fn acquire(held: Held, active: Signal<bool>) {
    if held.borrow().is_some() {
        return;
    }
    spawn_local(async move {
        let Some(sentinel) = browser::wake_lock::request().await else {
            return;
        };
        // The payment may have ended while the request was pending.
        if active.get_untracked() && held.borrow().is_none() {
            *held.borrow_mut() = Some(sentinel);
        } else {
            browser::wake_lock::release(&sentinel);
        }
    });
}

fn release(held: &Held) {
    if let Some(sentinel) = held.borrow_mut().take() {
        browser::wake_lock::release(&sentinel);
    }
}

pub fn use_wake_lock(active: impl Into<Signal<bool>>) {
    let active = active.into();
    let held: Held = Rc::new(RefCell::new(None));
    let h = held.clone();
    Effect::new(move |_| {
        if active.get() {
            acquire(h.clone(), active);
        } else {
            release(&h);
        }
    });
    let h = held.clone();
    let on_visible = Closure::<dyn Fn()>::new(move || {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| !d.hidden());
        if visible && active.get_untracked() {
            // The browser released it while hidden.
            h.borrow_mut().take();
            acquire(h.clone(), active);
        }
    });
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(d) = &document {
        let _ = d.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    let cleanup = SendWrapper::new((held, on_visible, document));
    on_cleanup(move || {
        let (held, on_visible, document) = cleanup.take();
        release(&held);
        if let Some(d) = document {
            let _ = d.remove_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }
    });
}
