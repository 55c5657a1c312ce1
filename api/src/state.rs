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
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse::<u64>()
            .map_err(|_| UnknownStatus(s.to_string()))
            .and_then(Self::try_from)
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
}

impl PaymentState {
    pub const ALL: [PaymentState; 8] = [
        Self::Awaiting,
        Self::Pending,
        Self::Underpaid,
        Self::Paid,
        Self::Overpaid,
        Self::Expired,
        Self::Cancelled,
        Self::Refunded,
    ];

    /// Derives the state from a status code and the amounts received and asked.
    /// Overpaid has no code of its own upstream: it is "completed" with more than asked.
    pub fn from_status(code: StatusCode, received: Decimal, asked: Decimal) -> Self {
        match code {
            StatusCode::Awaiting => Self::Awaiting,
            StatusCode::Pending => Self::Pending,
            StatusCode::Partial => Self::Underpaid,
            StatusCode::Completed if received > asked => Self::Overpaid,
            StatusCode::Completed => Self::Paid,
            StatusCode::Cancelled => Self::Cancelled,
            StatusCode::Refunded => Self::Refunded,
            StatusCode::Expired => Self::Expired,
        }
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
            Self::Refunded => 6,
        }
    }

    /// Whether moving from `self` to `next` is forward. Expired and cancelled end a payment
    /// that was never fully paid; paid never returns to underpaid, and only money received
    /// can be refunded.
    pub fn can_move_to(self, next: Self) -> bool {
        use PaymentState::*;
        match (self, next) {
            (a, b) if a == b => false,
            (Expired | Cancelled | Refunded, _) => false,
            (Paid | Overpaid, Expired | Cancelled) => false,
            (Awaiting | Pending, Refunded) => false,
            (a, b) => b.rank() > a.rank(),
        }
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

/// Received, still missing and excess amounts of one payment, all in the paid asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balance {
    pub asked: Decimal,
    pub received: Decimal,
}

impl Balance {
    pub fn missing(&self) -> Decimal {
        (self.asked - self.received).max(Decimal::ZERO)
    }

    pub fn excess(&self) -> Decimal {
        (self.received - self.asked).max(Decimal::ZERO)
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

    proptest! {
        /// Applying observations in any order ends no lower than the highest reachable one,
        /// and a state never decreases along the way.
        #[test]
        fn advance_is_monotonic(seq in proptest::collection::vec(0usize..8, 0..20)) {
            let mut state = PaymentState::Awaiting;
            for i in seq {
                let next = state.advance(PaymentState::ALL[i]);
                prop_assert!(next == state || state.can_move_to(next));
                prop_assert!(!next.can_move_to(state) || next == state);
                state = next;
            }
        }

        #[test]
        fn names_round_trip(i in 0usize..8) {
            let st = PaymentState::ALL[i];
            prop_assert_eq!(st.as_str().parse::<PaymentState>().unwrap(), st);
            let json = serde_json::to_string(&st).unwrap();
            prop_assert_eq!(serde_json::from_str::<PaymentState>(&json).unwrap(), st);
        }
    }
}
