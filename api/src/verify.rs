//! Every upstream answer is checked against the order it answers before anything of it is
//! stored or shown: the asset, the network, the amount (bounded, within the asset's
//! precision, worth the sale at the quoted rate), the address and the expiry. The proxy's own
//! record of the order is the reference, never the upstream's echo of it.

use rust_decimal::Decimal;

use crate::address::{check_address, AddressFamily};
use crate::money::{self, MoneyError};
use crate::state::StatusCode;
use crate::upstream::{CreatePosPaymentOk, PaymentUpdate, PaymentUpdateInfo};

/// What was ordered, from the proxy's own record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order<'a> {
    /// The sale in the settlement asset (e.g. 50.00 USD).
    pub fiat_amount: Decimal,
    pub fiat_decimals: u32,
    /// What the customer pays with (`requested_asset`) and on which network.
    pub pay_asset: &'a str,
    pub pay_network: Option<&'a str>,
    pub pay_decimals: u32,
    /// The address rules of the pay asset on its network, from the catalogue; `None` (an
    /// asset the catalogue gives no family) refuses every address.
    pub family: Option<AddressFamily>,
    /// The upstream's payment code and id, once its create answer named them: a later answer
    /// naming others is about another payment.
    pub payment_code: Option<&'a str>,
    pub payment_id: Option<&'a str>,
}

/// How strict the checks are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How far amount × rate may be from the sale, in basis points (200 = 2 %).
    pub rate_tolerance_bp: u32,
    /// The longest quote lifetime believed.
    pub max_quote_secs: i64,
    /// How many times higher or lower a re-quote's rate may be than the payment's previous
    /// quote's. A small amount at a huge rate is worth the sale on paper: only the move from
    /// the rate this payment already had gives it away.
    pub max_rate_move: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            rate_tolerance_bp: 200,
            max_quote_secs: 24 * 3600,
            max_rate_move: 2,
        }
    }
}

/// A quote that passed every check: safe to store and to show to a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub amount: Decimal,
    pub address: String,
    pub tag: Option<String>,
    /// Settlement units per coin.
    pub rate: Option<Decimal>,
    /// Absolute Unix seconds.
    pub expires_at: Option<i64>,
    pub payreq: Option<String>,
}

