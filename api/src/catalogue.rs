//! The asset catalogue: which settlement currencies and crypto assets a terminal offers, with
//! their decimals, networks and wallet-URI scheme. Network strings are not public, so the list
//! is configuration (the proxy loads it from TOML); [`Catalogue::default`] is a sane start.

use serde::{Deserialize, Serialize};

use crate::address::AddressFamily;

/// How a wallet URI is built for an asset (or one of its networks). See
/// [`crate::wallet::wallet_uri`] for the exact text and which wallets read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UriScheme {
    /// BIP21-style `scheme:ADDRESS?amount=DECIMAL` (bitcoin, litecoin, dogecoin).
    Bip21 { scheme: String },
    /// EIP-681: native ether (`token` absent) or an ERC-20 `transfer` (`token` = contract).
    Eip681 {
        chain_id: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
    /// Solana Pay transfer request `solana:ADDRESS?amount=DECIMAL`: native SOL (`spl_token`
    /// absent) or an SPL token (`spl_token` = its mint).
    SolanaPay {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        spl_token: Option<String>,
    },
    /// The Ripple URI `ripple:ADDRESS?amount=DECIMAL&dt=TAG`, carrying the destination tag.
    Ripple,
    /// No URI standard wallets agree on: the QR carries the bare address, the amount is shown
    /// beside it. TRON is here: its wallets' receive QRs are the bare address.
    #[default]
    Bare,
}

/// A network an asset travels on (e.g. USDT on ERC20 or TRC20).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub uri: UriScheme,
    /// How deposit addresses on this network are written; when absent, the asset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<AddressFamily>,
}

/// One asset: a settlement currency or a crypto asset the customer can pay with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    pub symbol: String,
    pub name: String,
    /// Decimal places of the asset (its precision: 10^decimals base units = 1).
    pub decimals: u32,
    /// When non-empty, a network must be chosen (Tether); an empty list means none is asked.
    #[serde(default)]
    pub networks: Vec<Network>,
    #[serde(default)]
    pub uri: UriScheme,
    /// Payments need a destination tag or memo (XRP); shown beside the address.
    #[serde(default)]
    pub needs_tag: bool,
    /// How deposit addresses of this crypto asset are written (a chosen network's own family
    /// wins). Absent for settlement currencies, which are never paid to an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<AddressFamily>,
}

impl Asset {
    pub fn requires_network(&self) -> bool {
        !self.networks.is_empty()
    }

    pub fn network(&self, code: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.code == code)
    }

    /// The URI scheme for a payment on `network` (the network's own, else the asset's).
    pub fn uri_scheme(&self, network: Option<&str>) -> &UriScheme {
        network
            .and_then(|code| self.network(code))
            .map_or(&self.uri, |n| &n.uri)
    }

    /// The address family for a payment on `network` (the network's own, else the asset's).
    /// `None` when the catalogue names none (a settlement currency, or a configuration that
    /// forgot it): no address can then be trusted, so callers refuse rather than guess.
    pub fn address_family(&self, network: Option<&str>) -> Option<AddressFamily> {
        network
            .and_then(|code| self.network(code))
            .and_then(|n| n.family)
            .or(self.family)
    }
}

/// Settlement currencies and crypto assets offered by a terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub settlement: Vec<Asset>,
    pub crypto: Vec<Asset>,
}

impl Catalogue {
    pub fn settlement(&self, symbol: &str) -> Option<&Asset> {
        self.settlement.iter().find(|a| a.symbol == symbol)
    }

    pub fn crypto(&self, symbol: &str) -> Option<&Asset> {
        self.crypto.iter().find(|a| a.symbol == symbol)
    }

    /// Decimal places for an asset symbol found in either list.
    pub fn decimals_of(&self, symbol: &str) -> Option<u32> {
        self.settlement(symbol)
            .or_else(|| self.crypto(symbol))
            .map(|a| a.decimals)
    }
}

const USDT_ERC20: &str = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
const USDC_ERC20: &str = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";

fn asset(symbol: &str, name: &str, decimals: u32, uri: UriScheme) -> Asset {
    Asset {
        symbol: symbol.into(),
        name: name.into(),
        decimals,
        networks: Vec::new(),
        uri,
        needs_tag: false,
        family: None,
    }
}

fn crypto(symbol: &str, name: &str, decimals: u32, uri: UriScheme, family: AddressFamily) -> Asset {
    Asset {
        family: Some(family),
        ..asset(symbol, name, decimals, uri)
    }
}

