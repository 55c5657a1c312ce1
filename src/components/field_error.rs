use leptos::prelude::*;
use wct_api::FieldError;

/// The field problems currently shown, by seed field name.
pub type Errors = Signal<Vec<FieldError>>;

/// The problems of the form around, provided as context by the form's screen.
#[derive(Debug, Clone, Copy)]
pub struct FieldErrors(pub Errors);

/// The message for `field`, beside it; absent when the field is fine. Its id lets the input
/// point at it with `aria-describedby`. The problems come from `errors`, else from the
/// [`FieldErrors`] in context.
#[component]
pub fn FieldErrorText(
    #[prop(into)] field: String,
    #[prop(optional, into)] errors: Option<Errors>,
) -> impl IntoView {
    let errors = errors
        .or_else(|| use_context::<FieldErrors>().map(|e| e.0))
        .unwrap_or_default();
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
