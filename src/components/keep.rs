//! Money that arrived after a payment closed waits for the shop's decision: refund it (the
//! refund panel) or keep it as payment (here). Two steps, like a cancel: a stray tap must not
//! book money as a sale.

use leptos::prelude::*;
use wct_api::pos::PaymentView;

use crate::api::use_api;
use crate::i18n::{t, ta, Arg};

#[component]
pub fn KeepPayment(
    #[prop(into)] payment: Signal<PaymentView>,
    /// Runs after the request, whatever its outcome, so the screen shows the truth.
    on_done: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let confirming = RwSignal::new(false);
    let keep = Action::new_local(move |(id, received): &(String, String)| {
        let (id, received) = (id.clone(), received.clone());
        async move {
            let result = api.keep_payment(&id, &received).await;
            confirming.try_set(false);
            on_done.run(());
            result
        }
    });
    let busy = keep.pending();
    let received =
        Signal::derive(move || payment.with(|p| format!("{} {}", p.received, p.pay_asset)));
    let ask = move |_| {
        keep.clear();
        confirming.set(true);
    };
    let confirm = move |_| {
        let target = payment.with_untracked(|p| (p.id.clone(), p.received.clone()));
        keep.dispatch_local(target);
    };
    let error = move || {
        keep.value().get().and_then(Result::err).map(|e| {
            view! { <p class="form-error" role="alert">{ta("keep-failed", &[("reason", Arg::Text(&e.to_string()))])}</p> }
        })
    };
    view! {
        <div class="keep-actions">
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="btn btn-primary" data-testid="keep-payment"
                        on:click=ask>{t("keep-payment")}</button>
                }
            >
                <div class="cancel-confirm" role="group" aria-labelledby="keep-question">
                    <p id="keep-question" class="cancel-question">
                        {t("keep-question")} " " <span class="mono">{received}</span>
                    </p>
                    <button type="button" class="btn btn-primary" data-testid="keep-confirm"
                        disabled=move || busy.get() on:click=confirm>
                        {move || if busy.get() { t("keep-busy") } else { t("keep-yes") }}
                    </button>
                    <button type="button" class="btn btn-secondary" data-testid="keep-back"
                        disabled=move || busy.get() on:click=move |_| confirming.set(false)>{t("back")}</button>
                </div>
            </Show>
            {error}
        </div>
    }
}
