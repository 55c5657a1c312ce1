//! A new payment's cart against the catalogue: every line tapped from a product (it names a
//! `product_id` or a `sku`) must still be on sale at the price and tax rate it shows, so
//! nothing is charged at a stale price.

use rust_decimal::Decimal;
use wct_api::money::{format_fixed, parse_non_negative, MAX_PRECISION};
use wct_api::tax::TaxConfig;
use wct_api::upstream::{LineKind, PaymentFields};
use wct_api::FieldError;

use crate::http::error::AppResult;
use crate::store::{self, ProductRow};
use crate::AppState;

/// One cart line that no longer matches the catalogue, as `cart_items[i]` and a sentence.
pub type StaleLine = FieldError;

fn dec(text: &str) -> Option<Decimal> {
    parse_non_negative(text, MAX_PRECISION).ok()
}

/// The lines that do not match the catalogue (empty: all do). `decimals`: of the payment's
/// currency; a product priced in another currency than the sale's never matches.
pub async fn check_cart_against_catalogue(
    state: &AppState,
    store_name: &str,
    fields: &PaymentFields,
    tax: &TaxConfig,
    decimals: u32,
) -> AppResult<Vec<StaleLine>> {
    let tapped: Vec<(usize, &wct_api::upstream::CartItem)> = fields
        .cart_items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind == LineKind::Item && (i.product_id.is_some() || i.sku.is_some()))
        .collect();
    if tapped.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = tapped
        .iter()
        .filter_map(|(_, i)| i.product_id.clone())
        .collect();
    let skus: Vec<String> = tapped
        .iter()
        .filter(|(_, i)| i.product_id.is_none())
        .filter_map(|(_, i)| i.sku.clone())
        .collect();
    let found = store::products_named(&state.db, store_name, &ids, &skus).await?;
    let find = |line: &wct_api::upstream::CartItem| -> Option<&ProductRow> {
        match &line.product_id {
            Some(id) => found.iter().find(|p| &p.id == id),
            None => found.iter().find(|p| p.sku == line.sku),
        }
    };
    let mut stale = Vec::new();
    for (index, line) in tapped {
        let at = format!("cart_items[{index}]");
        let Some(product) = find(line) else {
            stale.push(FieldError::new(
                at,
                format!("{} is not in the catalogue any more", line.item_name),
            ));
            continue;
        };
        if product.active == 0 {
            stale.push(FieldError::new(
                at,
                format!("{} was archived", product.name),
            ));
            continue;
        }
        let price = dec(&product.price);
        if product.currency != fields.asset || price.is_none() || price != dec(&line.unit_price) {
            stale.push(FieldError::new(
                at,
                format!(
                    "{} now costs {} {}",
                    product.name,
                    price.map_or_else(|| product.price.clone(), |p| format_fixed(p, decimals)),
                    product.currency
                ),
            ));
            continue;
        }
        let rate_of = |r: &Option<String>| r.clone().or_else(|| tax.default_rate.clone());
        if rate_of(&product.tax_rate) != rate_of(&line.tax_rate) {
            stale.push(FieldError::new(
                at,
                format!(
                    "{} is now taxed at {}",
                    product.name,
                    rate_of(&product.tax_rate).unwrap_or_else(|| "no rate".into())
                ),
            ));
        }
    }
    Ok(stale)
}
