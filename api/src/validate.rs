//! Validation of a new payment, one error per field, each with a sentence a cashier can act
//! on. The app runs these for instant feedback; the proxy runs the same code as the authority.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::catalogue::{Asset, Catalogue};
use crate::money::{self, MoneyError};
use crate::upstream::{CartItem, LineKind, PaymentFields};

/// Length limits (in characters) for free-text fields.
pub mod limits {
    pub const DESCRIPTION: usize = 255;
    pub const REFERENCE: usize = 64;
    pub const NAME: usize = 64;
    pub const ADDRESS: usize = 128;
    pub const CITY: usize = 64;
    pub const STATE: usize = 64;
    pub const POSTCODE: usize = 12;
    pub const ITEM_NAME: usize = 64;
    pub const ITEM_DESC: usize = 128;
    pub const CART_ITEMS: usize = 100;
    pub const ITEM_QUANTITY: u32 = 9_999;
    pub const NETWORK: usize = 16;
    pub const ASSET: usize = 10;
    /// A paired device's name (Settings → Devices).
    pub const DEVICE_NAME: usize = 60;
    /// A product's SKU or barcode (and a product id).
    pub const SKU: usize = 64;
}

/// One field's problem: the field's seed name (`amount`, `personal_mobile`,
/// `cart_items[0].unit_price`) and a human sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every field's problem at once, in field order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.summary())]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    fn push(&mut self, field: &str, result: Result<(), String>) {
        if let Err(message) = result {
            self.0.push(FieldError::new(field, message));
        }
    }

    fn summary(&self) -> String {
        match self.0.as_slice() {
            [] => "no errors".into(),
            [one] => format!("{}: {}", one.field, one.message),
            [first, rest @ ..] => format!(
                "{}: {} (and {} more)",
                first.field,
                first.message,
                rest.len()
            ),
        }
    }
}

/// Validates every field of a new payment against the catalogue. `today` is the UTC date
/// used for the date-of-birth check. The cart's lines must add up to the amount; a sale with
/// tax rules or discounts is checked with `tax::validate_sale` instead, which runs these
/// checks and then the store's rules.
pub fn validate_payment(
    p: &PaymentFields,
    catalogue: &Catalogue,
    today: Date,
) -> Result<(), ValidationErrors> {
    validate_payment_fields(p, catalogue, today, true)
}

