//! Net, tax and gross per rate: the cart before charging, the receipt and the Z-report show
//! the same table, so a merchant reads one layout everywhere.

use leptos::prelude::*;
use rust_decimal::Decimal;
use wct_api::tax::RateTotals;

use crate::i18n::{t, tp};
use crate::locale::Locale;
use crate::session::use_prefs;

/// One rate's figures, already worked out by `wct_api::tax` (the app never adds them itself).
#[component]
pub fn TaxTable(
    #[prop(into)] rates: Signal<Vec<RateTotals>>,
    #[prop(into)] decimals: Signal<u32>,
    /// Show the discount column (the cart and the receipt when a sale had one).
    #[prop(into, optional)]
    discounts: Signal<bool>,
    /// A printout's: the store's language and number format, not the device's.
    #[prop(optional)]
    print: Option<Locale>,
) -> impl IntoView {
    let prefs = use_prefs();
    let money = move |v: Decimal| {
        print
            .unwrap_or_else(|| prefs.locale.get())
            .format(v, decimals.get())
    };
    let t = move |k: &str| if print.is_some() { tp(k, &[]) } else { t(k) };
    view! {
        <table class="tax-table" data-testid="tax-table">
            <thead>
                <tr>
                    <th scope="col">{t("tax-rate")}</th>
                    {move || discounts.get().then(|| view! { <th scope="col" class="num">{t("tax-discount")}</th> })}
                    <th scope="col" class="num">{t("tax-net")}</th>
                    <th scope="col" class="num">{t("tax-tax")}</th>
                    <th scope="col" class="num">{t("tax-gross")}</th>
                </tr>
            </thead>
            <tbody>
                {move || rates.get().into_iter().enumerate().map(|(i, r)| {
                    let name = if r.name.is_empty() { t("tax-untaxed") } else { r.name.clone() };
                    let (discount, net, tax, gross) = (r.discount, r.net, r.tax, r.gross);
                    view! {
                        <tr data-testid=format!("tax-rate-{i}")>
                            <th scope="row">{name}</th>
                            {move || discounts.get().then(|| view! {
                                <td class="num mono"><bdi data-testid=format!("tax-discount-{i}")>{money(discount)}</bdi></td>
                            })}
                            <td class="num mono"><bdi data-testid=format!("tax-net-{i}")>{money(net)}</bdi></td>
                            <td class="num mono"><bdi data-testid=format!("tax-tax-{i}")>{money(tax)}</bdi></td>
                            <td class="num mono"><bdi data-testid=format!("tax-gross-{i}")>{money(gross)}</bdi></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
