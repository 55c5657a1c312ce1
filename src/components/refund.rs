//! Refunds on the payment and receipt screens: the refunds made so far, and the refund the
//! payment's state offers ("Refund the excess", "Refund", "Refund what was received"), asked
//! for in a dialog guarded by the manager PIN. The rules (what is offered, what is valid)
//! are `wct_api::refund`'s, the same the proxy enforces.

use leptos::prelude::*;
use wct_api::money;
use wct_api::pos::{ErrorCode, PaymentView};
use wct_api::refund::{self, NewRefund, RefundBasis, RefundState, RefundType, RefundView};
use wct_api::FieldError;

use crate::api::{use_api, ApiError};
use crate::browser::ids::uuid_v4;
use crate::components::pairing::wait_text;
use crate::components::FieldErrorText;
use crate::hooks::use_clock;
use crate::i18n::{t, ta, Arg};
use crate::session::use_session;

/// The refunds of a payment, oldest first; nothing when there are none.
#[component]
pub fn RefundList(#[prop(into)] refunds: Signal<Vec<RefundView>>) -> impl IntoView {
    let row = |r: RefundView| {
        view! {
            <li class="refund-row" data-testid="refund-row" data-state=r.state.as_str()>
                <span class="refund-kind">{t(&format!("refund-type-{}", r.refund_type.as_str()))}</span>
                <span class="mono">{format!("{} {}", r.amount, r.asset)}</span>
                <span class=format!("refund-state refund-{}", r.state.as_str())
                    data-testid="refund-state">{t(&format!("refund-state-{}", r.state.as_str()))}</span>
            </li>
        }
    };
    move || {
        let list = refunds.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="refund-list" data-testid="refund-list" aria-label=t("refunds")>
                    {list.into_iter().map(row).collect_view()}
                </ul>
            }
        })
    }
}

/// The button that opens the refund dialog, by what it will refund.
fn offer_label(default_type: RefundType) -> String {
    t(match default_type {
        RefundType::Overpaid => "refund-offer-excess",
        RefundType::Underpaid => "refund-offer-received",
        _ => "refund",
    })
}

/// A short mark for lists (History): "Refund requested" while any waits, else the total.
pub fn refund_mark(p: &PaymentView) -> Option<String> {
    if p.refunds.is_empty() {
        return None;
    }
    if p.refunds
        .iter()
        .any(|r| r.state == RefundState::NeedsAttention)
    {
        return Some(t("refund-mark-attention"));
    }
    if refund::any_pending(&p.refunds) {
        return Some(t("refund-mark-requested"));
    }
    let total = refund::refunded(&p.refunds);
    (!total.is_zero()).then(|| {
        let amount = format!("{} {}", total.normalize(), p.pay_asset);
        ta("refund-mark-refunded", &[("amount", Arg::Text(&amount))])
    })
}

