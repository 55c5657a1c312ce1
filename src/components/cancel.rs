//! "Cancel payment" with a second step: one stray tap on a busy counter must not throw away
//! a payment the customer may be sending right now.

use leptos::prelude::*;

use crate::api::use_api;
use crate::i18n::{t, ta, Arg};

#[component]
pub fn CancelPayment(
    #[prop(into)] id: Signal<String>,
    /// Runs after the cancel request, whatever its outcome, so the screen shows the truth.
    on_done: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let confirming = RwSignal::new(false);
    let cancel = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let result = api.cancel_payment(&id).await;
            if result.is_err() {
                confirming.try_set(false);
            }
            on_done.run(());
            result
        }
    });
    let busy = cancel.pending();
    let keep_ref = NodeRef::<leptos::html::Button>::new();
    let ask = move |_| {
        cancel.clear();
        confirming.set(true);
    };
    let keep = move |_| confirming.set(false);
    let confirm = move |_| {
        cancel.dispatch_local(id.get_untracked());
    };
    let error = move || {
        cancel.value().get().and_then(Result::err).map(
            |e| view! { <p class="form-error" role="alert">{ta("cancel-failed", &[("reason", Arg::Text(&e.to_string()))])}</p> },
        )
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
                        on:click=ask>{t("cancel-payment")}</button>
                }
            >
                <div class="cancel-confirm" role="group" aria-labelledby="cancel-question">
                    <p id="cancel-question" class="cancel-question">{t("cancel-question")}</p>
                    <button type="button" class="btn btn-danger" data-testid="cancel-confirm"
                        disabled=move || busy.get() on:click=confirm>
                        {move || if busy.get() { t("cancel-busy") } else { t("cancel-yes") }}
                    </button>
                    <button type="button" class="btn btn-secondary" data-testid="cancel-keep"
                        node_ref=keep_ref disabled=move || busy.get() on:click=keep>{t("cancel-keep-waiting")}</button>
                </div>
            </Show>
            {error}
        </div>
    }
}
