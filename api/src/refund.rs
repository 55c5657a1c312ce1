//! Refunds: what `POST /api/payments/{id}/refunds` takes, how a refund is shown, which refund
//! a payment's state offers, the validation both the app (instant feedback) and the proxy
//! (authority) run, and how an upstream answer confirms refunds that were requested.
//!
//! Amounts are in the paid asset (`pay_asset`), as decimal strings at the edges.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money;
use crate::state::{PaymentState, StatusCode};
use crate::validate::{check_mobile, check_text, FieldError, ValidationErrors};

pub use crate::upstream::RefundType;

/// Characters a manager PIN may have (digits only, so a phone shows its number pad). Hashes
/// made before PINs needed six digits still work, so a request may carry four.
pub const PIN_LEN: std::ops::RangeInclusive<usize> = 4..=12;
/// Digits a new manager PIN needs at least (`wct-pos-server hash-pin`): a million guesses
/// against a handful per lockout.
pub const MIN_NEW_PIN_LEN: usize = 6;
/// Longest remark sent with a refund.
pub const MAX_REMARKS: usize = 255;
/// Longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

impl RefundType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Partial => "partial",
            Self::Underpaid => "underpaid",
            Self::Overpaid => "overpaid",
        }
    }

    /// Short text for a cashier.
    pub fn label(self) -> &'static str {
        match self {
            Self::Full => "Full refund",
            Self::Partial => "Partial refund",
            Self::Underpaid => "Refund of what was received",
            Self::Overpaid => "Refund of the excess",
        }
    }
}

impl std::str::FromStr for RefundType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "full" => Self::Full,
            "partial" => Self::Partial,
            "underpaid" => Self::Underpaid,
            "overpaid" => Self::Overpaid,
            _ => return Err(format!("unknown refund type {s:?}")),
        })
    }
}

/// Where a refund stands. A refund whose request got no answer is `Unknown`, never `Failed`:
/// the upstream may have it, so its amount stays reserved until the upstream says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundState {
    /// The upstream accepted the request; the customer is being contacted.
    Requested,
    /// The upstream's refunded total moved by exactly this refund's amount.
    Refunded,
    /// The request's answer was lost: it may or may not exist upstream.
    Unknown,
    /// The upstream refused it, or it never reached the upstream (the refunded total did not
    /// move within the settle window): nothing was refunded.
    Failed,
    /// The upstream's totals moved by an amount no refund of ours explains: its money stays
    /// reserved and no new refund is made until someone checks with WCT Pay.
    NeedsAttention,
}

impl RefundState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Refunded => "refunded",
            Self::Unknown => "unknown",
            Self::Failed => "failed",
            Self::NeedsAttention => "needs_attention",
        }
    }

    /// Short text for a cashier.
    pub fn label(self) -> &'static str {
        match self {
            Self::Requested => "Refund requested",
            Self::Refunded => "Refunded",
            Self::Unknown => "Refund sent — outcome being checked",
            Self::Failed => "Refund not made",
            Self::NeedsAttention => "Refund needs attention — check with WCT Pay",
        }
    }

    /// Waiting for the upstream to say it is done.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Requested | Self::Unknown)
    }

    /// Holds the payment's refunds: no new refund until this one is settled.
    pub fn holds_new_refunds(self) -> bool {
        self.is_pending() || self == Self::NeedsAttention
    }

    /// Counts against what may still be refunded.
    pub fn reserves_money(self) -> bool {
        self != Self::Failed
    }
}

impl std::str::FromStr for RefundState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "requested" => Self::Requested,
            "refunded" => Self::Refunded,
            "unknown" => Self::Unknown,
            "failed" => Self::Failed,
            "needs_attention" => Self::NeedsAttention,
            _ => return Err(format!("unknown refund state {s:?}")),
        })
    }
}

/// One refund of a payment, as the terminal and the customer page see it: no contact
/// details, no remarks, no device (those stay in the proxy's records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundView {
    pub id: String,
    pub refund_type: RefundType,
    /// In `asset` (the paid asset).
    pub amount: String,
    pub asset: String,
    pub state: RefundState,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

