//! Settings: the terminal, adding and signing out devices, the cashier's preferences.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::use_api;
use crate::components::{AddDevice, DeviceList};
use crate::locale::Locale;
use crate::session::{use_prefs, use_session, Theme};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = use_session();
    let prefs = use_prefs();
    let navigate = use_navigate();
    let api = use_api();
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
            <h1>"Settings"</h1>
            <div class="card">
                <h2>"Terminal"</h2>
                <p class="big-text" data-testid="terminal-name">
                    {move || terminal().map(|t| t.name).unwrap_or_else(|| "—".into())}
                </p>
                <p class="muted">{move || terminal().map(|t| format!("Shop: {}", t.merchant))}</p>
            </div>
            <AddDevice on_close=Callback::new(move |_| reload_devices.update(|n| *n += 1))/>
            <DeviceList reload=reload_devices/>
            <div class="card form-grid">
                <h2>"This device"</h2>
                <label class="switch-row">
                    <input type="checkbox" role="switch" data-testid="sound-toggle"
                        prop:checked=move || prefs.sound.get()
                        on:change=move |ev| prefs.sound.set(event_target_checked(&ev))/>
                    <span>"Sound when a payment arrives"</span>
                </label>
                <label for="theme-select">"Theme"</label>
                <select id="theme-select" data-testid="theme-select"
                    on:change=move |ev| prefs.theme.set(Theme::from_code(&event_target_value(&ev)))>
                    {Theme::ALL.map(|t| view! {
                        <option value=t.code() prop:selected=move || prefs.theme.get() == t>{t.label()}</option>
                    })}
                </select>
                <label for="locale-select">"Number format"</label>
                <select id="locale-select" data-testid="locale-select"
                    on:change=move |ev| {
                        if let Some(l) = Locale::from_code(&event_target_value(&ev)) {
                            prefs.locale.set(l);
                        }
                    }>
                    {Locale::ALL.map(|l| view! {
                        <option value=l.code() prop:selected=move || prefs.locale.get() == l>{l.label()}</option>
                    })}
                </select>
            </div>
            <crate::components::tip_settings::StoreSettingsCard/>
            <div class="card danger-zone">
                <h2>"Forget this device"</h2>
                <p class="muted">"Signs this device out and removes its token. Pairing it again needs a new code from another device."</p>
                <button type="button" class="btn btn-danger" data-testid="forget-device" on:click=forget>
                    "Forget this device"
                </button>
            </div>
        </section>
    }
}
