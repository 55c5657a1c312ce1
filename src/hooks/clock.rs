//! "Now" as a signal. The app ticks it from the real clock; tests provide a manual clock and
//! move it themselves, so countdowns are tested without waiting.

use std::time::Duration;

use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// Unix seconds.
    pub now: RwSignal<i64>,
}

/// The real time in Unix seconds, rounded up: expiry instants are whole seconds, so a
/// countdown of `expires_at - now` then never shows more than the time really left (time is
/// not money: a float is fine here).
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).ceil() as i64
}

impl Clock {
    /// A clock that only moves when told to.
    pub fn manual(start: i64) -> Self {
        Self {
            now: RwSignal::new(start),
        }
    }

    /// A clock that follows the real time; it checks several times a second so a displayed
    /// second never skips, but only notifies when the second changes.
    pub fn real() -> Self {
        let clock = Self::manual(now_unix());
        let now = clock.now;
        let tick = move || {
            let t = now_unix();
            if now.get_untracked() != t {
                now.set(t);
            }
        };
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_millis(250)) {
            on_cleanup(move || handle.clear());
        }
        clock
    }

    pub fn set(&self, unix: i64) {
        self.now.set(unix);
    }

    pub fn advance(&self, secs: i64) {
        self.now.update(|t| *t += secs);
    }
}

/// The clock in context, or a real one provided on first use.
pub fn use_clock() -> Clock {
    use_context().unwrap_or_else(|| {
        let c = Clock::real();
        provide_context(c);
        c
    })
}
