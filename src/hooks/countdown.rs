//! Time left on a quote, derived from the clock in context.

use leptos::prelude::*;
use wct_api::clock;

use super::use_clock;
use crate::i18n::{t, ta, Arg};

/// The last stretch of a quote is shown in the warning colour.
pub const WARNING_SECS: i64 = 120;

pub struct UseCountdownReturn {
    pub seconds: Memo<i64>,
    /// `mm:ss`.
    pub text: Memo<String>,
    pub warning: Memo<bool>,
    pub expired: Memo<bool>,
    /// What a screen reader should hear; changes only at sensible moments (each minute,
    /// 30 s, 10 s, expiry), never every second.
    pub announcement: Memo<String>,
}

pub fn use_countdown(expires_at: impl Into<Signal<i64>>) -> UseCountdownReturn {
    let expires_at = expires_at.into();
    let now = use_clock().now;
    let seconds = Memo::new(move |_| clock::seconds_left(expires_at.get(), now.get()));
    let text = Memo::new(move |_| clock::mm_ss(seconds.get()));
    let warning = Memo::new(move |_| seconds.get() <= WARNING_SECS);
    let expired = Memo::new(move |_| seconds.get() == 0);
    let announcement = Memo::new(move |prev: Option<&String>| {
        announcement_for(seconds.get()).unwrap_or_else(|| prev.cloned().unwrap_or_default())
    });
    UseCountdownReturn {
        seconds,
        text,
        warning,
        expired,
        announcement,
    }
}

/// The spoken text for `seconds` left, when that moment deserves one.
pub fn announcement_for(seconds: i64) -> Option<String> {
    match seconds {
        0 => Some(t("countdown-expired")),
        10 | 30 => Some(ta("countdown-seconds", &[("seconds", Arg::Count(seconds))])),
        s if s % 60 == 0 => Some(ta("countdown-minutes", &[("minutes", Arg::Count(s / 60))])),
        _ => None,
    }
}
