//! Deposit addresses that look right for each asset and network. No real keys exist behind
//! them: each is derived from (seed, payment id), so every payment gets its own, stable one.

use crate::rates::splitmix;

const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const HEX: &[u8] = b"0123456789abcdef";

/// The address family of an asset on a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Bitcoin,
    Litecoin,
    Dogecoin,
    Ethereum,
    Tron,
    Solana,
    Ripple,
}

impl Family {
    /// Which family a payment in `asset` on `network` uses. Tokens follow their network.
    pub fn of(asset: &str, network: Option<&str>) -> Self {
        if let Some(net) = network.map(str::to_ascii_uppercase) {
            if net.contains("TRC") || net.contains("TRON") {
                return Self::Tron;
            }
            if net.contains("SOL") || net.contains("SPL") {
                return Self::Solana;
            }
            if net.contains("ERC") || net.contains("ETH") || net.contains("BEP") {
                return Self::Ethereum;
            }
        }
        match asset {
            "BTC" => Self::Bitcoin,
            "LTC" => Self::Litecoin,
            "DOGE" => Self::Dogecoin,
            "TRX" => Self::Tron,
            "SOL" => Self::Solana,
            "XRP" => Self::Ripple,
            _ => Self::Ethereum,
        }
    }
}

/// A stream of pseudo-random characters from `alphabet`, seeded by `seed`.
fn chars(seed: u64, alphabet: &[u8], len: usize) -> String {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = splitmix(state);
            alphabet[(state % alphabet.len() as u64) as usize] as char
        })
        .collect()
}

/// An address of `family` derived from a 64-bit seed.
pub fn address(family: Family, seed: u64) -> String {
    match family {
        // P2WPKH lengths: 42 characters for bc1q…, 43 for ltc1q….
        Family::Bitcoin => format!("bc1q{}", chars(seed, BECH32, 38)),
        Family::Litecoin => format!("ltc1q{}", chars(seed, BECH32, 38)),
        Family::Dogecoin => format!("D{}", chars(seed, BASE58, 33)),
        Family::Ethereum => format!("0x{}", chars(seed, HEX, 40)),
        Family::Tron => format!("T{}", chars(seed, BASE58, 33)),
        Family::Solana => chars(seed, BASE58, 44),
        Family::Ripple => format!("r{}", chars(seed, BASE58, 33)),
    }
}

/// The deposit address of payment `payment_id`, and its destination tag where the family
/// needs one (XRP).
pub fn deposit(
    seed: u64,
    payment_id: i64,
    asset: &str,
    network: Option<&str>,
) -> (String, Option<String>) {
    let family = Family::of(asset, network);
    let mixed = splitmix(seed ^ splitmix(payment_id as u64));
    let tag = (family == Family::Ripple).then(|| (1_000_000 + mixed % 4_000_000_000).to_string());
    (address(family, mixed), tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_of(s: &str, alphabet: &[u8]) -> bool {
        s.bytes().all(|b| alphabet.contains(&b))
    }

    #[test]
    fn each_family_is_well_formed() {
        let (btc, tag) = deposit(9, 1, "BTC", None);
        assert!(btc.starts_with("bc1q") && btc.len() == 42 && all_of(&btc[4..], BECH32));
        assert_eq!(tag, None);
        let ltc = deposit(9, 1, "LTC", None).0;
        assert!(ltc.starts_with("ltc1q") && all_of(&ltc[5..], BECH32));
        let doge = deposit(9, 1, "DOGE", None).0;
        assert!(doge.starts_with('D') && doge.len() == 34 && all_of(&doge, BASE58));
        for (asset, net) in [("ETH", None), ("USDC", None), ("USDT", Some("ERC20"))] {
            let a = deposit(9, 1, asset, net).0;
            assert!(
                a.starts_with("0x") && a.len() == 42 && all_of(&a[2..], HEX),
                "{a}"
            );
        }
        for (asset, net) in [("TRX", None), ("USDT", Some("TRC20"))] {
            let a = deposit(9, 1, asset, net).0;
            assert!(
                a.starts_with('T') && a.len() == 34 && all_of(&a, BASE58),
                "{a}"
            );
        }
        let sol = deposit(9, 1, "SOL", None).0;
        assert!(sol.len() == 44 && all_of(&sol, BASE58));
        let (xrp, tag) = deposit(9, 1, "XRP", None);
        assert!(xrp.starts_with('r') && xrp.len() == 34);
        assert!(tag.is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit())));
    }

    #[test]
    fn distinct_per_payment_and_stable() {
        let a: std::collections::HashSet<String> =
            (1..1000).map(|id| deposit(5, id, "BTC", None).0).collect();
        assert_eq!(a.len(), 999);
        assert_eq!(deposit(5, 42, "ETH", None), deposit(5, 42, "ETH", None));
        assert_ne!(deposit(5, 42, "ETH", None), deposit(6, 42, "ETH", None));
    }
}
