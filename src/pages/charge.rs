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
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;
use wct_api::pos::{ErrorCode, PaymentView};
use wct_api::products::Product;
use wct_api::upstream::PaymentFields;
use wct_api::{Catalogue, FieldError};

pub use self::amount::key_of;
use self::amount::AmountPanel;
use self::cart::CartEditor;
use self::customer::CustomerFields;
use self::field::TextField;
pub use self::form::{use_charge, ChargeContext, ChargeForm};
use self::pickers::{PayWithPicker, SettlementPicker};
use crate::api::{use_api, Api, ApiError};
use crate::browser::{self, ids};
use crate::components::tip::{TipChoice, TipPicker};
use crate::components::{ErrorMore, FieldErrors, ProductGrid};
use crate::hooks::{use_clock, use_online, use_scanner};
use crate::i18n::{t, ta, Arg};
use crate::session::{use_prefs, use_session};

/// Pauses before asking again whether a create whose outcome was unknown went through.
const UNKNOWN_RETRY_MS: [i32; 3] = [1_000, 2_000, 4_000];

/// Scrolls to the first field problem or form message, whichever comes first on the page.
fn focus_first_problem() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".field-error, .form-error").ok().flatten())
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
                <h1 class="sr-only">{t("charge-title")}</h1>
                <div class="card center loading" aria-busy="true">{t("charge-loading")}</div>
            </section>
        }>
            <ChargeScreen catalogue=catalogue/>
        </Show>
    }
}

/// One create request: the body and its `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateRequest {
    pub fields: PaymentFields,
    pub key: String,
}

/// How a create ended, with the request it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateOutcome {
    pub request: CreateRequest,
    pub result: Result<PaymentView, ApiError>,
}

/// The proxy could not tell whether the payment was created: only the same request (same
/// body, same key) may ask again.
pub fn outcome_unknown(e: &ApiError) -> bool {
    matches!(
        e.code(),
        Some(ErrorCode::UpstreamUnknown | ErrorCode::UpstreamTimeout)
    ) || e.status() == Some(504)
}

/// The request for `fields`, after `previous` did not succeed. A reference and its key are
/// kept only for an identical retry; a changed sale (amount, asset, cart, details) that
/// still carries the previous reference gets a new reference, and any change a new key.
pub fn next_request(
    previous: Option<&CreateRequest>,
    mut fields: PaymentFields,
    new_key: impl FnOnce() -> String,
    new_reference: impl FnOnce() -> String,
) -> CreateRequest {
    let Some(previous) = previous else {
        return CreateRequest {
            fields,
            key: new_key(),
        };
    };
    if previous.fields == fields {
        return previous.clone();
    }
    if fields.reference == previous.fields.reference {
        fields.reference = new_reference();
    }
    CreateRequest {
        fields,
        key: new_key(),
    }
}

/// Merges the problems to show now: the form's own (once touched or after a Charge press)
/// and the server's.
fn visible_errors(
    form: ChargeForm,
    own: Vec<FieldError>,
    server: Vec<FieldError>,
) -> Vec<FieldError> {
    let attempted = form.attempted.get();
    let touched = form.touched.get();
    let mut shown: Vec<FieldError> = own
        .into_iter()
        .filter(|e| attempted || touched.iter().any(|t| t == &e.field))
        .collect();
    for e in server {
        if !shown.iter().any(|s| s.field == e.field) {
            shown.push(e);
        }
    }
    shown
}

/// Where a refused create's problem goes: beside the fields the server named, else a
/// form-level message.
fn server_problems(e: &ApiError) -> (Vec<FieldError>, Option<String>) {
    match e.code() {
        // The lines say what changed (see `ChargeForm::refresh_from_catalogue`).
        Some(ErrorCode::CartStale) => return (Vec::new(), Some(t("charge-cart-stale"))),
        Some(ErrorCode::DiscountNeedsPin | ErrorCode::PinWrong) => {
            return (vec![FieldError::new("manager_pin", e.to_string())], None)
        }
        _ => {}
    }
    let mut fields = e.field_errors();
    if fields.is_empty() && e.status() == Some(409) {
        fields.push(FieldError::new("reference", t("charge-reference-used")));
    }
    if !fields.is_empty() {
        return (fields, None);
    }
    let message = if outcome_unknown(e) {
        t("charge-outcome-unknown")
    } else if e.code() == Some(ErrorCode::UpstreamMismatch) {
        // The server's sentence says what did not match; this says what it means here.
        // ASCII only: `char::to_uppercase` would pull Unicode tables into the wasm.
        let mut reason = e.to_string();
        if let Some(first) = reason.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        ta(
            "charge-mismatch",
            &[("reason", Arg::Text(reason.trim_end_matches('.')))],
        )
    } else {
        match e.status() {
            Some(502) | Some(503) => ta(
                "charge-not-accepted",
                &[("reason", Arg::Text(&e.to_string()))],
            ),
            _ => e.to_string(),
        }
    };
    (Vec::new(), Some(message))
}