/// Why an upstream answer was refused. Each message says what a person can check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    #[error("asked for {expected}, the payment service answered in {got}")]
    Asset { expected: String, got: String },
    #[error("asked for the {expected} network, the payment service answered on {got}")]
    Network { expected: String, got: String },
    #[error("the {field} {text:?} is not a usable amount: {reason}")]
    Amount {
        field: &'static str,
        text: String,
        reason: MoneyError,
    },
    #[error("the amount to pay is zero")]
    ZeroAmount,
    #[error("the exchange rate {text:?} is not usable")]
    Rate { text: String },
    #[error(
        "the new quote's rate {next} is more than {factor} times away from this payment's \
         previous rate {previous}"
    )]
    RateMove {
        previous: Decimal,
        next: Decimal,
        factor: u32,
    },
    #[error(
        "{amount} {asset} at {rate} is worth {value}, but the sale is {expected} \
         (more than {} % apart)", percent(*tolerance_bp)
    )]
    Value {
        amount: Decimal,
        asset: String,
        rate: Decimal,
        value: Decimal,
        expected: Decimal,
        tolerance_bp: u32,
    },
    // The address itself stays out of the message: it is shown to the cashier, who must not
    // read a wrong address out to a customer. The log line has it (Debug).
    #[error("the address is not a valid {asset} address: {reason}")]
    Address {
        address: String,
        asset: String,
        reason: String,
    },
    #[error("the quote's expiry {raw} is not plausible")]
    Expiry { raw: i64 },
    #[error("the answer has no {0}")]
    Missing(&'static str),
    #[error("the {field} {text:?} is not usable: 1 to 64 letters, digits, - or _ expected")]
    Identifier { field: &'static str, text: String },
    #[error("the answer is about another payment: its {field} is {got:?}, not {expected:?}")]
    OtherPayment {
        field: &'static str,
        expected: String,
        got: String,
    },
    #[error("the payment code {code:?} already belongs to another payment")]
    CodeTaken { code: String },
}

/// Basis points as a percentage for people: 200 → "2", 25 → "0.25".
fn percent(bp: u32) -> Decimal {
    (Decimal::from(bp) / Decimal::from(100)).normalize()
}

/// The longest payment code or id believed (WCT Pay's codes have ten characters).
const MAX_IDENTIFIER: usize = 64;

/// A payment code or id becomes part of URLs (`/pay/{code}`), log lines and lookups, so it
/// must be 1 to 64 ASCII letters, digits, `-` or `_`.
pub fn check_identifier(field: &'static str, text: &str) -> Result<(), Mismatch> {
    let usable = (1..=MAX_IDENTIFIER).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if usable {
        Ok(())
    } else {
        Err(Mismatch::Identifier {
            field,
            text: clip(text),
        })
    }
}

/// An answer's code or id, when it names one, is well formed and the one this payment has.
fn check_same_payment(
    field: &'static str,
    known: Option<&str>,
    got: Option<&str>,
) -> Result<(), Mismatch> {
    let Some(got) = got else { return Ok(()) };
    check_identifier(field, got)?;
    match known {
        Some(known) if known != got => Err(Mismatch::OtherPayment {
            field,
            expected: known.to_string(),
            got: got.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Reads an `expires_at` whose unit the contract leaves open, by its magnitude: Unix
/// milliseconds (≥ 10^11), Unix seconds (≥ 10^8, i.e. after 1973), or else seconds remaining
/// ("the time until the price expires", as the seed puts it). Returns absolute seconds.
///
/// ```
/// use wct_api::verify::expiry_to_unix;
/// let now = 1_800_000_000;
/// assert_eq!(expiry_to_unix(1_800_000_900, now), Some(1_800_000_900));
/// assert_eq!(expiry_to_unix(1_800_000_900_000, now), Some(1_800_000_900));
/// assert_eq!(expiry_to_unix(900, now), Some(1_800_000_900));
/// ```
pub fn expiry_to_unix(raw: i64, now: i64) -> Option<i64> {
    const MILLIS: i64 = 100_000_000_000;
    const SECONDS: i64 = 100_000_000;
    match raw {
        r if r < 0 => None,
        r if r >= MILLIS => Some(r / 1000),
        r if r >= SECONDS => Some(r),
        r => now.checked_add(r),
    }
}

fn parse_amount_field(field: &'static str, text: &str, decimals: u32) -> Result<Decimal, Mismatch> {
    money::parse_upstream(text.trim(), decimals).map_err(|reason| Mismatch::Amount {
        field,
        text: clip(text),
        reason,
    })
}

fn parse_rate(text: &str) -> Result<Decimal, Mismatch> {
    money::parse_upstream(text.trim(), money::MAX_PRECISION)
        .ok()
        .filter(|r| !r.is_zero())
        .ok_or_else(|| Mismatch::Rate { text: clip(text) })
}

/// At most 64 characters of a hostile string in a message or a log line.
fn clip(text: &str) -> String {
    text.chars().take(64).collect()
}

fn check_asset(order: &Order<'_>, got: Option<&str>) -> Result<(), Mismatch> {
    match got.map(str::trim) {
        Some(got) if !got.eq_ignore_ascii_case(order.pay_asset) => Err(Mismatch::Asset {
            expected: order.pay_asset.to_string(),
            got: clip(got),
        }),
        _ => Ok(()),
    }
}

fn check_network(order: &Order<'_>, got: Option<&str>) -> Result<(), Mismatch> {
    match (
        order.pay_network,
        got.map(str::trim).filter(|g| !g.is_empty()),
    ) {
        (Some(expected), Some(got)) if !got.eq_ignore_ascii_case(expected) => {
            Err(Mismatch::Network {
                expected: expected.to_string(),
                got: clip(got),
            })
        }
        (None, Some(got)) => Err(Mismatch::Network {
            expected: "asset's own".to_string(),
            got: clip(got),
        }),
        _ => Ok(()),
    }
}

/// The address is well formed for the pay asset's family: prefix, alphabet, length and
/// checksum (see [`crate::address`]).
fn check_family_address(order: &Order<'_>, address: &str) -> Result<(), Mismatch> {
    let fail = |reason: String| Mismatch::Address {
        address: clip(address),
        asset: order.pay_asset.to_string(),
        reason,
    };
    let family = order
        .family
        .ok_or_else(|| fail("the catalogue names no address family for it".into()))?;
    check_address(family, address).map_err(|e| fail(e.to_string()))
}

fn check_expiry(raw: i64, now: i64, earliest: i64, policy: &Policy) -> Result<i64, Mismatch> {
    expiry_to_unix(raw, now)
        .filter(|at| *at > earliest && *at <= now.saturating_add(policy.max_quote_secs))
        .ok_or(Mismatch::Expiry { raw })
}

/// Whether `received_before + amount` coins at `rate` are worth the sale, within the
/// tolerance plus one base unit of each side's rounding.
pub fn check_value(
    order: &Order<'_>,
    policy: &Policy,
    received_before: Decimal,
    amount: Decimal,
    rate: Decimal,
) -> Result<(), Mismatch> {
    let unit = |decimals: u32| Decimal::new(1, decimals.min(28));
    let overflow = || Mismatch::Rate {
        text: rate.to_string(),
    };
    let coins = received_before.checked_add(amount).ok_or_else(overflow)?;
    let value = coins.checked_mul(rate).ok_or_else(overflow)?;
    let slack = order
        .fiat_amount
        .checked_mul(Decimal::new(i64::from(policy.rate_tolerance_bp), 4))
        .and_then(|s| s.checked_add(rate.checked_mul(unit(order.pay_decimals))?))
        .and_then(|s| s.checked_add(unit(order.fiat_decimals)))
        .ok_or_else(overflow)?;
    let off = value
        .checked_sub(order.fiat_amount)
        .ok_or_else(overflow)?
        .abs();
    if off > slack {
        return Err(Mismatch::Value {
            amount,
            asset: order.pay_asset.to_string(),
            rate,
            value: value.round_dp(order.fiat_decimals),
            expected: order.fiat_amount,
            tolerance_bp: policy.rate_tolerance_bp,
        });
    }
    Ok(())
}

/// A re-quote's rate is within [`Policy::max_rate_move`] times the payment's previous rate,
/// either way.
pub fn check_rate_move(previous: Decimal, next: Decimal, policy: &Policy) -> Result<(), Mismatch> {
    let factor = Decimal::from(policy.max_rate_move.max(1));
    let within =
        |low: Decimal, high: Decimal| low.checked_mul(factor).is_some_and(|bound| high <= bound);
    if previous > Decimal::ZERO && within(previous, next) && within(next, previous) {
        Ok(())
    } else {
        Err(Mismatch::RateMove {
            previous,
            next,
            factor: policy.max_rate_move,
        })
    }
}

/// Checks a create answer. A missing `payment_amount_asset` means the requested asset (and
/// is then checked like any other field); a missing rate skips the value check, which the
/// seed does not promise.
pub fn check_create(
    order: &Order<'_>,
    ok: &CreatePosPaymentOk,
    policy: &Policy,
    now: i64,
) -> Result<Quote, Mismatch> {
    check_same_payment("payment code", None, ok.payment_code.as_deref())?;
    check_same_payment("payment id", None, ok.payment_id.as_deref())?;
    check_asset(order, ok.payment_amount_asset.as_deref())?;
    check_network(order, ok.payment_amount_network.as_deref())?;
    let amount = parse_amount_field("amount", &ok.payment_amount, order.pay_decimals)?;
    if amount.is_zero() {
        return Err(Mismatch::ZeroAmount);
    }
    let address = ok.payment_address.trim().to_string();
    check_family_address(order, &address)?;
    let rate = ok.exchange_rate.as_deref().map(parse_rate).transpose()?;
    if let Some(rate) = rate {
        check_value(order, policy, Decimal::ZERO, amount, rate)?;
    }
    let expires_at = ok
        .expires_at
        .map(|raw| check_expiry(raw, now, now - 60, policy))
        .transpose()?;
    Ok(Quote {
        amount,
        address,
        tag: ok.payment_tag.clone(),
        rate,
        expires_at,
        payreq: ok.payment_payreq.clone(),
    })
}

/// A getupdate answer (or a price update), parsed, bounded and checked field by field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Update {
    pub payment_code: Option<String>,
    pub payment_id: Option<String>,
    pub amount: Option<Decimal>,
    pub address: Option<String>,
    pub rate: Option<Decimal>,
    pub expires_at: Option<i64>,
    pub payreq: Option<String>,
    pub status: Option<StatusCode>,
    /// Total received, as stated.
    pub received: Option<Decimal>,
    pub missing: Option<Decimal>,
    /// Total asked across quotes, as stated.
    pub asked: Option<Decimal>,
    pub confirmations: Option<u32>,
    pub txids: Option<String>,
}

/// How far back a getupdate's expiry may lie: closed payments are watched a day for late
/// money, and their last quote may be older than that.
const OLDEST_EXPIRY_SECS: i64 = 30 * 24 * 3600;

/// Checks a getupdate answer's fields against the order. Whether a new quote in it is worth
/// the sale depends on what was received before it, so the caller runs [`check_value`]
/// when the quote is new.
pub fn check_update(
    order: &Order<'_>,
    info: &PaymentUpdateInfo,
    policy: &Policy,
    now: i64,
) -> Result<Update, Mismatch> {
    check_same_payment(
        "payment code",
        order.payment_code,
        info.payment_code.as_deref(),
    )?;
    check_same_payment("payment id", order.payment_id, info.payment_id.as_deref())?;
    check_asset(order, info.payment_amount_asset.as_deref())?;
    check_network(order, info.payment_amount_network.as_deref())?;
    let decimals = order.pay_decimals;
    let amount = |field, text: &Option<String>| {
        text.as_deref()
            .map(|t| parse_amount_field(field, t, decimals))
            .transpose()
    };
    let address = info.payment_address.as_deref().map(str::trim);
    if let Some(address) = address {
        check_family_address(order, address)?;
    }
    Ok(Update {
        payment_code: info.payment_code.clone(),
        payment_id: info.payment_id.clone(),
        amount: amount("amount", &info.payment_amount)?,
        address: address.map(String::from),
        rate: info.exchange_rate.as_deref().map(parse_rate).transpose()?,
        expires_at: info
            .expires_at
            .map(|raw| check_expiry(raw, now, now - OLDEST_EXPIRY_SECS, policy))
            .transpose()?,
        payreq: info.payment_payreq.clone(),
        status: info.payment_status,
        received: amount("received amount", &info.payment_received_amount)?,
        missing: amount("missing amount", &info.payment_missing_amount)?,
        asked: amount("asked amount", &info.payment_ask_amount)?,
        confirmations: info.confirmations,
        txids: info.payment_txids.clone(),
    })
}

/// What a `paymentUpdate` postback says was received, in coins, when it is about this payment
/// and this asset and its numbers are sane. Postbacks are unsigned: this is never evidence on
/// its own, only once getupdate agrees (see the proxy's ledger).
pub fn postback_received(
    order: &Order<'_>,
    payment_code: &str,
    postback: &PaymentUpdate,
) -> Option<Decimal> {
    if postback.payment_code != payment_code {
        return None;
    }
    if let Some(symbol) = &postback.asset_symbol {
        if !symbol.trim().eq_ignore_ascii_case(order.pay_asset) {
            return None;
        }
    }
    let value = money::from_base_units(postback.amount?, postback.precision?).ok()?;
    let text = value.to_string();
    money::parse_upstream(&text, money::MAX_PRECISION).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    const NOW: i64 = 1_800_000_000;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn order() -> Order<'static> {
        Order {
            fiat_amount: d("900.00"),
            fiat_decimals: 2,
            pay_asset: "BTC",
            pay_network: None,
            pay_decimals: 8,
            family: Some(AddressFamily::Bitcoin),
            payment_code: None,
            payment_id: None,
        }
    }

    fn ok() -> CreatePosPaymentOk {
        CreatePosPaymentOk {
            message: None,
            payment_id: Some("1".into()),
            payment_code: Some("c1".into()),
            payment_address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into(),
            payment_amount: "0.00947369".into(),
            payment_amount_asset: Some("BTC".into()),
            payment_amount_network: None,
            exchange_rate: Some("95000".into()),
            expires_at: Some(NOW + 900),
            payment_payreq: None,
            payment_tag: None,
        }
    }

    fn check(ok: &CreatePosPaymentOk) -> Result<Quote, Mismatch> {
        check_create(&order(), ok, &Policy::default(), NOW)
    }

    #[test]
    fn a_true_quote_passes() {
        let quote = check(&ok()).unwrap();
        assert_eq!(quote.amount, d("0.00947369"));
        assert_eq!(quote.expires_at, Some(NOW + 900));
    }

    #[test]
    fn another_sales_quote_is_refused() {
        // The 1.00 USD quote answered for a 900.00 USD sale.
        let small = CreatePosPaymentOk {
            payment_amount: "0.0000105".into(),
            ..ok()
        };
        assert!(matches!(check(&small), Err(Mismatch::Value { .. })));
    }

    #[test]
    fn wrong_asset_or_network_is_refused() {
        let eth = CreatePosPaymentOk {
            payment_amount_asset: Some("ETH".into()),
            ..ok()
        };
        assert!(matches!(check(&eth), Err(Mismatch::Asset { .. })));
        let net = CreatePosPaymentOk {
            payment_amount_network: Some("TRC20".into()),
            ..ok()
        };
        assert!(matches!(check(&net), Err(Mismatch::Network { .. })));
        // Absent means the requested asset.
        let absent = CreatePosPaymentOk {
            payment_amount_asset: None,
            ..ok()
        };
        assert!(check(&absent).is_ok());
    }

    #[test]
    fn zero_negative_garbage_and_huge_amounts_are_refused() {
        for text in [
            "0",
            "0.00000000",
            "-0.5",
            "abc",
            "",
            "1e-5",
            "79228162514264337593543950335",
            "0.000000001",
        ] {
            let bad = CreatePosPaymentOk {
                payment_amount: text.into(),
                ..ok()
            };
            assert!(check(&bad).is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn bad_rates_and_addresses_are_refused() {
        for rate in ["0", "-95000", "x", "1e30"] {
            let bad = CreatePosPaymentOk {
                exchange_rate: Some(rate.into()),
                ..ok()
            };
            assert!(matches!(check(&bad), Err(Mismatch::Rate { .. })), "{rate}");
        }
        // Empty, junk, too long, one character flipped (checksum), another chain's address.
        for address in [
            "",
            "bc1q <script>",
            &"a".repeat(200),
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        ] {
            let bad = CreatePosPaymentOk {
                payment_address: address.into(),
                ..ok()
            };
            assert!(
                matches!(check(&bad), Err(Mismatch::Address { .. })),
                "{address}"
            );
        }
    }

    #[test]
    fn expiry_in_seconds_millis_or_remaining() {
        for raw in [NOW + 900, (NOW + 900) * 1000, 900] {
            let quote = check(&CreatePosPaymentOk {
                expires_at: Some(raw),
                ..ok()
            })
            .unwrap();
            assert_eq!(quote.expires_at, Some(NOW + 900), "{raw}");
        }
        for raw in [NOW - 3600, NOW + 10 * 24 * 3600, 500_000_000, -5] {
            let bad = CreatePosPaymentOk {
                expires_at: Some(raw),
                ..ok()
            };
            assert!(matches!(check(&bad), Err(Mismatch::Expiry { .. })), "{raw}");
        }
    }

    #[test]
    fn a_requote_rate_may_move_but_not_leap() {
        let policy = Policy::default();
        for next in ["95000", "50000", "190000", "47500"] {
            assert!(
                check_rate_move(d("95000"), d(next), &policy).is_ok(),
                "{next}"
            );
        }
        // 100 sats for a 95 USD sale "at" 95 million USD per BTC: worth the sale on paper.
        for next in ["95000000", "47000", "200000", "1"] {
            assert!(
                matches!(
                    check_rate_move(d("95000"), d(next), &policy),
                    Err(Mismatch::RateMove { .. })
                ),
                "{next}"
            );
        }
    }

    #[test]
    fn value_allows_rounding_of_tiny_sales() {
        // 0.01 USD at 95,000 USD/BTC is 10.5 sats; rounded up to 11 sats is 5 % off, but
        // within one base unit.
        let tiny = Order {
            fiat_amount: d("0.01"),
            ..order()
        };
        assert!(check_value(
            &tiny,
            &Policy::default(),
            Decimal::ZERO,
            d("0.00000011"),
            d("95000")
        )
        .is_ok());
        assert!(check_value(
            &tiny,
            &Policy::default(),
            Decimal::ZERO,
            d("0.00000030"),
            d("95000")
        )
        .is_err());
    }

    #[test]
    fn postback_amounts_count_only_for_this_payment_and_asset() {
        let postback = PaymentUpdate {
            payment_code: "c1".into(),
            amount: Some(947_369),
            precision: Some(8),
            asset_symbol: Some("BTC".into()),
            ..Default::default()
        };
        assert_eq!(
            postback_received(&order(), "c1", &postback),
            Some(d("0.00947369"))
        );
        assert_eq!(postback_received(&order(), "other", &postback), None);
        let eth = PaymentUpdate {
            asset_symbol: Some("ETH".into()),
            ..postback.clone()
        };
        assert_eq!(postback_received(&order(), "c1", &eth), None);
        let huge = PaymentUpdate {
            amount: Some(u128::MAX),
            ..postback
        };
        assert_eq!(postback_received(&order(), "c1", &huge), None);
    }

    #[test]
    fn codes_and_ids_must_be_plain_and_this_payments() {
        for code in ["", "x/../y", "a b", "<b>", "c\u{0}1", &"a".repeat(65)] {
            let bad = CreatePosPaymentOk {
                payment_code: Some(code.to_string()),
                ..ok()
            };
            assert!(
                matches!(check(&bad), Err(Mismatch::Identifier { .. })),
                "{code:?}"
            );
        }
        // Neither is promised by the seed: absent is fine.
        let bare = CreatePosPaymentOk {
            payment_code: None,
            payment_id: None,
            ..ok()
        };
        assert!(check(&bare).is_ok());

        let known = Order {
            payment_code: Some("c1"),
            payment_id: Some("1"),
            ..order()
        };
        let about = |code: Option<&str>, id: Option<&str>| PaymentUpdateInfo {
            payment_code: code.map(String::from),
            payment_id: id.map(String::from),
            ..Default::default()
        };
        let policy = Policy::default();
        assert!(check_update(&known, &about(Some("c1"), Some("1")), &policy, NOW).is_ok());
        assert!(check_update(&known, &about(None, None), &policy, NOW).is_ok());
        for (code, id) in [
            (Some("c2"), None),
            (None, Some("2")),
            (Some("c1"), Some("2")),
        ] {
            assert!(
                matches!(
                    check_update(&known, &about(code, id), &policy, NOW),
                    Err(Mismatch::OtherPayment { .. })
                ),
                "{code:?} {id:?}"
            );
        }
    }

    #[test]
    fn update_addresses_are_checked() {
        let info = PaymentUpdateInfo {
            payment_address: Some("ltc1qg82f0a5jrcvw8tmrvkd6kxa6rk8k3jdnr6a8ya".into()),
            ..Default::default()
        };
        assert!(matches!(
            check_update(&order(), &info, &Policy::default(), NOW),
            Err(Mismatch::Address { .. })
        ));
    }

    #[test]
    fn update_numbers_are_bounded() {
        let info = PaymentUpdateInfo {
            payment_received_amount: Some("79228162514264337593543950335".into()),
            ..Default::default()
        };
        assert!(check_update(&order(), &info, &Policy::default(), NOW).is_err());
        let info = PaymentUpdateInfo {
            payment_missing_amount: Some("-79228162514264337593543950335".into()),
            ..Default::default()
        };
        assert!(check_update(&order(), &info, &Policy::default(), NOW).is_err());
        let fine = PaymentUpdateInfo {
            payment_received_amount: Some("0.5".into()),
            payment_missing_amount: Some("0".into()),
            expires_at: Some(NOW - 3600),
            ..Default::default()
        };
        let update = check_update(&order(), &fine, &Policy::default(), NOW).unwrap();
        assert_eq!(update.received, Some(d("0.5")));
        assert_eq!(update.expires_at, Some(NOW - 3600));
    }
}