/// Body of `POST /api/payments/{id}/refunds` (with an `Idempotency-Key` header).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRefund {
    pub refund_type: RefundType,
    /// Decimal string in the paid asset.
    pub amount: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// The manager PIN: checked by the proxy, never stored, never logged.
    pub pin: String,
}

impl std::fmt::Debug for NewRefund {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewRefund")
            .field("refund_type", &self.refund_type)
            .field("amount", &self.amount)
            .field("pin", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl NewRefund {
    /// Empty or blank contact fields count as not given.
    pub fn normalize(&mut self) {
        for field in [&mut self.email, &mut self.mobile, &mut self.remarks] {
            if let Some(text) = field.as_mut() {
                *text = text.trim().to_string();
            }
            if field.as_deref().is_some_and(str::is_empty) {
                *field = None;
            }
        }
        self.amount = self.amount.trim().to_string();
    }
}

/// What a payment's refund is worked out from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundBasis {
    pub state: PaymentState,
    /// Received in the paid asset.
    pub received: Decimal,
    /// Received beyond what was asked.
    pub excess: Decimal,
    /// Refunds requested, confirmed or of unknown outcome (not refused ones).
    pub already: Decimal,
    /// Decimals of the paid asset.
    pub decimals: u32,
}

/// The refund a payment's state offers: the button's words, the types the cashier may pick,
/// and the amount the form starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundOffer {
    pub label: &'static str,
    pub types: &'static [RefundType],
    pub default_type: RefundType,
    pub prefill: Decimal,
}

pub(crate) fn dec(text: &str) -> Decimal {
    money::parse_non_negative(text, money::MAX_PRECISION).unwrap_or_default()
}

/// Sum of the refunds that hold money (all but refused ones).
pub fn reserved(refunds: &[RefundView]) -> Decimal {
    refunds
        .iter()
        .filter(|r| r.state.reserves_money())
        .map(|r| dec(&r.amount))
        .sum()
}

/// Sum of the refunds the upstream confirmed.
pub fn refunded(refunds: &[RefundView]) -> Decimal {
    refunds
        .iter()
        .filter(|r| r.state == RefundState::Refunded)
        .map(|r| dec(&r.amount))
        .sum()
}

/// Whether a refund still waits for the upstream.
pub fn any_pending(refunds: &[RefundView]) -> bool {
    refunds.iter().any(|r| r.state.is_pending())
}

/// Why no new refund of a payment may be made now, in a cashier's words: at most one refund
/// is in flight, so the upstream's refunded total always tells which refund it moved for.
pub fn on_hold(refunds: &[RefundView]) -> Option<&'static str> {
    let held = refunds.iter().find(|r| r.state.holds_new_refunds())?;
    Some(if held.state == RefundState::NeedsAttention {
        "an earlier refund of this payment does not match what WCT Pay reports: check the \
         payment with WCT Pay before refunding again"
    } else {
        "an earlier refund of this payment is still waiting for WCT Pay: a new refund can be \
         made once it shows as refunded or not made"
    })
}

impl RefundBasis {
    /// Received minus what was already refunded (or is being refunded).
    pub fn refundable(&self) -> Decimal {
        (self.received - self.already).max(Decimal::ZERO)
    }

    /// The excess not yet refunded.
    pub fn excess_left(&self) -> Decimal {
        (self.excess - self.already)
            .max(Decimal::ZERO)
            .min(self.refundable())
    }

    /// The refund this state offers, or `None` when there is nothing to refund.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use wct_api::refund::{RefundBasis, RefundType};
    /// use wct_api::PaymentState;
    /// let basis = RefundBasis {
    ///     state: PaymentState::Overpaid,
    ///     received: "0.0006".parse().unwrap(),
    ///     excess: "0.0001".parse().unwrap(),
    ///     already: Decimal::ZERO,
    ///     decimals: 8,
    /// };
    /// let offer = basis.offer().unwrap();
    /// assert_eq!(offer.label, "Refund the excess");
    /// assert_eq!(offer.default_type, RefundType::Overpaid);
    /// assert_eq!(offer.prefill.to_string(), "0.0001");
    /// ```
    pub fn offer(&self) -> Option<RefundOffer> {
        use RefundType::*;
        let refundable = self.refundable();
        if refundable.is_zero() {
            return None;
        }
        match self.state {
            PaymentState::Overpaid if !self.excess_left().is_zero() => Some(RefundOffer {
                label: "Refund the excess",
                types: &[Overpaid, Partial, Full],
                default_type: Overpaid,
                prefill: self.excess_left(),
            }),
            PaymentState::Paid | PaymentState::Overpaid => Some(RefundOffer {
                label: "Refund",
                types: &[Full, Partial],
                default_type: Full,
                prefill: refundable,
            }),
            PaymentState::Underpaid
            | PaymentState::Late
            | PaymentState::Expired
            | PaymentState::Cancelled => Some(RefundOffer {
                label: "Refund what was received",
                types: &[Underpaid],
                default_type: Underpaid,
                prefill: refundable,
            }),
            PaymentState::Awaiting
            | PaymentState::Pending
            | PaymentState::Refunded
            | PaymentState::Rejected => None,
        }
    }

