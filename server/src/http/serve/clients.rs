//! Who the client is: the socket's peer or, behind a trusted reverse proxy, the address
//! its `X-Forwarded-For` names; whether its connection is HTTPS.

#[allow(unused_imports)]
use super::*;

/// The client's address: the socket's peer, or, when the peer is a trusted reverse proxy
/// (`WCT_POS_TRUSTED_PROXIES`), the address its `X-Forwarded-For` names; the unspecified
/// address when the router runs without the accept loop (unit tests). Every per-client cap
/// and throttle counts by this.
pub struct PeerIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for PeerIp {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        if let Some(client) = parts.extensions.get::<ClientAddr>() {
            return Ok(Self(client.ip));
        }
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(Self(ip))
    }
}

/// Who a request is from, as far as we believe it: set on every request by the accept loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr {
    pub ip: IpAddr,
    /// Whether the client's own connection is HTTPS (ours, or a trusted proxy's
    /// `X-Forwarded-Proto: https`).
    pub https: bool,
}

// ---- trusted reverse proxies ---------------------------------------------------------------

pub use crate::config::IpNet;

/// The addresses whose `X-Forwarded-For`/`-Proto` are believed. Anyone else's are removed
/// from the request, so nothing further in can read a client's claim by mistake.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

pub(crate) const FORWARDED_HEADERS: [&str; 4] = [
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "forwarded",
];

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> Self {
        Self(nets)
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client behind `peer`. From a trusted peer, `X-Forwarded-For` is read from the
    /// right (each proxy appends the address it saw) past every trusted proxy; the first
    /// other address is the client. A malformed entry stops the walk at the proxy that
    /// passed it on. Untrusted peers' forwarded headers are removed.
    pub fn client(&self, peer: IpAddr, headers: &mut HeaderMap, tls: bool) -> ClientAddr {
        if !self.trusts(peer) {
            for name in FORWARDED_HEADERS {
                headers.remove(name);
            }
            return ClientAddr {
                ip: peer,
                https: tls,
            };
        }
        let mut ip = peer;
        let chain: Vec<String> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|entry| entry.trim().to_string())
            .collect();
        for entry in chain.iter().rev() {
            let Some(next) = parse_forwarded_ip(entry) else {
                break;
            };
            ip = next;
            if !self.trusts(next) {
                break;
            }
        }
        let https = match headers
            .get_all("x-forwarded-proto")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
        {
            Some(proto) => proto.trim().eq_ignore_ascii_case("https"),
            None => tls,
        };
        ClientAddr { ip, https }
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:5678`.
pub(crate) fn parse_forwarded_ip(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip);
    }
    entry.parse::<SocketAddr>().ok().map(|a| a.ip())
}

/// Logs refusals at most every ten seconds per process, so a flood does not flood the log.
pub(crate) fn note_refusal(what: &'static str, refused: Refused) {
    static LAST_WARNED: AtomicU64 = AtomicU64::new(0);
    static SINCE: AtomicU64 = AtomicU64::new(0);
    let suppressed = SINCE.fetch_add(1, Ordering::Relaxed);
    let now = crate::util::now_ms().max(0).unsigned_abs();
    let last = LAST_WARNED.load(Ordering::Relaxed);
    if now.saturating_sub(last) >= 10_000
        && LAST_WARNED
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        SINCE.store(0, Ordering::Relaxed);
        tracing::warn!(
            what,
            cap = ?refused,
            refused_since_last_warning = suppressed + 1,
            "refused over a cap"
        );
    }
}
