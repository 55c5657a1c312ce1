//! Caps: a counter with a global cap and one per key, and the answer of a refused
//! connection or stream (503 or 429 with `Retry-After`).

#[allow(unused_imports)]
use super::*;

/// Which cap refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The global cap: the server is full (503).
    Total,
    /// This client's cap (429).
    PerKey,
}

/// A counter with a global cap and a cap per key; a `Permit` holds one place until dropped.
pub struct Gate<K: Hash + Eq> {
    total_limit: usize,
    pub(crate) state: Mutex<GateState<K>>,
}

pub(crate) struct GateState<K> {
    total: usize,
    pub(crate) per_key: HashMap<K, usize>,
}

impl<K: Hash + Eq + Clone> Gate<K> {
    pub fn new(total_limit: usize) -> Arc<Self> {
        Arc::new(Self {
            total_limit,
            state: Mutex::new(GateState {
                total: 0,
                per_key: HashMap::new(),
            }),
        })
    }

    pub fn acquire(self: &Arc<Self>, key: K, key_limit: usize) -> Result<Permit<K>, Refused> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.total >= self.total_limit {
            return Err(Refused::Total);
        }
        let count = state.per_key.entry(key.clone()).or_insert(0);
        if *count >= key_limit {
            if *count == 0 {
                state.per_key.remove(&key);
            }
            return Err(Refused::PerKey);
        }
        *count += 1;
        state.total += 1;
        Ok(Permit {
            gate: self.clone(),
            key: Some(key),
        })
    }

    /// Places taken now.
    pub fn in_use(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).total
    }
}

pub struct Permit<K: Hash + Eq> {
    gate: Arc<Gate<K>>,
    key: Option<K>,
}

impl<K: Hash + Eq> Drop for Permit<K> {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else { return };
        let mut state = self.gate.state.lock().unwrap_or_else(|p| p.into_inner());
        state.total = state.total.saturating_sub(1);
        if let Some(count) = state.per_key.get_mut(&key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                state.per_key.remove(&key);
            }
        }
    }
}

/// The address a per-client cap counts: IPv4 as is, IPv6 by its /64 (one host usually holds
/// a whole /64), IPv4-mapped IPv6 as the IPv4 address.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// A cap's answer: 503 when the server is full, 429 when this client has its share, both
/// with `Retry-After`.
#[derive(Debug)]
pub struct Overloaded {
    pub refused: Refused,
    pub what: &'static str,
}

impl Overloaded {
    pub(crate) fn status(&self) -> StatusCode {
        match self.refused {
            Refused::Total => StatusCode::SERVICE_UNAVAILABLE,
            Refused::PerKey => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    pub(crate) fn message(&self) -> String {
        match self.refused {
            Refused::Total => format!(
                "the server has too many open {}; try again in {RETRY_AFTER_SECS} seconds",
                self.what
            ),
            Refused::PerKey => format!(
                "too many open {} from this client; close some or try again in \
                 {RETRY_AFTER_SECS} seconds",
                self.what
            ),
        }
    }

    /// The whole HTTP/1.1 answer, for a connection refused before hyper sees it.
    pub(crate) fn raw_response(&self) -> Vec<u8> {
        let status = self.status();
        let body =
            serde_json::to_string(&ApiErrorBody::new(ErrorCode::RateLimited, self.message()))
                .unwrap_or_default();
        format!(
            "HTTP/1.1 {} {}\r\nretry-after: {RETRY_AFTER_SECS}\r\ncontent-type: application/json\r\n\
             cache-control: no-store\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            body.len()
        )
        .into_bytes()
    }
}

impl IntoResponse for Overloaded {
    fn into_response(self) -> axum::response::Response {
        let body = ApiErrorBody::new(ErrorCode::RateLimited, self.message());
        (
            self.status(),
            [(header::RETRY_AFTER, RETRY_AFTER_SECS.to_string())],
            Json(body),
        )
            .into_response()
    }
}