    /// The amount a refund of `kind` is fixed to, if it is fixed (full: everything left).
    pub fn fixed_amount(&self, kind: RefundType) -> Option<Decimal> {
        (kind == RefundType::Full).then(|| self.refundable())
    }
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after it, no
/// spaces or angle brackets.
pub fn check_email(text: &str) -> Result<(), String> {
    if text.chars().count() > MAX_EMAIL {
        return Err(format!("at most {MAX_EMAIL} characters"));
    }
    let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';');
    let ok = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(bad)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err("enter an e-mail address such as name@example.com".into())
    }
}

/// A new manager PIN (before it is hashed): at least [`MIN_NEW_PIN_LEN`] digits.
pub fn check_new_pin(text: &str) -> Result<(), String> {
    check_pin(text)?;
    if text.len() < MIN_NEW_PIN_LEN {
        return Err(format!(
            "a new manager PIN needs at least {MIN_NEW_PIN_LEN} digits"
        ));
    }
    Ok(())
}

/// A manager PIN: 4 to 12 digits.
pub fn check_pin(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("enter the manager PIN".into());
    }
    if !PIN_LEN.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "the manager PIN is {} to {} digits",
            PIN_LEN.start(),
            PIN_LEN.end()
        ));
    }
    Ok(())
}

/// Checks every field of a refund against the payment; the amount when all are right.
///
/// The amount may not exceed what was received minus what was already refunded (compared
/// exactly, as decimals); a refund of the excess may not exceed the excess left; a full
/// refund is exactly what is left; the type must be one the state offers; the customer must
/// be reachable by e-mail or mobile.
pub fn validate_refund(new: &NewRefund, basis: &RefundBasis) -> Result<Decimal, ValidationErrors> {
    let mut errors = Vec::new();
    let mut amount = None;
    match basis.offer() {
        None => errors.push(FieldError::new(
            "refund_type",
            format!(
                "a {} payment with {} left to refund offers no refund",
                basis.state,
                money::format_fixed(basis.refundable(), basis.decimals)
            ),
        )),
        Some(offer) if !offer.types.contains(&new.refund_type) => {
            let allowed: Vec<&str> = offer.types.iter().map(|t| t.as_str()).collect();
            errors.push(FieldError::new(
                "refund_type",
                format!(
                    "a {} payment is refunded as {}",
                    basis.state,
                    allowed.join(" or ")
                ),
            ));
        }
        Some(_) => match check_amount(&new.amount, new.refund_type, basis) {
            Ok(value) => amount = Some(value),
            Err(message) => errors.push(FieldError::new("amount", message)),
        },
    }
    match (&new.email, &new.mobile) {
        (None, None) => errors.push(FieldError::new(
            "email",
            "give the customer's e-mail or mobile so WCT Pay can contact them",
        )),
        (email, mobile) => {
            if let Some(Err(m)) = email.as_deref().map(check_email) {
                errors.push(FieldError::new("email", m));
            }
            if let Some(Err(m)) = mobile.as_deref().map(check_mobile) {
                errors.push(FieldError::new("mobile", m));
            }
        }
    }
    if let Some(Err(m)) = new.remarks.as_deref().map(|r| check_text(r, MAX_REMARKS)) {
        errors.push(FieldError::new("remarks", m));
    }
    if let Err(m) = check_pin(&new.pin) {
        errors.push(FieldError::new("pin", m));
    }
    match amount {
        Some(amount) if errors.is_empty() => Ok(amount),
        _ => Err(ValidationErrors(errors)),
    }
}

