//! Tax and discounts: a store's tax rules and the exact breakdown of a sale, written once for
//! the app (what the cart shows), the proxy (what it recomputes and refuses on a mismatch) and
//! the receipt, the Z-report and the accounting export.
//!
//! Everything is [`Decimal`] in the settlement currency, never a float. The rules, in order:
//! 1. A line's base is `unit_price × quantity` (exact: a price has at most the currency's
//!    decimals). Prices are as the store enters them: tax-inclusive (EU, UK) or
//!    tax-exclusive (US), see [`PriceMode`].
//! 2. A line discount (a percentage, rounded half-up to the minor unit, or an amount) comes off
//!    the line's base. It may not exceed the base.
//! 3. A sale discount (a percentage of the lines after their own discounts, rounded half-up,
//!    or an amount) is spread over the tax rates in proportion to each rate's total after line
//!    discounts, then within a rate over its lines in proportion to theirs. Both spreads use
//!    the **largest-remainder rule** in minor units: every share is first rounded down, then
//!    the units left over go one each to the shares with the largest cut-off remainder (ties:
//!    the earlier rate, the earlier line). The pieces always add up exactly to the discount.
//! 4. Tax is computed per rate, on the rate's total after discounts, rounded half-up to the
//!    currency's minor unit: inclusive, `tax = gross × p / (100 + p)`; exclusive,
//!    `tax = net × p / 100`. Then `net + tax = gross` for every rate.
//! 5. A rate's tax is spread over its lines by the same largest-remainder rule, so the lines'
//!    tax (and net and gross) add up exactly to the rate's (the export's sums equal the
//!    Z-report's).
//! 6. The sale's gross total (sum of the rates' gross) is the `amount` sent to WCT Pay.
//!
//! Lines without a `tax_rate` (keypad lines, old carts) take the store's default rate; a store
//! without rates taxes nothing, so an old cart means what it always meant: the lines add up
//! to the amount. A tip line is never discounted; it is untaxed unless the store says tips
//! are taxed, and then it takes the default rate like a keypad line.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::money::{self, format_fixed};
pub use crate::upstream::Discount;
use crate::upstream::{CartItem, LineKind, PaymentFields};
use crate::validate::{check_quantity, FieldError, ValidationErrors};

/// At most this many tax rates per store.
pub const MAX_RATES: usize = 10;
/// Longest rate id (`standard`, `reduced`, `zero`, `A`).
pub const MAX_RATE_ID: usize = 16;
/// Longest rate name (`Standard 19 %`).
pub const MAX_RATE_NAME: usize = 40;

/// How a store's prices are entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceMode {
    /// Prices include the tax (EU, UK): the tax is taken out of them.
    #[default]
    Inclusive,
    /// Prices exclude the tax (US): the tax is added on top.
    Exclusive,
}

/// One named tax rate of a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRate {
    /// What cart lines and products name it by: 1–16 of letters, digits, `-`, `_`.
    pub id: String,
    /// What the receipt prints (`VAT 19 %`).
    pub name: String,
    /// The percentage as a decimal string, 0 to 100, at most 3 decimals (`19`, `5.5`).
    pub percent: String,
}

/// A store's tax rules (part of `StoreSettings`). The default (no rates) taxes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaxConfig {
    #[serde(default)]
    pub rates: Vec<TaxRate>,
    /// The id of the rate of keypad lines and lines without a rate; required once there are
    /// rates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_rate: Option<String>,
    #[serde(default)]
    pub prices: PriceMode,
    /// Whether a tip is taxed (at the default rate). Off by default.
    #[serde(default)]
    pub tips_taxed: bool,
}

/// Parses a tax percentage: 0 ≤ p ≤ 100, at most 3 decimals.
pub fn parse_rate_percent(text: &str) -> Result<Decimal, String> {
    let p = money::parse_non_negative(text.trim(), 3)
        .map_err(|_| "use a percentage from 0 to 100, such as 19 or 5.5".to_string())?;
    if p > Decimal::ONE_HUNDRED {
        return Err("a tax rate is at most 100 %".into());
    }
    Ok(p.normalize())
}

