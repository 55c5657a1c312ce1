//! "Cancel payment" with a second step: one stray tap on a busy counter must not throw away
//! a payment the customer may be sending right now.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

#[component]
pub fn CancelPayment(
    #[prop(into)] id: Signal<String>,
    /// Runs after the cancel request, whatever its outcome, so the screen shows the truth.
    on_done: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let keep_ref = NodeRef::<leptos::html::Button>::new();
    let ask = move |_| {
        error.set(None);
        confirming.set(true);
    };
    let keep = move |_| confirming.set(false);
    let confirm = move |_| {
        busy.set(true);
        let id = id.get_untracked();
        spawn_local(async move {
            if let Err(e) = api::cancel_payment(&id).await {
                error.try_set(Some(format!("Could not cancel: {e}")));
                confirming.try_set(false);
            }
            busy.try_set(false);
            on_done.run(());
        });
    };
    // The safe choice takes the focus, so Enter right after the first press does no harm.
    Effect::new(move |_| {
        if let Some(b) = keep_ref.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="actions cancel-actions">
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="btn btn-danger-ghost" data-testid="cancel-payment"
                        on:click=ask>"Cancel payment"</button>
                }
            >
                <div class="cancel-confirm" role="group" aria-labelledby="cancel-question">
                    <p id="cancel-question" class="cancel-question">"Cancel this payment?"</p>
                    <button type="button" class="btn btn-danger" data-testid="cancel-confirm"
                        disabled=move || busy.get() on:click=confirm>
                        {move || if busy.get() { "Cancelling…" } else { "Yes, cancel" }}
                    </button>
                    <button type="button" class="btn btn-secondary" data-testid="cancel-keep"
                        node_ref=keep_ref disabled=move || busy.get() on:click=keep>"Keep waiting"</button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
    }
}
