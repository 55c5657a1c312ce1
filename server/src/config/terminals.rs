//! Terminals as configured (`WCT_POS_TERMINALS`), and which URLs count as private.

use std::str::FromStr;

use wct_api::sign::ApiSecret;

#[allow(unused_imports)]
use super::*;

/// A terminal given on the command line: `name:token` or `store/name:token`.
#[derive(Clone, PartialEq, Eq)]
pub struct TerminalSpec {
    pub store: String,
    pub name: String,
    pub token: String,
}

impl std::fmt::Debug for TerminalSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TerminalSpec({:?}/{:?}, <token>)", self.store, self.name)
    }
}

impl FromStr for TerminalSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, token) = s
            .split_once(':')
            .ok_or_else(|| format!("terminal {s:?} must be written [store/]name:token"))?;
        let (store, name) = match name.split_once('/') {
            Some((store, name)) => (store.trim(), name),
            None => (DEFAULT_STORE, name),
        };
        if store.is_empty()
            || !store
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(format!(
                "the store before '/' in {name:?} must be letters, digits, - and _"
            ));
        }
        let (name, token) = (name.trim(), token.trim());
        if name.is_empty() {
            return Err("a terminal needs a name before the ':'".into());
        }
        if token.len() < MIN_TOKEN_LEN {
            return Err(format!(
                "the token of terminal {name:?} must be at least {MIN_TOKEN_LEN} characters"
            ));
        }
        if !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(format!(
                "the token of terminal {name:?} may use letters, digits, - and _ only"
            ));
        }
        Ok(Self {
            store: store.into(),
            name: name.into(),
            token: token.into(),
        })
    }
}

/// Whether `url` (a public URL) names this machine or a private network: a loopback,
/// RFC 1918, shared (100.64/10), link-local or unique-local (fc00::/7) address, or a name
/// that never resolves on the internet (`localhost`, `*.localhost`, `*.local` (mDNS),
/// `*.test`, `*.internal`, `*.home.arpa`). Any other name counts as public, even one that
/// resolves to a private address: names are not looked up.
pub fn is_private_url(url: &str) -> bool {
    use std::net::IpAddr;
    let Ok(url) = reqwest::Url::parse(url) else {
        return false;
    };
    let private_ip = |ip: IpAddr| match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || v6.is_unspecified()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
            }
        },
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 hosts come in brackets; IPv4 ones already in dotted form, however written.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return private_ip(ip);
    }
    let name = host.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || [".localhost", ".local", ".test", ".internal", ".home.arpa"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

pub(crate) fn parse_secret(s: &str) -> Result<ApiSecret, String> {
    if s.is_empty() {
        return Err("the API secret is empty".into());
    }
    Ok(ApiSecret::new(s))
}
