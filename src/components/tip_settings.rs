//! Settings → Store: tips (off or on, presets, custom amounts, rounding) and the store's time
//! zone, kept by the server for every terminal of the store.

use leptos::prelude::*;
use wct_api::pos::{StoreSettings, StoreSettingsChange};
use wct_api::tips::{TipConfig, TipRounding};

use wasm_bindgen::JsCast;

use crate::api::use_api;
use crate::components::sale_rules::{is_rules_field, SaleRules, SaleRulesFields};
use crate::i18n::{t, use_i18n, Lang};

/// The browser's own IANA time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
fn device_time_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()?
        .as_string()
}

/// The IANA zones this browser knows (`Intl.supportedValuesOf("timeZone")`), for the picker:
/// the app carries no zone database of its own. Empty where the browser lacks the call.
fn known_time_zones() -> Vec<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok();
    let supported = intl
        .as_ref()
        .and_then(|i| js_sys::Reflect::get(i, &"supportedValuesOf".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(intl), Some(supported)) = (intl, supported) else {
        return Vec::new();
    };
    supported
        .call1(&intl, &"timeZone".into())
        .ok()
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|z| z.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The picker's choices: UTC, the browser's zones, and the saved zone even if this browser
/// does not list it (so opening Settings never changes it), each once, sorted.
pub fn zone_choices(mut known: Vec<String>, current: &str) -> Vec<String> {
    known.push("UTC".into());
    if !current.is_empty() {
        known.push(current.to_string());
    }
    known.sort();
    known.dedup();
    known
}

/// "10, 15, 20" → ["10", "15", "20"].
fn split_percentages(text: &str) -> Vec<String> {
    text.split([',', ' ', ';'])
        .map(|p| p.trim().trim_end_matches('%').trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

#[component]
pub fn StoreSettingsCard() -> impl IntoView {
    let api = use_api();
    let enabled = RwSignal::new(false);
    let percentages = RwSignal::new(String::new());
    let custom = RwSignal::new(true);
    let rounding = RwSignal::new(TipRounding::Exact);
    let zone = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let language = RwSignal::new(None::<Lang>);
    let i18n = use_i18n();
    let loaded = RwSignal::new(false);
    // The settings this card does not edit (tax, receipt, discounts) go back as loaded.
    let others = RwSignal::new(StoreSettings::default());
    let rules = SaleRules::new();
    let fill = move |s: StoreSettings| {
        rules.fill(&s);
        others.set(s.clone());
        enabled.set(s.tips.enabled);
        percentages.set(s.tips.percentages.join(", "));
        custom.set(s.tips.custom);
        rounding.set(s.tips.rounding);
        zone.set(s.time_zone);
        country.set(s.country.unwrap_or_default());
        let lang = s.language.as_deref().and_then(Lang::from_tag);
        language.set(lang);
        // What the server holds is the store's language from now on, on this device too. Set
        // only when it differs: a change rebuilds every screen, this one included.
        i18n.set_store(lang.unwrap_or_default());
        loaded.set(true);
    };
    leptos::task::spawn_local(async move {
        if let Ok(s) = api.store_settings().await {
            fill(s);
        }
    });
    let save = Action::new_local(move |change: &StoreSettingsChange| {
        let change = change.clone();
        async move { api.save_store_settings(&change).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut settings = StoreSettings {
            tips: TipConfig {
                enabled: enabled.get_untracked(),
                percentages: split_percentages(&percentages.get_untracked()),
                custom: custom.get_untracked(),
                rounding: rounding.get_untracked(),
            },
            time_zone: zone.get_untracked(),
            country: Some(country.get_untracked().trim().to_string()).filter(|c| !c.is_empty()),
            language: language.get_untracked().map(|l| l.code().to_string()),
            ..others.get_untracked()
        };
        rules.apply(&mut settings);
        save.dispatch_local(StoreSettingsChange {
            settings,
            pin: pin.get_untracked().trim().to_string(),
        });
    };
    Effect::new(move |_| match save.value().get() {
        Some(Ok(s)) => {
            pin.set(String::new());
            fill(s);
        }
        // A PIN is used once, right or wrong.
        Some(Err(_)) => pin.set(String::new()),
        None => {}
    });
    let problems = move || match save.value().get() {
        Some(Err(e)) => {
            let fields = e.field_errors();
            if fields.is_empty() {
                return vec![e.to_string()];
            }
            // Problems of a field are shown beside it; the rest here.
            fields
                .into_iter()
                .filter(|f| {
                    !f.field.starts_with("tips.percentages")
                        && f.field != "time_zone"
                        && f.field != "country"
                        && f.field != "language"
                        && f.field != "pin"
                        && !is_rules_field(&f.field)
                })
                .map(|f| f.message)
                .collect()
        }
        _ => Vec::new(),
    };
    let field_problem = move |prefix: &'static str| {
        move || match save.value().get() {
            Some(Err(e)) => e
                .field_errors()
                .into_iter()
                .find(|f| f.field.starts_with(prefix))
                .map(|f| view! { <p class="field-error" role="alert">{f.message}</p> }),
            _ => None,
        }
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_))) && !save.pending().get();
    let known = known_time_zones();
    let use_device_zone = move |_| {
        if let Some(z) = device_time_zone() {
            zone.set(z);
        }
    };
    view! {
        <form class="card form-grid store-settings" data-testid="store-settings" on:submit=on_submit novalidate
            aria-busy=move || if loaded.get() { "false" } else { "true" }>
            <h2>{t("store-title")}</h2>
            <p class="muted small">{t("store-every-terminal")}</p>
            <h3 class="settings-sub">{t("store-language-title")}</h3>
            <label for="store-language">{t("store-language")}</label>
            <select id="store-language" data-testid="store-language"
                on:change=move |ev| language.set(Lang::from_tag(&event_target_value(&ev)))>
                {Lang::ALL.map(|l| view! {
                    <option value=l.code() prop:selected=move || language.get().unwrap_or_default() == l>
                        {l.native_name()}
                    </option>
                })}
            </select>
            {field_problem("language")}
            <h3 class="settings-sub">{t("store-tips")}</h3>
            <label class="switch-row">
                <input type="checkbox" role="switch" data-testid="tips-enabled"
                    prop:checked=move || enabled.get() on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                <span>{t("store-tips-enabled")}</span>
            </label>
            <label for="tip-presets">{t("store-tips-percentages")}</label>
            <input id="tip-presets" type="text" inputmode="decimal" data-testid="tips-percentages"
                placeholder="10, 15, 20" prop:value=move || percentages.get()
                on:input=move |ev| percentages.set(event_target_value(&ev))/>
            {field_problem("tips.percentages")}
            <label class="switch-row">
                <input type="checkbox" role="switch" data-testid="tips-custom"
                    prop:checked=move || custom.get() on:change=move |ev| custom.set(event_target_checked(&ev))/>
                <span>{t("store-tips-custom")}</span>
            </label>
            <label for="tip-rounding">{t("store-tips-rounding")}</label>
            <select id="tip-rounding" data-testid="tips-rounding"
                on:change=move |ev| {
                    if let Some(r) = TipRounding::parse(&event_target_value(&ev)) {
                        rounding.set(r);
                    }
                }>
                {TipRounding::ALL.map(|r| view! {
                    <option value=r.as_str() prop:selected=move || rounding.get() == r>{t(&format!("tip-rounding-{}", r.as_str()))}</option>
                })}
            </select>
            <h3 class="settings-sub">{t("store-day")}</h3>
            <label for="store-zone">{t("store-zone")}</label>
            // A list, not free text: a zone name typed wrong would move the whole day.
            <select id="store-zone" data-testid="store-time-zone"
                on:change=move |ev| zone.set(event_target_value(&ev))>
                {move || zone_choices(known.clone(), &zone.get()).into_iter().map(|z| {
                    let selected = zone.with(|c| *c == z);
                    view! { <option value=z.clone() selected=selected>{z.replace('_', " ")}</option> }
                }).collect_view()}
            </select>
            <button type="button" class="btn btn-ghost btn-small" data-testid="use-device-zone" on:click=use_device_zone>
                {t("store-zone-device")}
            </button>
            {field_problem("time_zone")}
            <label for="store-country">{t("store-country")}</label>
            <input id="store-country" type="text" autocomplete="country" maxlength="2" placeholder=t("field-personal_country-hint")
                data-testid="store-country" prop:value=move || country.get()
                on:input=move |ev| country.set(event_target_value(&ev))/>
            {field_problem("country")}
            <SaleRulesFields rules=rules errors=Signal::derive(move || match save.value().get() {
                Some(Err(e)) => e.field_errors(),
                _ => Vec::new(),
            })/>
            <label for="store-settings-pin" class="pin-label">{t("store-pin")}</label>
            <input id="store-settings-pin" type="password" class="pin-input" inputmode="numeric" pattern="[0-9]*"
                maxlength="12" autocomplete="off" data-testid="store-settings-pin"
                prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
            {field_problem("pin")}
            {move || {
                let p = problems();
                (!p.is_empty()).then(|| view! {
                    <p class="form-error" role="alert" data-testid="store-settings-error">{p.join(" ")}</p>
                })
            }}
            <div class="inline-row">
                <button type="submit" class="btn btn-primary" data-testid="store-settings-save"
                    disabled=move || save.pending().get() || !loaded.get()>{t("save")}</button>
                {move || saved().then(|| view! {
                    <span class="muted" role="status" data-testid="store-settings-saved">{t("saved")}</span>
                })}
            </div>
        </form>
    }
}
