//! Tips: a store's tip settings, the tip a preset gives, and the "Tip" cart line.
//!
//! A tip is a cart line named [`TIP_ITEM`] (quantity 1), so the cart still adds up to the
//! payment's `amount`: a sale without a cart gets one "Sale" line for the typed amount first.
//! The app offers the tips and the proxy checks the tip line against the store's settings
//! with the same functions.
//!
//! Rounding (of the tip, never of the sale) in the settlement currency:
//! - [`TipRounding::Exact`]: subtotal × percentage, to the currency's decimals, half away
//!   from zero (12.34 × 15 % = 1.851 → 1.85);
//! - [`TipRounding::UpToFiveHundredths`]: up to the next 0.05 (1.851 → 1.90) for currencies
//!   with two or more decimals; a currency without decimals goes to the next whole unit;
//! - [`TipRounding::UpToWhole`]: up to the next whole unit (1.851 → 2).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::money::{self, format_fixed};
use crate::upstream::{CartItem, PaymentFields};
use crate::validate::{cart_total, check_quantity, FieldError, ValidationErrors};

/// The name of the cart line that carries a tip.
pub const TIP_ITEM: &str = "Tip";

/// The name of the line a cart-less sale becomes when a tip is added.
pub const SALE_ITEM: &str = "Sale";

/// At most this many preset percentages.
pub const MAX_PRESETS: usize = 5;

/// How a percentage tip is rounded (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipRounding {
    #[default]
    Exact,
    UpToFiveHundredths,
    UpToWhole,
}

impl TipRounding {
    pub const ALL: [TipRounding; 3] = [Self::Exact, Self::UpToFiveHundredths, Self::UpToWhole];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::UpToFiveHundredths => "up_to_five_hundredths",
            Self::UpToWhole => "up_to_whole",
        }
    }

    /// What the Settings screen says of it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Exact => "Exact (to the cent)",
            Self::UpToFiveHundredths => "Round up to 0.05",
            Self::UpToWhole => "Round up to a whole unit",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// A store's tip settings (`GET`/`PUT /api/settings/store`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TipConfig {
    /// Off: no tip is offered and a "Tip" line is refused.
    pub enabled: bool,
    /// Preset percentages as decimal strings ("10", "12.5"), in the order shown.
    #[serde(default)]
    pub percentages: Vec<String>,
    /// Whether the customer may enter any tip amount.
    #[serde(default)]
    pub custom: bool,
    #[serde(default)]
    pub rounding: TipRounding,
}

impl Default for TipConfig {
    /// Off, with the usual presets ready for when a merchant turns tips on.
    fn default() -> Self {
        Self {
            enabled: false,
            percentages: vec!["10".into(), "15".into(), "20".into()],
            custom: true,
            rounding: TipRounding::Exact,
        }
    }
}

/// A percentage as typed in the settings: 0 < p ≤ 100, at most two decimals.
pub fn parse_percentage(text: &str) -> Result<Decimal, String> {
    let p = money::parse_amount(text.trim(), 2)
        .map_err(|_| "use a percentage such as 10 or 12.5".to_string())?;
    if p > Decimal::ONE_HUNDRED {
        return Err("at most 100 %".into());
    }
    Ok(p.normalize())
}

