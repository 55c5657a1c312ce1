//! Pairing: the device keeps a terminal token, from the pairing URL or pasted by hand.

use leptos::prelude::*;
use leptos::task::spawn_local;
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
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

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

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = token.get_untracked().trim().to_string();
        if t.is_empty() {
            error.set(Some("Paste the terminal token shown by the server.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::terminal_with(&t).await {
                Ok(_) => {
                    session.pair(&t);
                    navigate("/", NavigateOptions::default());
                }
                Err(e) if e.is_unauthorized() => error.set(Some(
                    "This token was not accepted. Check it and try again.".into(),
                )),
                Err(ApiError::Network) => error.set(Some(
                    "The server could not be reached. Check the connection and try again.".into(),
                )),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let shown_error = move || error.get().or_else(|| session.notice.get());
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
