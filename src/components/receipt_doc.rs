//! The parts of a receipt the law asks for (EU art. 226b, UK reg. 16A, KassenSichV §6): who
//! sold (legal name, address, tax ID), the receipt number, the time of supply, the terminal,
//! the lines with their discounts, net, tax and gross per rate, and the credit notes. Drawn
//! from the server's `receipt` document (its figures are never recomputed here), for the
//! cashier's receipt (in the store's language) and the customer's (in theirs).

use leptos::prelude::*;
use rust_decimal::Decimal;
use wct_api::money::{parse_amount, MAX_PRECISION};
use wct_api::receipt::ReceiptDoc;

use crate::components::TaxTable;
use crate::i18n::Arg;
use crate::locale::Locale;

/// How a receipt's words are looked up: `tp` (the store's language) or `ta` (the reader's).
pub type Words = fn(&str, &[(&str, Arg<'_>)]) -> String;

fn dec(text: &str) -> Decimal {
    parse_amount(text.trim_start_matches('-'), MAX_PRECISION).unwrap_or_default()
}

/// Legal name, address and tax ID; then the receipt number, time of supply and terminal.
#[component]
pub fn ReceiptIssuer(doc: ReceiptDoc, words: Words, locale: Locale) -> impl IntoView {
    let w = move |k: &str| words(k, &[]);
    let issuer = doc.issuer.clone();
    let address = issuer
        .address
        .iter()
        .map(|l| view! { <span class="receipt-address-line">{l.clone()}</span> })
        .collect_view();
    view! {
        <div class="receipt-issuer" data-testid="receipt-issuer">
            <p class="receipt-legal-name" data-testid="receipt-legal-name">{issuer.legal_name.clone()}</p>
            <p class="receipt-address small" data-testid="receipt-address">{address}</p>
            {(!issuer.tax_id.is_empty()).then(|| view! {
                <p class="small" data-testid="receipt-tax-id">
                    {w("receipt-tax-id")} " " <bdi dir="ltr" class="mono">{issuer.tax_id.clone()}</bdi>
                </p>
            })}
        </div>
        <dl class="receipt-meta receipt-legal">
            {doc.number.clone().map(|n| view! {
                <dt>{w("receipt-number")}</dt>
                <dd class="mono" data-testid="receipt-number"><bdi dir="ltr">{n}</bdi></dd>
            })}
            {doc.supplied_at.clone().map(|at| view! {
                <dt>{w("receipt-supplied-at")}</dt>
                <dd data-testid="receipt-supplied-at">{locale.date_time(&at)}</dd>
            })}
            <dt>{w("receipt-terminal")}</dt>
            <dd data-testid="receipt-terminal"><bdi>{doc.terminal.clone()}</bdi>
                {(!doc.terminal_id.is_empty()).then(|| view! {
                    " " <span class="muted small mono" dir="ltr">{format!("({})", doc.terminal_id)}</span>
                })}
            </dd>
        </dl>
    }
}

/// A line's name; the line the proxy makes for a sale rung up without a cart (its amount as one
/// "Sale") is worded in the receipt's language.
fn line_name(item: &wct_api::upstream::CartItem, words: Words) -> String {
    if item.item_name == wct_api::tips::SALE_ITEM && item.item_desc.is_empty() {
        words("receipt-sale-line", &[])
    } else {
        item.item_name.clone()
    }
}

/// The lines as sold: quantity, the line's gross after its discounts, each discount beneath.
#[component]
pub fn ReceiptLines(doc: ReceiptDoc, words: Words, locale: Locale, decimals: u32) -> impl IntoView {
    let rows = doc
        .items
        .iter()
        .zip(doc.lines.iter())
        .map(|(item, line)| {
            let qty = item.item_quantity.trim().to_string();
            let discount = line.line_discount + line.sale_discount;
            let rate = (!line.percent.is_zero() || line.rate.is_some())
                .then(|| format!("{} %", line.percent.normalize()));
            view! {
                <tr data-testid=if line.tip { "receipt-tip" } else { "receipt-item" }>
                    <td>{line_name(item, words)}
                        {(qty != "1").then(|| view! {
                            <span class="muted">{format!(" {qty} × {}", locale.format_str(&item.unit_price, decimals))}</span>
                        })}
                        {(!discount.is_zero()).then(|| view! {
                            <br/><span class="small receipt-discount" data-testid="receipt-line-discount">
                                {format!("{} −{}", words("receipt-discount", &[]), locale.format(discount, decimals))}
                            </span>
                        })}
                    </td>
                    <td class="num small muted">{rate}</td>
                    <td class="num mono">{locale.format(line.gross, decimals)}</td>
                </tr>
            }
        })
        .collect_view();
    view! { {rows} }
}

/// Net, tax and gross per rate, and the credit notes issued against this receipt.
#[component]
pub fn ReceiptTaxes(
    doc: ReceiptDoc,
    words: Words,
    locale: Locale,
    decimals: u32,
    /// The cashier's printout (the store's language) rather than the customer's page.
    #[prop(optional)]
    print: bool,
) -> impl IntoView {
    let has_discount = !dec(&doc.discount).is_zero();
    let notes = doc
        .credit_notes
        .iter()
        .map(|n| {
            let text = words(
                "receipt-credit-note",
                &[
                    ("number", Arg::Text(&n.number)),
                    ("receipt", Arg::Text(&n.receipt_number)),
                ],
            );
            view! {
                <li data-testid="receipt-credit-note">
                    <span>{text}</span>
                    <span class="mono" dir="ltr">{format!(" −{} {}", n.amount, n.asset)}</span>
                    <br/><span class="small muted">{locale.date_time(&n.issued_at)}</span>
                </li>
            }
        })
        .collect_view();
    let taxed = doc.rates.iter().any(|r| r.rate.is_some());
    view! {
        {(taxed || has_discount).then(|| view! {
            {if print {
                view! { <TaxTable rates=doc.rates.clone() decimals=decimals discounts=has_discount print=locale/> }.into_any()
            } else {
                view! { <TaxTable rates=doc.rates.clone() decimals=decimals discounts=has_discount/> }.into_any()
            }}
        })}
        {has_discount.then(|| view! {
            <p class="small" data-testid="receipt-discount">
                {format!("{} −{} {}", words("receipt-discounts", &[]), locale.format_str(&doc.discount, decimals), doc.currency)}
            </p>
        })}
        {(!doc.credit_notes.is_empty()).then(|| view! {
            <div class="receipt-credit-notes"><ul>{notes}</ul></div>
        })}
    }
}
