//! Deposit addresses a real wallet accepts: checksum-valid for their family (bech32 P2WPKH for
//! BTC and LTC, base58check with the right version byte for DOGE and TRON, Ripple's alphabet
//! for XRP, 32-byte keys for Solana, EIP-55 casing for EVM). No key stands behind them: each is
//! derived from (seed, payment id), so every payment gets its own, stable one.

use wct_api::address::{address_from_bytes, AddressFamily};
use wct_api::Catalogue;

use crate::rates::splitmix;

/// The sandbox's public name for the one address-family type, [`AddressFamily`].
pub use wct_api::address::AddressFamily as Family;

/// The family of a payment in `asset` on `network`, as the catalogue configures it; for an
/// asset the catalogue does not list, a guess from the names.
pub fn family(catalogue: &Catalogue, asset: &str, network: Option<&str>) -> AddressFamily {
    catalogue
        .crypto(asset)
        .and_then(|a| a.address_family(network))
        .unwrap_or_else(|| family_by_name(asset, network))
}

/// A guess from the names alone: tokens follow their network, anything unknown is EVM.
pub fn family_by_name(asset: &str, network: Option<&str>) -> AddressFamily {
    if let Some(net) = network.map(str::to_ascii_uppercase) {
        if net.contains("TRC") || net.contains("TRON") {
            return AddressFamily::Tron;
        }
        if net.contains("SOL") || net.contains("SPL") {
            return AddressFamily::Solana;
        }
        if net.contains("ERC") || net.contains("ETH") || net.contains("BEP") {
            return AddressFamily::Evm;
        }
    }
    match asset {
        "BTC" => AddressFamily::Bitcoin,
        "LTC" => AddressFamily::Litecoin,
        "DOGE" => AddressFamily::Dogecoin,
        "TRX" => AddressFamily::Tron,
        "SOL" => AddressFamily::Solana,
        "XRP" => AddressFamily::Xrp,
        _ => AddressFamily::Evm,
    }
}

/// 32 pseudo-random bytes from a 64-bit seed.
fn bytes(seed: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut state = seed;
    for chunk in out.chunks_exact_mut(8) {
        state = splitmix(state);
        chunk.copy_from_slice(&state.to_le_bytes());
    }
    out
}

/// A checksum-valid address of `family` derived from a 64-bit seed.
pub fn address(family: AddressFamily, seed: u64) -> String {
    address_from_bytes(family, &bytes(seed))
}

/// The deposit address of payment `payment_id` in `asset` on `network`, and its destination
/// tag where the family needs one (XRP).
pub fn deposit(
    catalogue: &Catalogue,
    seed: u64,
    payment_id: i64,
    asset: &str,
    network: Option<&str>,
) -> (String, Option<String>) {
    let family = family(catalogue, asset, network);
    let mixed = splitmix(seed ^ splitmix(payment_id as u64));
    // Tags are 32-bit on the ledger; stay well inside.
    let tag =
        (family == AddressFamily::Xrp).then(|| (1_000_000 + mixed % 4_000_000_000).to_string());
    (address(family, mixed), tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wct_api::address::check_address;

    /// Every crypto asset, and every network of those that need one.
    fn payments(cat: &Catalogue) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for asset in &cat.crypto {
            if asset.requires_network() {
                for net in &asset.networks {
                    out.push((asset.symbol.clone(), Some(net.code.clone())));
                }
            } else {
                out.push((asset.symbol.clone(), None));
            }
        }
        out
    }

    #[test]
    fn every_catalogue_payment_gets_a_checksum_valid_address_of_its_family() {
        let cat = Catalogue::default();
        let all = payments(&cat);
        assert_eq!(all.len(), 10, "{all:?}");
        for (asset, network) in &all {
            let expected = cat
                .crypto(asset)
                .and_then(|a| a.address_family(network.as_deref()))
                .expect("the default catalogue names every family");
            for id in 1..50 {
                let (address, tag) = deposit(&cat, 9, id, asset, network.as_deref());
                assert_eq!(
                    check_address(expected, &address),
                    Ok(()),
                    "{asset} {network:?}: {address}"
                );
                assert_eq!(tag.is_some(), expected == AddressFamily::Xrp);
                if let Some(tag) = tag {
                    assert!(tag.parse::<u32>().is_ok(), "{tag}");
                }
            }
        }
    }

    #[test]
    fn addresses_look_like_their_chains() {
        let cat = Catalogue::default();
        let addr = |asset: &str, net: Option<&str>| deposit(&cat, 9, 1, asset, net).0;
        let btc = addr("BTC", None);
        assert!(btc.starts_with("bc1q") && btc.len() == 42, "{btc}");
        let ltc = addr("LTC", None);
        assert!(ltc.starts_with("ltc1q") && ltc.len() == 43, "{ltc}");
        assert!(addr("DOGE", None).starts_with('D'));
        let trc20 = addr("USDT", Some("TRC20"));
        assert!(trc20.starts_with('T') && trc20.len() == 34, "{trc20}");
        assert!(addr("XRP", None).starts_with('r'));
        assert!(addr("USDT", Some("ERC20")).starts_with("0x"));
        // The catalogue decides, not the name: a TRC20 USDT is TRON, an ERC20 one EVM.
        assert_eq!(family(&cat, "USDT", Some("TRC20")), AddressFamily::Tron);
        // An asset the catalogue does not list still gets a plausible family.
        assert_eq!(family(&cat, "BNB", Some("BEP20")), AddressFamily::Evm);
        assert_eq!(family(&cat, "XYZ", Some("SPL")), AddressFamily::Solana);
    }

    #[test]
    fn distinct_per_payment_and_stable() {
        let cat = Catalogue::default();
        let a: std::collections::HashSet<String> = (1..1000)
            .map(|id| deposit(&cat, 5, id, "BTC", None).0)
            .collect();
        assert_eq!(a.len(), 999);
        assert_eq!(
            deposit(&cat, 5, 42, "ETH", None),
            deposit(&cat, 5, 42, "ETH", None)
        );
        assert_ne!(
            deposit(&cat, 5, 42, "ETH", None),
            deposit(&cat, 6, 42, "ETH", None)
        );
    }
}
