//! Optional customer details, collapsed by default, validated as they are typed.

use leptos::prelude::*;

use super::field::TextField;
use super::form::{ChargeForm, PERSONAL};
use crate::components::Errors;

#[component]
pub fn CustomerFields(form: ChargeForm, errors: Errors) -> impl IntoView {
    let open = RwSignal::new(false);
    let has_errors = move || errors.with(|e| e.iter().any(|e| e.field.starts_with("personal_")));
    // Problems in hidden fields would be invisible: open the section when there are some.
    Effect::new(move |_| {
        if has_errors() {
            open.set(true);
        }
    });
    let fields = PERSONAL
        .iter()
        .zip(form.personal)
        .map(|(&(name, label, kind, autocomplete, placeholder), value)| {
            view! {
                <TextField name=name label=label value=value form=form errors=errors kind=kind
                    autocomplete=autocomplete placeholder=placeholder instant=true/>
            }
        })
        .collect_view();
    view! {
        <section class="card collapsible">
            <button type="button" class="collapse-toggle" data-testid="customer-toggle"
                aria-expanded=move || if open.get() { "true" } else { "false" } aria-controls="customer-body"
                on:click=move |_| open.update(|o| *o = !*o)>
                <span>"Customer details"</span>
                <span class="muted">"optional"</span>
            </button>
            <div id="customer-body" class="collapse-body customer-grid" hidden=move || !open.get()>
                {fields}
            </div>
        </section>
    }
}
