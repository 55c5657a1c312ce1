//! The amount: its display and the big keypad, which the keyboard can drive too.

use leptos::ev;
use leptos::prelude::*;

use super::form::use_charge;
use crate::components::{apply_key, FieldErrorText, Key, Keypad};
use crate::i18n::t;
use crate::session::use_prefs;

/// The key a physical keyboard press means for the keypad, if any.
pub fn key_of(key: &str) -> Option<Key> {
    match key {
        "." | "," | "Decimal" => Some(Key::Point),
        "Backspace" => Some(Key::Back),
        "Escape" | "Delete" => Some(Key::Clear),
        k if k.len() == 1 => k.chars().next()?.to_digit(10).map(|d| Key::Digit(d as u8)),
        _ => None,
    }
}

fn typing_in_a_field(ev: &ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

#[component]
pub fn AmountPanel(
    #[prop(into)] decimals: Signal<u32>,
    /// No typing while the cart sets the amount or a charge is being created.
    locked: Signal<bool>,
    #[prop(into)] from_cart: Signal<bool>,
) -> impl IntoView {
    let prefs = use_prefs();
    let form = use_charge().form;
    let on_key = Callback::new(move |key: Key| {
        form.typed_amount
            .update(|a| *a = apply_key(a, key, decimals.get_untracked()));
        form.touch("amount");
    });
    let keys = window_event_listener(ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing_in_a_field(&ev) {
            return;
        }
        if let Some(key) = key_of(&ev.key()).filter(|_| !locked.get_untracked()) {
            ev.prevent_default();
            on_key.run(key);
        }
    });
    on_cleanup(move || keys.remove());
    let point = Signal::derive(move || prefs.locale.get().point());
    let amount = Memo::new(move |_| form.amount());
    let shown = move || amount.get().replace('.', &point.get().to_string());
    view! {
        <div class="card amount-card">
            <div class="amount-box" aria-live="polite">
                <span class="currency">{move || form.settlement()}</span>
                <output class="amount mono" data-testid="amount-display" aria-label=t("amount")>{shown}</output>
                {move || (amount.with(String::is_empty)).then(|| view! {
                    <span class="amount-placeholder mono" aria-hidden="true">
                        {move || format!("0{}00", point.get())}
                    </span>
                })}
            </div>
            <FieldErrorText field="amount"/>
            {move || (from_cart.get()).then(|| view! {
                <p class="muted center">{t("amount-from-cart")}</p>
            })}
            <Keypad on_key=on_key point=point disabled=locked/>
        </div>
    }
}