/// Every check of [`validate_payment`]; the cart's sum only when `sum` (`tax::validate_sale`
/// checks it under the store's rules instead).
pub fn validate_payment_fields(
    p: &PaymentFields,
    catalogue: &Catalogue,
    today: Date,
    sum: bool,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let settlement = catalogue.settlement(&p.asset);
    errors.push(
        "asset",
        check_asset(&p.asset, settlement, "settlement currency"),
    );
    errors.push(
        "asset_network",
        check_network(settlement, p.asset_network.as_deref()),
    );
    let requested = catalogue.crypto(&p.requested_asset);
    errors.push(
        "requested_asset",
        check_asset(&p.requested_asset, requested, "asset to pay with"),
    );
    errors.push(
        "requested_asset_network",
        check_network(requested, p.requested_asset_network.as_deref()),
    );
    let amount = check_amount(&p.amount, settlement);
    errors.push("amount", amount.as_ref().map(|_| ()).map_err(Clone::clone));
    errors.push("description", check_description(&p.description));
    errors.push("reference", check_reference(&p.reference));
    if let (Some(asset), Ok(amount)) = (settlement, &amount) {
        check_cart(p, asset, *amount, sum, &mut errors);
    } else if p.cart_items.len() > limits::CART_ITEMS {
        errors.push(
            "cart_items",
            Err(format!("at most {} items", limits::CART_ITEMS)),
        );
    }
    fn optional(v: &Option<String>) -> Option<&str> {
        v.as_deref().filter(|s| !s.is_empty())
    }
    type Check = fn(&str) -> Result<(), String>;
    let personal: [(&str, Option<&str>, Check); 8] = [
        (
            "personal_fname",
            optional(&p.personal_fname),
            check_person_name,
        ),
        (
            "personal_lname",
            optional(&p.personal_lname),
            check_person_name,
        ),
        ("personal_address", optional(&p.personal_address), |v| {
            check_text(v, limits::ADDRESS)
        }),
        ("personal_city", optional(&p.personal_city), |v| {
            check_text(v, limits::CITY)
        }),
        ("personal_state", optional(&p.personal_state), |v| {
            check_text(v, limits::STATE)
        }),
        (
            "personal_country",
            optional(&p.personal_country),
            check_country,
        ),
        (
            "personal_postcode",
            optional(&p.personal_postcode),
            check_postcode,
        ),
        (
            "personal_mobile",
            optional(&p.personal_mobile),
            check_mobile,
        ),
    ];
    for (field, value, check) in personal {
        if let Some(value) = value {
            errors.push(field, check(value));
        }
    }
    if let Some(dob) = optional(&p.personal_dob) {
        errors.push("personal_dob", check_dob(dob, today));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_asset(symbol: &str, found: Option<&Asset>, what: &str) -> Result<(), String> {
    if symbol.is_empty() {
        return Err(format!("choose the {what}"));
    }
    if found.is_none() {
        let shown: String = symbol.chars().take(limits::ASSET).collect();
        return Err(format!("{shown:?} is not an offered {what}"));
    }
    Ok(())
}

/// A network is required exactly when the asset has network choices (Tether), and must be
/// one of them.
pub fn check_network(asset: Option<&Asset>, network: Option<&str>) -> Result<(), String> {
    let Some(asset) = asset else { return Ok(()) };
    let network = network.filter(|n| !n.is_empty());
    match (asset.requires_network(), network) {
        (true, None) => Err(format!("choose the network for {}", asset.symbol)),
        (true, Some(code)) if asset.network(code).is_none() => {
            let offered: Vec<&str> = asset.networks.iter().map(|n| n.code.as_str()).collect();
            let shown: String = code.chars().take(limits::NETWORK).collect();
            Err(format!(
                "{shown:?} is not a network for {}; choose one of {}",
                asset.symbol,
                offered.join(", ")
            ))
        }
        (false, Some(_)) => Err(format!(
            "{} has no network choice; leave it empty",
            asset.symbol
        )),
        _ => Ok(()),
    }
}

/// The amount in the settlement currency: a positive decimal with at most its decimals.
pub fn check_amount(text: &str, asset: Option<&Asset>) -> Result<Decimal, String> {
    let decimals = asset.map_or(money::MAX_PRECISION, |a| a.decimals);
    money::parse_amount(text, decimals).map_err(|e| match (e, asset) {
        (MoneyError::TooManyDecimals { max: 0 }, Some(a)) => {
            format!("{} takes no decimal places", a.symbol)
        }
        (MoneyError::TooManyDecimals { max }, Some(a)) => {
            format!("{} takes at most {max} decimal places", a.symbol)
        }
        (e, _) => e.to_string(),
    })
}

/// What a sale without a typed description is called: WCT Pay needs one, and a cashier
/// charging an amount alone (as on Square or SumUp) should not have to type it.
pub const DEFAULT_DESCRIPTION: &str = "Sale";

/// The description a sale gets when none was typed: its cart's items ("2 × Flat white,
/// Croissant", tip lines left out, cut to fit with "…"), or [`DEFAULT_DESCRIPTION`].
pub fn default_description(items: &[CartItem]) -> String {
    let names: Vec<String> = items
        .iter()
        .filter(|i| !crate::tip_names::is_tip_line(i) && !is_blank(&i.item_name))
        .map(|i| match i.item_quantity.trim() {
            "" | "1" => i.item_name.trim().to_string(),
            q => format!("{q} × {}", i.item_name.trim()),
        })
        .collect();
    if names.is_empty() {
        return DEFAULT_DESCRIPTION.to_string();
    }
    let summary = names.join(", ");
    if summary.chars().count() <= limits::DESCRIPTION {
        return summary;
    }
    let mut cut: String = summary.chars().take(limits::DESCRIPTION - 1).collect();
    cut.push('…');
    cut
}

/// A blank description becomes [`default_description`] of the cart.
pub fn fill_default_description(p: &mut PaymentFields) {
    if is_blank(&p.description) {
        p.description = default_description(&p.cart_items);
    }
}

pub fn check_description(text: &str) -> Result<(), String> {
    if is_blank(text) {
        return Err("enter a description".into());
    }
    check_text(text, limits::DESCRIPTION)
}

/// Merchant references: 1–64 of letters, digits and `. _ - / : #`.
pub fn check_reference(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("enter a reference".into());
    }
    if text.chars().count() > limits::REFERENCE {
        return Err(format!("at most {} characters", limits::REFERENCE));
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-/:#".contains(c))
    {
        return Err("use letters, digits and . _ - / : # only".into());
    }
    Ok(())
}

/// Free text: no control characters, no line or paragraph separators, no invisible or
/// text-direction characters (they make what is shown differ from what is stored, e.g. a
/// U+202E override reversing a description on the customer page), no angle brackets (these
/// fields reach the upstream's emails and pages), at most `max` characters (the proxy counts
/// them after `normalize_payment`).
pub fn check_text(text: &str, max: usize) -> Result<(), String> {
    if text.chars().count() > max {
        return Err(format!("at most {max} characters"));
    }
    if text.chars().any(|c| c.is_control()) {
        return Err("remove line breaks and control characters".into());
    }
    if let Some(reason) = text.chars().find_map(refused_char) {
        return Err(reason.into());
    }
    if text.contains(['<', '>']) {
        return Err("remove the characters < and >".into());
    }
    if text.trim() != text {
        return Err("remove spaces at the start or end".into());
    }
    Ok(())
}

/// Why `c` may not appear in free text, if it may not.
pub fn refused_char(c: char) -> Option<&'static str> {
    match c {
        '\u{2028}' | '\u{2029}' => Some("remove line breaks and control characters"),
        // Embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM).
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some("remove text-direction control characters"),
        // Zero-width space, non-joiner and joiner, word joiner, invisible operators, the
        // byte-order mark, and the other format characters nothing here needs.
        '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{180E}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}' => Some("remove invisible characters"),
        _ => None,
    }
}

/// Nothing a reader would see: only whitespace, invisible and filler characters.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || c.is_control()
            || refused_char(c).is_some()
            // Soft hyphen, combining grapheme joiner, Hangul fillers, blank Braille pattern.
            || matches!(
                c,
                '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}'
            )
    })
}

