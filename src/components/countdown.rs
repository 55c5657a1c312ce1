use leptos::prelude::*;

use crate::hooks::use_countdown;
use crate::i18n::t;

/// Time left at this price, `mm:ss`; warning colour in the last two minutes. Screen readers
/// hear a separate, calmer announcement rather than every second.
#[component]
pub fn Countdown(#[prop(into)] expires_at: Signal<i64>) -> impl IntoView {
    let c = use_countdown(expires_at);
    view! {
        <div class="countdown-box" class:warning=move || c.warning.get()>
            <span class="countdown-label">{t("countdown-label")}</span>
            <span class="countdown" data-testid="countdown" role="timer" aria-hidden="true"
                class:warning=move || c.warning.get()
                data-seconds=move || c.seconds.get().to_string()>
                {move || c.text.get()}
            </span>
            <span class="sr-only" aria-live="polite">{move || c.announcement.get()}</span>
        </div>
    }
}