fn valid_rate_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_RATE_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl TaxConfig {
    /// Every problem of the rules, by field (`tax.rates[1].percent`, …).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        if self.rates.len() > MAX_RATES {
            errors.push(FieldError::new(
                "tax.rates",
                format!("at most {MAX_RATES} tax rates"),
            ));
        }
        let mut ids: Vec<&str> = Vec::new();
        for (i, rate) in self.rates.iter().enumerate() {
            let at = |f: &str| format!("tax.rates[{i}].{f}");
            if !valid_rate_id(&rate.id) {
                errors.push(FieldError::new(
                    at("id"),
                    format!("use 1 to {MAX_RATE_ID} letters, digits, - or _"),
                ));
            } else if ids.contains(&rate.id.as_str()) {
                errors.push(FieldError::new(at("id"), "this rate id is already used"));
            } else {
                ids.push(&rate.id);
            }
            if let Err(m) = crate::validate::check_text(&rate.name, MAX_RATE_NAME) {
                errors.push(FieldError::new(at("name"), m));
            } else if crate::validate::is_blank(&rate.name) {
                errors.push(FieldError::new(at("name"), "name the rate, like VAT 19 %"));
            }
            if let Err(m) = parse_rate_percent(&rate.percent) {
                errors.push(FieldError::new(at("percent"), m));
            }
        }
        match self.default_rate.as_deref() {
            None if !self.rates.is_empty() => errors.push(FieldError::new(
                "tax.default_rate",
                "pick the rate keypad lines take",
            )),
            Some(id) if !self.rates.iter().any(|r| r.id == id) => errors.push(FieldError::new(
                "tax.default_rate",
                "the default rate must be one of the store's rates",
            )),
            _ => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// The rate `id`, when the store has it.
    pub fn rate(&self, id: &str) -> Option<&TaxRate> {
        self.rates.iter().find(|r| r.id == id)
    }

    /// The rate a line takes: its own, else the default; `None`: untaxed.
    fn rate_of_line<'a>(&'a self, item: &'a CartItem) -> Result<Option<&'a TaxRate>, String> {
        if item.kind == LineKind::Tip && !self.tips_taxed {
            return Ok(None);
        }
        let wanted = match (item.kind, item.tax_rate.as_deref()) {
            (LineKind::Item, Some(id)) => Some(id),
            _ => self.default_rate.as_deref(),
        };
        match wanted {
            None => Ok(None),
            Some(id) => self
                .rate(id)
                .map(Some)
                .ok_or_else(|| format!("the store has no tax rate \"{id}\"")),
        }
    }
}

/// One line of a sale's breakdown, in the cart's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTotals {
    /// The tip line (never discounted; untaxed unless the store taxes tips).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tip: bool,
    /// The rate's id; `None`: untaxed (a store without rates, or an untaxed tip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    pub percent: Decimal,
    /// `unit_price × quantity`, as entered.
    #[serde(with = "rust_decimal::serde::str")]
    pub base: Decimal,
    /// The line's own discount.
    #[serde(with = "rust_decimal::serde::str")]
    pub line_discount: Decimal,
    /// Its share of the sale discount.
    #[serde(with = "rust_decimal::serde::str")]
    pub sale_discount: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub net: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub tax: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub gross: Decimal,
}

/// One rate's totals (the receipt's and the Z-report's lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTotals {
    /// The rate's id; `None`: untaxed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// The rate's name at the time of sale ("" when untaxed).
    #[serde(default)]
    pub name: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub percent: Decimal,
    /// Line and sale discounts of the rate's lines.
    #[serde(with = "rust_decimal::serde::str")]
    pub discount: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub net: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub tax: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub gross: Decimal,
}

/// A sale's exact breakdown: per line, per rate and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    pub prices: PriceMode,
    pub lines: Vec<LineTotals>,
    /// The rates used, in the store's order, untaxed last.
    pub rates: Vec<RateTotals>,
    /// The sale discount as applied (before its spread).
    #[serde(with = "rust_decimal::serde::str")]
    pub sale_discount: Decimal,
    /// Every discount of the sale (lines' and the sale's).
    #[serde(with = "rust_decimal::serde::str")]
    pub discount: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub net: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub tax: Decimal,
    /// The sale's total: the payment's `amount`.
    #[serde(with = "rust_decimal::serde::str")]
    pub gross: Decimal,
}

impl Breakdown {
    /// The gross total as the payment's `amount` text (`decimals` places).
    pub fn amount_text(&self, decimals: u32) -> String {
        format_fixed(self.gross, decimals)
    }
}

