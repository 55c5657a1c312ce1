//! A printable receipt that fits 58 mm and 80 mm thermal paper.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use wct_api::pos::PaymentView;
use wct_api::validate::check_quantity;

use crate::browser;
use crate::components::StateChip;
use crate::session::{use_prefs, use_session};
use crate::{api, model};

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let payment = RwSignal::new(None::<PaymentView>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let id = id.get();
        spawn_local(async move {
            match api::payment(&id).await {
                Ok(v) => payment.set(Some(v)),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    });
    view! {
        <section class="page narrow receipt-page">
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || payment.get().map(|p| view! { <Receipt payment=p/> })}
        </section>
    }
}

#[component]
pub fn Receipt(payment: PaymentView) -> impl IntoView {
    let session = use_session();
    let prefs = use_prefs();
    let p = payment;
    let decimals = session
        .catalogue
        .with_untracked(|c| c.as_ref().and_then(|c| c.decimals_of(&p.asset)))
        .unwrap_or(2);
    let locale = prefs.locale.get_untracked();
    let fiat = |text: &str| locale.format_str(text, decimals);
    let merchant = session
        .terminal
        .with_untracked(|t| t.as_ref().map(|t| (t.merchant.clone(), t.name.clone())));
    let items = p.cart_items.iter().map(|item| {
        let qty = check_quantity(&item.item_quantity).unwrap_or(0);
        let line = model::dec(&item.unit_price) * rust_decimal::Decimal::from(qty);
        view! {
            <tr>
                <td>{item.item_name.clone()} <span class="muted">{format!(" × {}", item.item_quantity)}</span>
                    <br/><span class="muted small">{item.item_desc.clone()}</span></td>
                <td class="num mono">{locale.format(line, decimals)}</td>
            </tr>
        }
    }).collect_view();
    let pay_asset = match &p.pay_network {
        Some(n) => format!("{} ({n})", p.pay_asset),
        None => p.pay_asset.clone(),
    };
    let txids = p
        .txids
        .iter()
        .map(|t| view! { <li class="mono txid">{t.clone()}</li> })
        .collect_view();
    // After a partial payment the quote asks only for the rest, so the quote's amount would
    // read as the price: once money arrived, show what arrived and what is missing or extra.
    let crypto = |text: &str| format!("{text} {}", p.pay_asset);
    let crypto_rows = if model::dec(&p.received).is_zero() {
        view! { <dt>"Amount"</dt><dd class="mono" data-testid="receipt-amount">{crypto(&p.pay_amount)}</dd> }
            .into_any()
    } else {
        let missing = (!model::dec(&p.missing).is_zero()).then(|| {
            view! { <dt>"Still missing"</dt><dd class="mono" data-testid="receipt-missing">{crypto(&p.missing)}</dd> }
        });
        let excess = (!model::dec(&p.excess).is_zero()).then(|| {
            view! { <dt>"In excess"</dt><dd class="mono" data-testid="receipt-excess">{crypto(&p.excess)}</dd> }
        });
        view! {
            <dt>"Received"</dt><dd class="mono" data-testid="receipt-received">{crypto(&p.received)}</dd>
            {missing}
            {excess}
        }
        .into_any()
    };
    // The upstream rate is settlement units per one coin; say so rather than show a bare number.
    let rate = p
        .exchange_rate
        .as_deref()
        .map(|r| format!("1 {} = {} {}", p.pay_asset, fiat(r), p.asset));
    let has_tx = !p.txids.is_empty();
    let state = p.state;
    view! {
        <div class="no-print receipt-actions">
            <a class="btn btn-ghost" href=format!("/payments/{}", p.id)>"← Back"</a>
            <button type="button" class="btn btn-primary" data-testid="print-receipt" on:click=|_| browser::print()>
                "Print"
            </button>
        </div>
        <article class="receipt" data-testid="receipt">
            <header>
                <h1>{merchant.as_ref().map(|m| m.0.clone()).unwrap_or_else(|| "Receipt".into())}</h1>
                <p class="small">{merchant.map(|m| m.1)}</p>
                <p class="small">{browser::local_time(&p.created_at, locale.code())}</p>
            </header>
            <p>{p.description.clone()}</p>
            <table class="receipt-items">
                <tbody>
                    {items}
                    <tr class="total">
                        <td>"Total"</td>
                        <td class="num mono">{format!("{} {}", fiat(&p.amount), p.asset)}</td>
                    </tr>
                </tbody>
            </table>
            <dl class="receipt-meta">
                <dt>"Paid with"</dt><dd>{pay_asset}</dd>
                {crypto_rows}
                {rate.map(|r| view! { <dt>"Rate"</dt><dd class="mono" data-testid="receipt-rate">{r}</dd> })}
                <dt>"State"</dt><dd><StateChip state=state/></dd>
                <dt>"Reference"</dt><dd class="mono">{p.reference.clone()}</dd>
                <dt>"Payment code"</dt><dd class="mono">{p.payment_code.clone()}</dd>
                <dt>"Updated"</dt><dd class="small">{browser::short_time(&p.updated_at, locale.code())}</dd>
            </dl>
            {has_tx.then(|| view! {
                <div class="receipt-tx"><p class="small">"Transaction(s)"</p><ul>{txids}</ul></div>
            })}
            <p class="center small">"Thank you!"</p>
        </article>
    }
}
