//! Settings → "Add a device" (a one-time pairing code as a link, big text and a QR code,
//! with the time it has left) and Settings → Devices (the shop's paired devices, each one
//! revocable after a confirmation).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wct_api::clock;
use wct_api::pos::{DeviceInfo, PairingCode, PairingCodeInfo};

use crate::api::{use_api, ApiError};
use crate::components::pairing::{check_device_name, wait_text};
use crate::components::Qr;
use crate::hooks::use_countdown;
use crate::i18n::{t, ta, Arg};
use crate::pages::payment::first_error;
use crate::session::{use_prefs, use_session};

/// Why a code could not be made, in the cashier's words.
fn code_error_text(error: &ApiError) -> String {
    match (error.status(), error.retry_after()) {
        (Some(429), Some(secs)) => ta(
            "devices-code-error-wait",
            &[
                ("reason", Arg::Text(&error.to_string())),
                ("wait", Arg::Text(&wait_text(secs))),
            ],
        ),
        _ => error.to_string(),
    }
}

/// A button that asks the server for a pairing code, then shows it until it expires or the
/// cashier is done. `on_close` runs when the panel is closed (the device list re-reads then).
#[component]
pub fn AddDevice(on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let create = Action::new_local(move |name: &Option<String>| {
        let name = name.clone();
        async move { api.new_pairing_code(name).await }
    });
    let shown = RwSignal::new(false);
    let busy = create.pending();
    // The new device's name, optional: two tablets of one browser would otherwise both be
    // "Chrome on Linux" under Devices.
    let name = RwSignal::new(String::new());
    let name_problem = Memo::new(move |_| {
        name.with(|n| (!n.trim().is_empty()).then(|| check_device_name(n).err()))
            .flatten()
    });
    let wanted =
        move || name.with_untracked(|n| Some(n.trim().to_string()).filter(|n| !n.is_empty()));
    let start = move |_| {
        if name_problem.get_untracked().is_some() {
            return;
        }
        shown.set(true);
        create.dispatch_local(wanted());
    };
    let close = move |_| {
        shown.set(false);
        name.set(String::new());
        on_close.run(());
    };
    let code = Memo::new(move |_| create.value().get().and_then(Result::ok));
    let error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| code_error_text(&e))
    };
    view! {
        <div class="card add-device" data-testid="add-device-card">
            <h2>{t("devices-add")}</h2>
            {move || (!shown.get()).then(|| view! {
                <p class="muted">{t("devices-add-text")}</p>
                <label for="new-device-name">{t("devices-new-name")}</label>
                <input id="new-device-name" type="text" data-testid="new-device-name" autocomplete="off"
                    maxlength="80" placeholder=t("devices-new-name-hint") aria-describedby="new-device-name-error"
                    aria-invalid=move || if name_problem.with(Option::is_some) { "true" } else { "false" }
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {move || name_problem.get().map(|e| view! {
                    <p class="field-error" id="new-device-name-error" data-testid="new-device-name-error" role="alert">{e}</p>
                })}
                <button type="button" class="btn btn-primary add-device-start" data-testid="add-device" on:click=start
                    disabled=move || name_problem.with(Option::is_some)>
                    {t("devices-add")}
                </button>
            })}
            {move || (shown.get()).then(|| view! {
                {move || error().map(|e| view! {
                    <p class="form-error" data-testid="pairing-code-error" role="alert">{e}</p>
                })}
                {move || (busy.get() && code.with(Option::is_none)).then(|| view! {
                    <p class="muted loading" aria-busy="true">{t("devices-getting-code")}</p>
                })}
                {move || code.get().map(|c| view! {
                    <PairingCodePanel code=c busy=busy.into() on_new=Callback::new(move |_| { create.dispatch_local(wanted()); })/>
                })}
                <button type="button" class="btn btn-secondary" data-testid="add-device-done" on:click=close>
                    {t("done")}
                </button>
            })}
        </div>
    }
}