/// Rounds half-up (away from zero; every amount here is non-negative) to `decimals` places.
pub fn round_half_up(value: Decimal, decimals: u32) -> Decimal {
    let mut v = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(decimals);
    v
}

/// Spreads `total` (a multiple of the minor unit of `decimals`) over `weights` in proportion,
/// by the largest-remainder rule: each share rounded down to the minor unit, then the units
/// left over one each to the largest remainders (ties: the earlier). The shares add up to
/// `total` exactly. All weights zero: all shares zero but the first takes `total`.
///
/// ```
/// use rust_decimal::Decimal;
/// use wct_api::tax::spread;
/// let parts = spread(Decimal::new(100, 2), &[Decimal::ONE; 3], 2);
/// assert_eq!(parts, [Decimal::new(34, 2), Decimal::new(33, 2), Decimal::new(33, 2)]);
/// ```
pub fn spread(total: Decimal, weights: &[Decimal], decimals: u32) -> Vec<Decimal> {
    let mut shares = vec![Decimal::ZERO; weights.len()];
    if weights.is_empty() || total.is_zero() {
        return shares;
    }
    let sum: Decimal = weights.iter().sum();
    if sum.is_zero() {
        shares[0] = total;
        return shares;
    }
    let unit = Decimal::new(1, decimals);
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = Decimal::ZERO;
    for (i, w) in weights.iter().enumerate() {
        // Exact while the product fits in a Decimal; beyond that (a sale of some 10^19) the
        // ratio first, which only moves which share gets a left-over unit.
        let exact = total
            .checked_mul(*w)
            .map_or_else(|| total * (*w / sum), |product| product / sum);
        let floor = exact.round_dp_with_strategy(decimals, RoundingStrategy::ToZero);
        shares[i] = floor;
        given += floor;
        remainders.push((exact - floor, i));
    }
    // Largest remainder first; equal remainders keep their order (stable sort).
    remainders.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut left = ((total - given) / unit).round();
    for (_, i) in remainders {
        if left <= Decimal::ZERO {
            break;
        }
        shares[i] += unit;
        left -= Decimal::ONE;
    }
    for s in &mut shares {
        s.rescale(decimals);
    }
    shares
}

/// Why a cart cannot be computed, by field (the app and the proxy say the same).
fn discount_of(
    discount: &Discount,
    base: Decimal,
    decimals: u32,
    field: &str,
) -> Result<Decimal, FieldError> {
    let value = match discount {
        Discount::Percent(text) => {
            let p = money::parse_amount(text.trim(), 2).map_err(|_| {
                FieldError::new(field, "use a discount percentage such as 10 or 12.5")
            })?;
            if p > Decimal::ONE_HUNDRED {
                return Err(FieldError::new(field, "a discount is at most 100 %"));
            }
            round_half_up(base * p / Decimal::ONE_HUNDRED, decimals)
        }
        Discount::Amount(text) => money::parse_amount(text, decimals)
            .map_err(|e| FieldError::new(field, format!("discount: {e}")))?,
    };
    if value > base {
        return Err(FieldError::new(
            field,
            "the discount is more than what it comes off",
        ));
    }
    Ok(value)
}