/// Combining diacritical marks (the accents of Latin, Greek and Cyrillic letters typed in
/// decomposed form). A range check: the full Unicode table would weigh on the app's wasm.
fn is_combining_accent(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// `text` in Unicode Normalization Form C, so a name typed as `e` + U+0301 is the same
/// `é` the precomposed keyboard gives, for validation, storage and comparison.
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    }
}

fn nfc_in_place(text: &mut String) {
    if is_nfc_quick(text.chars()) != IsNormalized::Yes {
        *text = text.nfc().collect();
    }
}

/// Puts the names and free text of a new payment into NFC. The proxy applies it to every
/// parsed body before validating and storing it; the app may call it before sending.
pub fn normalize_payment(p: &mut PaymentFields) {
    normalize_payment_in(p, None);
}

/// Whether a mobile number is written the local way (no `+`, no `00`) with no country of the
/// customer's to place it: only then does the store's country matter (see
/// [`normalize_payment_in`]), so only then need it be looked up.
pub fn wants_store_country(p: &PaymentFields) -> bool {
    let local = p.personal_mobile.as_deref().is_some_and(|m| {
        let m = m.trim();
        !m.is_empty() && !m.starts_with('+') && !m.starts_with("00")
    });
    let placed = p
        .personal_country
        .as_deref()
        .is_some_and(crate::country::is_iso_alpha2);
    local && !placed
}

