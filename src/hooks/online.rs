//! Whether the browser thinks it is online (`navigator.onLine` and its events).

use leptos::ev;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct Online(pub RwSignal<bool>);

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

impl Online {
    /// Follows the browser's online/offline events for as long as the caller lives.
    pub fn watch() -> Self {
        let online = RwSignal::new(navigator_online());
        let up = window_event_listener(ev::online, move |_| online.set(true));
        let down = window_event_listener(ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            up.remove();
            down.remove();
        });
        Self(online)
    }
}

/// The online signal in context, or one watched from here on first use.
pub fn use_online() -> Signal<bool> {
    let online = use_context().unwrap_or_else(|| {
        let o = Online::watch();
        provide_context(o);
        o
    });
    online.0.into()
}