/// The barcode scanner on Charge: a scanned code adds its product (from the loaded catalogue,
/// else asked of the proxy); an unknown code says so. What the scanner's digits typed on the
/// keypad meanwhile is undone. Returns the message to announce.
fn use_product_input(form: ChargeForm, api: Api) -> RwSignal<String> {
    let message = RwSignal::new(String::new());
    let typed_before = StoredValue::new(String::new());
    let on_start = Callback::new(move |()| {
        typed_before.set_value(form.typed_amount.get_untracked());
    });
    let on_scan = Callback::new(move |code: String| {
        form.typed_amount.set(typed_before.get_value());
        let known = form.products.with_untracked(|ps| {
            ps.iter()
                .find(|p| p.active && p.sku.as_deref() == Some(code.as_str()))
                .cloned()
        });
        leptos::task::spawn_local(async move {
            let found = match known {
                Some(p) => Some(p),
                None => api.product_by_sku(&code).await.ok().flatten(),
            };
            let text = match &found {
                Some(p) => {
                    form.add_product(p);
                    ta("scan-added", &[("name", Arg::Text(&p.name))])
                }
                None => ta("scan-unknown", &[("code", Arg::Text(&code))]),
            };
            message.try_set(text);
        });
    });
    use_scanner(on_scan, on_start);
    message
}

