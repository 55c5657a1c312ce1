//! Charge: the amount on a big keypad, what the customer pays with, optional cart and
//! customer details. Nothing is sent while the form is invalid; server problems come back
//! beside the field they concern.

mod amount;
mod cart;
mod customer;
mod field;
pub mod form;
mod pickers;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wct_api::{Catalogue, FieldError};

pub use self::amount::key_of;
use self::amount::AmountPanel;
use self::cart::CartEditor;
use self::customer::CustomerFields;
use self::field::TextField;
pub use self::form::ChargeForm;
use self::pickers::{PayWithPicker, SettlementPicker};
use crate::api::{self, ApiError};
use crate::browser;
use crate::hooks::{use_clock, use_online};
use crate::session::{use_prefs, use_session};

fn focus_first_problem() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".field-error").ok().flatten())
    {
        el.scroll_into_view();
    }
}

#[component]
pub fn ChargePage() -> impl IntoView {
    let session = use_session();
    let catalogue = Signal::derive(move || session.catalogue.get().unwrap_or_default());
    // Only the first arrival of the catalogue builds the form; later refreshes must not reset it.
    let ready = Memo::new(move |_| session.catalogue.with(Option::is_some));
    view! {
        <Show when=move || ready.get() fallback=|| view! {
            <section class="page">
                <div class="card center loading" aria-busy="true">"Loading the terminal…"</div>
            </section>
        }>
            <ChargeScreen catalogue=catalogue/>
        </Show>
    }
}

/// Merges the problems to show now: the form's own (once touched or after a Charge press)
/// and the server's.
fn visible_errors(form: ChargeForm, own: Vec<FieldError>) -> Vec<FieldError> {
    let attempted = form.attempted.get();
    let touched = form.touched.get();
    let mut shown: Vec<FieldError> = own
        .into_iter()
        .filter(|e| attempted || touched.iter().any(|t| t == &e.field))
        .collect();
    for e in form.server_errors.get() {
        if !shown.iter().any(|s| s.field == e.field) {
            shown.push(e);
        }
    }
    shown
}

#[component]
fn ChargeScreen(catalogue: Signal<Catalogue>) -> impl IntoView {
    let prefs = use_prefs();
    let clock = use_clock();
    let online = use_online();
    let navigate = use_navigate();
    let form = ChargeForm::new(browser::new_reference(clock.now.get_untracked()));
    let creating = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    // One Idempotency-Key per charge: reused while the same body is retried.
    let attempt = StoredValue::new(None::<(String, String)>);

    Effect::new(move |_| catalogue.with(|c| form.fit_catalogue(c)));
    let decimals = Memo::new(move |_| catalogue.with(|c| form.decimals(Some(c))));
    let from_cart = Memo::new(move |_| form.cart_amount(decimals.get()));
    Effect::new(move |_| {
        if let Some(total) = from_cart.get() {
            form.amount.set(total);
        }
    });
    let today = move || wct_api::clock::date_of(clock.now.get_untracked());
    let own = Memo::new(move |_| catalogue.with(|c| form.problems(c, today())));
    let errors = Memo::new(move |_| visible_errors(form, own.get()));
    let errors = Signal::from(errors);
    // Editing anything makes the server's last verdict stale.
    Effect::new(move |prev: Option<()>| {
        form.fields();
        if prev.is_some() {
            form.server_errors.set(Vec::new());
            form_error.set(None);
        }
    });

    let keypad_locked = Signal::derive(move || from_cart.get().is_some() || creating.get());

    let submit = move || {
        form.attempted.set(true);
        form_error.set(None);
        if !online.get_untracked() || creating.get_untracked() {
            return;
        }
        if !own.get_untracked().is_empty() {
            request_animation_frame(focus_first_problem);
            return;
        }
        let fields = form.fields();
        let body = crate::json::to_string(&fields).unwrap_or_default();
        let key = match attempt.get_value() {
            Some((b, k)) if b == body => k,
            _ => browser::uuid_v4(),
        };
        attempt.set_value(Some((body, key.clone())));
        creating.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_payment(&fields, &key).await {
                Ok(view) => {
                    form.remember_choices();
                    attempt.set_value(None);
                    form.reset(browser::new_reference(clock.now.get_untracked()));
                    navigate(
                        &format!("/payments/{}", view.id),
                        NavigateOptions::default(),
                    );
                }
                Err(e) => show_server_error(form, form_error, e),
            }
            creating.set(false);
        });
    };
    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        submit();
    };

    let currency = Signal::derive(move || form.settlement.get());
    let total = Signal::derive(move || from_cart.get().unwrap_or_default());
    // Before the first press the button stays live, so pressing it reveals every problem;
    // after that it waits until they are fixed.
    let disabled = move || {
        creating.get() || !online.get() || (form.attempted.get() && !errors.with(Vec::is_empty))
    };
    let charge_label = move || {
        let amount = form.amount.get();
        match wct_api::money::parse_amount(amount.trim_end_matches('.'), decimals.get()) {
            Ok(v) => format!(
                "Charge {} {}",
                prefs.locale.get().format(v, decimals.get()),
                currency.get()
            ),
            Err(_) => "Charge".to_string(),
        }
    };
    view! {
        <section class="page charge">
            <div class="charge-grid">
                <AmountPanel form=form decimals=decimals locked=keypad_locked errors=errors
                    from_cart=Signal::derive(move || from_cart.get().is_some())/>
                <form class="charge-options" on:submit=on_submit novalidate>
                    <div class="card">
                        <SettlementPicker form=form catalogue=catalogue errors=errors/>
                        <PayWithPicker form=form catalogue=catalogue errors=errors/>
                    </div>
                    <div class="card">
                        <TextField name="description" label="Description" value=form.description form=form
                            errors=errors placeholder="e.g. 2 × flat white"/>
                        <TextField name="reference" label="Reference" value=form.reference form=form errors=errors/>
                    </div>
                    <CartEditor form=form errors=errors total=total currency=currency/>
                    <CustomerFields form=form errors=errors/>
                    {move || form_error.get().map(|e| view! {
                        <p class="form-error" data-testid="form-error" role="alert">{e}</p>
                    })}
                    <div class="submit-bar">
                        <button type="submit" class="btn btn-primary btn-big btn-charge" data-testid="charge-submit"
                            disabled=disabled>
                            {move || if creating.get() { "Creating…".to_string() } else { charge_label() }}
                        </button>
                    </div>
                </form>
            </div>
        </section>
    }
}

/// Puts a failed create's problems where the cashier will look: beside the fields the server
/// named, else in the form-level message.
fn show_server_error(form: ChargeForm, form_error: RwSignal<Option<String>>, e: ApiError) {
    let mut fields = e.field_errors();
    if fields.is_empty() && e.status() == Some(409) {
        fields.push(FieldError::new(
            "reference",
            "this reference was already used for another payment; change it",
        ));
    }
    if fields.is_empty() {
        let message = match e.status() {
            Some(502) | Some(503) => format!("WCT Pay did not accept the payment: {e}"),
            Some(504) => {
                "WCT Pay did not answer in time. Try again — the charge will not be duplicated."
                    .into()
            }
            _ => e.to_string(),
        };
        form_error.set(Some(message));
    } else {
        form.server_errors.set(fields);
    }
}
