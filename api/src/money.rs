//! Money: decimal amounts, never floating point.
//!
//! Amounts cross every edge as decimal strings ("50.00", "0.00039304"); inside they are
//! [`Decimal`]s, and postbacks carry integer base units plus a `precision`
//! (10^precision base units = 1 coin).

use rust_decimal::Decimal;
use std::str::FromStr;

pub use rust_decimal::Decimal as Dec;

/// Longest amount string accepted; longer input is refused before parsing.
pub const MAX_AMOUNT_CHARS: usize = 32;
/// The largest precision (decimal places) any asset may have; 18 covers ETH and ERC-20s.
pub const MAX_PRECISION: u32 = 18;

/// Why an amount string was refused. Each message is written for a cashier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("enter an amount")]
    Empty,
    #[error("the amount is too long")]
    TooLong,
    #[error("use digits and one decimal point only (no signs, spaces, commas or exponents)")]
    Malformed,
    #[error("the amount must be greater than zero")]
    NotPositive,
    #[error("at most {max} decimal places are allowed")]
    TooManyDecimals { max: u32 },
    #[error("the amount is too large")]
    TooLarge,
    #[error("precision {0} is not supported")]
    BadPrecision(u32),
    #[error("base units must be a whole number of digits")]
    BadBaseUnits,
}

/// A non-negative amount of one asset: the value and the asset's decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    pub value: Decimal,
    pub decimals: u32,
}

impl Money {
    pub fn new(value: Decimal, decimals: u32) -> Self {
        Self { value, decimals }
    }

    /// Fixed-point text with exactly `decimals` places, e.g. `50.00`, `0.00039304`.
    pub fn to_fixed(&self) -> String {
        format_fixed(self.value, self.decimals)
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_fixed())
    }
}

/// Parses a strictly formatted, positive decimal amount with at most `max_decimals` places.
///
/// Accepts `"50"`, `"50.5"`, `"0.00039304"`; refuses `"+1"`, `"-1"`, `"1e3"`, `" 1"`,
/// `"1,000"`, `".5"`, `"5."`, `"0"`, and anything with more places than allowed.
///
/// ```
/// use wct_api::money::parse_amount;
/// assert_eq!(parse_amount("50.00", 2).unwrap().to_string(), "50.00");
/// assert!(parse_amount("50.001", 2).is_err());
/// ```
pub fn parse_amount(text: &str, max_decimals: u32) -> Result<Decimal, MoneyError> {
    let value = parse_non_negative(text, max_decimals)?;
    if value.is_zero() {
        return Err(MoneyError::NotPositive);
    }
    Ok(value)
}

/// Like [`parse_amount`] but allows zero (received amounts, missing amounts).
pub fn parse_non_negative(text: &str, max_decimals: u32) -> Result<Decimal, MoneyError> {
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    if text.len() > MAX_AMOUNT_CHARS {
        return Err(MoneyError::TooLong);
    }
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(MoneyError::Malformed);
    }
    let places = frac.map_or(0, str::len) as u32;
    if places > max_decimals {
        return Err(MoneyError::TooManyDecimals { max: max_decimals });
    }
    // 28 significant digits is Decimal's limit; keep well inside it.
    if whole.trim_start_matches('0').len() > 15 {
        return Err(MoneyError::TooLarge);
    }
    Decimal::from_str(text).map_err(|_| MoneyError::Malformed)
}

/// Whole units an amount from the upstream may reach: anything at or above 10^12 coins (or
/// dollars) is a broken or hostile answer, not a price.
pub const MAX_UPSTREAM_WHOLE_DIGITS: usize = 12;

/// Parses a non-negative amount the upstream sent: digits and one point only, below 10^12
/// whole units, and at most `max_decimals` significant places (trailing zeros beyond them
/// are tolerated, never rounded away). Bounded, so arithmetic on the result cannot overflow.
///
/// ```
/// use wct_api::money::parse_upstream;
/// assert_eq!(parse_upstream("0.000393040000", 8).unwrap().to_string(), "0.00039304");
/// assert!(parse_upstream("79228162514264337593543950335", 8).is_err());
/// assert!(parse_upstream("-0.5", 8).is_err());
/// ```
pub fn parse_upstream(text: &str, max_decimals: u32) -> Result<Decimal, MoneyError> {
    let whole = text.split_once('.').map_or(text, |(w, _)| w);
    if whole.trim_start_matches('0').len() > MAX_UPSTREAM_WHOLE_DIGITS {
        return Err(MoneyError::TooLarge);
    }
    let value = parse_non_negative(text, MAX_PRECISION)?.normalize();
    if value.scale() > max_decimals {
        return Err(MoneyError::TooManyDecimals { max: max_decimals });
    }
    Ok(value)
}