/// One pairing code: the link as a QR code, the code in big type, and the time it has left.
#[component]
fn PairingCodePanel(code: PairingCode, busy: Signal<bool>, on_new: Callback<()>) -> impl IntoView {
    let expires_at = clock::parse_rfc3339(&code.expires_at).unwrap_or_default();
    let c = use_countdown(Signal::stored(expires_at));
    let url = code.url.clone();
    let (url_head, url_code) = match url.find("#code=") {
        Some(at) => (url[..at].to_string(), url[at..].to_string()),
        None => (url.clone(), String::new()),
    };
    let shown_code = code.code.clone();
    view! {
        <div class="pairing-code-panel" data-testid="pairing-code-panel" class:expired=move || c.expired.get()>
            // An expired code's QR would still scan, and only fail on the new device: once it
            // runs out, the QR and the link go and only "New code" is left.
            {move || (!c.expired.get()).then(|| view! {
                <div class="pairing-qr" data-testid="pairing-qr">
                    <Qr uri=Signal::stored(url.clone()) label=Signal::stored(t("devices-qr-label"))/>
                </div>
            })}
            <div class="pairing-text">
                {move || (!c.expired.get()).then(|| view! {
                    <ol class="pairing-steps">
                        <li>{t("devices-step-scan")}</li>
                        <li>{t("devices-step-type")}</li>
                    </ol>
                })}
                <p class="pairing-code mono" data-testid="pairing-code" aria-label=ta("devices-code-label", &[("code", Arg::Text(&spelled(&shown_code)))])>
                    {shown_code.clone()}
                </p>
                // The code stays on one line when the link wraps.
                {move || (!c.expired.get()).then(|| view! {
                    <p class="pairing-url mono small" data-testid="pairing-url">
                        {url_head.clone()}<span class="nowrap">{url_code.clone()}</span>
                    </p>
                })}
                {move || if c.expired.get() {
                    view! {
                        <div class="pairing-expired" data-testid="pairing-expired" role="status">
                            <p>{t("devices-code-expired")}</p>
                            <button type="button" class="btn btn-primary" data-testid="new-pairing-code"
                                disabled=move || busy.get()
                                on:click=move |_| on_new.run(())>
                                {t("devices-new-code")}
                            </button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <p class="pairing-countdown" class:warning=move || c.warning.get()>
                            {t("devices-valid-for")} " "
                            <span class="countdown" data-testid="pairing-countdown" role="timer"
                                data-seconds=move || c.seconds.get().to_string()>
                                {move || c.text.get()}
                            </span>
                            " · " {t("devices-works-once")}
                        </p>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

/// `K7QF-2M9X` as a screen reader should read it: one character at a time.
fn spelled(code: &str) -> String {
    code.chars()
        .filter(|c| *c != '-')
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shop's paired devices. Revoking one asks first; revoking this device signs it out.
#[component]
pub fn DeviceList(
    /// Bumped by the page to re-read the list (e.g. after a code panel closes).
    #[prop(into)]
    reload: Signal<u32>,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let devices = LocalResource::new(move || {
        reload.track();
        async move { api.devices().await }
    });
    let codes = LocalResource::new(move || {
        reload.track();
        async move { api.pairing_codes().await }
    });
    // The device waiting for "Sign out?" to be confirmed.
    let confirming = RwSignal::new(None::<String>);
    let revoke = Action::new_local(move |device: &DeviceInfo| {
        let (device, navigate) = (device.clone(), navigate.clone());
        async move {
            api.revoke_device(&device.id).await?;
            confirming.set(None);
            if device.current {
                session.forget(Some(t("devices-signed-out-notice")));
                navigate(
                    "/pair",
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            } else {
                devices.refetch();
                codes.refetch();
            }
            Ok::<_, ApiError>(())
        }
    });
    let cancel_code = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            api.cancel_pairing_code(&id).await?;
            codes.refetch();
            Ok::<_, ApiError>(())
        }
    });
    let code_rows = move || {
        Suspend::new(async move {
            // A failed read shows no codes rather than an error: the devices above matter more.
            let codes = codes.await.unwrap_or_default();
            (!codes.is_empty()).then(|| {
                let rows = codes
                    .into_iter()
                    .map(|c| view! { <CodeRow code=c cancel=cancel_code/> })
                    .collect_view();
                view! {
                    <h3 class="small">{t("devices-unused-codes")}</h3>
                    <ul class="device-list" data-testid="code-list">{rows}</ul>
                }
            })
        })
    };
    let revoking = revoke.pending();
    let failed = |errors: ArcRwSignal<Errors>| {
        view! { <p class="form-error" role="alert">{first_error(errors)}</p> }
    };
    let list = move || {
        Suspend::new(async move {
            let devices = devices.await?;
            // This device first, then the others still paired, then those signed out (three
            // passes: a sort would add more wasm than it saves time on a handful of rows).
            let rank = |d: &DeviceInfo| {
                if d.current {
                    0
                } else if d.revoked {
                    2
                } else {
                    1
                }
            };
            let rows = (0..3)
                .flat_map(|r| devices.iter().filter(move |d| rank(d) == r))
                .cloned()
                .map(|d| view! { <DeviceRow device=d confirming=confirming revoke=revoke revoking=revoking.into()/> })
                .collect_view();
            Ok::<_, ApiError>(
                view! { <ul class="device-list" data-testid="device-list">{rows}</ul> },
            )
        })
    };
    view! {
        <div class="card devices" data-testid="devices-card">
            <h2>{t("devices-title")}</h2>
            <p class="muted small">{t("devices-text")}</p>
            <Transition fallback=|| view! { <p class="muted loading" aria-busy="true">{t("devices-loading")}</p> }>
                <ErrorBoundary fallback=failed>{list}</ErrorBoundary>
            </Transition>
            {move || revoke.value().get().and_then(Result::err).map(|e| view! {
                <p class="form-error" data-testid="revoke-error" role="alert">{e.to_string()}</p>
            })}
            <Transition fallback=|| ()>{code_rows}</Transition>
            {move || cancel_code.value().get().and_then(Result::err).map(|e| view! {
                <p class="form-error" data-testid="cancel-code-error" role="alert">{e.to_string()}</p>
            })}
        </div>
    }
}

/// An unused pairing code (never the code itself: the server keeps only its hash), with
/// the button that cancels it.
#[component]
fn CodeRow(code: PairingCodeInfo, cancel: Action<String, Result<(), ApiError>>) -> impl IntoView {
    let prefs = use_prefs();
    let expires = code.expires_at.clone();
    let made_by = if code.issued_by.is_some() {
        t("devices-made-on-device")
    } else {
        t("devices-made-on-console")
    };
    let id = code.id.clone();
    view! {
        <li class="device-row" data-testid="code-row" data-id=code.id.clone()
            data-issued-by=code.issued_by.clone().unwrap_or_default()>
            <div class="device-main">
                <span class="muted small">{format!("{} · {made_by}", ta("devices-terminal", &[("terminal", Arg::Text(&code.terminal))]))}</span>
                <span class="muted small">{move || ta("devices-valid-until", &[("when", Arg::Text(&prefs.locale.get().short_date_time(&expires)))])}</span>
            </div>
            <div class="device-actions">
                <button type="button" class="btn btn-danger-ghost" data-testid="cancel-code"
                    disabled=move || cancel.pending().get()
                    on:click=move |_| { cancel.dispatch_local(id.clone()); }>{t("devices-cancel-code")}</button>
            </div>
        </li>
    }
}

#[component]
fn DeviceRow(
    device: DeviceInfo,
    confirming: RwSignal<Option<String>>,
    revoke: Action<DeviceInfo, Result<(), ApiError>>,
    revoking: Signal<bool>,
) -> impl IntoView {
    let prefs = use_prefs();
    let d = device.clone();
    let id = d.id.clone();
    let asking = {
        let id = id.clone();
        Memo::new(move |_| confirming.with(|c| c.as_deref() == Some(id.as_str())))
    };
    let created = d.created_at.clone();
    let last_seen = d.last_seen_at.clone();
    let when = move || {
        let locale = prefs.locale.get();
        let paired = locale.short_date_time(&created);
        match &last_seen {
            Some(seen) => ta(
                "devices-paired-seen",
                &[
                    ("paired", Arg::Text(&paired)),
                    ("seen", Arg::Text(&locale.short_date_time(seen))),
                ],
            ),
            None => ta("devices-paired-unused", &[("paired", Arg::Text(&paired))]),
        }
    };
    let ask = {
        let id = id.clone();
        move |_| confirming.set(Some(id.clone()))
    };
    let confirm = {
        let device = device.clone();
        move |_| {
            revoke.dispatch_local(device.clone());
        }
    };
    // Two devices may share a name ("Chrome on Linux"): the question says which one by its
    // times too, so the right one is signed out.
    let question = {
        let when = when.clone();
        let current = d.current;
        let name = d.name.clone();
        move || {
            if current {
                t("devices-sign-out-self")
            } else {
                ta(
                    "devices-sign-out-other",
                    &[("name", Arg::Text(&name)), ("when", Arg::Text(&when()))],
                )
            }
        }
    };
    view! {
        <li class="device-row" data-testid="device-row" data-id=d.id.clone()
            data-current=d.current.to_string() data-revoked=d.revoked.to_string()>
            <div class="device-main">
                <span class="device-name" data-testid="device-name">{d.name.clone()}</span>
                {d.current.then(|| view! { <span class="chip chip-ok" data-testid="this-device">{t("settings-this-device")}</span> })}
                {d.revoked.then(|| view! { <span class="chip" data-testid="device-revoked">{t("devices-revoked")}</span> })}
                <span class="muted small">{ta("devices-terminal", &[("terminal", Arg::Text(&d.terminal))])}</span>
                <span class="muted small" data-testid="device-seen">{when}</span>
            </div>
            {(!d.revoked).then(|| view! {
                <div class="device-actions">
                    {move || if asking.get() {
                        view! {
                            <div class="confirm" role="group" aria-label=t("devices-confirm-sign-out")>
                                <p class="small" data-testid="revoke-question">{question.clone()}</p>
                                <button type="button" class="btn btn-danger" data-testid="confirm-revoke"
                                    disabled=move || revoking.get() on:click=confirm.clone()>
                                    {move || if revoking.get() { t("devices-signing-out") } else { t("devices-sign-out") }}
                                </button>
                                <button type="button" class="btn btn-secondary" data-testid="cancel-revoke"
                                    on:click=move |_| confirming.set(None)>{t("devices-keep")}</button>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn btn-danger-ghost" data-testid="revoke-device"
                                on:click=ask.clone()>{t("devices-sign-out-ask")}</button>
                        }.into_any()
                    }}
                </div>
            })}
        </li>
    }
}
