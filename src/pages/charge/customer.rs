//! Optional customer details, collapsed by default, validated as they are typed.

use leptos::prelude::*;

use super::field::TextField;
use super::form::{use_charge, PERSONAL};

#[component]
pub fn CustomerFields() -> impl IntoView {
    let charge = use_charge();
    let (form, errors) = (charge.form, charge.errors);
    let toggled = RwSignal::new(false);
    let has_errors = move || errors.with(|e| e.iter().any(|e| e.field.starts_with("personal_")));
    // Problems in hidden fields would be invisible: the section is open while there are some.
    let open = Memo::new(move |_| toggled.get() || has_errors());
    let fields = PERSONAL
        .iter()
        .zip(form.personal)
        .map(|(&(name, label, kind, autocomplete, placeholder), value)| {
            view! {
                <TextField name=name label=label value=value kind=kind
                    autocomplete=autocomplete placeholder=placeholder instant=true/>
            }
        })
        .collect_view();
    view! {
        <section class="card collapsible">
            <button type="button" class="collapse-toggle" data-testid="customer-toggle"
                aria-expanded=move || if open.get() { "true" } else { "false" } aria-controls="customer-body"
                on:click=move |_| toggled.set(!open.get_untracked())>
                <span>"Customer details"</span>
                <span class="muted">"optional"</span>
            </button>
            <div id="customer-body" class="collapse-body customer-grid" hidden=move || !open.get()>
                {fields}
            </div>
        </section>
    }
}