/// [`normalize_payment`], with the store's country for local mobile numbers when the
/// customer's own country is not given. Also reads customer details as people type them:
/// "uk" is `GB`, "07700 900123" is `+447700900123`, a date picker's `1990-02-01` is
/// `1990/02/01`.
pub fn normalize_payment_in(p: &mut PaymentFields, store_country: Option<&str>) {
    read_as_typed(p, store_country);
    nfc_in_place(&mut p.description);
    nfc_in_place(&mut p.reference);
    for item in &mut p.cart_items {
        nfc_in_place(&mut item.item_name);
        nfc_in_place(&mut item.item_desc);
    }
    for field in [
        &mut p.personal_fname,
        &mut p.personal_lname,
        &mut p.personal_address,
        &mut p.personal_city,
        &mut p.personal_state,
    ]
    .into_iter()
    .flatten()
    {
        nfc_in_place(field);
    }
}

/// The part of [`normalize_payment_in`] the app applies as the cashier types: customer details
/// read as people write them, and the default description. Without NFC, whose composition
/// tables would weigh on the app's download; the proxy applies it.
pub fn read_as_typed(p: &mut PaymentFields, store_country: Option<&str>) {
    if let Some(country) = p.personal_country.as_mut() {
        *country = crate::country::normalize_country(country);
    }
    let country = p
        .personal_country
        .clone()
        .filter(|c| crate::country::is_iso_alpha2(c))
        .or_else(|| store_country.map(str::to_string));
    if let Some(mobile) = p.personal_mobile.as_mut() {
        *mobile = crate::country::normalize_mobile(mobile, country.as_deref());
    }
    if let Some(dob) = p.personal_dob.as_mut() {
        let trimmed = dob.trim();
        if trimmed.len() == 10 && trimmed.as_bytes()[4] == b'-' && trimmed.as_bytes()[7] == b'-' {
            *dob = trimmed.replace('-', "/");
        }
    }
    fill_default_description(p);
}

pub fn check_person_name(text: &str) -> Result<(), String> {
    check_text(text, limits::NAME)?;
    // Accents that did not compose into one character (or text not yet in NFC) still
    // belong to the letter before them.
    let mut after_letter = false;
    for c in text.chars() {
        let ok = if is_combining_accent(c) {
            after_letter
        } else {
            c.is_alphabetic() || " '-.".contains(c)
        };
        if !ok {
            return Err("use letters, spaces, apostrophes, hyphens and dots only".into());
        }
        after_letter = c.is_alphabetic() || (after_letter && is_combining_accent(c));
    }
    Ok(())
}

pub fn check_country(text: &str) -> Result<(), String> {
    if crate::country::is_iso_alpha2(text) {
        Ok(())
    } else {
        Err("Enter the country as its two-letter code, like GB, DE or US.".into())
    }
}