impl TipConfig {
    /// Every problem of the settings, by field (`tips.percentages[1]`, …).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        if self.percentages.len() > MAX_PRESETS {
            errors.push(FieldError::new(
                "tips.percentages",
                format!("at most {MAX_PRESETS} presets"),
            ));
        }
        let mut seen = Vec::new();
        for (i, text) in self.percentages.iter().enumerate() {
            match parse_percentage(text) {
                Ok(p) if seen.contains(&p) => errors.push(FieldError::new(
                    format!("tips.percentages[{i}]"),
                    "this percentage is already listed",
                )),
                Ok(p) => seen.push(p),
                Err(m) => errors.push(FieldError::new(format!("tips.percentages[{i}]"), m)),
            }
        }
        if self.enabled && self.percentages.is_empty() && !self.custom {
            errors.push(FieldError::new(
                "tips",
                "offer at least one percentage or a custom amount",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// The presets that parse, in order.
    pub fn presets(&self) -> Vec<Decimal> {
        self.percentages
            .iter()
            .filter_map(|p| parse_percentage(p).ok())
            .collect()
    }
}

/// The tip `percent` % of `subtotal` gives under `rounding`, in a currency of `decimals`.
pub fn tip_amount(
    subtotal: Decimal,
    percent: Decimal,
    rounding: TipRounding,
    decimals: u32,
) -> Decimal {
    let Some(raw) = subtotal
        .checked_mul(percent)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
    else {
        return Decimal::ZERO;
    };
    let step = match rounding {
        TipRounding::Exact => {
            let mut v =
                raw.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
            v.rescale(decimals);
            return v;
        }
        TipRounding::UpToFiveHundredths if decimals >= 2 => Decimal::new(5, 2),
        TipRounding::UpToFiveHundredths | TipRounding::UpToWhole => Decimal::ONE,
    };
    let mut v = (raw / step).ceil() * step;
    v.rescale(decimals);
    v
}

/// Whether a cart line is a tip line (its name, ignoring case and surrounding space).
pub fn is_tip_line(item: &CartItem) -> bool {
    item.item_name.trim().eq_ignore_ascii_case(TIP_ITEM)
}

/// The tip of a payment: the sum of its tip lines (zero without one).
pub fn tip_of(items: &[CartItem], decimals: u32) -> Decimal {
    let tips: Vec<CartItem> = items.iter().filter(|i| is_tip_line(i)).cloned().collect();
    cart_total(&tips, decimals)
}

/// The cart without its tip lines, and its total (the amount the tip is a percentage of).
pub fn subtotal_of(items: &[CartItem], decimals: u32) -> Decimal {
    let rest: Vec<CartItem> = items.iter().filter(|i| !is_tip_line(i)).cloned().collect();
    cart_total(&rest, decimals)
}

/// The tip line for `tip`, labelled with what was chosen ("15 %", "Custom").
pub fn tip_line(tip: Decimal, label: &str, decimals: u32) -> CartItem {
    CartItem {
        item_name: TIP_ITEM.into(),
        item_desc: label.into(),
        item_quantity: "1".into(),
        unit_price: format_fixed(tip, decimals),
    }
}

/// Adds `tip` to a sale: a cart-less sale first becomes one "Sale" line of its amount; the
/// tip line is appended and the amount becomes the new cart total. A zero tip changes nothing.
pub fn add_tip(fields: &mut PaymentFields, tip: Decimal, label: &str, decimals: u32) {
    if tip <= Decimal::ZERO {
        return;
    }
    fields.cart_items.retain(|i| !is_tip_line(i));
    if fields.cart_items.is_empty() {
        fields.cart_items.push(CartItem {
            item_name: SALE_ITEM.into(),
            item_desc: String::new(),
            item_quantity: "1".into(),
            unit_price: fields.amount.clone(),
        });
    }
    fields.cart_items.push(tip_line(tip, label, decimals));
    let total = cart_total(&fields.cart_items, decimals);
    fields.amount = format_fixed(total, decimals);
}

/// Checks a payment's tip line against the store's settings: none when tips are off; one
/// line, quantity 1; a preset's exact tip unless custom amounts are allowed. A payment
/// without a tip line always passes. (That the cart adds up to the amount is checked by
/// [`crate::validate::validate_payment`].)
pub fn check_tip(
    fields: &PaymentFields,
    config: &TipConfig,
    decimals: u32,
) -> Result<(), FieldError> {
    let lines: Vec<(usize, &CartItem)> = fields
        .cart_items
        .iter()
        .enumerate()
        .filter(|(_, i)| is_tip_line(i))
        .collect();
    let Some(&(index, line)) = lines.first() else {
        return Ok(());
    };
    let at = |f: &str| format!("cart_items[{index}].{f}");
    if !config.enabled {
        return Err(FieldError::new(
            at("item_name"),
            "tips are turned off for this store",
        ));
    }
    if lines.len() > 1 {
        return Err(FieldError::new(
            "cart_items",
            "only one tip line per payment",
        ));
    }
    if check_quantity(&line.item_quantity) != Ok(1) {
        return Err(FieldError::new(
            at("item_quantity"),
            "a tip's quantity is 1",
        ));
    }
    let tip = money::parse_amount(&line.unit_price, decimals)
        .map_err(|_| FieldError::new(at("unit_price"), "enter the tip as an amount"))?;
    if config.custom {
        return Ok(());
    }
    let subtotal = subtotal_of(&fields.cart_items, decimals);
    let offered = config
        .presets()
        .into_iter()
        .any(|p| tip_amount(subtotal, p, config.rounding, decimals) == tip);
    if offered {
        Ok(())
    } else {
        Err(FieldError::new(
            at("unit_price"),
            "this tip is not one of the store's tip percentages",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn sale(amount: &str) -> PaymentFields {
        PaymentFields {
            amount: amount.into(),
            asset: "USD".into(),
            requested_asset: "BTC".into(),
            description: "Lunch".into(),
            reference: "R-1".into(),
            ..PaymentFields::default()
        }
    }

    fn on(custom: bool, rounding: TipRounding) -> TipConfig {
        TipConfig {
            enabled: true,
            percentages: vec!["10".into(), "15".into(), "20".into()],
            custom,
            rounding,
        }
    }

    #[test]
    fn exact_tips_round_half_away_from_zero_to_the_currency() {
        let r = TipRounding::Exact;
        assert_eq!(tip_amount(d("12.34"), d("15"), r, 2).to_string(), "1.85");
        assert_eq!(tip_amount(d("10.10"), d("15"), r, 2).to_string(), "1.52"); // 1.515
        assert_eq!(tip_amount(d("40.00"), d("10"), r, 2).to_string(), "4.00");
        assert_eq!(tip_amount(d("1234"), d("15"), r, 0).to_string(), "185"); // 185.1
        assert_eq!(tip_amount(d("9.99"), d("12.5"), r, 2).to_string(), "1.25"); // 1.24875
        assert_eq!(tip_amount(d("10.000"), d("15"), r, 3).to_string(), "1.500");
    }

    #[test]
    fn rounding_up_never_lowers_the_tip_and_leaves_exact_steps_alone() {
        let five = TipRounding::UpToFiveHundredths;
        assert_eq!(tip_amount(d("12.34"), d("15"), five, 2).to_string(), "1.90");
        assert_eq!(tip_amount(d("12.00"), d("10"), five, 2).to_string(), "1.20");
        assert_eq!(tip_amount(d("12.01"), d("10"), five, 2).to_string(), "1.25");
        assert_eq!(tip_amount(d("1234"), d("15"), five, 0).to_string(), "186");
        let whole = TipRounding::UpToWhole;
        assert_eq!(
            tip_amount(d("12.34"), d("15"), whole, 2).to_string(),
            "2.00"
        );
        assert_eq!(
            tip_amount(d("20.00"), d("10"), whole, 2).to_string(),
            "2.00"
        );
    }

    #[test]
    fn a_tip_becomes_a_line_and_the_amount_the_new_total() {
        let mut s = sale("12.34");
        add_tip(&mut s, d("1.85"), "15 %", 2);
        assert_eq!(s.amount, "14.19");
        assert_eq!(s.cart_items.len(), 2);
        assert_eq!(s.cart_items[0].item_name, SALE_ITEM);
        assert_eq!(s.cart_items[0].unit_price, "12.34");
        assert_eq!(s.cart_items[1].item_name, TIP_ITEM);
        assert_eq!(s.cart_items[1].unit_price, "1.85");
        assert_eq!(s.cart_items[1].item_desc, "15 %");
        assert_eq!(tip_of(&s.cart_items, 2).to_string(), "1.85");
        assert_eq!(subtotal_of(&s.cart_items, 2).to_string(), "12.34");
        // The cart still adds up to the amount, so the payment validates as before.
        let cat = crate::Catalogue::default();
        let today = time::macros::date!(2026 - 11 - 25);
        assert!(crate::validate::validate_payment(&s, &cat, today).is_ok());
        // Choosing again replaces the tip rather than adding a second one.
        add_tip(&mut s, d("2.00"), "Custom", 2);
        assert_eq!(s.amount, "14.34");
        assert_eq!(s.cart_items.len(), 2);
        // A cart keeps its lines; no tip, no change.
        let mut carted = sale("3.00");
        carted.cart_items = vec![CartItem {
            item_name: "Tea".into(),
            item_desc: String::new(),
            item_quantity: "2".into(),
            unit_price: "1.50".into(),
        }];
        let before = carted.clone();
        add_tip(&mut carted, Decimal::ZERO, "No tip", 2);
        assert_eq!(carted, before);
        add_tip(&mut carted, d("0.45"), "15 %", 2);
        assert_eq!(carted.amount, "3.45");
        assert_eq!(carted.cart_items[0].item_name, "Tea");
    }

    #[test]
    fn the_server_refuses_tips_the_store_does_not_offer() {
        let mut s = sale("12.34");
        add_tip(&mut s, d("1.85"), "15 %", 2);
        assert!(check_tip(&s, &on(false, TipRounding::Exact), 2).is_ok());
        let off = TipConfig::default();
        assert_eq!(
            check_tip(&s, &off, 2).unwrap_err().message,
            "tips are turned off for this store"
        );
        // 1.85 is 15 % exact, but not under "round up to 0.05" (1.90).
        let err = check_tip(&s, &on(false, TipRounding::UpToFiveHundredths), 2).unwrap_err();
        assert_eq!(err.field, "cart_items[1].unit_price");
        let mut rounded = sale("12.34");
        add_tip(&mut rounded, d("1.90"), "15 %", 2);
        assert!(check_tip(&rounded, &on(false, TipRounding::UpToFiveHundredths), 2).is_ok());
        // Any amount when custom tips are allowed.
        let mut custom = sale("12.34");
        add_tip(&mut custom, d("3.33"), "Custom", 2);
        assert!(check_tip(&custom, &on(true, TipRounding::Exact), 2).is_ok());
        assert!(check_tip(&custom, &on(false, TipRounding::Exact), 2).is_err());
        // Two tip lines, or a tip of quantity 2, are refused.
        let mut twice = custom.clone();
        twice.cart_items.push(tip_line(d("1"), "Custom", 2));
        assert!(check_tip(&twice, &on(true, TipRounding::Exact), 2).is_err());
        let mut doubled = custom.clone();
        doubled.cart_items[1].item_quantity = "2".into();
        assert_eq!(
            check_tip(&doubled, &on(true, TipRounding::Exact), 2)
                .unwrap_err()
                .field,
            "cart_items[1].item_quantity"
        );
        // No tip line: nothing to check, whatever the settings.
        assert!(check_tip(&sale("5.00"), &off, 2).is_ok());
    }

    #[test]
    fn settings_are_validated() {
        assert!(TipConfig::default().validate().is_ok());
        let bad = TipConfig {
            enabled: true,
            percentages: vec!["10".into(), "abc".into(), "10.0".into(), "150".into()],
            custom: false,
            rounding: TipRounding::Exact,
        };
        let e = bad.validate().unwrap_err();
        assert!(e.get("tips.percentages[1]").is_some());
        assert_eq!(
            e.get("tips.percentages[2]"),
            Some("this percentage is already listed")
        );
        assert_eq!(e.get("tips.percentages[3]"), Some("at most 100 %"));
        let nothing = TipConfig {
            enabled: true,
            percentages: vec![],
            custom: false,
            rounding: TipRounding::Exact,
        };
        assert!(nothing.validate().unwrap_err().get("tips").is_some());
        let many = TipConfig {
            percentages: (1..=6).map(|p| p.to_string()).collect(),
            ..TipConfig::default()
        };
        assert!(many
            .validate()
            .unwrap_err()
            .get("tips.percentages")
            .is_some());
        for r in TipRounding::ALL {
            assert_eq!(TipRounding::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap().as_str(), Some(r.as_str()));
        }
    }
}
