//! Payment states and the rule that a state never moves backwards, whatever order postbacks
//! and polls arrive in.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// WCT Pay's payment status code. Upstream sends it as a number or a numeric string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "u8")]
pub enum StatusCode {
    Awaiting = 0,
    Pending = 1,
    Partial = 2,
    Completed = 3,
    Cancelled = 4,
    Refunded = 5,
    Expired = 6,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown payment status code {0:?}")]
pub struct UnknownStatus(pub String);

impl TryFrom<u64> for StatusCode {
    type Error = UnknownStatus;
    fn try_from(code: u64) -> Result<Self, Self::Error> {
        Ok(match code {
            0 => Self::Awaiting,
            1 => Self::Pending,
            2 => Self::Partial,
            3 => Self::Completed,
            4 => Self::Cancelled,
            5 => Self::Refunded,
            6 => Self::Expired,
            _ => return Err(UnknownStatus(code.to_string())),
        })
    }
}

impl std::str::FromStr for StatusCode {
    type Err = UnknownStatus;
    /// A code ("3") or, as postbacks' `status` spells them, a name ("completed").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if let Ok(code) = text.parse::<u64>() {
            return Self::try_from(code);
        }
        Ok(match text.to_ascii_lowercase().as_str() {
            "awaiting" => Self::Awaiting,
            "pending" => Self::Pending,
            "partial" => Self::Partial,
            "completed" => Self::Completed,
            "cancelled" | "canceled" => Self::Cancelled,
            "refunded" => Self::Refunded,
            "expired" => Self::Expired,
            _ => return Err(UnknownStatus(text.chars().take(32).collect())),
        })
    }
}

impl From<StatusCode> for u8 {
    fn from(code: StatusCode) -> u8 {
        code as u8
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Num(n) => Self::try_from(n),
            Raw::Text(t) => t.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

/// What the app shows and the proxy stores: one state per payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentState {
    /// Waiting for the customer to pay.
    Awaiting,
    /// A transaction was seen; waiting for confirmations.
    Pending,
    /// Some was received, not all: the rest is still due.
    Underpaid,
    /// Exactly the asked amount (or within its precision) was received.
    Paid,
    /// More than asked was received; the excess may be refunded.
    Overpaid,
    Expired,
    Cancelled,
    Refunded,
    /// The payment service's answer did not match the sale (wrong asset, address family,
    /// amount or value): nothing was shown to the customer. Final.
    Rejected,
    /// Money arrived after the payment was cancelled or had expired: the merchant must
    /// refund it or accept it. Never silently ignored.
    Late,
}

impl PaymentState {
    pub const ALL: [PaymentState; 10] = [
        Self::Awaiting,
        Self::Pending,
        Self::Underpaid,
        Self::Paid,
        Self::Overpaid,
        Self::Expired,
        Self::Cancelled,
        Self::Refunded,
        Self::Rejected,
        Self::Late,
    ];

    /// The state a status code shows when the upstream states the amounts received and
    /// asked (see [`PaymentState::observe`]; a code that proves nothing leaves `Awaiting`).
    /// Overpaid has no code of its own upstream: it is "completed" with more than asked.
    pub fn from_status(code: StatusCode, received: Decimal, asked: Decimal) -> Self {
        Self::observe(&Evidence {
            status: Some(code),
            received: Some(received),
            derived_received: None,
            asked,
        })
        .unwrap_or(Self::Awaiting)
    }

    /// What one upstream answer proves about the money, or `None` when it proves nothing.
    ///
    /// "Paid" needs evidence: a received amount the upstream states explicitly that covers
    /// what was asked (with status COMPLETED or no status at all). A received amount derived
    /// from "missing" can show an underpayment but never a full one: "missing 0" with nothing
    /// received is how a broken or hostile answer looks, not how money looks. A COMPLETED
    /// code with less than asked is an underpayment.
    pub fn observe(evidence: &Evidence) -> Option<Self> {
        let asked = evidence.asked;
        let stated = evidence.received.filter(|r| *r > Decimal::ZERO);
        let some = stated
            .or(evidence.derived_received)
            .filter(|r| *r > Decimal::ZERO);
        let covered = |r: Decimal| asked > Decimal::ZERO && r >= asked;
        let settled = |r: Decimal| {
            if r > asked {
                Self::Overpaid
            } else {
                Self::Paid
            }
        };
        match evidence.status {
            Some(StatusCode::Awaiting) => Some(Self::Awaiting),
            Some(StatusCode::Pending) => Some(Self::Pending),
            Some(StatusCode::Partial) => some.map(|_| Self::Underpaid),
            Some(StatusCode::Completed) => match stated {
                Some(r) if covered(r) => Some(settled(r)),
                Some(_) => Some(Self::Underpaid),
                None => None,
            },
            Some(StatusCode::Cancelled) => Some(Self::Cancelled),
            Some(StatusCode::Refunded) => Some(Self::Refunded),
            Some(StatusCode::Expired) => Some(Self::Expired),
            None => match (stated, some) {
                (Some(r), _) if covered(r) => Some(settled(r)),
                (_, Some(_)) => Some(Self::Underpaid),
                _ => Some(Self::Awaiting),
            },
        }
    }

