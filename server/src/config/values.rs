//! Plain value types the flags parse into (TLS mode, networks, the PIN hash), and the small
//! text checks that go with them.

use std::net::IpAddr;

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;

/// Let's Encrypt's production directory, the default of `WCT_POS_ACME_DIRECTORY`.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";

/// Whether a database URL names PostgreSQL (anything else is SQLite).
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Where the certificate comes from (`WCT_POS_TLS`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TlsMode {
    /// Plain HTTP (only for trying the app on the same machine, or behind a reverse proxy).
    #[default]
    Off,
    /// `WCT_POS_TLS_CERT` and `WCT_POS_TLS_KEY`, PEM files, read again when they change.
    Files,
    /// From an ACME CA (Let's Encrypt by default) for `WCT_POS_TLS_DOMAINS`.
    Acme,
    /// From a local CA kept in the data directory; tablets install it from `/setup`.
    Local,
}

/// An address or a network (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for IpNet {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .map_err(|_| format!("{s:?} is not an IP address or network (a.b.c.d/n)"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length must be 0 to {max}"))?,
        };
        Ok(Self { addr, prefix })
    }
}

impl IpNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The manager PIN's Argon2 hash (a PHC string). Never printed: a short PIN's hash is easy
/// to search offline.
#[derive(Clone)]
pub struct PinHash(String);

impl PinHash {
    /// Reads `WCT_POS_MANAGER_PIN_HASH`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        match PasswordHash::new(text) {
            Ok(hash) if hash.algorithm.as_str().starts_with("argon2") => Ok(Self(text.into())),
            _ => Err(
                "not an Argon2 hash (a PHC string starting $argon2); make one with \
                 `wct-pos-server hash-pin`"
                    .into(),
            ),
        }
    }

    /// Whether `pin` is the manager PIN (slow by design: run it off the async threads).
    pub fn verify(&self, pin: &str) -> bool {
        PasswordHash::new(&self.0).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &hash)
                .is_ok()
        })
    }
}

impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinHash(<redacted>)")
    }
}
