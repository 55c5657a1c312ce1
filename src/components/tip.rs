//! The tip step of the Charge screen: big buttons the customer can press when the cashier
//! turns the tablet round (no tip, each preset with its amount, a custom amount), and the
//! total with the tip. The tip itself becomes a "Tip" cart line (`wct_api::tips`).

use leptos::prelude::*;
use rust_decimal::Decimal;
use wct_api::tips::{tip_amount, TipConfig};

use crate::i18n::{t, ta, Arg};
use crate::session::use_prefs;

/// What the customer chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipChoice {
    None,
    Percent(Decimal),
    Custom,
}

#[component]
pub fn TipPicker(
    /// The store's settings (only shown when tips are on).
    #[prop(into)]
    config: Signal<TipConfig>,
    /// The sale before the tip, when it is a valid amount.
    #[prop(into)]
    subtotal: Signal<Option<Decimal>>,
    #[prop(into)] decimals: Signal<u32>,
    #[prop(into)] currency: Signal<String>,
    /// What will be charged, tip included.
    #[prop(into)]
    total: Signal<String>,
    choice: RwSignal<TipChoice>,
    custom: RwSignal<String>,
) -> impl IntoView {
    let prefs = use_prefs();
    let pressed = move |c: TipChoice| move || if choice.get() == c { "true" } else { "false" };
    let presets = move || {
        let config = config.get();
        config
            .presets()
            .into_iter()
            .map(|p| {
                let amount = move || {
                    subtotal
                        .get()
                        .map(|s| {
                            let tip = tip_amount(s, p, config.rounding, decimals.get());
                            prefs.locale.get().format(tip, decimals.get())
                        })
                        .unwrap_or_else(|| "—".into())
                };
                let label = format!("{} %", p.normalize());
                let testid = format!("tip-{}", p.normalize());
                view! {
                    <button type="button" class="tip-option" data-testid=testid
                        aria-pressed=pressed(TipChoice::Percent(p))
                        on:click=move |_| choice.set(TipChoice::Percent(p))>
                        <span class="tip-pct">{label}</span>
                        <span class="tip-amt mono">{amount}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let allow_custom = move || config.with(|c| c.custom);
    view! {
        <section class="card tip-card" data-testid="tip-picker" aria-labelledby="tip-title">
            <h2 id="tip-title">{t("tip-title")}</h2>
            <div class="tip-options" role="group" aria-labelledby="tip-title">
                <button type="button" class="tip-option" data-testid="tip-none"
                    aria-pressed=pressed(TipChoice::None)
                    on:click=move |_| choice.set(TipChoice::None)>
                    <span class="tip-pct">{t("tip-none")}</span>
                </button>
                {presets}
                {move || allow_custom().then(|| view! {
                    <button type="button" class="tip-option" data-testid="tip-custom"
                        aria-pressed=pressed(TipChoice::Custom)
                        on:click=move |_| choice.set(TipChoice::Custom)>
                        <span class="tip-pct">{t("tip-custom")}</span>
                    </button>
                })}
            </div>
            {move || (choice.get() == TipChoice::Custom && allow_custom()).then(|| view! {
                <label class="tip-custom">
                    <span>{move || ta("tip-custom-label", &[("currency", Arg::Text(&currency.get()))])}</span>
                    <input type="text" inputmode="decimal" autocomplete="off" data-testid="tip-custom-amount"
                        prop:value=move || custom.get() on:input=move |ev| custom.set(event_target_value(&ev))/>
                </label>
            })}
            <p class="tip-total">{t("cart-total")} " "
                <strong class="mono" data-testid="tip-total">{move || total.get()}</strong>
                " " {move || currency.get()}
            </p>
        </section>
    }
}