/// The refunds made and the refund on offer, with its dialog. `list: false` leaves the list
/// to the page (the receipt prints its own).
#[component]
pub fn RefundPanel(
    #[prop(into)] payment: Signal<PaymentView>,
    /// Runs after a refund was asked for, so the screen re-reads the payment.
    on_done: Callback<()>,
    #[prop(default = true)] list: bool,
) -> impl IntoView {
    let session = use_session();
    let decimals = Signal::derive(move || {
        payment.with(|p| {
            session
                .catalogue
                .with(|c| c.as_ref().and_then(|c| c.decimals_of(&p.pay_asset)))
                .unwrap_or(8)
        })
    });
    let basis = Memo::new(move |_| payment.with(|p| RefundBasis::of(p, decimals.get())));
    let refunds = Signal::derive(move || payment.with(|p| p.refunds.clone()));
    // One refund at a time: while one waits for WCT Pay (or for a person), say why instead.
    let on_hold = Memo::new(move |_| refunds.with(|r| refund::on_hold(r)));
    let offer = Memo::new(move |_| {
        basis
            .get()
            .offer()
            .filter(|_| on_hold.with(Option::is_none))
    });
    // The last refund was not made: its manager may try it again, as a new refund.
    let retry = Memo::new(move |_| {
        refunds.with(|r| {
            r.last()
                .filter(|r| r.state == RefundState::Failed)
                .map(|r| (r.refund_type, r.amount.clone()))
        })
    });
    let open = RwSignal::new(false);
    let close = Callback::new(move |_| open.set(false));
    // Nothing on offer (a refund now in flight, or nothing left) ends the dialog for good: the
    // update that says so can arrive before the dialog's own success handler runs, and a
    // dialog merely hidden would come back by itself once a new kind of refund is offered.
    Effect::new(move |_| {
        if offer.with(Option::is_none) {
            open.set(false);
        }
    });
    view! {
        <div class="refund-panel" data-testid="refund-panel">
            {list.then(|| view! { <RefundList refunds=refunds/> })}
            {move || on_hold.get().map(|why| view! {
                <p class="small no-print" data-testid="refund-on-hold">{t(if why.contains("does not match") { "refund-hold-mismatch" } else { "refund-hold-waiting" })}</p>
            })}
            {move || offer.get().map(|o| view! {
                // Refunding the excess is the main thing left to do on an overpaid sale.
                <button type="button" data-testid="refund-open"
                    class=if o.default_type == RefundType::Overpaid { "btn btn-primary no-print" } else { "btn btn-secondary no-print" }
                    on:click=move |_| open.set(true)>
                    {move || if retry.with(Option::is_some) { t("refund-retry") } else { offer_label(o.default_type) }}
                </button>
            })}
            <Show when=move || open.get() && offer.with(Option::is_some)>
                <RefundDialog payment=payment basis=basis decimals=decimals retry=retry.get_untracked()
                    on_close=close on_done=on_done/>
            </Show>
        </div>
    }
}

/// Where a refused refund's problem goes: beside the field the server named, or above the
/// buttons.
fn form_error(e: &ApiError) -> Option<String> {
    match e.code() {
        Some(ErrorCode::Validation | ErrorCode::PinWrong | ErrorCode::RefundsLocked) => None,
        _ => Some(ta(
            "refund-not-made",
            &[("reason", Arg::Text(&e.to_string()))],
        )),
    }
}

fn retry_after(e: &ApiError) -> Option<u64> {
    match e {
        ApiError::Api { body, .. } => body.error.retry_after,
        _ => None,
    }
}