#[component]
fn ChargeScreen(catalogue: Signal<Catalogue>) -> impl IntoView {
    let prefs = use_prefs();
    let clock = use_clock();
    let online = use_online();
    let api = use_api();
    let navigate = use_navigate();
    let new_reference = move || ids::new_reference(clock.now.get_untracked());
    let form = ChargeForm::new(new_reference(), catalogue);
    // The store's tip settings; without them (offline, an older server) no tip is offered.
    leptos::task::spawn_local(async move {
        if let Ok(settings) = api.store_settings().await {
            form.tips.try_set(Some(settings.tips));
            form.store_country.try_set(settings.country);
            form.tax.try_set(settings.tax);
            form.max_discount
                .try_set(settings.max_discount_percent.parse::<Decimal>().ok());
        }
    });
    // The grid's products; without them (offline, an older server) the keypad still works.
    leptos::task::spawn_local(async move {
        if let Ok(products) = api.products(false).await {
            form.products.try_set(products);
        }
    });
    // The last request that did not succeed: an identical retry reuses its key.
    let last = StoredValue::new(None::<CreateRequest>);
    let checking = RwSignal::new(false);

    let create = Action::new_local(move |request: &CreateRequest| {
        let request = request.clone();
        let navigate = navigate.clone();
        async move {
            // The PIN field shows only when a discount needs it; it is never stored.
            let pin = form.manager_pin.get_untracked();
            let pin = Some(pin.trim()).filter(|p| !p.is_empty());
            let mut result = api.create_payment(&request.fields, &request.key, pin).await;
            for pause in UNKNOWN_RETRY_MS {
                if !matches!(&result, Err(e) if outcome_unknown(e)) {
                    break;
                }
                checking.try_set(true);
                browser::sleep(pause).await;
                result = api.create_payment(&request.fields, &request.key, pin).await;
            }
            checking.try_set(false);
            if matches!(&result, Err(e) if e.code() == Some(ErrorCode::CartStale)) {
                // Re-read the catalogue; the cart takes its prices and says what changed.
                if let Ok(products) = api.products(false).await {
                    let currency = untrack(|| form.settlement());
                    form.refresh_from_catalogue(&products, &currency);
                    form.products.try_set(products);
                }
            }
            if let Ok(view) = &result {
                form.remember_choices();
                last.set_value(None);
                form.reset(new_reference());
                navigate(
                    &format!("/payments/{}", view.id),
                    NavigateOptions::default(),
                );
            }
            CreateOutcome { request, result }
        }
    });
    let creating = create.pending();

    let today = move || wct_api::clock::date_of(clock.now.get_untracked());
    let own = Memo::new(move |_| form.problems(today()));
    // The server's verdict holds only while the form still says what was sent.
    let verdict = Memo::new(move |_| {
        let outcome = create.value().get()?;
        let error = outcome.result.err()?;
        (form.fields() == outcome.request.fields).then(|| server_problems(&error))
    });
    let errors = Memo::new(move |_| {
        let server = verdict.with(|v| v.as_ref().map(|v| v.0.clone()).unwrap_or_default());
        visible_errors(form, own.get(), server)
    });
    let form_error = move || verdict.with(|v| v.as_ref().and_then(|v| v.1.clone()));
    // The particulars of a refusal (which figure did not match), folded behind "More".
    let error_detail = move || {
        create.value().with(|o| {
            o.as_ref()
                .and_then(|o| o.result.as_ref().err().and_then(ApiError::detail))
        })
    };
    // The server's refusal is shown where the cashier looks: on a phone its message would
    // otherwise sit under the sticky Charge button.
    Effect::new(move |_| {
        if verdict.with(Option::is_some) {
            request_animation_frame(focus_first_problem);
        }
    });
    let unknown = Memo::new(move |_| {
        create
            .value()
            .with(|o| matches!(o, Some(CreateOutcome { result: Err(e), .. }) if outcome_unknown(e)))
            && verdict.with(Option::is_some)
    });
    provide_context(ChargeContext {
        form,
        errors: errors.into(),
    });
    provide_context(FieldErrors(errors.into()));

    let send = move |request: CreateRequest| {
        last.set_value(Some(request.clone()));
        create.dispatch_local(request);
    };
    // With tips on, Charge first hands the screen to the customer to choose their tip.
    let tip_step = RwSignal::new(false);
    let tip_problem = RwSignal::new(None::<String>);
    let proceed = move || {
        let fields = form.fields();
        let request =
            last.with_value(|p| next_request(p.as_ref(), fields, ids::uuid_v4, new_reference));
        if form.reference.get_untracked() != request.fields.reference {
            form.reference.set(request.fields.reference.clone());
        }
        send(request);
    };
    let submit = move || {
        form.attempted.set(true);
        if !online.get_untracked() || creating.get_untracked() {
            return;
        }
        if !own.get_untracked().is_empty() {
            request_animation_frame(focus_first_problem);
            return;
        }
        if untrack(|| form.tip_config().is_some()) {
            tip_problem.set(None);
            tip_step.set(true);
            return;
        }
        proceed();
    };
    let tip_continue = move |_| {
        let custom_unreadable =
            untrack(|| form.tip.get() == TipChoice::Custom && form.tip_value().is_none());
        if custom_unreadable {
            tip_problem.set(Some(t("charge-tip-unreadable")));
            return;
        }
        if !own.get_untracked().is_empty() {
            tip_problem.set(Some(t("charge-tip-does-not-fit")));
            return;
        }
        tip_step.set(false);
        if online.get_untracked() && !creating.get_untracked() {
            proceed();
        }
    };
    let tip_back = move |_| tip_step.set(false);
    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    let check_again = move |_| {
        if let Some(request) = last.get_value() {
            send(request);
        }
    };

    let scan_message = use_product_input(form, api);
    let decimals = Memo::new(move |_| form.decimals());
    let from_cart = Memo::new(move |_| form.cart.with(|c| !c.is_empty()));
    let keypad_locked = Signal::derive(move || from_cart.get() || creating.get());
    // Before the first press the button stays live, so pressing it reveals every problem;
    // after that it waits until they are fixed.
    let zero = Memo::new(move |_| form.is_zero());
    let disabled = move || {
        creating.get()
            || !online.get()
            || zero.get()
            || (form.attempted.get() && !errors.with(Vec::is_empty))
    };
    // A faded button always says why: offline, nothing to charge, or fields to fix.
    let why_disabled = move || {
        if creating.get() {
            None
        } else if !online.get() {
            Some(t("charge-why-offline"))
        } else if zero.get() {
            Some(t("charge-why-zero"))
        } else if form.attempted.get() && !errors.with(Vec::is_empty) {
            Some(t("charge-why-fix"))
        } else {
            None
        }
    };
    let charge_label = move || {
        if checking.get() {
            return t("charge-checking");
        }
        if creating.get() {
            return t("charge-creating");
        }
        let amount = form.total();
        match wct_api::money::parse_amount(amount.trim_end_matches('.'), decimals.get()) {
            Ok(v) => ta(
                "charge-button-amount",
                &[
                    (
                        "amount",
                        Arg::Text(&prefs.locale.get().format(v, decimals.get())),
                    ),
                    ("currency", Arg::Text(&form.settlement())),
                ],
            ),
            Err(_) => t("charge-button"),
        }
    };
    view! {
        <section class="page charge">
            <h1 class="sr-only">{t("charge-title")}</h1>
            {move || form.products.with(|p| !p.is_empty()).then(|| view! {
                <ProductGrid products=form.products decimals=decimals
                    on_add=Callback::new(move |p: Product| form.add_product(&p))/>
            })}
            <p class="scan-message" role="status" aria-live="assertive" data-testid="scan-message">
                {move || scan_message.get()}
            </p>
            <div class="charge-grid">
                <AmountPanel decimals=decimals locked=keypad_locked from_cart=from_cart/>
                <form class="charge-options" on:submit=on_submit novalidate>
                    <div class="card">
                        <SettlementPicker/>
                        <PayWithPicker/>
                    </div>
                    <div class="card">
                        <TextField name="description" label=t("charge-description") value=form.description
                            placeholder=Signal::derive(move || {
                                wct_api::validate::default_description(&form.cart_items())
                            })/>
                        <TextField name="reference" label=t("charge-reference") value=form.reference/>
                    </div>
                    <CartEditor/>
                    <CustomerFields/>
                    {move || form.tip_config().map(|_| view! {
                        <p class="muted small tip-note" data-testid="tip-note">
                            {t("charge-tip-note")}
                        </p>
                    })}
                    {move || (checking.get()).then(|| view! {
                        <p class="notice" data-testid="create-checking" role="status">
                            {t("charge-checking")}
                        </p>
                    })}
                    {move || form_error().map(|e| view! {
                        <p class="form-error" data-testid="form-error" role="alert">{e}</p>
                        <ErrorMore detail=error_detail()/>
                    })}
                    {move || (unknown.get() && !creating.get()).then(|| view! {
                        <button type="button" class="btn btn-secondary btn-big" data-testid="create-retry"
                            on:click=check_again>{t("charge-check-again")}</button>
                    })}
                    <div class="submit-bar">
                        <button type="submit" class="btn btn-primary btn-big btn-charge" data-testid="charge-submit"
                            disabled=disabled>
                            {charge_label}
                        </button>
                        {move || why_disabled().map(|why| view! {
                            <p class="submit-why" data-testid="charge-why" role="status">{why}</p>
                        })}
                    </div>
                </form>
            </div>
            // The customer's tip step: big buttons on a screen of its own, as on Square.
            {move || tip_step.get().then(|| form.tip_config()).flatten().map(|config| view! {
                <div class="tip-step" role="dialog" aria-modal="true" aria-labelledby="tip-title"
                    data-testid="tip-step">
                    <div class="tip-step-inner">
                        <p class="tip-step-sale" data-testid="tip-step-sale">
                            {move || {
                                let sale = form.subtotal().map(|s| prefs.locale.get().format(s, decimals.get()));
                                format!("{} {}", sale.unwrap_or_default(), form.settlement())
                            }}
                        </p>
                        <TipPicker config=config subtotal=Signal::derive(move || form.subtotal())
                            decimals=decimals currency=Signal::derive(move || form.settlement())
                            total=Signal::derive(move || form.total())
                            choice=form.tip custom=form.custom_tip/>
                        {move || tip_problem.get().map(|m| view! {
                            <p class="form-error" role="alert" data-testid="tip-error">{m.clone()}</p>
                        })}
                        <div class="actions tip-step-actions">
                            <button type="button" class="btn btn-primary btn-big" data-testid="tip-continue"
                                on:click=tip_continue>
                                {move || ta("tip-continue", &[
                                    ("amount", Arg::Text(&prefs.locale.get().typed(&form.total()))),
                                    ("currency", Arg::Text(&form.settlement())),
                                ])}
                            </button>
                            <button type="button" class="btn btn-secondary" data-testid="tip-back"
                                on:click=tip_back>{t("tip-back")}</button>
                        </div>
                    </div>
                </div>
            })}
        </section>
    }
}
