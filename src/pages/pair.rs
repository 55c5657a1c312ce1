//! Pairing: a one-time code, from the link another device shows (`/pair#code=K7QF-2M9X`) or
//! typed by hand, is exchanged for this device's own token. The code rides in the fragment,
//! which browsers never send to a server, and is cleared from the address bar as soon as it
//! is read. No token is ever taken from a URL.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wct_api::pos::{ErrorCode, PairRequest};

use crate::api::{self, ApiError};
use crate::components::pairing::{
    check_code, check_device_name, code_from_hash, device_name_from_user_agent, format_code_input,
    name_from_hash, wait_text,
};
use crate::i18n::{t, ta, Arg};
use crate::session::use_session;

/// The code of a pairing link (and the name it suggests), read once; the fragment is then
/// replaced so the code does not stay in the address bar or the history entry.
fn take_code_from_location() -> Option<(String, Option<String>)> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let code = code_from_hash(&hash)?;
    let name = name_from_hash(&hash);
    if let (Ok(path), Ok(history)) = (location.pathname(), window.history()) {
        let search = location.search().unwrap_or_default();
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    Some((code, name))
}

fn default_device_name() -> String {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    device_name_from_user_agent(&ua)
}

/// What went wrong with a pairing attempt, in the cashier's words.
pub fn pair_error_text(error: &ApiError) -> String {
    match (error.status(), error.code()) {
        (_, Some(ErrorCode::PairingCodeUsed)) => t("pair-error-used"),
        (_, Some(ErrorCode::PairingCodeExpired)) => t("pair-error-expired"),
        (Some(429), _) => match error.retry_after() {
            Some(secs) => ta(
                "pair-error-throttled-wait",
                &[("wait", Arg::Text(&wait_text(secs)))],
            ),
            None => t("pair-error-throttled"),
        },
        (Some(401), _) => t("pair-error-unknown"),
        _ if matches!(error, ApiError::Network) => t("error-network"),
        _ => error.to_string(),
    }
}

#[component]
pub fn PairPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let from_link = take_code_from_location();
    let code = RwSignal::new(from_link.as_ref().map(|l| l.0.clone()).unwrap_or_default());
    // The name given when the code was made, else one from the browser.
    let name = RwSignal::new(
        from_link
            .as_ref()
            .and_then(|l| l.1.clone())
            .unwrap_or_else(default_device_name),
    );
    // Problems that only mean "not finished yet" wait for the first attempt.
    let tried = RwSignal::new(false);

    let pair = Action::new_local(move |request: &PairRequest| {
        let (request, navigate) = (request.clone(), navigate.clone());
        async move {
            let paired = api::pair(&request).await?;
            session.pair_device(&paired);
            navigate(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
            Ok::<_, ApiError>(())
        }
    });
    let busy = pair.pending();
    // A new code or name clears the last answer, so no stale message sits beside new input.
    let answer = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        if let Some(Err(e)) = pair.value().get() {
            answer.set(Some(e));
        }
    });

    let code_problem = Memo::new(move |_| check_code(&code.get()).err());
    let name_problem = Memo::new(move |_| check_device_name(&name.get()).err());
    let server_name_problem = move || {
        answer.with(|a| {
            a.as_ref()?
                .field_errors()
                .into_iter()
                .find(|f| f.field == "device_name")
                .map(|f| f.message)
        })
    };
    let code_error = move || {
        if let Some(problem) = code_problem.get() {
            return (tried.get() || problem.is_instant()).then(|| problem.to_string());
        }
        answer.with(|a| {
            a.as_ref()
                .filter(|e| !e.field_errors().iter().any(|f| f.field == "device_name"))
                .map(pair_error_text)
        })
    };
    let name_error = move || {
        name_problem
            .get()
            .filter(|_| tried.get() || !name.with(String::is_empty))
            .or_else(server_name_problem)
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        answer.set(None);
        let (Ok(code), Ok(device_name)) = (
            check_code(&code.get_untracked()),
            check_device_name(&name.get_untracked()),
        ) else {
            return;
        };
        pair.dispatch_local(PairRequest {
            code,
            device_name: Some(device_name),
        });
    };
    let invalid = |bad: bool| if bad { "true" } else { "false" };
    view! {
        <section class="page narrow pair">
            <form class="card pair-form" on:submit=submit>
                <h1>{t("pair-title")}</h1>
                {move || session.notice.get().map(|n| view! {
                    <p class="notice" data-testid="pair-notice" role="status">{n}</p>
                })}
                <p class="muted">
                    {if from_link.is_some() {
                        t("pair-from-link")
                    } else {
                        t("pair-how")
                    }}
                </p>
                <label for="pair-code">{t("pair-code")}</label>
                <input id="pair-code" type="text" class="pair-code-input" data-testid="pair-code"
                    autocomplete="one-time-code" autocapitalize="characters" spellcheck="false"
                    inputmode="text" maxlength="12" placeholder="XXXX-XXXX"
                    aria-describedby="pair-error"
                    aria-invalid=move || invalid(code_error().is_some())
                    prop:value=move || code.get()
                    on:input=move |ev| {
                        answer.set(None);
                        code.set(format_code_input(&event_target_value(&ev)));
                    }/>
                {move || code_error().map(|e| view! {
                    <p class="field-error" id="pair-error" data-testid="pair-error" role="alert">{e}</p>
                })}
                <label for="device-name">{t("pair-device-name")}</label>
                <input id="device-name" type="text" data-testid="device-name" autocomplete="off"
                    maxlength="80" aria-describedby="error-device-name"
                    aria-invalid=move || invalid(name_error().is_some())
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        answer.set(None);
                        name.set(event_target_value(&ev));
                    }/>
                {move || name_error().map(|e| view! {
                    <p class="field-error" id="error-device-name" data-testid="error-device-name" role="alert">{e}</p>
                })}
                <p class="muted small">{t("pair-device-name-hint")}</p>
                <button type="submit" class="btn btn-primary btn-big" data-testid="pair-submit"
                    disabled=move || busy.get()>
                    {move || if busy.get() { t("pair-busy") } else { t("pair-title") }}
                </button>
            </form>
        </section>
    }
}
