//! Settlement currency, "pay with" asset and their networks.

use leptos::prelude::*;
use wct_api::Network;

use super::form::use_charge;
use crate::components::FieldErrorText;
use crate::i18n::{t, ta, Arg};
use crate::session::use_prefs;

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
    let locale = use_prefs().locale;
    view! {
        <div class="field">
            <label for="settlement-select">{t("charge-in")}</label>
            <select id="settlement-select" data-testid="settlement-select" on:change=on_change>
                {move || catalogue.with(|c| c.settlement.iter().map(|a| {
                    let sym = a.symbol.clone();
                    // The currency's name in the till's language where the browser knows it.
                    let name = locale.get().currency_name(&sym).unwrap_or_else(|| a.name.clone());
                    let s2 = sym.clone();
                    view! {
                        <option value=sym.clone() prop:selected=move || form.settlement() == s2>
                            {format!("{sym} — {name}")}
                        </option>
                    }
                }).collect_view())}
            </select>
            <FieldErrorText field="asset"/>
        </div>
        <NetworkField id="settlement-network-select" label=t("settlement-network")
            value=form.settlement_network networks=Signal::derive(networks)
            field="asset_network"/>
    }
}

/// One button per way to pay: an asset, or for an asset on several networks (Tether) one per
/// network, labelled "USDT · TRC20", so the network is chosen with the asset and never hidden
/// behind a second step.
#[component]
pub fn PayWithPicker() -> impl IntoView {
    let form = use_charge().form;
    let catalogue = form.catalogue;
    let button = move |sym: String, name: String, network: Option<String>| {
        let testid = match &network {
            Some(n) => format!("pay-with-{sym}-{n}"),
            None => format!("pay-with-{sym}"),
        };
        let (s1, n1, s2, n2) = (sym.clone(), network.clone(), sym.clone(), network.clone());
        let pressed = move || {
            let same_network = n1.as_ref().is_none_or(|n| form.network.with(|v| v == n));
            if form.pay_with() == s1 && same_network {
                "true"
            } else {
                "false"
            }
        };
        let choose = move |_| {
            form.choose_pay_with(s2.clone());
            if let Some(n) = &n2 {
                form.network.set(n.clone());
            }
        };
        let second = network.clone().unwrap_or_else(|| name.clone());
        view! {
            <button type="button" class="asset-btn" data-testid=testid title=name
                aria-pressed=pressed on:click=choose>
                <span class="asset-sym">{sym}</span>
                <span class="asset-name">{second}</span>
            </button>
        }
    };
    view! {
        <fieldset class="field pay-with">
            <legend>{t("pay-with")}</legend>
            <div class="asset-grid">
                {move || catalogue.with(|c| c.crypto.iter().flat_map(|a| {
                    let name = a.name.clone();
                    if a.networks.is_empty() {
                        vec![button(a.symbol.clone(), name, None)]
                    } else {
                        a.networks
                            .iter()
                            .map(|n| button(a.symbol.clone(), ta("pay-with-on-network", &[("asset", Arg::Text(&name)), ("network", Arg::Text(&n.name))]), Some(n.code.clone())))
                            .collect()
                    }
                }).collect_view())}
            </div>
            <FieldErrorText field="requested_asset"/>
            <FieldErrorText field="requested_asset_network"/>
        </fieldset>
    }
}

/// The network choice of an asset that has several (Tether), shown only for such assets: a
/// `<select>` whose first option is the empty "Choose network" placeholder, and its error.
#[component]
fn NetworkField(
    id: &'static str,
    label: String,
    value: RwSignal<String>,
    networks: Signal<Vec<Network>>,
    field: &'static str,
) -> impl IntoView {
    view! {
        {move || (networks.with(|n| !n.is_empty())).then(|| view! {
            <div class="field">
                <label for=id>{label.clone()}</label>
                <select id=id data-testid=id aria-label=t("network") on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || value.get().is_empty()>{t("network-choose")}</option>
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
