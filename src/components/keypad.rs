//! The amount keypad and its pure editing rule.

use crate::i18n::t;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Digit(u8),
    Point,
    Back,
    Clear,
}

/// Whole-number digits allowed; the money parser refuses more than 15 anyway.
const MAX_WHOLE_DIGITS: usize = 9;

/// The amount after pressing `key`; keys that would make it invalid (a second point, more
/// places than the currency has, too many digits) leave it unchanged. The text always uses
/// `.` as its decimal point, whatever the display locale.
pub fn apply_key(current: &str, key: Key, decimals: u32) -> String {
    let (whole, frac) = match current.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (current, None),
    };
    match key {
        Key::Clear => String::new(),
        Key::Back => {
            let mut s = current.to_string();
            s.pop();
            s
        }
        Key::Point if frac.is_some() || decimals == 0 => current.to_string(),
        Key::Point if whole.is_empty() => "0.".into(),
        Key::Point => format!("{current}."),
        Key::Digit(d) if d > 9 => current.to_string(),
        Key::Digit(d) => match frac {
            Some(f) if f.len() >= decimals as usize => current.to_string(),
            Some(_) => format!("{current}{d}"),
            None if whole == "0" => d.to_string(),
            None if whole.len() >= MAX_WHOLE_DIGITS => current.to_string(),
            None => format!("{current}{d}"),
        },
    }
}

#[component]
pub fn Keypad(
    on_key: Callback<Key>,
    /// The decimal separator shown on the point key (per locale).
    #[prop(into)]
    point: Signal<char>,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let digit = move |d: u8| {
        view! {
            <button type="button" class="key" data-testid=format!("key-{d}")
                disabled=move || disabled.get() on:click=move |_| on_key.run(Key::Digit(d))>
                {d.to_string()}
            </button>
        }
    };
    view! {
        <div class="keypad" role="group" aria-label=t("keypad")>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9].map(digit)}
            <button type="button" class="key key-point" data-testid="key-point"
                aria-label=t("keypad-point") disabled=move || disabled.get()
                on:click=move |_| on_key.run(Key::Point)>
                {move || point.get().to_string()}
            </button>
            {digit(0)}
            <button type="button" class="key key-back" data-testid="key-back" aria-label=t("keypad-back")
                disabled=move || disabled.get() on:click=move |_| on_key.run(Key::Back)>
                "⌫"
            </button>
            <button type="button" class="key key-clear" data-testid="key-clear"
                disabled=move || disabled.get() on:click=move |_| on_key.run(Key::Clear)>
                {t("keypad-clear")}
            </button>
        </div>
    }
}
