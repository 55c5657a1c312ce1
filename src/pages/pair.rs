//! Pairing: the device keeps a terminal token, from the pairing URL or pasted by hand.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError};
use crate::session::use_session;

#[component]
pub fn PairPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let token = RwSignal::new(String::new());
    let missing = RwSignal::new(false);

    // `/pair?token=T`, as the server prints it: keep T and start.
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(t) = query
            .with(|q| q.get("token"))
            .filter(|t| !t.trim().is_empty())
        {
            session.pair(t.trim());
            nav(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    // A pasted token is checked before it is kept.
    let check = Action::new_local(move |t: &String| {
        let (t, navigate) = (t.clone(), navigate.clone());
        async move {
            let result = api::terminal_with(&t).await.map(|_| ());
            if result.is_ok() {
                session.pair(&t);
                navigate("/", NavigateOptions::default());
            }
            result
        }
    });
    let busy = check.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = token.get_untracked().trim().to_string();
        missing.set(t.is_empty());
        if !t.is_empty() {
            check.dispatch_local(t);
        }
    };
    let error = move || {
        if missing.get() {
            return Some("Paste the terminal token shown by the server.".to_string());
        }
        check.value().get()?.err().map(|e| match e {
            e if e.is_unauthorized() => {
                "This token was not accepted. Check it and try again.".into()
            }
            ApiError::Network => {
                "The server could not be reached. Check the connection and try again.".into()
            }
            e => e.to_string(),
        })
    };
    let shown_error = move || error().or_else(|| session.notice.get());
    view! {
        <section class="page narrow pair">
            <form class="card" on:submit=submit>
                <h1>"Pair this device"</h1>
                <p class="muted">
                    "Open the pairing link printed by the WCT POS server on this device, or paste the terminal token here."
                </p>
                <label for="pair-token">"Terminal token"</label>
                <input id="pair-token" type="text" data-testid="pair-token" autocomplete="off"
                    autocapitalize="off" spellcheck="false" placeholder="e.g. devtoken-…"
                    aria-describedby="pair-error"
                    prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
                {move || shown_error().map(|e| view! {
                    <p class="field-error" id="pair-error" data-testid="pair-error" role="alert">{e}</p>
                })}
                <button type="submit" class="btn btn-primary btn-big" data-testid="pair-submit"
                    disabled=move || busy.get()>
                    {move || if busy.get() { "Checking…" } else { "Pair device" }}
                </button>
            </form>
        </section>
    }
}
