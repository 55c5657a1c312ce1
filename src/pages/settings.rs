//! Settings: the terminal, adding and signing out devices, the cashier's preferences.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::use_api;
use crate::components::{AddDevice, DeviceList};
use crate::i18n::{t, ta, use_i18n, Arg, Lang};
use crate::session::{use_prefs, use_session, Theme};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = use_session();
    let prefs = use_prefs();
    let navigate = use_navigate();
    let api = use_api();
    let i18n = use_i18n();
    // Forgetting also signs this device out on the server (best effort: offline, the token
    // is still dropped here and the device can be signed out from another one).
    let forget = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if let Some(id) = session.device_id() {
                let _ = api.revoke_device(&id).await;
            }
            session.forget(None);
            navigate("/pair", NavigateOptions::default());
        });
    };
    let reload_devices = RwSignal::new(0u32);
    let terminal = move || session.terminal.get();
    view! {
        <section class="page narrow settings">
            <h1>{t("settings-title")}</h1>
            <div class="card">
                <h2>{t("settings-terminal")}</h2>
                <p class="big-text" data-testid="terminal-name">
                    {move || terminal().map(|term| term.name).unwrap_or_else(|| "—".into())}
                </p>
                <p class="muted">{move || terminal().map(|term| ta("settings-shop", &[("shop", Arg::Text(&term.merchant))]))}</p>
            </div>
            <AddDevice on_close=Callback::new(move |_| reload_devices.update(|n| *n += 1))/>
            <DeviceList reload=reload_devices/>
            <div class="card form-grid">
                <h2>{t("settings-this-device")}</h2>
                <label class="switch-row">
                    <input type="checkbox" role="switch" data-testid="sound-toggle"
                        prop:checked=move || prefs.sound.get()
                        on:change=move |ev| prefs.sound.set(event_target_checked(&ev))/>
                    <span>{t("settings-sound")}</span>
                </label>
                <label for="theme-select">{t("settings-theme")}</label>
                <select id="theme-select" data-testid="theme-select"
                    on:change=move |ev| prefs.theme.set(Theme::from_code(&event_target_value(&ev)))>
                    {Theme::ALL.map(|t| view! {
                        <option value=t.code() prop:selected=move || prefs.theme.get() == t>{t.label()}</option>
                    })}
                </select>
                // This device's own language; "the store's" follows Settings → Store.
                <label for="device-lang-select">{t("settings-device-language")}</label>
                <select id="device-lang-select" data-testid="device-lang-select"
                    on:change=move |ev| i18n.device.set(Lang::from_tag(&event_target_value(&ev)))>
                    <option value="" prop:selected=move || i18n.device.get().is_none()>
                        {move || ta("settings-device-language-store", &[("language", Arg::Text(i18n.store.get().native_name()))])}
                    </option>
                    {Lang::ALL.map(|l| view! {
                        <option value=l.code() prop:selected=move || i18n.device.get() == Some(l)>
                            {l.native_name()}
                        </option>
                    })}
                </select>
            </div>
            <crate::components::tip_settings::StoreSettingsCard/>
            <div class="card danger-zone">
                <h2>{t("settings-forget")}</h2>
                <p class="muted">{t("settings-forget-text")}</p>
                <button type="button" class="btn btn-danger" data-testid="forget-device" on:click=forget>
                    {t("settings-forget")}
                </button>
            </div>
        </section>
    }
}