pub fn check_postcode(text: &str) -> Result<(), String> {
    if text.chars().count() > limits::POSTCODE {
        return Err(format!("at most {} characters", limits::POSTCODE));
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        || text.trim() != text
    {
        return Err("use letters, digits, spaces and hyphens only".into());
    }
    Ok(())
}

/// Mobile numbers in E.164: `+`, country code, then digits; 8 to 15 digits in all.
pub fn check_mobile(text: &str) -> Result<(), String> {
    let Some(digits) = text.strip_prefix('+') else {
        return Err(
            "Start with + and the country code, like +44 7700 900123, or fill in the country."
                .into(),
        );
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return Err("after the +, use digits only, starting with the country code".into());
    }
    if !(8..=15).contains(&digits.len()) {
        return Err("a mobile number has 8 to 15 digits after the +".into());
    }
    Ok(())
}

/// Date of birth: `YYYY/MM/DD`, a real date, in the past, and not absurdly long ago.
pub fn check_dob(text: &str, today: Date) -> Result<(), String> {
    let date = crate::clock::parse_slash_date(text)
        .ok_or("Pick the date of birth, or write it as year/month/day, like 1990/02/01.")?;
    if date >= today {
        return Err("the date of birth must be in the past".into());
    }
    if today.year() - date.year() > 130 {
        return Err("check the year of birth".into());
    }
    Ok(())
}

fn check_cart(
    p: &PaymentFields,
    asset: &Asset,
    amount: Decimal,
    sum: bool,
    errors: &mut ValidationErrors,
) {
    let items = &p.cart_items;
    if items.is_empty() {
        return;
    }
    if items.len() > limits::CART_ITEMS {
        errors.push(
            "cart_items",
            Err(format!("at most {} items", limits::CART_ITEMS)),
        );
        return;
    }
    let mut total = Some(Decimal::ZERO);
    for (i, item) in items.iter().enumerate() {
        let at = |f: &str| format!("cart_items[{i}].{f}");
        let name = if is_blank(&item.item_name) {
            Err("enter the item's name".to_string())
        } else if item.kind == LineKind::Item && crate::tip_names::looks_like_tip(&item.item_name) {
            // Before the text rules: "T\u{200B}ip" is refused for what it pretends to be.
            Err(crate::tip_names::named_like_a_tip(&item.item_name))
        } else {
            check_text(&item.item_name, limits::ITEM_NAME)
        };
        errors.push(&at("item_name"), name);
        errors.push(
            &at("item_desc"),
            check_text(&item.item_desc, limits::ITEM_DESC),
        );
        for (field, value, max) in [
            ("sku", &item.sku, limits::SKU),
            ("product_id", &item.product_id, limits::SKU),
        ] {
            if let Some(text) = value {
                errors.push(&at(field), check_text(text, max));
            }
        }
        let quantity = check_quantity(&item.item_quantity);
        errors.push(
            &at("item_quantity"),
            quantity.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        let price = check_amount(&item.unit_price, Some(asset));
        errors.push(
            &at("unit_price"),
            price.as_ref().map(|_| ()).map_err(Clone::clone),
        );
        total = match (total, quantity, price) {
            (Some(t), Ok(q), Ok(p)) => t.checked_add(p * Decimal::from(q)),
            _ => None,
        };
    }
    match total {
        Some(total) if sum && total != amount => {
            let shown = money::format_fixed(total, asset.decimals);
            errors.push(
                "cart_items",
                Err(format!(
                    "the items add up to {shown} {}, not the amount",
                    asset.symbol
                )),
            );
        }
        _ => {}
    }
}

/// Item quantity: a whole number from 1 to 9,999.
pub fn check_quantity(text: &str) -> Result<u32, String> {
    let q: u32 = (!text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .ok_or("use a whole number")?;
    if q == 0 || q > limits::ITEM_QUANTITY {
        return Err(format!("from 1 to {}", limits::ITEM_QUANTITY));
    }
    Ok(q)
}

/// The total of a cart in the settlement asset (items that don't parse count as nothing).
pub fn cart_total(items: &[CartItem], decimals: u32) -> Decimal {
    items
        .iter()
        .filter_map(|i| {
            let q = check_quantity(&i.item_quantity).ok()?;
            let p = money::parse_amount(&i.unit_price, decimals).ok()?;
            Some(p * Decimal::from(q))
        })
        .fold(Decimal::ZERO, |a, b| a + b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    fn valid() -> PaymentFields {
        PaymentFields {
            amount: "50.00".into(),
            asset: "USD".into(),
            requested_asset: "BTC".into(),
            description: "Two flat whites".into(),
            reference: "POS-0001".into(),
            ..Default::default()
        }
    }

    fn errors_of(p: &PaymentFields) -> ValidationErrors {
        validate_payment(p, &Catalogue::default(), TODAY)
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn a_sale_without_a_description_is_named_after_its_cart_or_sale() {
        let mut amount_only = PaymentFields {
            description: "  ".into(),
            ..valid()
        };
        normalize_payment(&mut amount_only);
        assert_eq!(amount_only.description, DEFAULT_DESCRIPTION);
        assert_eq!(
            validate_payment(&amount_only, &Catalogue::default(), TODAY),
            Ok(())
        );
        let mut carted = PaymentFields {
            description: String::new(),
            amount: "7.50".into(),
            cart_items: vec![
                CartItem::item("Flat white", "", "2", "3.00"),
                CartItem::item("Croissant", "", "1", "1.50"),
            ],
            ..valid()
        };
        normalize_payment(&mut carted);
        assert_eq!(carted.description, "2 × Flat white, Croissant");
        // A typed description is the cashier's and stays.
        let mut typed = valid();
        normalize_payment(&mut typed);
        assert_eq!(typed.description, "Two flat whites");
        // A long cart is cut to the limit.
        let many = vec![CartItem::item(&"x".repeat(100), "", "1", "1.00"); 5];
        let long = default_description(&many);
        assert_eq!(long.chars().count(), limits::DESCRIPTION);
        assert!(long.ends_with('…'));
        assert_eq!(check_description(&long), Ok(()));
    }

    #[test]
    fn a_valid_payment_passes() {
        assert_eq!(
            validate_payment(&valid(), &Catalogue::default(), TODAY),
            Ok(())
        );
    }

    #[test]
    fn one_error_per_field() {
        let p = PaymentFields {
            amount: "50.001".into(),
            asset: "".into(),
            requested_asset: "USDT".into(),
            description: " ".into(),
            reference: "a b".into(),
            personal_country: Some("UK".into()),
            personal_mobile: Some("0412 123 123".into()),
            personal_dob: Some("2030/01/01".into()),
            ..Default::default()
        };
        let e = errors_of(&p);
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "asset",
                "requested_asset_network",
                "description",
                "reference",
                "personal_country",
                "personal_mobile",
                "personal_dob"
            ]
        );
        assert_eq!(
            e.get("requested_asset_network"),
            Some("choose the network for USDT")
        );
        assert_eq!(
            e.get("personal_dob"),
            Some("the date of birth must be in the past")
        );
        // Without a known currency the decimals can't be judged; the asset error says why.
        assert_eq!(e.get("amount"), None);
    }

    #[test]
    fn networks_exactly_when_tether() {
        let mut p = valid();
        p.requested_asset_network = Some("ERC20".into());
        assert_eq!(
            errors_of(&p).get("requested_asset_network"),
            Some("BTC has no network choice; leave it empty")
        );
        p.requested_asset = "USDT".into();
        assert!(errors_of(&p).is_empty());
        p.requested_asset_network = Some("BEP2".into());
        assert!(errors_of(&p)
            .get("requested_asset_network")
            .unwrap()
            .contains("ERC20, TRC20"));
        let mut p = valid();
        p.asset = "USDT".into();
        p.amount = "50.123456".into();
        assert_eq!(
            errors_of(&p).get("asset_network"),
            Some("choose the network for USDT")
        );
        p.asset_network = Some("TRC20".into());
        assert!(errors_of(&p).is_empty());
    }

    #[test]
    fn amount_decimals_follow_the_currency() {
        let mut p = valid();
        p.amount = "50.001".into();
        assert_eq!(
            errors_of(&p).get("amount"),
            Some("USD takes at most 2 decimal places")
        );
        for bad in ["", "0", "-5", "5e2", " 5", "5,00", "abc"] {
            p.amount = bad.into();
            assert!(errors_of(&p).get("amount").is_some(), "{bad:?}");
        }
    }

    #[test]
    fn cart_must_add_up() {
        let item = |q: &str, price: &str| CartItem::item("Latte", "", q, price);
        let mut p = valid();
        p.cart_items = vec![item("2", "20.00"), item("1", "10")];
        assert!(errors_of(&p).is_empty());
        p.cart_items = vec![item("2", "20.00")];
        assert_eq!(
            errors_of(&p).get("cart_items"),
            Some("the items add up to 40.00 USD, not the amount")
        );
        p.cart_items = vec![item("0", "20.00"), item("1", "-3")];
        let e = errors_of(&p);
        assert_eq!(e.get("cart_items[0].item_quantity"), Some("from 1 to 9999"));
        assert!(e.get("cart_items[1].unit_price").is_some());
        assert_eq!(
            e.get("cart_items"),
            None,
            "no total check when an item is already wrong"
        );
        assert_eq!(cart_total(&[item("3", "1.50")], 2).to_string(), "4.50");
    }

    #[test]
    fn an_item_named_like_a_tip_is_refused_naming_the_line() {
        let mut p = valid();
        p.cart_items = vec![
            CartItem::item("Latte", "", "2", "20.00"),
            CartItem::item("TIP", "", "1", "10.00"),
        ];
        let e = errors_of(&p);
        assert_eq!(
            e.get("cart_items[1].item_name"),
            Some(
                "the line \"TIP\" is named like a tip: a line named like a tip must be the tip; \
                 add tips with the tip buttons"
            )
        );
        // The tip itself (its kind) passes here; the store's tip rules are checked apart.
        p.cart_items[1] = crate::upstream::CartItem {
            kind: crate::upstream::LineKind::Tip,
            ..crate::upstream::CartItem::item("Tip", "Custom", "1", "10.00")
        };
        assert!(errors_of(&p).is_empty());
    }

    #[test]
    fn personal_fields() {
        assert!(check_mobile("+614123123123").is_ok());
        for bad in [
            "614123123123",
            "+61 412",
            "+0412345678",
            "+1234",
            "+1234567890123456",
            "+61abc",
        ] {
            assert!(check_mobile(bad).is_err(), "{bad}");
        }
        assert!(check_dob("1990/05/17", TODAY).is_ok());
        assert!(check_dob("2026/11/25", TODAY).is_err());
        assert!(check_dob("1990/02/30", TODAY).is_err());
        assert!(check_dob("1850/01/01", TODAY).is_err());
        assert!(check_person_name("Zoë O'Brien-Smith").is_ok());
        assert!(check_person_name("<script>").is_err());
        assert!(check_text(&"x".repeat(129), limits::ADDRESS).is_err());
        assert!(check_postcode("SW1A 1AA").is_ok());
        assert!(check_postcode("1234;DROP").is_err());
    }

    proptest! {
        #[test]
        fn validation_never_panics(amount in "\\PC{0,20}", reference in "\\PC{0,80}", mobile in "\\PC{0,20}", dob in "\\PC{0,12}", country in "\\PC{0,3}") {
            let mut p = valid();
            p.amount = amount;
            p.reference = reference;
            p.personal_mobile = Some(mobile);
            p.personal_dob = Some(dob);
            p.personal_country = Some(country);
            let _ = validate_payment(&p, &Catalogue::default(), TODAY);
        }

        #[test]
        fn well_formed_amounts_pass(cents in 1u64..10_000_000_000) {
            let mut p = valid();
            p.amount = money::format_fixed(Decimal::new(cents as i64, 2), 2);
            prop_assert!(errors_of(&p).get("amount").is_none());
        }

        #[test]
        fn references_outside_the_charset_fail(bad in "[^A-Za-z0-9._:/#-]") {
            let mut p = valid();
            p.reference = format!("POS{bad}1");
            prop_assert!(errors_of(&p).get("reference").is_some());
        }
    }
}