/// The exact breakdown of a sale: `items` (item and tip lines) with an optional
/// `sale_discount`, under `config`, in a currency of `decimals`. Every problem comes back by
/// field (`cart_items[2].tax_rate`, `sale_discount`).
pub fn breakdown(
    items: &[CartItem],
    sale_discount: Option<&Discount>,
    config: &TaxConfig,
    decimals: u32,
) -> Result<Breakdown, ValidationErrors> {
    let mut errors = Vec::new();
    struct Line<'a> {
        rate: Option<&'a TaxRate>,
        percent: Decimal,
        base: Decimal,
        line_discount: Decimal,
        tip: bool,
    }
    let mut lines = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = |f: &str| format!("cart_items[{i}].{f}");
        let rate = config.rate_of_line(item).unwrap_or_else(|m| {
            errors.push(FieldError::new(at("tax_rate"), m));
            None
        });
        let percent = rate
            .and_then(|r| parse_rate_percent(&r.percent).ok())
            .unwrap_or_default();
        let quantity = check_quantity(&item.item_quantity);
        let price = money::parse_amount(&item.unit_price, decimals);
        let (Ok(q), Ok(p)) = (quantity, price) else {
            errors.push(FieldError::new(
                at("unit_price"),
                format!("enter a price with at most {decimals} decimals"),
            ));
            continue;
        };
        let base = p * Decimal::from(q);
        let tip = item.kind == LineKind::Tip;
        let line_discount = match (&item.discount, tip) {
            (Some(_), true) => {
                errors.push(FieldError::new(at("discount"), "a tip is not discounted"));
                Decimal::ZERO
            }
            (Some(d), false) => {
                discount_of(d, base, decimals, &at("discount")).unwrap_or_else(|e| {
                    errors.push(e);
                    Decimal::ZERO
                })
            }
            (None, _) => Decimal::ZERO,
        };
        lines.push(Line {
            rate,
            percent,
            base,
            line_discount,
            tip,
        });
    }
    if !errors.is_empty() {
        return Err(ValidationErrors(errors));
    }

    // The groups: the store's rates in their order, then untaxed.
    let group_of = |rate: Option<&TaxRate>| match rate {
        Some(r) => config
            .rates
            .iter()
            .position(|x| x.id == r.id)
            .unwrap_or(config.rates.len()),
        None => config.rates.len(),
    };
    let groups = config.rates.len() + 1;
    let after: Vec<Decimal> = lines.iter().map(|l| l.base - l.line_discount).collect();
    let discountable = |i: usize| !lines[i].tip;
    let items_after: Decimal = (0..lines.len())
        .filter(|&i| discountable(i))
        .map(|i| after[i])
        .sum();
    let sale = match sale_discount {
        Some(d) => discount_of(d, items_after, decimals, "sale_discount")
            .map_err(|e| ValidationErrors(vec![e]))?,
        None => Decimal::ZERO,
    };

    // Sale discount: over the rates, then within each rate over its lines.
    let mut group_weight = vec![Decimal::ZERO; groups];
    for (i, l) in lines.iter().enumerate() {
        if discountable(i) {
            group_weight[group_of(l.rate)] += after[i];
        }
    }
    let group_sale = spread(sale, &group_weight, decimals);
    let mut line_sale = vec![Decimal::ZERO; lines.len()];
    for (g, share) in group_sale.iter().enumerate() {
        let members: Vec<usize> = (0..lines.len())
            .filter(|&i| discountable(i) && group_of(lines[i].rate) == g)
            .collect();
        let weights: Vec<Decimal> = members.iter().map(|&i| after[i]).collect();
        for (k, part) in spread(*share, &weights, decimals).into_iter().enumerate() {
            line_sale[members[k]] = part;
        }
    }

    // Tax per rate on the rate's total, then spread over its lines.
    let mut out_lines: Vec<LineTotals> = Vec::with_capacity(lines.len());
    let mut out_rates = Vec::new();
    let mut line_tax = vec![Decimal::ZERO; lines.len()];
    let mut rate_rows: Vec<(usize, Decimal, Decimal, Decimal)> = Vec::new();
    for g in 0..groups {
        let members: Vec<usize> = (0..lines.len())
            .filter(|&i| group_of(lines[i].rate) == g)
            .collect();
        if members.is_empty() {
            continue;
        }
        let percent = lines[members[0]].percent;
        let amounts: Vec<Decimal> = members.iter().map(|&i| after[i] - line_sale[i]).collect();
        let total: Decimal = amounts.iter().sum();
        let tax = match config.prices {
            PriceMode::Inclusive => {
                round_half_up(total * percent / (Decimal::ONE_HUNDRED + percent), decimals)
            }
            PriceMode::Exclusive => round_half_up(total * percent / Decimal::ONE_HUNDRED, decimals),
        };
        for (k, part) in spread(tax, &amounts, decimals).into_iter().enumerate() {
            line_tax[members[k]] = part;
        }
        rate_rows.push((g, total, tax, percent));
    }
    let fixed = |mut v: Decimal| {
        v.rescale(decimals);
        v
    };
    for (i, l) in lines.iter().enumerate() {
        let amount = after[i] - line_sale[i];
        let (net, gross) = match config.prices {
            PriceMode::Inclusive => (amount - line_tax[i], amount),
            PriceMode::Exclusive => (amount, amount + line_tax[i]),
        };
        out_lines.push(LineTotals {
            tip: l.tip,
            rate: l.rate.map(|r| r.id.clone()),
            percent: l.percent,
            base: fixed(l.base),
            line_discount: fixed(l.line_discount),
            sale_discount: fixed(line_sale[i]),
            net: fixed(net),
            tax: fixed(line_tax[i]),
            gross: fixed(gross),
        });
    }
    for (g, total, tax, percent) in rate_rows {
        let rate = config.rates.get(g);
        let (net, gross) = match config.prices {
            PriceMode::Inclusive => (total - tax, total),
            PriceMode::Exclusive => (total, total + tax),
        };
        let discount: Decimal = (0..lines.len())
            .filter(|&i| group_of(lines[i].rate) == g)
            .map(|i| lines[i].line_discount + line_sale[i])
            .sum();
        out_rates.push(RateTotals {
            rate: rate.map(|r| r.id.clone()),
            name: rate.map(|r| r.name.clone()).unwrap_or_default(),
            percent,
            discount: fixed(discount),
            net: fixed(net),
            tax: fixed(tax),
            gross: fixed(gross),
        });
    }
    let sum = |f: fn(&RateTotals) -> Decimal| fixed(out_rates.iter().map(f).sum());
    Ok(Breakdown {
        prices: config.prices,
        net: sum(|r| r.net),
        tax: sum(|r| r.tax),
        gross: sum(|r| r.gross),
        discount: sum(|r| r.discount),
        sale_discount: fixed(sale),
        lines: out_lines,
        rates: out_rates,
    })
}

