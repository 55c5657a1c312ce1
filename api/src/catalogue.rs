//! The asset catalogue: which settlement currencies and crypto assets a terminal offers, with
//! their decimals, networks and wallet-URI scheme. Network strings are not public, so the list
//! is configuration (the proxy loads it from TOML); [`Catalogue::default`] is a sane start.

use serde::{Deserialize, Serialize};

/// How a wallet URI is built for an asset (or one of its networks).
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
    /// No standard URI: the QR carries the bare address, the amount is shown beside it.
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
        },
        Network {
            code: "TRC20".into(),
            name: "Tron (TRC-20)".into(),
            uri: UriScheme::Bare,
        },
    ]
}

impl Default for Catalogue {
    fn default() -> Self {
        let bip21 = |scheme: &str| UriScheme::Bip21 {
            scheme: scheme.into(),
        };
        let fiat = |symbol: &str, name: &str| asset(symbol, name, 2, UriScheme::Bare);
        let mut usdt_settle = asset("USDT", "Tether", 6, UriScheme::Bare);
        usdt_settle.networks = tether_networks();
        let mut usdt = usdt_settle.clone();
        usdt.name = "Tether (USDT)".into();
        let mut xrp = asset("XRP", "XRP", 6, UriScheme::Bare);
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
                asset("BTC", "Bitcoin", 8, bip21("bitcoin")),
                asset(
                    "ETH",
                    "Ether",
                    18,
                    UriScheme::Eip681 {
                        chain_id: 1,
                        token: None,
                    },
                ),
                asset("LTC", "Litecoin", 8, bip21("litecoin")),
                asset("DOGE", "Dogecoin", 8, bip21("dogecoin")),
                asset("SOL", "Solana", 9, UriScheme::Bare),
                asset("TRX", "Tron", 6, UriScheme::Bare),
                xrp,
                usdt,
                asset(
                    "USDC",
                    "USD Coin",
                    6,
                    UriScheme::Eip681 {
                        chain_id: 1,
                        token: Some(USDC_ERC20.into()),
                    },
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
}
