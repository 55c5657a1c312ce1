//! Wallet URIs for the QR code: what a customer's wallet app reads to pre-fill the payment.
//!
//! One form per scheme, chosen for the wallets that read it:
//! - BIP21 (`bitcoin:`, `litecoin:`, `dogecoin:`): every wallet of those chains.
//! - EIP-681 (`ethereum:`): MetaMask and the other EVM wallets that scan payment requests.
//! - Solana Pay (`solana:ADDR?amount=…`, `&spl-token=MINT` for tokens): Phantom, Solflare and
//!   the other wallets that implement the Solana Pay transfer request.
//! - XRP: `ripple:ADDR?amount=…&dt=TAG`. There is no ratified XRP URI standard; this is the
//!   Ripple URI form (`dt` = destination tag, amount in XRP) that Xaman (its scanner decodes
//!   `ripple:` with `dt`, and any `scheme:rADDR?amount=…&dt=…`, per XLS-2) and Edge (its ripple
//!   plugin parses `ripple:` with `amount` and `dt`) read. The tag rides inside the QR because
//!   a payment without it reaches the shared account unattributed and can be lost.
//! - TRON: the bare address. TRON has no payment-URI standard; its wallets' own receive QRs
//!   (TronLink, TokenPocket: "TRON uses the address to generate receipt qrcode") are the bare
//!   base58 address, and a `tron:` prefix is unknown to some of them, which would then refuse
//!   the whole code. The amount is shown beside the QR.

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
    /// The destination tag (XRP) or memo (Solana) the payment must carry, when the upstream
    /// gave one.
    pub tag: Option<&'a str>,
}

/// Builds the wallet URI.
///
/// ```
/// use wct_api::{catalogue::UriScheme, wallet::{wallet_uri, PaymentTarget}};
/// let scheme = UriScheme::Bip21 { scheme: "bitcoin".into() };
/// let uri = wallet_uri(&PaymentTarget {
///     scheme: &scheme, address: "bc1qexample", amount: "0.00039304".parse().unwrap(),
///     decimals: 8, payreq: None, tag: None,
/// });
/// assert_eq!(uri, "bitcoin:bc1qexample?amount=0.00039304");
/// ```
pub fn wallet_uri(target: &PaymentTarget<'_>) -> String {
    if let Some(payreq) = target.payreq.filter(|p| !p.is_empty()) {
        return format!("lightning:{payreq}");
    }
    let base_units = || money::to_base_units(target.amount, target.decimals).ok();
    // Decimal coins without trailing zeros (BIP21, Solana Pay and Ripple URIs alike).
    let coins = target.amount.normalize();
    let tag = target.tag.filter(|t| !t.is_empty());
    match target.scheme {
        UriScheme::Bip21 { scheme } => {
            format!("{scheme}:{}?amount={coins}", target.address)
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
        UriScheme::SolanaPay { spl_token } => {
            let mut params = Vec::new();
            if coins > Decimal::ZERO {
                params.push(format!("amount={coins}"));
            }
            if let Some(mint) = spl_token {
                params.push(format!("spl-token={}", percent_encode(mint)));
            }
            if let Some(memo) = tag {
                params.push(format!("memo={}", percent_encode(memo)));
            }
            with_query(format!("solana:{}", target.address), &params)
        }
        UriScheme::Ripple => {
            let mut params = Vec::new();
            if coins > Decimal::ZERO {
                params.push(format!("amount={coins}"));
            }
            if let Some(tag) = tag {
                params.push(format!("dt={}", percent_encode(tag)));
            }
            with_query(format!("ripple:{}", target.address), &params)
        }
        UriScheme::Bare => target.address.to_string(),
    }
}

fn with_query(mut uri: String, params: &[String]) -> String {
    if !params.is_empty() {
        uri.push('?');
        uri.push_str(&params.join("&"));
    }
    uri
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a value from the
/// upstream can never add a parameter of its own (a tag of `1&amount=0`).
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn uri(scheme: &UriScheme, amount: &str, decimals: u32, payreq: Option<&str>) -> String {
        tagged(scheme, amount, decimals, payreq, None)
    }

    fn tagged(
        scheme: &UriScheme,
        amount: &str,
        decimals: u32,
        payreq: Option<&str>,
        tag: Option<&str>,
    ) -> String {
        wallet_uri(&PaymentTarget {
            scheme,
            address: "ADDR",
            amount: Decimal::from_str(amount).unwrap(),
            decimals,
            payreq,
            tag,
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

    #[test]
    fn ripple_carries_amount_and_destination_tag() {
        let s = UriScheme::Ripple;
        assert_eq!(
            tagged(&s, "12.500000", 6, None, Some("3141592653")),
            "ripple:ADDR?amount=12.5&dt=3141592653"
        );
        assert_eq!(uri(&s, "0.000001", 6, None), "ripple:ADDR?amount=0.000001");
        // An unknown amount is left for the customer rather than pre-filled as zero.
        assert_eq!(tagged(&s, "0", 6, None, Some("7")), "ripple:ADDR?dt=7");
        // A hostile tag cannot smuggle in a parameter of its own.
        assert_eq!(
            tagged(&s, "1", 6, None, Some("1&amount=0")),
            "ripple:ADDR?amount=1&dt=1%26amount%3D0"
        );
    }

    #[test]
    fn solana_pay() {
        let sol = UriScheme::SolanaPay { spl_token: None };
        assert_eq!(uri(&sol, "1.250000000", 9, None), "solana:ADDR?amount=1.25");
        // Amounts below one keep their leading zero, as Solana Pay requires.
        assert_eq!(
            uri(&sol, "0.000000001", 9, None),
            "solana:ADDR?amount=0.000000001"
        );
        let usdc = UriScheme::SolanaPay {
            spl_token: Some("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v".into()),
        };
        assert_eq!(
            tagged(&usdc, "50.25", 6, None, Some("order 7")),
            "solana:ADDR?amount=50.25&spl-token=EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v\
             &memo=order%207"
        );
    }
}
