//! A printable receipt that fits 58 mm and 80 mm thermal paper.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use rust_decimal::Decimal;
use wct_api::money::{parse_non_negative, MAX_PRECISION};
use wct_api::pos::{fiat_decimals, PaymentView};
use wct_api::upstream::CartItem;
use wct_api::validate::check_quantity;

use crate::api::use_api;
use crate::browser::print;
use crate::components::receipt_doc::{ReceiptIssuer, ReceiptLines, ReceiptTaxes};
use crate::components::{RefundList, RefundPanel, SharePanel, TestMark};
use crate::hooks::{use_live_payment, LiveSource};
use crate::i18n::{print_lang, t, ta, tp, Arg};
use crate::locale::Locale;
use crate::pages::payment::{first_error, LoadError};
use crate::session::use_session;

pub(crate) fn dec(text: &str) -> Decimal {
    parse_non_negative(text, MAX_PRECISION).unwrap_or_default()
}

/// The cart's lines, one row each: quantity shown when not one, the tip line marked.
pub(crate) fn cart_rows(items: &[CartItem], locale: Locale, decimals: u32) -> impl IntoView {
    items
        .iter()
        .map(|item| {
            let qty = check_quantity(&item.item_quantity).unwrap_or(0);
            let line = dec(&item.unit_price) * Decimal::from(qty);
            let tip = wct_api::tips::is_tip_line(item);
            view! {
                <tr class:receipt-tip=tip data-testid=if tip { "receipt-tip" } else { "receipt-item" }>
                    <td>{item.item_name.clone()}
                        {(qty != 1).then(|| view! { <span class="muted">{format!(" × {qty}")}</span> })}
                        {(!item.item_desc.is_empty()).then(|| view! {
                            <br/><span class="muted small">{item.item_desc.clone()}</span>
                        })}
                    </td>
                    <td class="num mono">{locale.format(line, decimals)}</td>
                </tr>
            }
        })
        .collect_view()
}

/// "USDT (TRC20)", or the asset alone.
pub(crate) fn pay_asset_label(asset: &str, network: Option<&str>) -> String {
    match network {
        Some(n) => format!("{asset} ({n})"),
        None => asset.to_string(),
    }
}

/// Values longer than this get a line of their own: on 58 mm paper a label and a long value
/// side by side would break the value mid-word.
const SIDE_BY_SIDE: usize = 16;

/// One label and value of the receipt's list; a long value goes on its own line under its
/// label (both rows wide), a short one beside it.
pub(crate) fn meta_row(label: String, value: String, testid: &'static str) -> impl IntoView {
    let wide = value.chars().count() > SIDE_BY_SIDE;
    view! {
        <dt class:wide=wide>{label}</dt>
        <dd class="mono" class:wide=wide data-testid=testid><bdi>{value}</bdi></dd>
    }
}

/// The transactions block, when there are any.
pub(crate) fn transactions(txids: &[String], title: String) -> impl IntoView {
    (!txids.is_empty()).then(|| {
        let items = txids
            .iter()
            .map(|tx| view! { <li class="mono txid" dir="ltr">{tx.clone()}</li> })
            .collect_view();
        view! { <div class="receipt-tx"><p class="small">{title}</p><ul>{items}</ul></div> }
    })
}

