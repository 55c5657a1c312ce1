//! Settlement currency, "pay with" asset and their networks.

use leptos::prelude::*;
use wct_api::Network;

use super::form::use_charge;
use crate::components::FieldErrorText;

#[component]
pub fn SettlementPicker() -> impl IntoView {
    let form = use_charge().form;
    let catalogue = form.catalogue;
    let networks = move || {
        catalogue.with(|c| {
            c.settlement(&form.settlement())
                .map(|a| a.networks.clone())
                .unwrap_or_default()
        })
    };
    let on_change = move |ev| form.choose_settlement(event_target_value(&ev));
    view! {
        <div class="field">
            <label for="settlement-select">"Charge in"</label>
            <select id="settlement-select" data-testid="settlement-select" on:change=on_change>
                {move || catalogue.with(|c| c.settlement.iter().map(|a| {
                    let sym = a.symbol.clone();
                    let s2 = sym.clone();
                    view! {
                        <option value=sym.clone() prop:selected=move || form.settlement() == s2>
                            {format!("{} — {}", sym, a.name)}
                        </option>
                    }
                }).collect_view())}
            </select>
            <FieldErrorText field="asset"/>
        </div>
        <NetworkField id="settlement-network-select" label="Settlement network"
            value=form.settlement_network networks=Signal::derive(networks)
            field="asset_network"/>
    }
}

#[component]
pub fn PayWithPicker() -> impl IntoView {
    let form = use_charge().form;
    let catalogue = form.catalogue;
    let networks = move || {
        catalogue.with(|c| {
            c.crypto(&form.pay_with())
                .map(|a| a.networks.clone())
                .unwrap_or_default()
        })
    };
    let choose = move |sym: String| form.choose_pay_with(sym);
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
                            aria-pressed=move || if form.pay_with() == s1 { "true" } else { "false" }
                            on:click=move |_| choose(s2.clone())>
                            <span class="asset-sym">{sym.clone()}</span>
                            <span class="asset-name">{a.name.clone()}</span>
                        </button>
                    }
                }).collect_view())}
            </div>
            <FieldErrorText field="requested_asset"/>
        </fieldset>
        <NetworkField id="network-select" label="Network" value=form.network
            networks=Signal::derive(networks) field="requested_asset_network"/>
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
) -> impl IntoView {
    view! {
        {move || (networks.with(|n| !n.is_empty())).then(|| view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id data-testid=id aria-label="Network" on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || value.get().is_empty()>"Choose network"</option>
                    {move || networks.get().into_iter().map(|n| {
                        let code = n.code.clone();
                        view! { <option value=n.code prop:selected=move || value.get() == code>{n.name}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorText field=field/>
            </div>
        })}
    }
}
