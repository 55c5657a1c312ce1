//! The customer's receipt (`/pay/:code/receipt`): public like the payment page, by payment
//! code and without a token. It shows only [`PublicReceipt`], which has no personal data,
//! and prints on 58/80 mm paper like the terminal's receipt.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wct_api::pos::{fiat_decimals, PublicReceipt};
use wct_api::Catalogue;

use crate::api::{public_receipt, ApiError};
use crate::components::receipt_doc::{ReceiptIssuer, ReceiptLines, ReceiptTaxes};
use crate::components::{RefundList, TestMark};
use crate::i18n::{state_label, t, ta};
use crate::pages::receipt::{
    cart_rows, dec, meta_row, pay_asset_label, transactions, ReceiptActions,
};
use crate::session::use_prefs;

/// Why the receipt link shows nothing, in the customer's words.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReceiptError {
    #[error("{}", t("receipt-not-yet"))]
    NotFound,
    #[error("{0}")]
    Api(ApiError),
}

/// The receipt in the customer's language (the one they chose on the payment page, else their
/// browser's), not the shop's.
#[component]
pub fn PublicReceiptPage() -> impl IntoView {
    let lang = Signal::stored(crate::i18n::customer_lang());
    view! { <crate::i18n::InLanguage lang=lang print=lang><PublicReceiptContent/></crate::i18n::InLanguage> }
}

#[component]
fn PublicReceiptContent() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let receipt = LocalResource::new(move || {
        let code = code.get();
        async move { public_receipt(&code).await }
    });
    let shown = move || {
        Suspend::new(async move {
            match receipt.await {
                Ok(r) => Ok(view! { <PublicReceiptView receipt=r/> }),
                Err(e) if e.status() == Some(404) => Err(ReceiptError::NotFound),
                Err(e) => Err(ReceiptError::Api(e)),
            }
        })
    };
    let failed = |errors: ArcRwSignal<Errors>| {
        view! {
            <div class="card center">
                <p class="form-error" role="alert" data-testid="receipt-error">
                    {crate::pages::payment::first_error(errors)}
                </p>
            </div>
        }
    };
    view! {
        <section class="page narrow receipt-page" data-testid="public-receipt-page">
            <Transition fallback=|| view! { <div class="card center loading" aria-busy="true">{t("receipt-loading")}</div> }>
                <ErrorBoundary fallback=failed>{shown}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn PublicReceiptView(receipt: PublicReceipt) -> impl IntoView {
    let prefs = use_prefs();
    let r = receipt;
    let locale = prefs.locale.get_untracked();
    let decimals = fiat_decimals(Some(&Catalogue::default()), &r.asset);
    let fiat = |text: &str| locale.format_str(text, decimals);
    let doc = r.receipt.clone();
    let legal = doc.is_some();
    let items = match doc.clone() {
        Some(doc) => {
            view! { <ReceiptLines doc=doc words=ta locale=locale decimals=decimals/> }.into_any()
        }
        None => cart_rows(&r.cart_items, locale, decimals).into_any(),
    };
    let pay_asset = pay_asset_label(&r.pay_asset, r.pay_network.as_deref());
    let excess = (!dec(&r.excess).is_zero()).then(|| {
        meta_row(
            t("receipt-excess"),
            format!("{} {}", r.excess, r.pay_asset),
            "receipt-excess",
        )
    });
    let rate = r
        .exchange_rate
        .as_deref()
        .map(|x| format!("1 {} = {} {}", r.pay_asset, fiat(x), r.asset));
    view! {
        <ReceiptActions back=format!("/pay/{}", r.payment_code) label=format!("← {}", t("receipt-back-payment")) external=true/>
        <article class="receipt" data-testid="receipt">
            {r.sandbox.then(|| view! { <TestMark/> })}
            <header>
                <h1 data-testid="receipt-merchant">{r.merchant.clone()}</h1>
                <p class="small">{locale.date_time(&r.created_at)}</p>
                {doc.clone().map(|doc| view! { <ReceiptIssuer doc=doc words=ta locale=locale/> })}
            </header>
            <p>{r.description.clone()}</p>
            <table class="receipt-items">
                <tbody>
                    {items}
                    <tr class="total">
                        <td colspan=if legal { "2" } else { "1" }>{t("cart-total")}</td>
                        <td class="num mono" data-testid="receipt-total"><bdi>{format!("{} {}", fiat(&r.amount), r.asset)}</bdi></td>
                    </tr>
                </tbody>
            </table>
            {doc.clone().map(|doc| view! { <ReceiptTaxes doc=doc words=ta locale=locale decimals=decimals/> })}
            <dl class="receipt-meta">
                <dt>{t("receipt-paid-with")}</dt><dd><bdi>{pay_asset}</bdi></dd>
                {meta_row(t("received"), format!("{} {}", r.received, r.pay_asset), "receipt-received")}
                {excess}
                {rate.map(|x| meta_row(t("receipt-rate"), x, "receipt-rate"))}
                <dt>{t("receipt-state")}</dt><dd data-testid="receipt-state">{state_label(r.state)}</dd>
                {meta_row(t("receipt-code"), r.payment_code.clone(), "receipt-code")}
            </dl>
            {(!r.refunds.is_empty()).then(|| view! {
                <div class="receipt-refunds" data-testid="receipt-refunds">
                    <p class="small">{t("refunds")}</p>
                    <RefundList refunds=Signal::stored(r.refunds.clone())/>
                </div>
            })}
            {transactions(&r.txids, t("receipt-transactions"))}
            <p class="center small">{t("paid-thanks")}</p>
            {doc.map(|d| d.issuer.footer).filter(|f| !f.is_empty()).map(|f| view! {
                <p class="center small receipt-footer" data-testid="receipt-footer">{f}</p>
            })}
        </article>
    }
}
