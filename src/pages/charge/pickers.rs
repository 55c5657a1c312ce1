//! Settlement currency, "pay with" asset and their networks.

use leptos::prelude::*;
use wct_api::{Catalogue, Network};

use super::form::ChargeForm;
use crate::components::{Errors, FieldErrorText};

#[component]
pub fn SettlementPicker(
    form: ChargeForm,
    catalogue: Signal<Catalogue>,
    errors: Errors,
) -> impl IntoView {
    let networks = move || {
        catalogue.with(|c| {
            c.settlement(&form.settlement.get())
                .map(|a| a.networks.clone())
                .unwrap_or_default()
        })
    };
    let on_change = move |ev| {
        form.settlement.set(event_target_value(&ev));
        form.settlement_network.set(String::new());
        // A different currency may take fewer decimals: start the amount again.
        if form.cart.with_untracked(Vec::is_empty) {
            form.amount.set(String::new());
        }
    };
    view! {
        <div class="field">
            <label for="settlement-select">"Charge in"</label>
            <select id="settlement-select" data-testid="settlement-select" on:change=on_change>
                {move || catalogue.with(|c| c.settlement.iter().map(|a| {
                    let sym = a.symbol.clone();
                    let s2 = sym.clone();
                    view! {
                        <option value=sym.clone() prop:selected=move || form.settlement.get() == s2>
                            {format!("{} — {}", sym, a.name)}
                        </option>
                    }
                }).collect_view())}
            </select>
            <FieldErrorText field="asset" errors=errors/>
        </div>
        <NetworkField id="settlement-network-select" label="Settlement network"
            value=form.settlement_network networks=Signal::derive(networks)
            field="asset_network" errors=errors/>
    }
}

#[component]
pub fn PayWithPicker(
    form: ChargeForm,
    catalogue: Signal<Catalogue>,
    errors: Errors,
) -> impl IntoView {
    let networks = move || {
        catalogue.with(|c| {
            c.crypto(&form.pay_with.get())
                .map(|a| a.networks.clone())
                .unwrap_or_default()
        })
    };
    let choose = move |sym: String| {
        if form.pay_with.get_untracked() != sym {
            form.pay_with.set(sym);
            form.network.set(String::new());
        }
    };
    view! {
        <fieldset class="field pay-with">
            <legend>"Customer pays with"</legend>
            <div class="asset-grid">
                {move || catalogue.with(|c| c.crypto.iter().map(|a| {
                    let sym = a.symbol.clone();
                    let (s1, s2) = (sym.clone(), sym.clone());
                    view! {
                        <button type="button" class="asset-btn" data-testid=format!("pay-with-{sym}")
                            title=a.name.clone()
                            aria-pressed=move || if form.pay_with.get() == s1 { "true" } else { "false" }
                            on:click=move |_| choose(s2.clone())>
                            <span class="asset-sym">{sym.clone()}</span>
                            <span class="asset-name">{a.name.clone()}</span>
                        </button>
                    }
                }).collect_view())}
            </div>
            <FieldErrorText field="requested_asset" errors=errors/>
        </fieldset>
        <NetworkField id="network-select" label="Network" value=form.network
            networks=Signal::derive(networks) field="requested_asset_network" errors=errors/>
    }
}

/// The network choice of an asset that has several (Tether), shown only for such assets: a
/// `<select>` whose first option is the empty "Choose network" placeholder, and its error.
#[component]
fn NetworkField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    networks: Signal<Vec<Network>>,
    field: &'static str,
    errors: Errors,
) -> impl IntoView {
    view! {
        <Show when=move || networks.with(|n| !n.is_empty())>
            <div class="field">
                <label for=id>{label}</label>
                <select id=id data-testid=id aria-label="Network" on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || value.get().is_empty()>"Choose network"</option>
                    {move || networks.get().into_iter().map(|n| {
                        let code = n.code.clone();
                        view! { <option value=n.code prop:selected=move || value.get() == code>{n.name}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorText field=field errors=errors/>
            </div>
        </Show>
    }
}