#[component]
fn RefundDialog(
    payment: Signal<PaymentView>,
    basis: Memo<RefundBasis>,
    decimals: Signal<u32>,
    /// A refund that was not made, to try again: its type and amount start the form.
    retry: Option<(RefundType, String)>,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let clock = use_clock();
    let session = use_session();
    let offer = basis.get_untracked().offer();
    let fixed = move |v| money::format_fixed(v, decimals.get_untracked());
    let label = offer
        .as_ref()
        .map_or_else(|| t("refund"), |o| offer_label(o.default_type));
    let types: Vec<RefundType> = offer.as_ref().map(|o| o.types.to_vec()).unwrap_or_default();
    let retry = retry.filter(|(t, _)| types.contains(t));
    let kind = RwSignal::new(match &retry {
        Some((t, _)) => *t,
        None => offer
            .as_ref()
            .map_or(RefundType::Partial, |o| o.default_type),
    });
    let amount = RwSignal::new(match retry {
        Some((_, amount)) => amount,
        None => offer.as_ref().map(|o| fixed(o.prefill)).unwrap_or_default(),
    });
    let (email, mobile, remarks, pin) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let attempted = RwSignal::new(false);
    // One key per refund: a retry after a lost answer finds the first request.
    let key = StoredValue::new(uuid_v4());
    let locked_until = RwSignal::new(None::<i64>);
    // A store-wide lock (too many wrong PINs from all its devices) says so.
    let store_wide = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());

    let request = move || {
        let mut r = NewRefund {
            refund_type: kind.get(),
            amount: amount.get(),
            email: Some(email.get()),
            mobile: Some(mobile.get()),
            remarks: Some(remarks.get()),
            pin: pin.get(),
        };
        r.normalize();
        r
    };
    let local = Memo::new(move |_| {
        refund::validate_refund(&request(), &basis.get())
            .err()
            .map(|e| e.0)
            .unwrap_or_default()
    });
    // The server's word on a field (a wrong PIN) wins over the local check of it.
    let errors = Signal::derive(move || {
        let mut shown = server_errors.get();
        if attempted.get() {
            for e in local.get() {
                if !shown.iter().any(|s| s.field == e.field) {
                    shown.push(e);
                }
            }
        }
        shown
    });
    let submit = Action::new_local(move |(id, body, key): &(String, NewRefund, String)| {
        let (id, body, key) = (id.clone(), body.clone(), key.clone());
        async move { api.create_refund(&id, &body, &key).await }
    });
    let busy = submit.pending();
    let locked_left = move || {
        locked_until
            .get()
            .map(|until| until - clock.now.get())
            .filter(|left| *left > 0)
    };
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(_)) => {
            on_done.run(());
            on_close.run(());
        }
        Some(Err(e)) => {
            pin.set(String::new());
            // The server's answer is what is shown now, not "enter the PIN" for the cleared one.
            attempted.set(false);
            if e.code() == Some(ErrorCode::RefundsLocked) {
                let secs = i64::try_from(retry_after(&e).unwrap_or(60)).unwrap_or(60);
                locked_until.set(Some(clock.now.get_untracked() + secs));
                store_wide.set(
                    e.server_message()
                        .is_some_and(|m| m.contains("every device of this store")),
                );
            }
            server_errors.set(e.field_errors());
            // A refusal is final for this key; a lost answer is not (retry resolves it).
            if e.status().is_some_and(|s| s == 502 || s == 409) {
                key.set_value(uuid_v4());
            }
        }
        None => {}
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        server_errors.set(Vec::new());
        if !local.get_untracked().is_empty() || locked_left().is_some() {
            return;
        }
        let id = payment.with_untracked(|p| p.id.clone());
        submit.dispatch_local((id, request(), key.get_value()));
    };
    let pick = move |t: RefundType| {
        kind.set(t);
        let b = basis.get_untracked();
        match t {
            RefundType::Full | RefundType::Underpaid => amount.set(fixed(b.refundable())),
            RefundType::Overpaid => amount.set(fixed(b.excess_left())),
            RefundType::Partial => {}
        }
    };
    let type_choice = (types.len() > 1).then(|| {
        let options = types
            .into_iter()
            .map(|kind_of| {
                view! {
                    <label class="segment">
                        <input type="radio" name="refund-type" value=kind_of.as_str()
                            data-testid=format!("refund-type-{}", kind_of.as_str())
                            prop:checked=move || kind.get() == kind_of on:change=move |_| pick(kind_of)/>
                        <span>{t(&format!("refund-type-{}", kind_of.as_str()))}</span>
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="field refund-types">
                <legend>{t("refund-kind")}</legend>
                <div class="segmented">{options}</div>
            </fieldset>
        }
    });
    // Roughly what the amount is worth in the sale's currency, at the payment's own rate.
    let fiat_hint = move || {
        let crypto = money::parse_non_negative(amount.get().trim(), money::MAX_PRECISION).ok()?;
        payment.with(|p| {
            let info = wct_api::pos::PublicPaymentView::from_view(p, "");
            let decimals = session.catalogue.with(|c| info.fiat_decimals(c.as_ref()));
            let value = info.fiat_value(crypto)?;
            Some(format!(
                "≈ {} {}",
                money::format_fixed(value.round_dp(decimals), decimals),
                info.asset
            ))
        })
    };
    let summary = move || {
        let (b, asset) = (basis.get(), payment.with(|p| p.pay_asset.clone()));
        ta(
            "refund-summary",
            &[
                (
                    "received",
                    Arg::Text(&format!("{} {asset}", fixed(b.received))),
                ),
                (
                    "left",
                    Arg::Text(&format!("{} {asset}", fixed(b.refundable()))),
                ),
            ],
        )
    };
    let sale = move || payment.with(|p| format!("{} · {} {}", p.description, p.amount, p.asset));
    let invalid = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.iter().any(|e| e.field == field))
                .then_some("true")
        }
    };
    let form_problem = move || {
        submit
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| form_error(&e))
            .map(
                |m| view! { <p class="form-error" role="alert" data-testid="refund-error">{m}</p> },
            )
    };
    let lock_notice = move || {
        locked_left().map(|left| {
            view! {
                <p class="form-error" role="alert" data-testid="refund-locked">
                    {ta(
                        if store_wide.get() { "refund-locked-store" } else { "refund-locked-device" },
                        &[("wait", Arg::Text(&wait_text(u64::try_from(left).unwrap_or(1))))],
                    )}
                </p>
            }
        })
    };
    let text_field = move |name: &'static str,
                           label: String,
                           kind: &'static str,
                           value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=format!("refund-{name}")>{label}</label>
                <input id=format!("refund-{name}") type=kind data-testid=format!("refund-{name}")
                    autocomplete="off" aria-invalid=invalid(name)
                    aria-describedby=format!("error-{name}")
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                <FieldErrorText field=name errors=errors/>
            </div>
        }
    };
    // Escape closes the dialog (unless a refund is on its way), wherever the focus is.
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && !busy.get_untracked() {
            on_close.run(());
        }
    });
    on_cleanup(move || on_key.remove());
    view! {
        <div class="modal-backdrop no-print">
            <div class="modal card refund-modal" role="dialog" aria-modal="true" aria-labelledby="refund-title"
                data-testid="refund-dialog">
                <div class="modal-head">
                    <h2 id="refund-title" data-testid="refund-title-text">{label}</h2>
                    <p class="modal-sale" data-testid="refund-sale">{sale}</p>
                    <p class="muted small" data-testid="refund-summary">{summary}</p>
                </div>
                <form class="modal-form" on:submit=send novalidate>
                    <div class="modal-body">
                        {type_choice}
                        <div class="field">
                            <label for="refund-amount">{move || ta(
                                "refund-amount", &[("asset", Arg::Text(&payment.with(|p| p.pay_asset.clone())))])}</label>
                            <input id="refund-amount" type="text" inputmode="decimal" data-testid="refund-amount"
                                autocomplete="off" class="mono" aria-invalid=invalid("amount")
                                aria-describedby="error-amount refund-fiat"
                                readonly=move || kind.get() == RefundType::Full
                                prop:value=move || amount.get()
                                on:input=move |ev| amount.set(event_target_value(&ev))/>
                            <p class="muted small fiat-hint" id="refund-fiat" data-testid="refund-fiat">{fiat_hint}</p>
                            <FieldErrorText field="amount" errors=errors/>
                        </div>
                        <p class="muted small">{t("refund-contact")}</p>
                        {text_field("email", t("refund-email"), "email", email)}
                        {text_field("mobile", t("refund-mobile"), "tel", mobile)}
                        {text_field("remarks", t("refund-remarks"), "text", remarks)}
                        <div class="field">
                            <label for="refund-pin">{t("refund-pin")}</label>
                            <input id="refund-pin" type="password" inputmode="numeric" pattern="[0-9]*"
                                maxlength="12" autocomplete="off" data-testid="refund-pin"
                                aria-invalid=invalid("pin") aria-describedby="error-pin"
                                prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                            <FieldErrorText field="pin" errors=errors/>
                        </div>
                    </div>
                    <div class="modal-foot">
                        {lock_notice}
                        {form_problem}
                        <div class="actions">
                            <button type="submit" class="btn btn-primary" data-testid="refund-submit"
                                disabled=move || busy.get() || locked_left().is_some()>
                                {move || if busy.get() {
                                    t("refund-busy")
                                } else {
                                    let what = format!("{} {}", amount.get().trim(), payment.with(|p| p.pay_asset.clone()));
                                    ta("refund-submit", &[("amount", Arg::Text(&what))])
                                }}
                            </button>
                            <button type="button" class="btn btn-secondary" data-testid="refund-cancel"
                                disabled=move || busy.get() on:click=move |_| on_close.run(())>{t("close")}</button>
                        </div>
                    </div>
                </form>
            </div>
        </div>
    }
}