    /// The state after an answer: money that arrives once a payment was closed (cancelled,
    /// expired) makes it [`PaymentState::Late`]; otherwise the observation if it is forward.
    pub fn after(
        self,
        observed: Option<Self>,
        received_before: Decimal,
        received_now: Decimal,
    ) -> Self {
        if self.is_closed_unpaid() && received_now > received_before {
            return Self::Late;
        }
        observed.map_or(self, |next| self.advance(next))
    }

    /// How far along a payment is; a state may only move to a higher rank.
    fn rank(self) -> u8 {
        match self {
            Self::Awaiting => 0,
            Self::Pending => 1,
            Self::Underpaid => 2,
            Self::Paid => 3,
            Self::Overpaid => 4,
            Self::Expired | Self::Cancelled => 5,
            Self::Late => 6,
            Self::Refunded => 7,
            Self::Rejected => 8,
        }
    }

    /// Whether moving from `self` to `next` is forward. Expired and cancelled end a payment
    /// that was never fully paid, but money may still arrive (late); paid never returns to
    /// underpaid, and only money received can be refunded. Rejected is set at creation only.
    pub fn can_move_to(self, next: Self) -> bool {
        use PaymentState::*;
        match (self, next) {
            (a, b) if a == b => false,
            (Refunded | Rejected, _) | (_, Rejected) => false,
            (Expired | Cancelled, b) => matches!(b, Late | Refunded),
            (Late, b) => b == Refunded,
            (_, Late) => false,
            (Paid | Overpaid, Expired | Cancelled) => false,
            (Awaiting | Pending, Refunded) => false,
            (a, b) => b.rank() > a.rank(),
        }
    }

    /// Closed without being paid: late money would still be shown.
    pub fn is_closed_unpaid(self) -> bool {
        matches!(self, Self::Expired | Self::Cancelled | Self::Late)
    }

    /// The state after observing `next`: `next` if it is forward, otherwise unchanged.
    pub fn advance(self, next: Self) -> Self {
        if self.can_move_to(next) {
            next
        } else {
            self
        }
    }

    /// Still waiting for money: the proxy keeps reconciling these with the upstream.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Awaiting | Self::Pending | Self::Underpaid)
    }

    /// Money arrived in full; the sale is done.
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Paid | Self::Overpaid)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Awaiting => "awaiting",
            Self::Pending => "pending",
            Self::Underpaid => "underpaid",
            Self::Paid => "paid",
            Self::Overpaid => "overpaid",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::Refunded => "refunded",
            Self::Rejected => "rejected",
            Self::Late => "late",
        }
    }

    /// Short text for a cashier.
    pub fn label(self) -> &'static str {
        match self {
            Self::Awaiting => "Waiting for payment",
            Self::Pending => "Payment seen — confirming",
            Self::Underpaid => "Underpaid",
            Self::Paid => "Paid",
            Self::Overpaid => "Overpaid",
            Self::Expired => "Expired",
            Self::Cancelled => "Cancelled",
            Self::Refunded => "Refunded",
            Self::Rejected => "Refused — the payment service's answer did not match",
            Self::Late => "Money after close — refund or accept",
        }
    }
}

impl PaymentState {
    /// A word or two, for lists and filters where the full label would not fit.
    pub fn short_label(self) -> &'static str {
        match self {
            // The words a cashier uses, not the protocol's ("awaiting", "pending").
            Self::Awaiting => "Waiting for payment",
            Self::Pending => "Confirming",
            Self::Rejected => "Refused",
            Self::Late => "Late money",
            s => s.label(),
        }
    }
}

impl std::fmt::Display for PaymentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown payment state {0:?}")]
pub struct UnknownState(pub String);