/// Back to `back`, and Print (not printed themselves).
#[component]
pub(crate) fn ReceiptActions(
    back: String,
    label: String,
    /// `back` is a page of the server's, not of this app (the customer's payment page): the
    /// router lets the browser load it.
    #[prop(optional)]
    external: bool,
) -> impl IntoView {
    view! {
        <div class="no-print receipt-actions">
            <a class="btn btn-ghost" href=back rel=external.then_some("external")>{label}</a>
            <button type="button" class="btn btn-primary" data-testid="print-receipt" on:click=|_| print::print()>
                {t("print")}
            </button>
        </div>
    }
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let live = use_live_payment(id, LiveSource::terminal(use_api()));
    let failed = |errors: ArcRwSignal<Errors>| {
        view! { <p class="form-error" role="alert">{first_error(errors)}</p> }
    };
    // The receipt follows the payment live (a late confirmation updates it), redrawn whole:
    // it changes rarely and has no state of its own.
    let reload = Callback::new(move |_| live.reload());
    let shown = move || {
        Suspend::new(async move {
            let first = live.resource.await.map_err(LoadError::from)?;
            // Outside the redrawn receipt, so a live update never closes an open refund.
            let payment =
                Signal::derive(move || live.payment.get().unwrap_or_else(|| first.clone()));
            Ok::<_, LoadError>(view! {
                {move || live.payment.get().map(|p| view! { <Receipt payment=p/> })}
                <div class="no-print"><RefundPanel payment=payment on_done=reload list=false/></div>
            })
        })
    };
    view! {
        <section class="page narrow receipt-page">
            <Transition fallback=|| ()>
                <ErrorBoundary fallback=failed>{shown}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
pub fn Receipt(payment: PaymentView) -> impl IntoView {
    let session = use_session();
    let p = payment;
    let decimals = session
        .catalogue
        .with_untracked(|c| fiat_decimals(c.as_ref(), &p.asset));
    // What is printed is in the store's language (`tp`); the buttons around it in the till's.
    let locale = Locale(print_lang());
    let fiat = |text: &str| locale.format_str(text, decimals);
    let merchant = session
        .terminal
        .with_untracked(|t| t.as_ref().map(|t| (t.merchant.clone(), t.name.clone())));
    let doc = p.receipt.clone();
    let legal = doc.is_some();
    let items = match doc.clone() {
        Some(doc) => {
            view! { <ReceiptLines doc=doc words=tp locale=locale decimals=decimals/> }.into_any()
        }
        None => cart_rows(&p.cart_items, locale, decimals).into_any(),
    };
    let pay_asset = pay_asset_label(&p.pay_asset, p.pay_network.as_deref());
    // After a partial payment the quote asks only for the rest, so the quote's amount would
    // read as the price: once money arrived, show what arrived and what is missing or extra.
    let crypto = |text: &str| format!("{text} {}", p.pay_asset);
    let crypto_rows = if dec(&p.received).is_zero() {
        meta_row(
            tp("receipt-amount", &[]),
            crypto(&p.pay_amount),
            "receipt-amount",
        )
        .into_any()
    } else {
        let missing = (!dec(&p.missing).is_zero()).then(|| {
            meta_row(
                tp("still-missing", &[]),
                crypto(&p.missing),
                "receipt-missing",
            )
        });
        let excess = (!dec(&p.excess).is_zero()).then(|| {
            meta_row(
                tp("receipt-excess", &[]),
                crypto(&p.excess),
                "receipt-excess",
            )
        });
        view! {
            {meta_row(tp("received", &[]), crypto(&p.received), "receipt-received")}
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
    let state = p.state;
    // Once paid the customer may have the receipt: a public link, no personal data.
    let send = matches!(
        state,
        wct_api::PaymentState::Paid | wct_api::PaymentState::Overpaid
    )
    .then(|| {
        let link = wct_api::pos::receipt_link(&p.link);
        let text = match merchant.as_ref() {
            Some(m) => ta("receipt-share-text", &[("shop", Arg::Text(&m.0))]),
            None => t("receipt-share-text-no-shop"),
        };
        view! {
            <div class="card no-print receipt-send" data-testid="receipt-send">
                <SharePanel link=link text=text receipt=true/>
            </div>
        }
    });
    view! {
        <ReceiptActions back=format!("/payments/{}", p.id) label=format!("← {}", t("back"))/>
        <article class="receipt" data-testid="receipt">
            {p.sandbox.then(|| view! { <TestMark/> })}
            <header>
                <h1>{merchant.as_ref().map(|m| m.0.clone()).unwrap_or_else(|| tp("receipt", &[]))}</h1>
                {(!legal).then(|| view! { <p class="small">{merchant.map(|m| m.1)}</p> })}
                <p class="small">{locale.date_time(&p.created_at)}</p>
                {doc.clone().map(|doc| view! { <ReceiptIssuer doc=doc words=tp locale=locale/> })}
            </header>
            {(p.state == wct_api::PaymentState::Late).then(|| view! {
                <p class="receipt-late" data-testid="receipt-late">
                    {format!(
                        "{}: {}",
                        crate::pages::payment::late_title_in(p.closed_as, print_lang()),
                        tp("receipt-late-decide", &[])
                    )}
                </p>
            })}
            <p>{p.description.clone()}</p>
            <table class="receipt-items">
                <tbody>
                    {items}
                    <tr class="total">
                        <td colspan=if legal { "2" } else { "1" }>{tp("cart-total", &[])}</td>
                        <td class="num mono" data-testid="receipt-total"><bdi>{format!("{} {}", fiat(&p.amount), p.asset)}</bdi></td>
                    </tr>
                </tbody>
            </table>
            {doc.clone().map(|doc| view! { <ReceiptTaxes doc=doc words=tp locale=locale decimals=decimals print=true/> })}
            <dl class="receipt-meta">
                <dt>{tp("receipt-paid-with", &[])}</dt><dd><bdi>{pay_asset}</bdi></dd>
                {crypto_rows}
                {rate.map(|r| meta_row(tp("receipt-rate", &[]), r, "receipt-rate"))}
                // Plain words: a coloured chip prints as a grey smudge on thermal paper.
                <dt>{tp("receipt-state", &[])}</dt><dd data-testid="receipt-state">{tp(&format!("state-{}", state.as_str()), &[])}</dd>
                {meta_row(tp("charge-reference", &[]), p.reference.clone(), "receipt-reference")}
                {meta_row(tp("receipt-code", &[]), p.payment_code.clone(), "receipt-code")}
                // One date format on the whole receipt (the header's).
                <dt class="wide">{tp("receipt-updated", &[])}</dt><dd class="wide">{locale.date_time(&p.updated_at)}</dd>
            </dl>
            {(!p.refunds.is_empty()).then(|| view! {
                <div class="receipt-refunds"><p class="small">{tp("refunds", &[])}</p>
                    <RefundList refunds=Signal::stored(p.refunds.clone())/></div>
            })}
            {transactions(&p.txids, tp("receipt-transactions", &[]))}
            <p class="center small">{tp("paid-thanks", &[])}</p>
            {doc.map(|d| d.issuer.footer).filter(|f| !f.is_empty()).map(|f| view! {
                <p class="center small receipt-footer" data-testid="receipt-footer">{f}</p>
            })}
        </article>
        {send}
    }
}
