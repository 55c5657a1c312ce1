//! Wallet URIs for the QR code: what a customer's wallet app reads to pre-fill the payment.

use rust_decimal::Decimal;

use crate::catalogue::UriScheme;
use crate::money;

/// What to put in a payment QR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentTarget<'a> {
    pub scheme: &'a UriScheme,
    pub address: &'a str,
    /// Amount in the paid asset.
    pub amount: Decimal,
    /// The paid asset's decimals (its precision).
    pub decimals: u32,
    /// A Lightning invoice, when the upstream gave one: it wins over everything else.
    pub payreq: Option<&'a str>,
}

/// Builds the wallet URI.
///
/// ```
/// use wct_api::{catalogue::UriScheme, wallet::{wallet_uri, PaymentTarget}};
/// let scheme = UriScheme::Bip21 { scheme: "bitcoin".into() };
/// let uri = wallet_uri(&PaymentTarget {
///     scheme: &scheme, address: "bc1qexample", amount: "0.00039304".parse().unwrap(),
///     decimals: 8, payreq: None,
/// });
/// assert_eq!(uri, "bitcoin:bc1qexample?amount=0.00039304");
/// ```
pub fn wallet_uri(target: &PaymentTarget<'_>) -> String {
    if let Some(payreq) = target.payreq.filter(|p| !p.is_empty()) {
        return format!("lightning:{payreq}");
    }
    let base_units = || money::to_base_units(target.amount, target.decimals).ok();
    match target.scheme {
        UriScheme::Bip21 { scheme } => {
            // BIP21 amounts are decimal coins without trailing zeros.
            let amount = target.amount.normalize();
            format!("{scheme}:{}?amount={amount}", target.address)
        }
        UriScheme::Eip681 {
            chain_id,
            token: None,
        } => match base_units() {
            Some(wei) => format!("ethereum:{}@{chain_id}?value={wei}", target.address),
            None => format!("ethereum:{}@{chain_id}", target.address),
        },
        UriScheme::Eip681 {
            chain_id,
            token: Some(contract),
        } => match base_units() {
            Some(units) => format!(
                "ethereum:{contract}@{chain_id}/transfer?address={}&uint256={units}",
                target.address
            ),
            None => format!(
                "ethereum:{contract}@{chain_id}/transfer?address={}",
                target.address
            ),
        },
        UriScheme::Bare => target.address.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn uri(scheme: &UriScheme, amount: &str, decimals: u32, payreq: Option<&str>) -> String {
        wallet_uri(&PaymentTarget {
            scheme,
            address: "ADDR",
            amount: Decimal::from_str(amount).unwrap(),
            decimals,
            payreq,
        })
    }

    #[test]
    fn bip21() {
        let s = UriScheme::Bip21 {
            scheme: "litecoin".into(),
        };
        assert_eq!(uri(&s, "0.50000000", 8, None), "litecoin:ADDR?amount=0.5");
        assert_eq!(uri(&s, "12", 8, None), "litecoin:ADDR?amount=12");
    }

    #[test]
    fn eip681() {
        let eth = UriScheme::Eip681 {
            chain_id: 1,
            token: None,
        };
        assert_eq!(
            uri(&eth, "0.0125", 18, None),
            "ethereum:ADDR@1?value=12500000000000000"
        );
        let usdt = UriScheme::Eip681 {
            chain_id: 1,
            token: Some("0xT".into()),
        };
        assert_eq!(
            uri(&usdt, "50.25", 6, None),
            "ethereum:0xT@1/transfer?address=ADDR&uint256=50250000"
        );
    }

    #[test]
    fn lightning_and_bare() {
        let s = UriScheme::Bip21 {
            scheme: "bitcoin".into(),
        };
        assert_eq!(
            uri(&s, "0.001", 8, Some("lnbc10u1p")),
            "lightning:lnbc10u1p"
        );
        assert_eq!(uri(&UriScheme::Bare, "5", 6, None), "ADDR");
    }
}
