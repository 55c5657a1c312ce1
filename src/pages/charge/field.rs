use leptos::prelude::*;

use super::form::use_charge;
use crate::components::FieldErrorText;

/// A labelled text input whose test id is its seed field name, with its error beside it.
/// `instant` fields show problems while typing; the others once left.
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Grey hint text; for the description, what the sale will be called if left empty.
    #[prop(into, default = Signal::stored(String::new()))]
    placeholder: Signal<String>,
    #[prop(default = false)] instant: bool,
) -> impl IntoView {
    let charge = use_charge();
    let (form, errors) = (charge.form, charge.errors);
    let invalid = move || errors.with(|e| e.iter().any(|e| e.field == name));
    let on_input = move |ev| {
        value.set(event_target_value(&ev));
        if instant {
            form.touch(name);
        }
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input id=name name=name type=kind data-testid=name autocomplete=autocomplete
                placeholder=move || placeholder.get()
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=format!("error-{name}")
                prop:value=move || value.get()
                on:input=on_input on:blur=move |_| form.touch(name)/>
            <FieldErrorText field=name/>
        </div>
    }
}
