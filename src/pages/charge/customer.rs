//! Optional customer details, collapsed by default, validated as they are typed.

use leptos::prelude::*;

use super::field::TextField;
use super::form::{use_charge, PERSONAL};
use crate::i18n::t;

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
        .map(
            |(&(name, _english, kind, autocomplete, placeholder), value)| {
                // The label by the field's name (`field-personal_city`); the country's hint too.
                let label = t(&format!("field-{name}"));
                let placeholder = if placeholder.is_empty() {
                    String::new()
                } else {
                    t(&format!("field-{name}-hint"))
                };
                view! {
                    <TextField name=name label=label value=value kind=kind
                        autocomplete=autocomplete placeholder=placeholder instant=true/>
                }
            },
        )
        .collect_view();
    view! {
        <section class="card collapsible">
            <button type="button" class="collapse-toggle" data-testid="customer-toggle"
                aria-expanded=move || if open.get() { "true" } else { "false" } aria-controls="customer-body"
                on:click=move |_| toggled.set(!open.get_untracked())>
                <span>{t("customer-title")}</span>
                <span class="muted">{t("customer-optional")}</span>
            </button>
            <div id="customer-body" class="collapse-body customer-grid" hidden=move || !open.get()>
                {fields}
            </div>
        </section>
    }
}