fn check_amount(text: &str, kind: RefundType, basis: &RefundBasis) -> Result<Decimal, String> {
    let fixed = |v| money::format_fixed(v, basis.decimals);
    let amount = money::parse_amount(text, basis.decimals).map_err(|e| e.to_string())?;
    let refundable = basis.refundable();
    if amount > refundable {
        return Err(format!(
            "at most {} (received minus already refunded)",
            fixed(refundable)
        ));
    }
    match kind {
        RefundType::Overpaid if amount > basis.excess_left() => Err(format!(
            "the excess left to refund is {}",
            fixed(basis.excess_left())
        )),
        RefundType::Full if amount != refundable => Err(format!(
            "a full refund is everything left: {}",
            fixed(refundable)
        )),
        _ => Ok(amount),
    }
}

/// What an upstream answer says about refunds: its status code, and (decided here, optional)
/// the total it has refunded and the total it holds as requested but not yet paid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefundEvidence {
    pub status: Option<StatusCode>,
    pub refunded: Option<Decimal>,
    pub pending: Option<Decimal>,
}

/// Settles the payment's one refund in flight (requested, unknown or needing attention) from
/// the upstream's totals; returns whether it changed. `received`: what the payment received
/// (status 5 without a total means all of it went back); `past_window`: whether a refund is
/// older than the settle window.
///
/// Only one refund is ever in flight (see [`on_hold`]), and every refund before it is settled,
/// so the upstream's refunded total before it is what this proxy booked as refunded. Then:
/// - the total moved by exactly its amount: `refunded`;
/// - the total did not move, and the upstream holds exactly its amount as pending: `requested`
///   (WCT Pay works on it);
/// - the total did not move, nothing is pending upstream and the settle window has passed: an
///   `unknown` one never reached WCT Pay (`failed`, its money released), a `requested` one was
///   dropped upstream (`needs_attention`);
/// - the totals moved by anything else: `needs_attention`. One refund is never credited with
///   another's amount.
///
/// ```
/// use wct_api::refund::{settle, RefundEvidence, RefundState, RefundType, RefundView};
/// let lost = RefundView {
///     id: "r_1".into(), refund_type: RefundType::Partial, amount: "0.00002".into(),
///     asset: "BTC".into(), state: RefundState::Unknown,
///     created_at: "t0".into(), updated_at: "t0".into(),
/// };
/// let mut refunds = vec![lost];
/// let nothing_moved = RefundEvidence { refunded: Some("0".parse().unwrap()), ..Default::default() };
/// assert!(settle(&mut refunds, nothing_moved, "0.0001".parse().unwrap(), |_| true, "t1"));
/// assert_eq!(refunds[0].state, RefundState::Failed);
/// ```
pub fn settle(
    refunds: &mut [RefundView],
    evidence: RefundEvidence,
    received: Decimal,
    past_window: impl Fn(&RefundView) -> bool,
    now: &str,
) -> bool {
    let booked = refunded(refunds);
    let Some(flight) = refunds.iter_mut().find(|r| r.state.holds_new_refunds()) else {
        return false;
    };
    let amount = dec(&flight.amount);
    let total = evidence
        .refunded
        .or((evidence.status == Some(StatusCode::Refunded)).then_some(received));
    let Some(total) = total else {
        // No totals at all: nothing is known, nothing changes.
        return false;
    };
    let pending = evidence.pending;
    let expected = booked.checked_add(amount);
    let next = if Some(total) == expected && pending.is_none_or(|p| p.is_zero()) {
        RefundState::Refunded
    } else if total != booked {
        RefundState::NeedsAttention
    } else {
        match (flight.state, pending) {
            (_, Some(p)) if p == amount => RefundState::Requested,
            (_, Some(p)) if !p.is_zero() => RefundState::NeedsAttention,
            (RefundState::Unknown, _) if past_window(flight) => RefundState::Failed,
            (RefundState::Requested, Some(_)) if past_window(flight) => RefundState::NeedsAttention,
            (state, _) => state,
        }
    };
    if next == flight.state {
        return false;
    }
    flight.state = next;
    flight.updated_at = now.to_string();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn basis(state: PaymentState, received: &str, excess: &str, already: &str) -> RefundBasis {
        RefundBasis {
            state,
            received: d(received),
            excess: d(excess),
            already: d(already),
            decimals: 8,
        }
    }

    fn new(kind: RefundType, amount: &str) -> NewRefund {
        NewRefund {
            refund_type: kind,
            amount: amount.into(),
            email: Some("ann@example.com".into()),
            mobile: None,
            remarks: None,
            pin: "2468".into(),
        }
    }

    fn refund(amount: &str, state: RefundState) -> RefundView {
        RefundView {
            id: format!("r_{amount}"),
            refund_type: RefundType::Partial,
            amount: amount.into(),
            asset: "BTC".into(),
            state,
            created_at: "t0".into(),
            updated_at: "t0".into(),
        }
    }

    #[test]
    fn each_state_offers_its_refund() {
        let over = basis(PaymentState::Overpaid, "0.0006", "0.0001", "0");
        let offer = over.offer().unwrap();
        assert_eq!(
            (offer.label, offer.default_type, offer.prefill),
            ("Refund the excess", RefundType::Overpaid, d("0.0001"))
        );
        let paid = basis(PaymentState::Paid, "0.0005", "0", "0")
            .offer()
            .unwrap();
        assert_eq!((paid.label, paid.prefill), ("Refund", d("0.0005")));
        assert_eq!(paid.types, &[RefundType::Full, RefundType::Partial]);
        for state in [
            PaymentState::Underpaid,
            PaymentState::Late,
            PaymentState::Expired,
            PaymentState::Cancelled,
        ] {
            let offer = basis(state, "0.0002", "0", "0").offer().unwrap();
            assert_eq!(offer.label, "Refund what was received", "{state}");
            assert_eq!(offer.types, &[RefundType::Underpaid]);
            assert_eq!(offer.prefill, d("0.0002"));
        }
        // Nothing received, nothing to refund.
        assert_eq!(basis(PaymentState::Expired, "0", "0", "0").offer(), None);
        for state in [
            PaymentState::Awaiting,
            PaymentState::Pending,
            PaymentState::Refunded,
            PaymentState::Rejected,
        ] {
            assert_eq!(basis(state, "0.0005", "0", "0").offer(), None, "{state}");
        }
    }

    #[test]
    fn earlier_refunds_shrink_what_is_offered() {
        // The excess went back: an overpaid payment then offers a plain refund of the rest.
        let after_excess = basis(PaymentState::Overpaid, "0.0006", "0.0001", "0.0001");
        let offer = after_excess.offer().unwrap();
        assert_eq!((offer.label, offer.prefill), ("Refund", d("0.0005")));
        assert_eq!(
            basis(PaymentState::Paid, "0.0005", "0", "0.0005").offer(),
            None
        );
        assert_eq!(
            basis(PaymentState::Paid, "0.0005", "0", "0.0002")
                .offer()
                .unwrap()
                .prefill,
            d("0.0003")
        );
    }

    #[test]
    fn the_amount_is_bounded_exactly_by_what_is_left() {
        let paid = basis(PaymentState::Paid, "0.00050000", "0", "0.0002");
        assert_eq!(
            validate_refund(&new(RefundType::Partial, "0.0003"), &paid),
            Ok(d("0.0003"))
        );
        let over = validate_refund(&new(RefundType::Partial, "0.00030001"), &paid).unwrap_err();
        assert_eq!(
            over.get("amount"),
            Some("at most 0.00030000 (received minus already refunded)")
        );
        for bad in ["0", "-1", "1e-4", "0.000000001", "", "0,1"] {
            let e = validate_refund(&new(RefundType::Partial, bad), &paid).unwrap_err();
            assert!(e.get("amount").is_some(), "{bad}");
        }
        // Full means everything left, nothing less.
        let e = validate_refund(&new(RefundType::Full, "0.0001"), &paid).unwrap_err();
        assert_eq!(
            e.get("amount"),
            Some("a full refund is everything left: 0.00030000")
        );
        assert!(validate_refund(&new(RefundType::Full, "0.0003"), &paid).is_ok());
    }

    #[test]
    fn the_excess_and_the_type_follow_the_state() {
        let over = basis(PaymentState::Overpaid, "0.0006", "0.0001", "0");
        assert!(validate_refund(&new(RefundType::Overpaid, "0.0001"), &over).is_ok());
        let e = validate_refund(&new(RefundType::Overpaid, "0.00011"), &over).unwrap_err();
        assert_eq!(
            e.get("amount"),
            Some("the excess left to refund is 0.00010000")
        );
        let paid = basis(PaymentState::Paid, "0.0005", "0", "0");
        let e = validate_refund(&new(RefundType::Overpaid, "0.0001"), &paid).unwrap_err();
        assert_eq!(
            e.get("refund_type"),
            Some("a paid payment is refunded as full or partial")
        );
        let late = basis(PaymentState::Late, "0.0002", "0", "0");
        assert!(validate_refund(&new(RefundType::Underpaid, "0.0002"), &late).is_ok());
        assert!(validate_refund(&new(RefundType::Full, "0.0002"), &late).is_err());
        let open = basis(PaymentState::Awaiting, "0", "0", "0");
        let e = validate_refund(&new(RefundType::Full, "0.0001"), &open).unwrap_err();
        assert!(e.get("refund_type").unwrap().contains("offers no refund"));
    }

    #[test]
    fn a_contact_is_required_and_checked() {
        let paid = basis(PaymentState::Paid, "0.0005", "0", "0");
        let mut r = new(RefundType::Full, "0.0005");
        r.email = Some("   ".into());
        r.normalize();
        let e = validate_refund(&r, &paid).unwrap_err();
        assert!(e.get("email").unwrap().contains("e-mail or mobile"));
        r.mobile = Some("+614123123123".into());
        assert!(validate_refund(&r, &paid).is_ok());
        r.mobile = Some("0412 312 312".into());
        assert!(validate_refund(&r, &paid)
            .unwrap_err()
            .get("mobile")
            .is_some());
        for bad in [
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "a b@example.com",
            "a@b@c.d",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_email("ann.lee+pos@shop.example.com").is_ok());
    }

    #[test]
    fn pins_and_remarks() {
        assert!(check_pin("2468").is_ok());
        assert!(check_pin("123456789012").is_ok());
        for bad in ["", "123", "1234567890123", "12a4", " 1234", "１２３４"] {
            assert!(check_pin(bad).is_err(), "{bad:?}");
        }
        let paid = basis(PaymentState::Paid, "0.0005", "0", "0");
        let mut r = new(RefundType::Full, "0.0005");
        r.remarks = Some("line\nbreak".into());
        r.pin = "12".into();
        let e = validate_refund(&r, &paid).unwrap_err();
        assert!(e.get("remarks").is_some() && e.get("pin").is_some());
        assert!(!format!("{r:?}").contains("12\""), "the PIN never prints");
    }

    fn evidence(refunded: &str, pending: Option<&str>) -> RefundEvidence {
        RefundEvidence {
            status: Some(StatusCode::Completed),
            refunded: Some(d(refunded)),
            pending: pending.map(d),
        }
    }

    fn settled(
        refunds: &mut [RefundView],
        e: RefundEvidence,
        past_window: bool,
    ) -> Vec<RefundState> {
        settle(refunds, e, d("0.0010"), |_| past_window, "t1");
        refunds.iter().map(|r| r.state).collect()
    }

    #[test]
    fn a_refund_is_refunded_only_when_the_total_moves_by_its_amount() {
        use RefundState::*;
        let booked = || refund("0.0001", Refunded);
        let mut refunds = vec![booked(), refund("0.0002", Requested)];
        // Not moved yet: still requested, even past the window while WCT Pay holds it.
        assert_eq!(
            settled(&mut refunds, evidence("0.0001", Some("0.0002")), true),
            [Refunded, Requested]
        );
        assert_eq!(
            settled(&mut refunds, evidence("0.0003", Some("0")), false),
            [Refunded, Refunded]
        );
        assert_eq!(refunds[1].updated_at, "t1");
        assert_eq!(refunded(&refunds), d("0.0003"));
        // Nothing in flight: nothing to settle.
        assert!(!settle(
            &mut refunds,
            evidence("0.0009", None),
            d("0.001"),
            |_| true,
            "t2"
        ));
    }

    #[test]
    fn a_lost_refund_that_never_reached_wct_pay_fails_after_the_window() {
        use RefundState::*;
        let mut refunds = vec![refund("0.00002", Unknown)];
        // Inside the window nothing is decided.
        assert_eq!(
            settled(&mut refunds, evidence("0", Some("0")), false),
            [Unknown]
        );
        assert_eq!(settled(&mut refunds, evidence("0", None), true), [Failed]);
        assert_eq!(reserved(&refunds), Decimal::ZERO, "its money is released");
        assert_eq!(on_hold(&refunds), None);
    }

    #[test]
    fn a_lost_refund_that_did_reach_wct_pay_becomes_requested_then_refunded() {
        use RefundState::*;
        let mut refunds = vec![refund("0.00002", Unknown)];
        assert_eq!(
            settled(&mut refunds, evidence("0", Some("0.00002")), true),
            [Requested]
        );
        assert_eq!(
            settled(&mut refunds, evidence("0.00002", Some("0")), true),
            [Refunded]
        );
    }

    #[test]
    fn another_amount_is_never_credited_to_the_refund_in_flight() {
        use RefundState::*;
        for (total, pending) in [
            ("0.00011135", None),
            ("0.00001", None),
            ("0", Some("0.00011135")),
            ("0.00002", Some("0.00011135")),
        ] {
            let mut refunds = vec![refund("0.00002", Unknown)];
            assert_eq!(
                settled(&mut refunds, evidence(total, pending), false),
                [NeedsAttention],
                "{total} {pending:?}"
            );
            assert!(on_hold(&refunds).unwrap().contains("does not match"));
            assert_eq!(reserved(&refunds), d("0.00002"), "still reserved");
        }
        // A requested one that WCT Pay dropped, past the window, needs a person too.
        let mut refunds = vec![refund("0.0002", Requested)];
        assert_eq!(
            settled(&mut refunds, evidence("0", Some("0")), true),
            [NeedsAttention]
        );
        // Without any totals nothing is known.
        let mut refunds = vec![refund("0.0002", Unknown)];
        assert!(!settle(
            &mut refunds,
            RefundEvidence::default(),
            d("1"),
            |_| true,
            "t"
        ));
    }

    #[test]
    fn status_five_without_a_total_means_everything_received_went_back() {
        use RefundState::*;
        let five = RefundEvidence {
            status: Some(StatusCode::Refunded),
            refunded: None,
            pending: None,
        };
        let mut refunds = vec![refund("0.0004", Refunded), refund("0.0006", Requested)];
        settle(&mut refunds, five, d("0.0010"), |_| false, "t1");
        assert_eq!(refunds[1].state, Refunded);
        let mut partial = vec![refund("0.0002", Requested)];
        settle(&mut partial, five, d("0.0010"), |_| false, "t1");
        assert_eq!(partial[0].state, NeedsAttention);
    }

    #[test]
    fn one_refund_in_flight_holds_the_next() {
        use RefundState::*;
        assert_eq!(on_hold(&[refund("1", Refunded), refund("1", Failed)]), None);
        for state in [Requested, Unknown] {
            assert!(on_hold(&[refund("1", state)])
                .unwrap()
                .contains("still waiting"));
        }
        assert!(check_new_pin("2468").is_err());
        assert!(check_new_pin("246810").is_ok());
        assert!(check_new_pin("24681a").is_err());
    }

    #[test]
    fn wire_names() {
        let body = serde_json::to_value(new(RefundType::Overpaid, "0.0001")).unwrap();
        assert_eq!(body["refund_type"], "overpaid");
        assert_eq!(
            serde_json::to_value(RefundState::Unknown).unwrap(),
            "unknown"
        );
        assert_eq!("partial".parse::<RefundType>(), Ok(RefundType::Partial));
        assert_eq!("refunded".parse::<RefundState>(), Ok(RefundState::Refunded));
        assert_eq!(
            serde_json::to_value(RefundState::NeedsAttention).unwrap(),
            "needs_attention"
        );
        for state in [
            RefundState::Requested,
            RefundState::Refunded,
            RefundState::Unknown,
            RefundState::Failed,
            RefundState::NeedsAttention,
        ] {
            assert_eq!(state.as_str().parse::<RefundState>(), Ok(state));
        }
    }
}