impl std::str::FromStr for PaymentState {
    type Err = UnknownState;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownState(s.to_string()))
    }
}

/// What one upstream answer says about the money of a payment, already parsed and bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Evidence {
    pub status: Option<StatusCode>,
    /// Total received, as the upstream states it.
    pub received: Option<Decimal>,
    /// Received as derived from asked − missing: weaker, never proof of a full payment.
    pub derived_received: Option<Decimal>,
    /// Total asked across quotes, as this proxy verified it.
    pub asked: Decimal,
}

/// Received, still missing and excess amounts of one payment, all in the paid asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balance {
    pub asked: Decimal,
    pub received: Decimal,
}

impl Balance {
    // Checked: these amounts came from outside; an overflow reads as "nothing".
    pub fn missing(&self) -> Decimal {
        self.asked
            .checked_sub(self.received)
            .unwrap_or(Decimal::ZERO)
            .max(Decimal::ZERO)
    }

    pub fn excess(&self) -> Decimal {
        self.received
            .checked_sub(self.asked)
            .unwrap_or(Decimal::ZERO)
            .max(Decimal::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn status_codes_as_text_or_number() {
        assert_eq!(
            serde_json::from_str::<StatusCode>("3").unwrap(),
            StatusCode::Completed
        );
        assert_eq!(
            serde_json::from_str::<StatusCode>("\"2\"").unwrap(),
            StatusCode::Partial
        );
        assert!(serde_json::from_str::<StatusCode>("\"9\"").is_err());
        assert!(serde_json::from_str::<StatusCode>("\"paid\"").is_err());
        // The names postbacks use in `status`.
        assert_eq!(
            serde_json::from_str::<StatusCode>("\"Completed\"").unwrap(),
            StatusCode::Completed
        );
        assert_eq!(
            serde_json::from_str::<StatusCode>("\" partial \"").unwrap(),
            StatusCode::Partial
        );
        assert_eq!(serde_json::to_string(&StatusCode::Expired).unwrap(), "6");
    }

    #[test]
    fn overpaid_is_completed_with_more_than_asked() {
        let s = |code, r, a| PaymentState::from_status(code, d(r), d(a));
        assert_eq!(
            s(StatusCode::Completed, "0.002", "0.001"),
            PaymentState::Overpaid
        );
        assert_eq!(
            s(StatusCode::Completed, "0.001", "0.001"),
            PaymentState::Paid
        );
        assert_eq!(
            s(StatusCode::Partial, "0.0005", "0.001"),
            PaymentState::Underpaid
        );
        assert_eq!(s(StatusCode::Expired, "0", "0.001"), PaymentState::Expired);
    }

    #[test]
    fn never_backwards() {
        use PaymentState::*;
        assert_eq!(Paid.advance(Underpaid), Paid);
        assert_eq!(Paid.advance(Awaiting), Paid);
        assert_eq!(Paid.advance(Expired), Paid);
        assert_eq!(Underpaid.advance(Pending), Underpaid);
        assert_eq!(Underpaid.advance(Paid), Paid);
        assert_eq!(Paid.advance(Overpaid), Overpaid);
        assert_eq!(Paid.advance(Refunded), Refunded);
        assert_eq!(Awaiting.advance(Refunded), Awaiting);
        assert_eq!(Expired.advance(Paid), Expired);
        assert_eq!(Awaiting.advance(Pending), Pending);
    }

    #[test]
    fn balance() {
        let b = Balance {
            asked: d("1.0"),
            received: d("0.4"),
        };
        assert_eq!(b.missing(), d("0.6"));
        assert_eq!(b.excess(), Decimal::ZERO);
        let b = Balance {
            asked: d("1.0"),
            received: d("1.5"),
        };
        assert_eq!(b.missing(), Decimal::ZERO);
        assert_eq!(b.excess(), d("0.5"));
    }

    fn evidence(
        status: Option<StatusCode>,
        received: Option<&str>,
        derived: Option<&str>,
    ) -> Evidence {
        Evidence {
            status,
            received: received.map(d),
            derived_received: derived.map(d),
            asked: d("0.001"),
        }
    }

    #[test]
    fn paid_needs_money_that_covers_the_ask() {
        use PaymentState::*;
        let obs = |s, r, m| PaymentState::observe(&evidence(s, r, m));
        // Received ≥ asked, stated: paid or overpaid, with or without a status code.
        assert_eq!(
            obs(Some(StatusCode::Completed), Some("0.001"), None),
            Some(Paid)
        );
        assert_eq!(obs(None, Some("0.001"), None), Some(Paid));
        assert_eq!(
            obs(Some(StatusCode::Completed), Some("0.0015"), None),
            Some(Overpaid)
        );
        // "Completed" with less than asked is an underpayment, never paid.
        assert_eq!(
            obs(Some(StatusCode::Completed), Some("0.0002"), None),
            Some(Underpaid)
        );
        // "Completed" with nothing received proves nothing.
        assert_eq!(obs(Some(StatusCode::Completed), None, None), None);
        assert_eq!(obs(Some(StatusCode::Completed), Some("0"), None), None);
        // "Missing 0" alone: the derived amount equals the ask, but it is not evidence.
        assert_eq!(obs(Some(StatusCode::Completed), None, Some("0.001")), None);
        assert_eq!(obs(None, None, Some("0.001")), Some(Underpaid));
        assert_eq!(obs(None, None, Some("0")), Some(Awaiting));
        // Partial needs some money.
        assert_eq!(
            obs(Some(StatusCode::Partial), None, Some("0.0004")),
            Some(Underpaid)
        );
        assert_eq!(obs(Some(StatusCode::Partial), None, None), None);
        // Seen but unconfirmed stays pending even when it covers the ask.
        assert_eq!(
            obs(Some(StatusCode::Pending), Some("0.001"), None),
            Some(Pending)
        );
        // "Payment expired" with "missing 0" and no received amount is expired, not paid.
        assert_eq!(
            obs(Some(StatusCode::Expired), None, Some("0.001")),
            Some(Expired)
        );
        // Nothing asked (a broken quote) is never covered.
        let zero_ask = Evidence {
            asked: Decimal::ZERO,
            ..evidence(None, Some("0"), None)
        };
        assert_eq!(PaymentState::observe(&zero_ask), Some(Awaiting));
    }

    #[test]
    fn money_after_close_is_late_and_never_ignored() {
        use PaymentState::*;
        let (zero, some, more) = (d("0"), d("0.0004"), d("0.001"));
        assert_eq!(Cancelled.after(Some(Paid), zero, more), Late);
        assert_eq!(Expired.after(Some(Expired), some, more), Late);
        assert_eq!(Late.after(Some(Overpaid), some, more), Late);
        // No new money: a closed payment stays closed, whatever the code says.
        assert_eq!(Cancelled.after(Some(Paid), some, some), Cancelled);
        assert_eq!(Expired.after(Some(Awaiting), zero, zero), Expired);
        // A late payment can still be refunded.
        assert_eq!(Late.after(Some(Refunded), more, more), Refunded);
        // Open payments move forward as before.
        assert_eq!(Awaiting.after(Some(Underpaid), zero, some), Underpaid);
        assert_eq!(Paid.after(Some(Underpaid), more, more), Paid);
        assert_eq!(Awaiting.after(None, zero, zero), Awaiting);
        // Nothing moves to or from rejected.
        assert_eq!(Rejected.after(Some(Paid), zero, more), Rejected);
        assert_eq!(Awaiting.advance(Rejected), Awaiting);
    }

    #[test]
    fn balance_arithmetic_never_panics() {
        let huge = Balance {
            asked: Decimal::MIN,
            received: Decimal::MAX,
        };
        assert_eq!(huge.missing(), Decimal::ZERO);
        assert_eq!(huge.excess(), Decimal::ZERO);
    }

    proptest! {
        /// Applying observations in any order ends no lower than the highest reachable one,
        /// and a state never decreases along the way.
        #[test]
        fn advance_is_monotonic(seq in proptest::collection::vec(0usize..PaymentState::ALL.len(), 0..20)) {
            let mut state = PaymentState::Awaiting;
            for i in seq {
                let next = state.advance(PaymentState::ALL[i]);
                prop_assert!(next == state || state.can_move_to(next));
                prop_assert!(!next.can_move_to(state) || next == state);
                state = next;
            }
        }

        #[test]
        fn names_round_trip(i in 0usize..PaymentState::ALL.len()) {
            let st = PaymentState::ALL[i];
            prop_assert_eq!(st.as_str().parse::<PaymentState>().unwrap(), st);
            let json = serde_json::to_string(&st).unwrap();
            prop_assert_eq!(serde_json::from_str::<PaymentState>(&json).unwrap(), st);
        }
    }
}
