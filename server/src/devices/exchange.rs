//! Pairing's refusals, and the limiter of code exchanges per client.

#[allow(unused_imports)]
use super::*;

/// Why a pairing request was refused.
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    #[error("this pairing code is not known; check it, or ask for a new one")]
    Unknown,
    #[error("this pairing code has already been used; ask for a new one")]
    Used,
    #[error("this pairing code has expired; ask for a new one")]
    Expired,
    #[error("a pairing code is 8 letters and digits, like K7QF-2M9X")]
    Malformed,
    #[error("too many pairing attempts from this address; try again in {0} seconds")]
    TooManyAttempts(u64),
    #[error("this terminal already has {LIVE_CODES_PER_TERMINAL} unused pairing codes; use one, cancel one under Settings → Devices, or wait until they expire")]
    TooManyCodes,
    #[error("this terminal already has {0} paired devices, the most it may have; revoke one under Settings → Devices (or `wct-pos-server devices revoke`), then pair again with this code")]
    TooManyDevices(i64),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for PairError {
    fn from(e: sqlx::Error) -> Self {
        Self::App(AppError::Db(e))
    }
}

impl IntoResponse for PairError {
    fn into_response(self) -> Response {
        let (status, code) = match self {
            Self::App(e) => return e.into_response(),
            Self::Unknown => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            Self::Used => (StatusCode::GONE, ErrorCode::PairingCodeUsed),
            Self::Expired => (StatusCode::GONE, ErrorCode::PairingCodeExpired),
            Self::Malformed => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest),
            Self::TooManyAttempts(_) | Self::TooManyCodes => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited)
            }
            Self::TooManyDevices(_) => (StatusCode::CONFLICT, ErrorCode::DeviceLimit),
        };
        let mut body = ApiErrorBody::new(code, self.to_string());
        if matches!(self, Self::Malformed) {
            body.error.field = Some("code".into());
        }
        let mut response = (status, Json(body)).into_response();
        let retry_after = match self {
            Self::TooManyAttempts(secs) => Some(secs),
            Self::TooManyCodes => Some(60),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        }
        response
    }
}

// ---- the exchange limiter ------------------------------------------------------------------

/// Counts `POST /api/pair` attempts per client address (IPv6 by /64) in one-minute windows.
/// Every attempt counts, right or wrong, before the code is looked at, so guessing codes
/// costs a minute per ten and an answer never tells a guess apart from the limit. The map is
/// bounded, and a full map makes room instead of refusing: the window that started first
/// (and so frees soonest) is forgotten, so addresses filling it can never lock a stranger
/// with a live code out.
pub struct ExchangeLimiter {
    per_minute: u32,
    max_clients: usize,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

pub(crate) const WINDOW: Duration = Duration::from_secs(60);

impl ExchangeLimiter {
    pub fn new(per_minute: u32, max_clients: usize) -> Self {
        Self {
            per_minute: per_minute.max(1),
            max_clients: max_clients.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt from `ip`; `Err(seconds)` when it is over the limit.
    pub fn attempt(&self, ip: IpAddr) -> Result<(), u64> {
        let key = client_key(ip);
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() >= self.max_clients && !windows.contains_key(&key) {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            while windows.len() >= self.max_clients {
                let Some(oldest) = windows
                    .iter()
                    .min_by_key(|(_, (start, _))| *start)
                    .map(|(ip, _)| *ip)
                else {
                    break;
                };
                windows.remove(&oldest);
            }
        }
        let (start, count) = windows.entry(key).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(*start));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        *count += 1;
        Ok(())
    }

    /// Clients tracked now.
    pub fn tracked(&self) -> usize {
        self.windows.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}