/// Validates a new payment under the store's tax rules: every field as
/// [`crate::validate::validate_payment`] does, then the cart's breakdown, whose gross total
/// must be the amount. A sale without a cart has no lines to discount or tax.
pub fn validate_sale(
    p: &PaymentFields,
    catalogue: &crate::Catalogue,
    today: time::Date,
    config: &TaxConfig,
) -> Result<(), ValidationErrors> {
    crate::validate::validate_payment_fields(p, catalogue, today, false)?;
    let Some(asset) = catalogue.settlement(&p.asset) else {
        return Ok(());
    };
    if p.cart_items.is_empty() {
        return match p.sale_discount {
            Some(_) => Err(ValidationErrors(vec![FieldError::new(
                "sale_discount",
                "a discount needs the sale's items in the cart",
            )])),
            None => Ok(()),
        };
    }
    let b = breakdown(
        &p.cart_items,
        p.sale_discount.as_ref(),
        config,
        asset.decimals,
    )?;
    let amount = money::parse_amount(&p.amount, asset.decimals).unwrap_or_default();
    if b.gross != amount {
        return Err(ValidationErrors(vec![FieldError::new(
            "cart_items",
            format!(
                "the items add up to {} {} with tax and discounts, not the amount",
                format_fixed(b.gross, asset.decimals),
                asset.symbol
            ),
        )]));
    }
    Ok(())
}

/// The breakdown of a payment as the receipt shows it: its cart's, or for a sale without a
/// cart one "Sale" line of the amount (the amount is what was charged, so it is taken as
/// tax-inclusive whatever the store's price mode), at the default rate.
pub fn sale_breakdown(
    fields: &PaymentFields,
    config: &TaxConfig,
    decimals: u32,
) -> Result<Breakdown, ValidationErrors> {
    if !fields.cart_items.is_empty() {
        return breakdown(
            &fields.cart_items,
            fields.sale_discount.as_ref(),
            config,
            decimals,
        );
    }
    let inclusive = TaxConfig {
        prices: PriceMode::Inclusive,
        ..config.clone()
    };
    breakdown(&sale_items(fields), None, &inclusive, decimals)
}

/// The lines a receipt lists: the cart, or for a sale without one its single "Sale" line of
/// the amount (the lines of [`sale_breakdown`], in the same order).
pub fn sale_items(fields: &PaymentFields) -> Vec<CartItem> {
    if fields.cart_items.is_empty() {
        vec![CartItem::item(
            crate::tips::SALE_ITEM,
            "",
            "1",
            &fields.amount,
        )]
    } else {
        fields.cart_items.clone()
    }
}

