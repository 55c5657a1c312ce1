//! The "what to pay" block shared by the terminal's payment screen and the customer page.

use leptos::prelude::*;
use leptos_use::use_clipboard;
use wct_api::pos::PublicPaymentView;
use wct_api::{Catalogue, PaymentState};

use super::{Countdown, Qr};
use crate::i18n::{t, ta, Arg};
use crate::locale::Locale;
use crate::session::use_prefs;

/// The price in the sale's currency in `locale`, with its tip when it has one.
pub fn price_text(info: &PublicPaymentView, locale: Locale, decimals: u32) -> String {
    let fiat = |v| locale.format(v, decimals);
    let total =
        match wct_api::money::parse_non_negative(&info.amount, wct_api::money::MAX_PRECISION) {
            Ok(v) => format!("{} {}", fiat(v), info.asset),
            Err(_) => format!("{} {}", info.amount, info.asset),
        };
    match info.sale_and_tip() {
        Some((sale, tip)) => ta(
            "price-with-tip",
            &[
                ("total", Arg::Text(&total)),
                ("sale", Arg::Text(&fiat(sale))),
                ("tip", Arg::Text(&fiat(tip))),
            ],
        ),
        None => total,
    }
}

/// "≈ 5.00 USD", roughly what is still due when underpaid and the quote's rate says.
fn fiat_still_due_text(info: &PublicPaymentView, locale: Locale, decimals: u32) -> Option<String> {
    info.fiat_still_due()
        .map(|due| format!("≈ {} {}", locale.format(due, decimals), info.asset))
}

/// The line under the amount on the QR: the price, or once underpaid what is still due.
fn qr_fiat_text(info: &PublicPaymentView, locale: Locale, decimals: u32) -> String {
    match fiat_still_due_text(info, locale, decimals) {
        Some(due) => ta("qr-still-due", &[("amount", Arg::Text(&due))]),
        None if info.state == PaymentState::Underpaid => t("qr-rest-of-price"),
        None => price_text(info, locale, decimals),
    }
}

/// The words between what is due in fiat and the price (see `PublicPaymentView::fiat_lead`).
fn fiat_lead(info: &PublicPaymentView) -> String {
    let key = match (
        info.state == PaymentState::Underpaid,
        info.fiat_still_due().is_some(),
    ) {
        (false, _) => "fiat-lead-for",
        (true, true) => "fiat-lead-still-due-of",
        (true, false) => "fiat-lead-of",
    };
    // Spaces around the words are part of the layout, not of the message.
    format!(" {} ", t(key))
}

/// The QR for what is due now, with that amount and its value in the sale's currency right
/// above it (the customer sees what they pay before they scan, at any screen size and after
/// every re-quote) and the countdown to the quote's expiry under it.
#[component]
pub fn QrCard(
    #[prop(into)] info: Signal<PublicPaymentView>,
    #[prop(into)] catalogue: Signal<Catalogue>,
) -> impl IntoView {
    let prefs = use_prefs();
    let uri =
        Memo::new(move |_| info.with(|i| catalogue.with(|c| i.qr_uri(c).unwrap_or_default())));
    let label = Signal::derive(move || {
        info.with(|i| {
            ta(
                "qr-label",
                &[
                    ("amount", Arg::Text(i.due())),
                    ("asset", Arg::Text(&i.pay_asset)),
                ],
            )
        })
    });
    let expires_at = Memo::new(move |_| info.with(PublicPaymentView::expires_at_unix));
    let fiat = move || {
        info.with(|i| {
            let decimals = catalogue.with(|c| i.fiat_decimals(Some(c)));
            let locale = prefs.locale.get();
            qr_fiat_text(i, locale, decimals)
        })
    };
    view! {
        <div class="card qr-card" class:underpaid=move || info.with(|i| i.state == PaymentState::Underpaid)>
            <p class="qr-amount" data-testid="qr-amount">
                <span class="qr-crypto">
                    <span class="mono" data-testid="qr-pay-amount">{move || info.with(|i| i.due().to_string())}</span>
                    " " <span class="asset">{move || info.with(|i| i.pay_asset.clone())}</span>
                </span>
                <span class="qr-fiat" data-testid="qr-fiat">{fiat}</span>
            </p>
            <Qr uri=uri label=label/>
            <Countdown expires_at=expires_at/>
        </div>
    }
}

