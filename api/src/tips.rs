//! Tips: a store's tip settings, the tip a preset gives, and the tip cart line.
//!
//! A tip is a cart line of kind [`LineKind::Tip`] (named [`TIP_ITEM`], quantity 1), so the
//! cart still adds up to the payment's `amount`: a sale without a cart gets one "Sale" line
//! for the typed amount first. The app offers the tips and the proxy checks the tip line
//! against the store's settings with the same functions. A line's name never makes it a tip:
//! only its kind does, and an item line named like a tip ("TIP", "Tips", "Tіp" with a
//! Cyrillic і, "T1p", fullwidth letters…) is refused ([`looks_like_tip`]), so a receipt never
//! shows a "tip" that the tip rules and the report's tip totals did not see.
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
pub use crate::tip_names::{is_tip_line, looks_like_tip, named_like_a_tip};
use crate::upstream::{CartItem, LineKind, PaymentFields};
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

/// Reads a stored cart from before lines had a kind: its line named exactly "Tip" (any
/// ASCII case, surrounding space ignored) was the tip then, and is the tip now. Sound because
/// the proxy has since refused every item line named like a tip, so no newer item line is
/// named so. A cart that already has a tip line is left as it is.
pub fn upgrade_stored_cart(items: &mut [CartItem]) {
    if items.iter().any(is_tip_line) {
        return;
    }
    if let Some(line) = items
        .iter_mut()
        .find(|i| i.item_name.trim().eq_ignore_ascii_case(TIP_ITEM))
    {
        line.kind = LineKind::Tip;
    }
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
        kind: LineKind::Tip,
        ..CartItem::item(TIP_ITEM, label, "1", &format_fixed(tip, decimals))
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
        fields
            .cart_items
            .push(CartItem::item(SALE_ITEM, "", "1", &fields.amount));
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
    #[cfg(feature = "confusables")]
    use crate::tip_names::tip_keys;

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
        carted.cart_items = vec![CartItem::item("Tea", "", "2", "1.50")];
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

    fn line(name: &str) -> CartItem {
        CartItem::item(name, "", "1", "5.00")
    }

    #[test]
    fn only_the_tip_kind_is_a_tip() {
        let tip = tip_line(d("1.85"), "15 %", 2);
        assert_eq!(
            (tip.kind, tip.item_name.as_str()),
            (LineKind::Tip, TIP_ITEM)
        );
        assert!(is_tip_line(&tip));
        // A line named "Tip" is no tip by its name.
        assert!(!is_tip_line(&line("Tip")));
        assert_eq!(tip_of(&[line("Tip"), line("Tea")], 2), Decimal::ZERO);
        let mut s = sale("12.34");
        add_tip(&mut s, d("1.85"), "15 %", 2);
        assert_eq!(s.cart_items[0].kind, LineKind::Item);
        assert_eq!(s.cart_items[1].kind, LineKind::Tip);
        // With tips off, a tip line is refused; an item line is not the tip rules' business.
        let off = TipConfig::default();
        assert!(check_tip(&s, &off, 2).is_err());
        let mut plain = sale("17.34");
        plain.cart_items = vec![line("Tea"), CartItem::item("Cake", "", "1", "12.34")];
        assert!(check_tip(&plain, &off, 2).is_ok());
    }

    #[test]
    fn a_stored_cart_from_before_kinds_keeps_its_tip() {
        let mut old = vec![line("Sale"), line(" tip ")];
        upgrade_stored_cart(&mut old);
        assert_eq!(old[1].kind, LineKind::Tip);
        assert_eq!(tip_of(&old, 2), d("5.00"));
        // A cart with a tip line already is read as it is.
        let mut new = vec![line("Sale"), tip_line(d("1"), "Custom", 2)];
        let before = new.clone();
        upgrade_stored_cart(&mut new);
        assert_eq!(new, before);
        // Only the exact old name was ever a tip.
        let mut other = vec![line("Tips")];
        upgrade_stored_cart(&mut other);
        assert_eq!(other[0].kind, LineKind::Item);
    }

    /// Both builds: the ASCII look-alikes (the app's instant check).
    #[test]
    fn ascii_look_alikes_of_tip() {
        for name in [
            "Tip", "tip", "TIP", "Tips", "TIPS", "tIp", "T1p", "Ti p", " Tip ", "T|P",
        ] {
            assert!(looks_like_tip(name), "{name:?}");
        }
        for name in [
            "Tea",
            "Tipsy cake",
            "Trip",
            "Top",
            "Tap",
            "Sale",
            "Tiramisu",
            "Tip jar",
        ] {
            assert!(!looks_like_tip(name), "{name:?}");
        }
    }

    /// The proxy's check: any script, any case, hidden characters.
    #[cfg(feature = "confusables")]
    #[test]
    fn unicode_look_alikes_of_tip() {
        for name in [
            "T\u{456}p",                   // Cyrillic small byelorussian-ukrainian i
            "\u{422}ip",                   // Cyrillic capital Te
            "\u{422}\u{406}\u{420}",       // all Cyrillic capitals
            "T\u{456}\u{440}s",            // Cyrillic і and р
            "\u{3A4}ip",                   // Greek capital tau
            "\u{FF34}\u{FF49}\u{FF50}",    // fullwidth
            "\u{1D413}\u{1D422}\u{1D429}", // mathematical bold
            "T\u{200B}ip",                 // zero-width space
            "T\u{AD}i\u{2060}p",           // soft hyphen, word joiner
            "Ti\u{FE0F}p",                 // variation selector
            "T\u{131}p",                   // dotless i
            "T\u{ED}p",                    // i with acute
            "Ti\u{301}p",                  // i and a combining acute
            "T\u{A0}i\u{3000}p",           // no-break and ideographic spaces
            "Tip\u{17F}",                  // long s
        ] {
            assert!(looks_like_tip(name), "{name:?} {:?}", tip_keys(name));
        }
        for casing in 0..16u32 {
            let name: String = "tips"
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if casing & (1 << i) != 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            assert!(looks_like_tip(&name), "{name}");
            assert!(looks_like_tip(&name[..3]), "{}", &name[..3]);
        }
        for name in [
            "Tea", "Trip", "Tipsy", "Taxi", "Típico", "Chai", "Tip jar", "Pit",
        ] {
            assert!(!looks_like_tip(name), "{name:?} {:?}", tip_keys(name));
        }
    }

    #[test]
    fn the_refusal_names_the_line_and_shows_hidden_characters() {
        assert_eq!(
            named_like_a_tip("T\u{200B}ip"),
            "the line \"T\\u{200B}ip\" is named like a tip: a line named like a tip must be \
             the tip; add tips with the tip buttons"
        );
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