/// The share of the sale its discounts take, in percent of the items before discount (for the
/// store's "discounts above this need the manager PIN").
pub fn discount_share(b: &Breakdown) -> Decimal {
    let base: Decimal = b.lines.iter().filter(|l| !l.tip).map(|l| l.base).sum();
    if base.is_zero() {
        return Decimal::ZERO;
    }
    b.discount * Decimal::ONE_HUNDRED / base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn rates(prices: PriceMode) -> TaxConfig {
        TaxConfig {
            rates: vec![
                TaxRate {
                    id: "standard".into(),
                    name: "VAT 19 %".into(),
                    percent: "19".into(),
                },
                TaxRate {
                    id: "reduced".into(),
                    name: "VAT 7 %".into(),
                    percent: "7".into(),
                },
                TaxRate {
                    id: "zero".into(),
                    name: "VAT 0 %".into(),
                    percent: "0".into(),
                },
            ],
            default_rate: Some("standard".into()),
            prices,
            tips_taxed: false,
        }
    }

    fn line(name: &str, q: &str, price: &str, rate: Option<&str>) -> CartItem {
        CartItem {
            tax_rate: rate.map(Into::into),
            ..CartItem::item(name, "", q, price)
        }
    }

    /// The reference basket: a 19 % line with a 10 % line discount, a 7 % line, a 0 % line,
    /// and a sale discount of 5.00.
    fn basket() -> Vec<CartItem> {
        vec![
            CartItem {
                discount: Some(Discount::Percent("10".into())),
                ..line("Wine", "2", "12.50", Some("standard"))
            },
            line("Bread", "3", "2.40", Some("reduced")),
            line("Stamps", "1", "5.00", Some("zero")),
        ]
    }

    #[test]
    fn the_reference_basket_inclusive() {
        let sale = Discount::Amount("5.00".into());
        let b = breakdown(&basket(), Some(&sale), &rates(PriceMode::Inclusive), 2).unwrap();
        // Bases: 25.00 (−2.50 line discount = 22.50), 7.20, 5.00; after lines 34.70.
        // Sale 5.00 over 22.50 : 7.20 : 5.00 → 3.2420…, 1.0374…, 0.7204… → floors 3.24, 1.03,
        // 0.72 (4.99), the left-over cent to the largest remainder (1.0374 → 1.04).
        assert_eq!(b.lines[0].line_discount, d("2.50"));
        assert_eq!(
            [
                b.rates[0].discount,
                b.rates[1].discount,
                b.rates[2].discount
            ],
            [d("5.74"), d("1.04"), d("0.72")]
        );
        // 19 %: gross 19.26, tax 19.26 × 19 / 119 = 3.0751… → 3.08, net 16.18.
        // 7 %: gross 6.16, tax 6.16 × 7 / 107 = 0.4029… → 0.40, net 5.76.
        // 0 %: gross 4.28, tax 0.
        let got: Vec<_> = b.rates.iter().map(|r| (r.net, r.tax, r.gross)).collect();
        assert_eq!(
            got,
            [
                (d("16.18"), d("3.08"), d("19.26")),
                (d("5.76"), d("0.40"), d("6.16")),
                (d("4.28"), d("0.00"), d("4.28")),
            ]
        );
        assert_eq!((b.net, b.tax, b.gross), (d("26.22"), d("3.48"), d("29.70")));
        assert_eq!(b.discount, d("7.50"));
        assert_eq!(b.amount_text(2), "29.70");
    }

    #[test]
    fn the_reference_basket_exclusive() {
        let sale = Discount::Amount("5.00".into());
        let b = breakdown(&basket(), Some(&sale), &rates(PriceMode::Exclusive), 2).unwrap();
        // Same discounts; the amounts are now net: 19 %: 19.26 × 0.19 = 3.6594 → 3.66;
        // 7 %: 6.16 × 0.07 = 0.4312 → 0.43; 0 %: 0.
        let got: Vec<_> = b.rates.iter().map(|r| (r.net, r.tax, r.gross)).collect();
        assert_eq!(
            got,
            [
                (d("19.26"), d("3.66"), d("22.92")),
                (d("6.16"), d("0.43"), d("6.59")),
                (d("4.28"), d("0.00"), d("4.28")),
            ]
        );
        assert_eq!((b.net, b.tax, b.gross), (d("29.70"), d("4.09"), d("33.79")));
    }

    #[test]
    fn every_rate_and_the_lines_add_up() {
        let sale = Discount::Percent("7".into());
        let mut items = basket();
        items.push(line("More wine", "1", "9.99", Some("standard")));
        for prices in [PriceMode::Inclusive, PriceMode::Exclusive] {
            let b = breakdown(&items, Some(&sale), &rates(prices), 2).unwrap();
            for r in &b.rates {
                assert_eq!(r.net + r.tax, r.gross);
                let of_rate = b.lines.iter().filter(|l| l.rate == r.rate);
                let (n, t, g) = of_rate
                    .fold((Decimal::ZERO, Decimal::ZERO, Decimal::ZERO), |a, l| {
                        (a.0 + l.net, a.1 + l.tax, a.2 + l.gross)
                    });
                assert_eq!((n, t, g), (r.net, r.tax, r.gross));
            }
            let line_sale: Decimal = b.lines.iter().map(|l| l.sale_discount).sum();
            assert_eq!(line_sale, b.sale_discount);
        }
    }

    #[test]
    fn an_old_cart_in_a_store_without_rates_adds_up_as_it_always_did() {
        let items = vec![
            CartItem::item("Coffee", "", "2", "3.20"),
            crate::tips::tip_line(d("1.00"), "10 %", 2),
        ];
        let b = breakdown(&items, None, &TaxConfig::default(), 2).unwrap();
        assert_eq!((b.tax, b.gross), (d("0.00"), d("7.40")));
        assert_eq!(b.rates.len(), 1);
        assert_eq!(b.rates[0].rate, None);
    }

    #[test]
    fn keypad_lines_take_the_default_rate_and_tips_are_untaxed_unless_the_store_says() {
        let items = vec![
            CartItem::item("Sale", "", "1", "11.90"),
            crate::tips::tip_line(d("1.19"), "10 %", 2),
        ];
        let mut config = rates(PriceMode::Inclusive);
        let b = breakdown(&items, None, &config, 2).unwrap();
        assert_eq!(b.lines[0].rate.as_deref(), Some("standard"));
        assert_eq!(b.lines[1].rate, None);
        assert_eq!((b.tax, b.gross), (d("1.90"), d("13.09")));
        config.tips_taxed = true;
        let b = breakdown(&items, None, &config, 2).unwrap();
        // One rate, taxed on its total: 13.09 × 19 / 119 = 2.09.
        assert_eq!(b.rates.len(), 1);
        assert_eq!((b.tax, b.gross), (d("2.09"), d("13.09")));
    }

    #[test]
    fn bad_carts_are_refused_by_field() {
        let config = rates(PriceMode::Inclusive);
        let items = vec![
            line("A", "1", "1.00", Some("luxury")),
            CartItem {
                discount: Some(Discount::Amount("3.00".into())),
                ..line("B", "1", "2.00", None)
            },
            CartItem {
                discount: Some(Discount::Percent("120".into())),
                ..line("C", "1", "2.00", None)
            },
            line("D", "1", "2.001", None),
        ];
        let e = breakdown(&items, None, &config, 2).unwrap_err();
        assert!(e.get("cart_items[0].tax_rate").is_some());
        assert!(e.get("cart_items[1].discount").is_some());
        assert!(e.get("cart_items[2].discount").is_some());
        assert!(e.get("cart_items[3].unit_price").is_some());
        let too_much = Discount::Amount("9.00".into());
        let e = breakdown(
            &[line("B", "1", "2.00", None)],
            Some(&too_much),
            &TaxConfig::default(),
            2,
        )
        .unwrap_err();
        assert!(e.get("sale_discount").is_some());
    }

    #[test]
    fn rates_are_checked() {
        let mut config = rates(PriceMode::Inclusive);
        config.rates[0].percent = "-1".into();
        config.rates[1].percent = "100.5".into();
        config.rates[2].id = "standard".into();
        config.default_rate = Some("nope".into());
        let e = config.validate().unwrap_err();
        assert!(e.get("tax.rates[0].percent").is_some());
        assert_eq!(
            e.get("tax.rates[1].percent"),
            Some("a tax rate is at most 100 %")
        );
        assert!(e.get("tax.rates[2].id").is_some());
        assert!(e.get("tax.default_rate").is_some());
        assert!(rates(PriceMode::Exclusive).validate().is_ok());
        assert!(TaxConfig::default().validate().is_ok());
    }

    proptest::proptest! {
        /// Any cart: every rate's net + tax = gross, the lines add up to their rate, the
        /// sale discount's pieces to the sale discount, and the rates to the total.
        #[test]
        fn every_breakdown_adds_up(
            lines in proptest::collection::vec(
                (1u32..200, 1i64..100_000_000, 0usize..4, proptest::option::of(1u8..4)),
                1..8,
            ),
            sale in proptest::option::of(1u8..60),
            exclusive in proptest::bool::ANY,
        ) {
            let ids = ["standard", "reduced", "zero"];
            let items: Vec<CartItem> = lines
                .iter()
                .map(|(q, cents, rate, disc)| CartItem {
                    discount: disc.map(|p| Discount::Percent((p * 10).to_string())),
                    ..line(
                        "X",
                        &q.to_string(),
                        &Decimal::new(*cents, 2).to_string(),
                        ids.get(*rate).copied(),
                    )
                })
                .collect();
            let prices = if exclusive { PriceMode::Exclusive } else { PriceMode::Inclusive };
            let sale = sale.map(|p| Discount::Percent(p.to_string()));
            let b = breakdown(&items, sale.as_ref(), &rates(prices), 2).unwrap();
            let mut sale_pieces = Decimal::ZERO;
            for r in &b.rates {
                proptest::prop_assert_eq!(r.net + r.tax, r.gross);
                let mine: Vec<&LineTotals> = b.lines.iter().filter(|l| l.rate == r.rate).collect();
                proptest::prop_assert_eq!(mine.iter().map(|l| l.gross).sum::<Decimal>(), r.gross);
                proptest::prop_assert_eq!(mine.iter().map(|l| l.tax).sum::<Decimal>(), r.tax);
                sale_pieces += mine.iter().map(|l| l.sale_discount).sum::<Decimal>();
            }
            proptest::prop_assert_eq!(sale_pieces, b.sale_discount);
            proptest::prop_assert_eq!(b.rates.iter().map(|r| r.gross).sum::<Decimal>(), b.gross);
        }
    }

    #[test]
    fn the_largest_remainder_spread_sums_exactly() {
        let w = [d("1"), d("1"), d("1")];
        assert_eq!(spread(d("0.02"), &w, 2), [d("0.01"), d("0.01"), d("0.00")]);
        assert_eq!(
            spread(d("10.00"), &[d("3"), d("0"), d("7")], 2),
            [d("3.00"), d("0.00"), d("7.00")]
        );
        assert_eq!(spread(d("5"), &[d("1"), d("2")], 0), [d("2"), d("3")]);
        // Amounts at the limit of what a price may be never overflow and still add up.
        let huge = d("999999999999999.99") * d("9999");
        let parts = spread(huge, &[huge, d("0.01"), huge], 2);
        assert_eq!(parts.iter().sum::<Decimal>(), huge);
    }

    #[test]
    fn a_sale_is_valid_when_its_amount_is_the_gross_total() {
        let catalogue = crate::Catalogue::default();
        let today = crate::clock::date_of(1_795_600_000);
        let mut p = PaymentFields {
            amount: "33.79".into(),
            asset: "USD".into(),
            requested_asset: "BTC".into(),
            description: "Basket".into(),
            reference: "R-1".into(),
            cart_items: basket(),
            sale_discount: Some(Discount::Amount("5.00".into())),
            ..PaymentFields::default()
        };
        let exclusive = rates(PriceMode::Exclusive);
        assert_eq!(validate_sale(&p, &catalogue, today, &exclusive), Ok(()));
        // The inclusive total is 29.70: 33.79 is refused under those rules, and so is a cart
        // whose plain sum is used by the check without rules.
        let e = validate_sale(&p, &catalogue, today, &rates(PriceMode::Inclusive)).unwrap_err();
        assert!(e.get("cart_items").unwrap().contains("29.70"));
        p.cart_items.clear();
        let e = validate_sale(&p, &catalogue, today, &exclusive).unwrap_err();
        assert!(e.get("sale_discount").is_some());
    }

    #[test]
    fn discounts_show_in_json_as_the_app_sends_them() {
        let line: CartItem = serde_json::from_str(
            r#"{"item_name":"Wine","item_quantity":2,"unit_price":"12.50",
                "tax_rate":"standard","sku":"W-1","discount":{"percent":"10"}}"#,
        )
        .unwrap();
        assert_eq!(line.discount, Some(Discount::Percent("10".into())));
        assert_eq!(line.sku.as_deref(), Some("W-1"));
        let old = serde_json::to_value(CartItem::item("A", "", "1", "1")).unwrap();
        assert!(old.get("tax_rate").is_none() && old.get("discount").is_none());
    }
}