/// Text with exactly `decimals` places, rounding half away from zero if it has more.
pub fn format_fixed(value: Decimal, decimals: u32) -> String {
    let mut v = value.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    v.rescale(decimals);
    v.to_string()
}

/// Formats for people: thousands grouped with `group`, decimal separator `point`, exactly
/// `decimals` places. `format_display(1234.5, 2, ',', '.')` → `1,234.50`.
pub fn format_display(value: Decimal, decimals: u32, group: char, point: char) -> String {
    let fixed = format_fixed(value, decimals);
    let (whole, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut grouped = String::with_capacity(fixed.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// Converts a decimal amount to integer base units at `precision`, refusing amounts that
/// carry more places than the precision can hold (nothing is silently rounded away).
pub fn to_base_units(value: Decimal, precision: u32) -> Result<u128, MoneyError> {
    if precision > MAX_PRECISION {
        return Err(MoneyError::BadPrecision(precision));
    }
    if value.is_sign_negative() && !value.is_zero() {
        return Err(MoneyError::NotPositive);
    }
    let normal = value.normalize();
    if normal.scale() > precision {
        return Err(MoneyError::TooManyDecimals { max: precision });
    }
    let mantissa = u128::try_from(normal.mantissa()).map_err(|_| MoneyError::TooLarge)?;
    let factor = 10u128.pow(precision - normal.scale());
    mantissa.checked_mul(factor).ok_or(MoneyError::TooLarge)
}

/// Converts integer base units at `precision` back to a decimal amount.
pub fn from_base_units(units: u128, precision: u32) -> Result<Decimal, MoneyError> {
    if precision > MAX_PRECISION {
        return Err(MoneyError::BadPrecision(precision));
    }
    let units = i128::try_from(units).map_err(|_| MoneyError::TooLarge)?;
    Decimal::try_from_i128_with_scale(units, precision).map_err(|_| MoneyError::TooLarge)
}

/// Parses base units given as a string of digits (the postback form).
pub fn parse_base_units(text: &str) -> Result<u128, MoneyError> {
    if text.is_empty() || text.len() > 39 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::BadBaseUnits);
    }
    text.parse().map_err(|_| MoneyError::BadBaseUnits)
}

/// Rounds up to `decimals` places: the customer is never asked for less than the price.
pub fn round_up(value: Decimal, decimals: u32) -> Decimal {
    let mut v =
        value.round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::AwayFromZero);
    v.rescale(decimals);
    v
}

/// Most decimals a list shows of a crypto amount (ETH has 18, which no row has room for).
pub const LIST_DECIMALS: usize = 8;

