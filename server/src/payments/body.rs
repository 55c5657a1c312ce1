//! The body of `POST /api/payments`, read strictly: every field the proxy does not expect is
//! refused by name.

use axum::http::HeaderMap;
use serde_json::Value;
use wct_api::pos::NewPayment;

use crate::http::error::AppError;
use crate::http::extract::{decode, parse_object};

const PAYMENT_FIELDS: [&str; 18] = [
    "amount",
    "asset",
    "asset_network",
    "requested_asset",
    "requested_asset_network",
    "description",
    "reference",
    "cart_items",
    "sale_discount",
    "personal_fname",
    "personal_lname",
    "personal_address",
    "personal_city",
    "personal_state",
    "personal_country",
    "personal_postcode",
    "personal_mobile",
    "personal_dob",
];
const REQUIRED_TEXT: [&str; 5] = [
    "amount",
    "asset",
    "requested_asset",
    "description",
    "reference",
];
/// A cart line's fields: the seed's four, and the proxy's own: `kind` (`item` or `tip`), the
/// catalogue product it was tapped from, its tax rate and discount.
const CART_FIELDS: [&str; 9] = [
    "item_name",
    "item_desc",
    "item_quantity",
    "unit_price",
    "kind",
    "product_id",
    "sku",
    "tax_rate",
    "discount",
];

/// The body of `POST /api/payments`. Unknown fields (`key`, `hash`, `postback_url`, …) are
/// refused by name: the proxy supplies those itself. Missing required text fields become empty
/// so validation reports every problem at once, in its own words.
pub fn new_payment(headers: &HeaderMap, body: &[u8]) -> Result<NewPayment, AppError> {
    let mut map = parse_object(headers, body)?;
    if let Some(unknown) = map.keys().find(|k| !PAYMENT_FIELDS.contains(&k.as_str())) {
        return Err(AppError::bad_request(
            format!("unknown field {unknown:?}"),
            Some(unknown),
        ));
    }
    if let Some(Value::Array(items)) = map.get("cart_items") {
        for (i, item) in items.iter().enumerate() {
            if let Value::Object(item) = item {
                if let Some(unknown) = item.keys().find(|k| !CART_FIELDS.contains(&k.as_str())) {
                    let field = format!("cart_items[{i}].{unknown}");
                    return Err(AppError::bad_request(
                        format!("unknown field {unknown:?} in a cart item"),
                        Some(&field),
                    ));
                }
            }
        }
    }
    for field in REQUIRED_TEXT {
        map.entry(field)
            .or_insert_with(|| Value::String(String::new()));
    }
    let mut fields: NewPayment = decode(Value::Object(map))?;
    // Validation, the stored row and the idempotency hash all see the NFC form.
    wct_api::validate::normalize_payment(&mut fields);
    Ok(fields)
}