fn tether_networks() -> Vec<Network> {
    vec![
        Network {
            code: "ERC20".into(),
            name: "Ethereum (ERC-20)".into(),
            uri: UriScheme::Eip681 {
                chain_id: 1,
                token: Some(USDT_ERC20.into()),
            },
            family: Some(AddressFamily::Evm),
        },
        Network {
            code: "TRC20".into(),
            name: "Tron (TRC-20)".into(),
            uri: UriScheme::Bare,
            family: Some(AddressFamily::Tron),
        },
    ]
}

impl Default for Catalogue {
    fn default() -> Self {
        use AddressFamily as F;
        let bip21 = |scheme: &str| UriScheme::Bip21 {
            scheme: scheme.into(),
        };
        let fiat = |symbol: &str, name: &str| asset(symbol, name, 2, UriScheme::Bare);
        let mut usdt_settle = asset("USDT", "Tether", 6, UriScheme::Bare);
        usdt_settle.networks = tether_networks();
        // Tether as a crypto asset is always paid on a chosen network, whose family wins.
        let mut usdt = usdt_settle.clone();
        usdt.name = "Tether (USDT)".into();
        let mut xrp = crypto("XRP", "XRP", 6, UriScheme::Ripple, F::Xrp);
        xrp.needs_tag = true;
        Self {
            settlement: vec![
                fiat("USD", "US dollar"),
                fiat("EUR", "Euro"),
                fiat("GBP", "Pound sterling"),
                fiat("AUD", "Australian dollar"),
                usdt_settle,
            ],
            crypto: vec![
                crypto("BTC", "Bitcoin", 8, bip21("bitcoin"), F::Bitcoin),
                crypto(
                    "ETH",
                    "Ether",
                    18,
                    UriScheme::Eip681 {
                        chain_id: 1,
                        token: None,
                    },
                    F::Evm,
                ),
                crypto("LTC", "Litecoin", 8, bip21("litecoin"), F::Litecoin),
                crypto("DOGE", "Dogecoin", 8, bip21("dogecoin"), F::Dogecoin),
                crypto(
                    "SOL",
                    "Solana",
                    9,
                    UriScheme::SolanaPay { spl_token: None },
                    F::Solana,
                ),
                crypto("TRX", "Tron", 6, UriScheme::Bare, F::Tron),
                xrp,
                usdt,
                crypto(
                    "USDC",
                    "USD Coin",
                    6,
                    UriScheme::Eip681 {
                        chain_id: 1,
                        token: Some(USDC_ERC20.into()),
                    },
                    F::Evm,
                ),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_catalogue_round_trips_as_json() {
        let cat = Catalogue::default();
        let json = serde_json::to_string(&cat).unwrap();
        let back: Catalogue = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cat);
    }

    #[test]
    fn tether_requires_a_network_and_bitcoin_does_not() {
        let cat = Catalogue::default();
        assert!(cat.crypto("USDT").unwrap().requires_network());
        assert!(cat.settlement("USDT").unwrap().requires_network());
        assert!(!cat.crypto("BTC").unwrap().requires_network());
        assert_eq!(
            cat.crypto("USDT").unwrap().uri_scheme(Some("TRC20")),
            &UriScheme::Bare
        );
        assert_eq!(cat.decimals_of("ETH"), Some(18));
        assert_eq!(cat.decimals_of("USD"), Some(2));
        assert_eq!(cat.decimals_of("XYZ"), None);
    }

    #[test]
    fn every_crypto_payment_has_an_address_family_and_the_network_wins() {
        let cat = Catalogue::default();
        for asset in &cat.crypto {
            if asset.requires_network() {
                for net in &asset.networks {
                    assert!(asset.address_family(Some(&net.code)).is_some());
                }
            } else {
                assert!(asset.address_family(None).is_some(), "{}", asset.symbol);
            }
        }
        let usdt = cat.crypto("USDT").unwrap();
        assert_eq!(
            usdt.address_family(Some("TRC20")),
            Some(AddressFamily::Tron)
        );
        assert_eq!(usdt.address_family(Some("ERC20")), Some(AddressFamily::Evm));
        assert_eq!(usdt.address_family(None), None);
        let btc = cat.crypto("BTC").unwrap();
        // An unknown network falls back to the asset's family.
        assert_eq!(
            btc.address_family(Some("LIGHTNING")),
            Some(AddressFamily::Bitcoin)
        );
        assert_eq!(cat.settlement("USD").unwrap().address_family(None), None);
    }
}