/// `text` (a decimal string) cut to at most `max` decimals for display, with "…" when digits
/// were cut, so a shortened amount never reads as the exact one. Cuts rather than rounds: a
/// shown amount is never more than the real one. The stored amount is untouched.
pub fn shorten_decimals(text: &str, max: usize) -> String {
    match text.split_once('.') {
        Some((whole, fraction)) if fraction.len() > max => {
            let kept = fraction.get(..max).unwrap_or(fraction);
            if max == 0 {
                format!("{whole}…")
            } else {
                format!("{whole}.{kept}…")
            }
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lists_shorten_long_amounts_and_say_so() {
        assert_eq!(
            shorten_decimals("0.001811118456202628", LIST_DECIMALS),
            "0.00181111…"
        );
        assert_eq!(shorten_decimals("0.00044044", LIST_DECIMALS), "0.00044044");
        assert_eq!(shorten_decimals("22.08", LIST_DECIMALS), "22.08");
        assert_eq!(shorten_decimals("7", LIST_DECIMALS), "7");
        assert_eq!(shorten_decimals("1.99", 0), "1…");
    }

    #[test]
    fn strict_amounts() {
        for ok in ["1", "50", "50.5", "50.00", "0.00039304", "0001.10"] {
            assert!(parse_amount(ok, 8).is_ok(), "{ok}");
        }
        let cases = [
            ("", MoneyError::Empty),
            ("0", MoneyError::NotPositive),
            ("0.00", MoneyError::NotPositive),
            ("-1", MoneyError::Malformed),
            ("+1", MoneyError::Malformed),
            ("1e3", MoneyError::Malformed),
            (" 1", MoneyError::Malformed),
            ("1 ", MoneyError::Malformed),
            ("1,5", MoneyError::Malformed),
            (".5", MoneyError::Malformed),
            ("5.", MoneyError::Malformed),
            ("1.2.3", MoneyError::Malformed),
            ("١٢", MoneyError::Malformed),
            ("NaN", MoneyError::Malformed),
            ("50.001", MoneyError::TooManyDecimals { max: 2 }),
            ("1234567890123456", MoneyError::TooLarge),
        ];
        for (text, err) in cases {
            assert_eq!(parse_amount(text, 2), Err(err), "{text:?}");
        }
    }

    #[test]
    fn upstream_amounts_are_bounded() {
        assert_eq!(parse_upstream("0", 8), Ok(Decimal::ZERO));
        assert_eq!(
            parse_upstream("999999999999.5", 8).map(|d| d.to_string()),
            Ok("999999999999.5".into())
        );
        for (text, err) in [
            ("1000000000000", MoneyError::TooLarge),
            ("79000000000000000000000000000", MoneyError::TooLarge),
            ("-0.5", MoneyError::Malformed),
            ("abc", MoneyError::Malformed),
            ("7.9e28", MoneyError::Malformed),
            ("0.000000001", MoneyError::TooManyDecimals { max: 8 }),
            (
                "0.0000000000000000001",
                MoneyError::TooManyDecimals { max: 18 },
            ),
        ] {
            assert_eq!(parse_upstream(text, 8), Err(err), "{text:?}");
        }
    }

    #[test]
    fn base_units_known_answers() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(to_base_units(d("0.00039304"), 8), Ok(39_304));
        assert_eq!(to_base_units(d("1"), 18), Ok(1_000_000_000_000_000_000));
        assert_eq!(to_base_units(d("50.00"), 2), Ok(5_000));
        assert_eq!(
            to_base_units(d("0.000000001"), 8),
            Err(MoneyError::TooManyDecimals { max: 8 })
        );
        assert_eq!(
            from_base_units(39_304, 8).unwrap().to_string(),
            "0.00039304"
        );
        assert_eq!(parse_base_units("0039304"), Ok(39_304));
        assert!(parse_base_units("-1").is_err());
        assert!(parse_base_units("1.5").is_err());
    }

    #[test]
    fn display_formats() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(format_display(d("1234567.5"), 2, ',', '.'), "1,234,567.50");
        assert_eq!(format_display(d("1234.5"), 2, '.', ','), "1.234,50");
        assert_eq!(format_display(d("0.00039304"), 8, ',', '.'), "0.00039304");
        assert_eq!(format_display(d("999"), 0, ',', '.'), "999");
        assert_eq!(round_up(d("0.000393041"), 8).to_string(), "0.00039305");
        assert_eq!(round_up(d("0.5"), 8).to_string(), "0.50000000");
    }

    proptest! {
        #[test]
        fn base_units_round_trip(units in 0u128..10u128.pow(27), precision in 0u32..=18) {
            let value = from_base_units(units, precision).unwrap();
            prop_assert_eq!(to_base_units(value, precision).unwrap(), units);
        }

        #[test]
        fn fixed_text_round_trips(whole in 0u64..1_000_000_000_000, frac in 0u64..100_000_000, decimals in 0u32..=8) {
            let frac = frac % 10u64.pow(decimals);
            let text = if decimals == 0 { whole.to_string() } else { format!("{whole}.{frac:0width$}", width = decimals as usize) };
            let value = parse_non_negative(&text, decimals).unwrap();
            prop_assert_eq!(format_fixed(value, decimals), text);
        }

        #[test]
        fn parser_never_panics_and_never_accepts_junk(text in "\\PC{0,40}") {
            if let Ok(v) = parse_amount(&text, 8) {
                prop_assert!(v > Decimal::ZERO);
                prop_assert!(text.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
            }
        }
    }
}
