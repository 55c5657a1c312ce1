use leptos::prelude::*;
use wct_api::FieldError;

/// The field problems currently shown, by seed field name.
pub type Errors = Signal<Vec<FieldError>>;

/// The message for `field`, beside it; absent when the field is fine. Its id lets the input
/// point at it with `aria-describedby`.
#[component]
pub fn FieldErrorText(#[prop(into)] field: String, errors: Errors) -> impl IntoView {
    let f = field.clone();
    let message = Memo::new(move |_| {
        errors.with(|e| e.iter().find(|e| e.field == f).map(|e| e.message.clone()))
    });
    move || {
        message.get().map(|m| {
            view! {
                <p class="field-error" id=format!("error-{field}") data-testid=format!("error-{field}")>
                    {m}
                </p>
            }
        })
    }
}