/// Amount due in crypto and in the settlement currency, and the address with copy.
#[component]
pub fn QuoteDetails(
    #[prop(into)] info: Signal<PublicPaymentView>,
    #[prop(into)] catalogue: Signal<Catalogue>,
    #[prop(into)] locale: Signal<Locale>,
) -> impl IntoView {
    let clip = use_clipboard();
    let copied = clip.copied;
    let copy_address = {
        let copy = clip.copy.clone();
        move |_| copy(&info.with_untracked(|i| i.pay_address.clone()))
    };
    let decimals = Memo::new(move |_| info.with(|i| catalogue.with(|c| i.fiat_decimals(Some(c)))));
    let fiat = move || info.with(|i| price_text(i, locale.get(), decimals.get()));
    let network = move || info.with(|i| i.pay_network.clone());
    let tag = move || info.with(|i| i.pay_tag.clone());
    let underpaid = move || info.with(|i| i.state == PaymentState::Underpaid);
    let fiat_due =
        Memo::new(move |_| info.with(|i| fiat_still_due_text(i, locale.get(), decimals.get())));
    let lead = move || info.with(fiat_lead);
    view! {
        <div class="card quote-card">
            <p class="due-label" class:underpaid=underpaid>{move || if underpaid() { t("due-partly-paid") } else { t("due-amount") }}</p>
            <p class="due">
                <span class="mono big-number" data-testid="pay-amount">{move || info.with(|i| i.due().to_string())}</span>
                " "
                <span class="asset" data-testid="pay-asset">{move || info.with(|i| i.pay_asset.clone())}</span>
            </p>
            {move || network().map(|n| view! { <p class="muted">{ta("due-network", &[("network", Arg::Text(&n))])}</p> })}
            <p class="fiat">
                {move || fiat_due.get().map(|d| view! { <strong class="fiat-due" data-testid="fiat-due">{d}</strong> })}
                {lead}
                <span data-testid="fiat-amount">{fiat}</span>
            </p>
            <div class="address-row">
                <div class="address-text">
                    <span class="label">{t("address")}</span>
                    <code class="mono address" data-testid="pay-address">
                        {move || info.with(|i| i.pay_address.clone())}
                    </code>
                </div>
                <button type="button" class="btn btn-secondary" data-testid="copy-address" on:click=copy_address>
                    {move || if copied.get() { t("copied") } else { t("copy") }}
                </button>
            </div>
            {move || tag().map(|tag| view! {
                <p class="tag-row">{t("destination-tag")} " " <code class="mono">{tag}</code></p>
            })}
        </div>
    }
}

/// Received so far and what is still missing (big) or in excess.
#[component]
pub fn BalanceBox(#[prop(into)] info: Signal<PublicPaymentView>) -> impl IntoView {
    let received = move || info.with(|i| !i.received_amount().is_zero());
    let asset = move || info.with(|i| i.pay_asset.clone());
    let show_missing = move || info.with(|i| i.state == PaymentState::Underpaid);
    let show_excess = move || info.with(|i| i.state == PaymentState::Overpaid);
    view! {
        {move || received().then(|| view! {
            <div class="balance">
                <p>{t("received")} " "
                    <span class="mono" data-testid="received-amount">{move || info.with(|i| i.received.clone())}</span>
                    " " {asset}
                </p>
                {move || show_missing().then(|| view! {
                    <p class="missing">
                        <span class="missing-label">{t("still-missing")}</span>
                        <span class="missing-value">
                            <span class="mono big-number" data-testid="missing-amount">{move || info.with(|i| i.missing.clone())}</span>
                            " " <span class="asset">{asset}</span>
                        </span>
                    </p>
                })}
                {move || show_excess().then(|| view! {
                    <p class="excess">{t("paid-in-excess")} " "
                        <span class="mono" data-testid="excess-amount">{move || info.with(|i| i.excess.clone())}</span>
                        " " {asset}
                    </p>
                })}
            </div>
        })}
    }
}
