//! Exchange rates: a fixed table of magnitudes with a deterministic drift over time.
//!
//! A rate is the price of one unit of crypto in the settlement asset. The drift is a pure
//! function of (seed, pair, minute), so two sandboxes with the same seed quote the same
//! prices at the same time, and tests can pin any pair with an override.

use std::collections::HashMap;
use std::sync::Mutex;

use rust_decimal::Decimal;

/// Length of one drift step.
const BUCKET_MS: i64 = 60_000;
/// Steps summed into the current offset: a sliding window keeps the drift bounded
/// (at most `WINDOW × MAX_STEP_BPS`) while each minute moves only a few tenths of a percent.
const WINDOW: i64 = 16;
const MAX_STEP_BPS: i64 = 30;

/// Approximate USD price of each crypto asset the default catalogue offers (and a few more
/// the public pages name, for catalogues configured with them).
fn usd_price(crypto: &str) -> Option<Decimal> {
    let (mantissa, scale) = match crypto {
        "BTC" => (95_000, 0),
        "ETH" => (3_300, 0),
        "LTC" => (85, 0),
        "DOGE" => (32, 2),
        "SOL" => (180, 0),
        "TRX" => (25, 2),
        "XRP" => (22, 1),
        "USDT" | "USDC" => (1, 0),
        "SHIB" => (18, 6),
        "PEPE" => (9, 6),
        "TRUMP" => (10, 0),
        _ => return None,
    };
    Some(Decimal::new(mantissa, scale))
}

/// Units of each settlement asset per US dollar.
fn per_usd(settlement: &str) -> Option<Decimal> {
    let (mantissa, scale) = match settlement {
        "USD" | "USDT" | "USDC" => (1, 0),
        "EUR" => (92, 2),
        "GBP" => (79, 2),
        "AUD" => (153, 2),
        _ => return None,
    };
    Some(Decimal::new(mantissa, scale))
}

fn is_stable(symbol: &str) -> bool {
    matches!(symbol, "USDT" | "USDC")
}

/// FNV-1a over bytes, then splitmix64: a stable hash that does not depend on std's hasher.
fn mix(seed: u64, text: &str, n: i64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    splitmix(h ^ (n as u64))
}

/// One step of splitmix64 (a good 64-bit mixer).
pub(crate) fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The drift offset of a pair at a time, in basis points.
pub fn drift_bps(seed: u64, pair: &str, now_ms: i64) -> i64 {
    let bucket = now_ms.div_euclid(BUCKET_MS);
    (bucket - WINDOW + 1..=bucket)
        .map(|b| (mix(seed, pair, b) % (2 * MAX_STEP_BPS as u64 + 1)) as i64 - MAX_STEP_BPS)
        .sum()
}

/// The table rate of `crypto` priced in `settlement` at `now_ms`, without overrides.
/// `None` when the sandbox has no price for the pair.
pub fn table_rate(seed: u64, settlement: &str, crypto: &str, now_ms: i64) -> Option<Decimal> {
    if settlement == crypto {
        return Some(Decimal::ONE);
    }
    let base = usd_price(crypto)? * per_usd(settlement)?;
    let pair = format!("{settlement}/{crypto}");
    let mut bps = drift_bps(seed, &pair, now_ms);
    if is_stable(crypto) && is_stable(settlement) {
        bps = 0;
    } else if is_stable(crypto) {
        // Stablecoins wobble, they don't wander.
        bps /= 10;
    }
    let rate = base * Decimal::new(10_000 + bps, 4);
    Some(rate.round_sf(8).unwrap_or(rate).normalize())
}

/// Rates with test overrides on top of the table.
#[derive(Debug, Default)]
pub struct Rates {
    seed: u64,
    overrides: Mutex<HashMap<(String, String), Decimal>>,
}

impl Rates {
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            overrides: Mutex::default(),
        }
    }

    /// The current rate of a pair: the override if one is set, else the drifting table rate.
    pub fn rate(&self, settlement: &str, crypto: &str, now_ms: i64) -> Option<Decimal> {
        let pinned = self.overrides.lock().ok().and_then(|o| {
            o.get(&(settlement.to_string(), crypto.to_string()))
                .copied()
        });
        pinned.or_else(|| table_rate(self.seed, settlement, crypto, now_ms))
    }

    /// Pins a pair to a rate (until cleared).
    pub fn set(&self, settlement: &str, crypto: &str, rate: Decimal) {
        if let Ok(mut o) = self.overrides.lock() {
            o.insert((settlement.to_string(), crypto.to_string()), rate);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut o) = self.overrides.lock() {
            o.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    const T0: i64 = 1_795_000_000_000;

    #[test]
    fn magnitudes_are_sensible() {
        let btc = table_rate(7, "USD", "BTC", T0).unwrap();
        assert!(
            btc > Decimal::from(85_000) && btc < Decimal::from(105_000),
            "{btc}"
        );
        let eth_eur = table_rate(7, "EUR", "ETH", T0).unwrap();
        assert!(
            eth_eur > Decimal::from(2_700) && eth_eur < Decimal::from(3_400),
            "{eth_eur}"
        );
        let usdt = table_rate(7, "USD", "USDT", T0).unwrap();
        assert!(
            (usdt - Decimal::ONE).abs() < Decimal::from_str("0.01").unwrap(),
            "{usdt}"
        );
        assert_eq!(table_rate(7, "USDT", "USDT", T0), Some(Decimal::ONE));
        assert_eq!(table_rate(7, "USD", "NOPE", T0), None);
        assert_eq!(table_rate(7, "XYZ", "BTC", T0), None);
    }

    #[test]
    fn drift_is_deterministic_bounded_and_moves() {
        assert_eq!(
            table_rate(1, "USD", "BTC", T0),
            table_rate(1, "USD", "BTC", T0 + 59_000 - T0 % 60_000)
        );
        let mut seen = std::collections::HashSet::new();
        let mut prev = drift_bps(1, "USD/BTC", T0);
        for minute in 1..500 {
            let bps = drift_bps(1, "USD/BTC", T0 + minute * BUCKET_MS);
            assert!(bps.abs() <= WINDOW * MAX_STEP_BPS);
            assert!(
                (bps - prev).abs() <= 2 * MAX_STEP_BPS,
                "a minute moves a few tenths of a percent"
            );
            seen.insert(bps);
            prev = bps;
        }
        assert!(seen.len() > 50, "the rate really drifts");
        assert_ne!(drift_bps(1, "USD/BTC", T0), drift_bps(2, "USD/BTC", T0));
    }

    #[test]
    fn overrides_win_until_cleared() {
        let rates = Rates::new(3);
        let pinned = Decimal::from(100_000);
        rates.set("USD", "BTC", pinned);
        assert_eq!(rates.rate("USD", "BTC", T0), Some(pinned));
        assert_ne!(rates.rate("EUR", "BTC", T0), Some(pinned));
        rates.clear();
        assert_eq!(
            rates.rate("USD", "BTC", T0),
            table_rate(3, "USD", "BTC", T0)
        );
    }
}
