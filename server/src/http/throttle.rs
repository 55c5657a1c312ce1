//! Throttles, all in memory and bounded so that an attacker with many addresses cannot grow
//! them without limit:
//!
//! - `AuthThrottle`: failed terminal-token attempts per client address. After a few
//!   failures every further wrong token from that address waits (doubling, capped), and after
//!   many failures within a window wrong tokens from it get 429 for a while. A right token
//!   is never delayed or refused.
//! - `RefreshGate`: `POST /api/payments/{id}/refresh` asks the upstream at most once per
//!   window per payment; concurrent callers share the one call.
//! - `LookupLimiter`: public payment lookups (the customer page, its stream, the public
//!   receipt) per client address, per payment code, and misses per address, as token
//!   buckets.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::time::Instant;
use wct_api::pos::{ApiErrorBody, ErrorCode};

use crate::config::Config;
use crate::http::error::{AppError, AppResult};
use crate::http::serve::client_key;

/// A throttle's answer: 429 with `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after_secs: u64,
    pub message: &'static str,
}

impl Throttled {
    fn after(wait: Duration, message: &'static str) -> Self {
        // Whole seconds, rounded up: a client that waits as told is let in.
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Self {
            retry_after_secs: secs.max(1),
            message,
        }
    }
}

impl IntoResponse for Throttled {
    fn into_response(self) -> Response {
        let message = format!(
            "{}; try again in {} seconds",
            self.message, self.retry_after_secs
        );
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, self.retry_after_secs.to_string())],
            Json(ApiErrorBody::new(ErrorCode::RateLimited, message)),
        )
            .into_response()
    }
}

/// Makes room for one more entry in a map capped at `cap`: first drops every entry `idle`
/// says is worth nothing any more, then, if it is still full, the one `rank` puts first
/// (the least worth keeping). Only runs when the map is full, so normal use stays O(1).
fn make_room<K: Hash + Eq + Clone, V>(
    map: &mut HashMap<K, V>,
    cap: usize,
    idle: impl Fn(&V) -> bool,
    rank: impl Fn(&V) -> (bool, Instant),
) {
    if map.len() < cap.max(1) {
        return;
    }
    map.retain(|_, v| !idle(v));
    while map.len() >= cap.max(1) {
        let Some(victim) = map
            .iter()
            .min_by_key(|(_, v)| rank(v))
            .map(|(k, _)| k.clone())
        else {
            return;
        };
        map.remove(&victim);
    }
}

// ---- failed token attempts ------------------------------------------------------------------

/// How failed terminal-token attempts are answered (from `Config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthPolicy {
    /// Failures an address may have before its attempts are slowed down.
    pub free_failures: u32,
    /// The first delay; it doubles with every further failure.
    pub delay_base: Duration,
    pub delay_max: Duration,
    /// Failures within `window` that lock the address out.
    pub lockout_failures: u32,
    pub window: Duration,
    /// How long a lockout lasts.
    pub lockout: Duration,
    /// Addresses remembered at most.
    pub max_clients: usize,
}

impl AuthPolicy {
    /// How long an attempt waits when its address has `failures` recent failures.
    pub fn delay_for(&self, failures: u32) -> Duration {
        let Some(n) = failures.checked_sub(self.free_failures) else {
            return Duration::ZERO;
        };
        let factor = 1u32.checked_shl(n).unwrap_or(u32::MAX);
        self.delay_base
            .checked_mul(factor)
            .unwrap_or(self.delay_max)
            .min(self.delay_max)
    }
}

#[derive(Debug)]
struct Failures {
    count: u32,
    /// The first failure of the current window.
    since: Instant,
    last: Instant,
    locked_until: Option<Instant>,
}

/// Failed terminal-token attempts per client address (IPv6: per /64). Only addresses that
/// failed are remembered; a success does not wipe the record (an attacker sharing an address
/// with a paired tablet must not be able to reset it), failures age out with the window.
///
/// Attempts in flight at once are not counted ahead: how many a client can have is bounded
/// by the per-address connection cap, so a burst buys at most that many extra guesses per
/// lockout.
pub struct AuthThrottle {
    policy: AuthPolicy,
    clients: Mutex<HashMap<IpAddr, Failures>>,
}

impl AuthThrottle {
    pub fn new(policy: AuthPolicy) -> Self {
        Self {
            policy,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// Before a token from `ip` is checked: refused while the address is locked out,
    /// otherwise how long the attempt must wait first.
    pub fn admit(&self, ip: IpAddr) -> Result<Duration, Throttled> {
        self.admit_at(ip, Instant::now())
    }

    fn admit_at(&self, ip: IpAddr, now: Instant) -> Result<Duration, Throttled> {
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        let Some(entry) = clients.get_mut(&client_key(ip)) else {
            return Ok(Duration::ZERO);
        };
        if let Some(until) = entry.locked_until {
            if until > now {
                return Err(Throttled::after(
                    until - now,
                    "too many failed attempts with a wrong terminal token from this address",
                ));
            }
        }
        if entry.locked_until.is_some() || now.duration_since(entry.since) > self.policy.window {
            clients.remove(&client_key(ip));
            return Ok(Duration::ZERO);
        }
        Ok(self.policy.delay_for(entry.count))
    }

    /// Records a failed attempt from `ip`; the one that reaches the limit starts a lockout.
    pub fn failed(&self, ip: IpAddr) {
        self.failed_at(ip, Instant::now());
    }

    fn failed_at(&self, ip: IpAddr, now: Instant) {
        let key = client_key(ip);
        let policy = self.policy;
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if !clients.contains_key(&key) {
            make_room(
                &mut clients,
                policy.max_clients,
                |f| match f.locked_until {
                    Some(until) => until <= now,
                    None => now.duration_since(f.since) > policy.window,
                },
                // Keep lockouts longest; among the rest, forget the quietest first.
                |f| (f.locked_until.is_some(), f.locked_until.unwrap_or(f.last)),
            );
        }
        let entry = clients.entry(key).or_insert(Failures {
            count: 0,
            since: now,
            last: now,
            locked_until: None,
        });
        if entry.locked_until.is_some() || now.duration_since(entry.since) > policy.window {
            *entry = Failures {
                count: 0,
                since: now,
                last: now,
                locked_until: None,
            };
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        if entry.count >= policy.lockout_failures.max(1) {
            entry.locked_until = Some(now + policy.lockout);
            drop(clients);
            tracing::warn!(
                client = %key,
                lockout_secs = policy.lockout.as_secs(),
                "too many failed terminal-token attempts: address locked out"
            );
        }
    }

    /// Runs a token check for a request from `ip` under the throttle. The token is checked
    /// first (in constant time, see `devices::authenticate`), and a right one passes at once,
    /// whatever its address did before: refusing or delaying a long random secret protects
    /// nothing and would hand a lockout of the till to anyone sharing its address. A wrong
    /// one is refused at once during a lockout, and otherwise counted (before the wait, so a
    /// client that hangs up still pays for it) and answered 401 after the address's delay.
    /// A request that presents no token at all guesses nothing and is not throttled.
    pub async fn guard<T>(
        &self,
        ip: IpAddr,
        presented: bool,
        check: impl Future<Output = AppResult<T>>,
    ) -> Result<T, Response> {
        match check.await {
            Err(AppError::Unauthorized) if presented => {
                let wait = self.admit(ip).map_err(IntoResponse::into_response)?;
                self.failed(ip);
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                Err(AppError::Unauthorized.into_response())
            }
            other => other.map_err(IntoResponse::into_response),
        }
    }

    /// Addresses remembered now.
    pub fn tracked(&self) -> usize {
        self.clients.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

// ---- refresh per payment --------------------------------------------------------------------

/// The outcome of the last refresh of a payment, kept for the window.
#[derive(Debug, Clone)]
struct Attempt {
    finished: Instant,
    /// An upstream failure, handed to the callers that share it; `None`: it succeeded.
    failure: Option<Shared>,
}

/// The failures worth sharing: those of the upstream call itself.
#[derive(Debug, Clone)]
enum Shared {
    Upstream(crate::upstream::UpstreamError),
    Mismatch(wct_api::verify::Mismatch),
}

impl Shared {
    fn of(error: &AppError) -> Option<Self> {
        match error {
            AppError::Upstream(e) => Some(Self::Upstream(e.clone())),
            AppError::Mismatch(m) => Some(Self::Mismatch(m.clone())),
            _ => None,
        }
    }

    fn error(self) -> AppError {
        match self {
            Self::Upstream(e) => AppError::Upstream(e),
            Self::Mismatch(m) => AppError::Mismatch(m),
        }
    }
}

type Slot = Arc<tokio::sync::Mutex<Option<Attempt>>>;

/// At most one upstream refresh per payment per window. Callers queue on the payment's
/// slot; whoever gets it finds either an attempt that finished while it waited or within the
/// window (and takes its outcome: the stored state, or the same upstream error), or nothing
/// recent, and then makes the call itself.
pub struct RefreshGate {
    window: Duration,
    slots: Mutex<HashMap<String, Slot>>,
}

/// Slots kept before finished ones are swept.
const REFRESH_SWEEP_AT: usize = 256;

impl RefreshGate {
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, id: &str) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if slots.len() >= REFRESH_SWEEP_AT && !slots.contains_key(id) {
            let now = Instant::now();
            let window = self.window;
            // A slot someone holds or waits on is in use; a finished one matters only
            // for its window.
            slots.retain(|_, slot| {
                Arc::strong_count(slot) > 1
                    || slot.try_lock().map_or(true, |attempt| {
                        attempt
                            .as_ref()
                            .is_some_and(|a| now.duration_since(a.finished) < window)
                    })
            });
        }
        slots.entry(id.to_string()).or_default().clone()
    }

    /// Runs `call` for payment `id` unless a recent or concurrent call already answered:
    /// `Some(value)` from this caller's own call, `None` when the stored state is the answer.
    pub async fn run<T, Fut>(&self, id: &str, call: impl FnOnce() -> Fut) -> AppResult<Option<T>>
    where
        Fut: Future<Output = AppResult<T>>,
    {
        let arrived = Instant::now();
        let slot = self.slot(id);
        let mut last = slot.lock().await;
        if let Some(attempt) = last.as_ref() {
            let now = Instant::now();
            if attempt.finished >= arrived || now.duration_since(attempt.finished) < self.window {
                return match attempt.failure.clone() {
                    None => Ok(None),
                    Some(failure) => Err(failure.error()),
                };
            }
        }
        let result = call().await;
        let failure = match &result {
            Ok(_) => None,
            Err(e) => match Shared::of(e) {
                Some(shared) => Some(shared),
                // Not the upstream's doing (a database hiccup): the next caller tries again.
                None => return result.map(Some),
            },
        };
        *last = Some(Attempt {
            finished: Instant::now(),
            failure,
        });
        result.map(Some)
    }

    /// Payments with a slot now.
    pub fn tracked(&self) -> usize {
        self.slots.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

// ---- public lookups -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Token buckets by key: up to `per_minute` at once, refilled evenly over a minute; at most
/// `max_keys` remembered (a full bucket is the same as none, so those go first).
struct Buckets<K> {
    per_minute: u32,
    max_keys: usize,
    buckets: Mutex<HashMap<K, Bucket>>,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    fn new(per_minute: u32, max_keys: usize) -> Self {
        Self {
            per_minute: per_minute.max(1),
            max_keys,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn capacity(&self) -> f64 {
        f64::from(self.per_minute)
    }

    fn refilled(&self, bucket: &Bucket, now: Instant) -> f64 {
        let per_sec = self.capacity() / 60.0;
        (bucket.tokens + now.duration_since(bucket.last).as_secs_f64() * per_sec)
            .min(self.capacity())
    }

    /// Takes one from `key`'s bucket, or says how long until there is one.
    fn take_at(&self, key: K, now: Instant) -> Result<(), Duration> {
        let capacity = self.capacity();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if !buckets.contains_key(&key) {
            make_room(
                &mut buckets,
                self.max_keys,
                |b| self.refilled(b, now) >= capacity,
                |b| (false, b.last),
            );
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: capacity,
            last: now,
        });
        bucket.tokens = self.refilled(bucket, now);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - bucket.tokens) * 60.0 / capacity;
        Err(Duration::from_secs_f64(wait.max(0.0)))
    }

    fn len(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// How public lookups are bounded (from `Config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookupPolicy {
    /// Lookups per client address per minute, found or not: what one address may cost
    /// the database.
    pub per_address: u32,
    /// Lookups of codes that do not exist, per client address per minute: what guessing
    /// codes may try.
    pub misses_per_address: u32,
    /// Lookups of one payment code per minute, from anywhere: one customer page needs a
    /// few per reconnect.
    pub per_code: u32,
    /// Addresses and codes remembered at most.
    pub max_keys: usize,
}

/// The budgets of the public payment routes (the customer page, its stream, the public
/// receipt). Every lookup is charged to its client address (IPv6: per /64) before the
/// database is asked; a code that exists is then charged to that code, and one that does
/// not to the address's budget of misses. Many customers behind one address (a mall's
/// Wi-Fi, a carrier's CGNAT) each look up their own code, so the per-address budget is
/// sized for crowds, while guessing is bounded by the misses and hammering one page by its
/// code's budget.
pub struct LookupLimiter {
    addresses: Buckets<IpAddr>,
    misses: Buckets<IpAddr>,
    codes: Buckets<String>,
}

impl LookupLimiter {
    pub fn new(policy: LookupPolicy) -> Self {
        Self {
            addresses: Buckets::new(policy.per_address, policy.max_keys),
            misses: Buckets::new(policy.misses_per_address, policy.max_keys),
            codes: Buckets::new(policy.per_code, policy.max_keys),
        }
    }

    /// Takes one lookup from `ip`'s budget, before anything is looked up.
    pub fn take(&self, ip: IpAddr) -> Result<(), Throttled> {
        self.take_at(ip, Instant::now())
    }

    fn take_at(&self, ip: IpAddr, now: Instant) -> Result<(), Throttled> {
        self.addresses
            .take_at(client_key(ip), now)
            .map_err(|wait| Throttled::after(wait, "too many payment lookups from this address"))
    }

    /// A lookup found payment `code`: charged to the code's own budget.
    pub fn found(&self, code: &str) -> Result<(), Throttled> {
        self.codes
            .take_at(code.to_string(), Instant::now())
            .map_err(|wait| Throttled::after(wait, "too many lookups of this payment"))
    }

    /// A lookup from `ip` found nothing: charged to the address's misses. Over them, the
    /// answer is 429 instead of 404.
    pub fn missed(&self, ip: IpAddr) -> Result<(), Throttled> {
        self.missed_at(ip, Instant::now())
    }

    fn missed_at(&self, ip: IpAddr, now: Instant) -> Result<(), Throttled> {
        self.misses.take_at(client_key(ip), now).map_err(|wait| {
            Throttled::after(
                wait,
                "too many lookups of unknown payments from this address",
            )
        })
    }

    /// Addresses with a bucket now.
    pub fn tracked(&self) -> usize {
        self.addresses.len().max(self.misses.len())
    }

    /// Codes with a bucket now.
    pub fn tracked_codes(&self) -> usize {
        self.codes.len()
    }
}

impl LookupPolicy {
    /// How public lookups are bounded.
    pub fn of(config: &Config) -> Self {
        Self {
            per_address: config.public_lookups_per_min,
            misses_per_address: config.public_misses_per_min,
            per_code: config.public_lookups_per_code_per_min,
            max_keys: config.throttle_max_clients,
        }
    }
}

impl AuthPolicy {
    /// How failed terminal-token attempts are throttled.
    pub fn of(config: &Config) -> Self {
        Self {
            free_failures: config.auth_free_failures,
            delay_base: std::time::Duration::from_millis(config.auth_delay_base_ms),
            delay_max: std::time::Duration::from_millis(config.auth_delay_max_ms),
            lockout_failures: config.auth_lockout_failures,
            window: std::time::Duration::from_secs(config.auth_failure_window_secs),
            lockout: std::time::Duration::from_secs(config.auth_lockout_secs),
            max_clients: config.throttle_max_clients,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_policy_defaults() {
        use clap::Parser;
        let c = Config::try_parse_from(["x"]).unwrap();
        let p = AuthPolicy::of(&c);
        assert_eq!((p.free_failures, p.lockout_failures), (5, 20));
        assert_eq!(p.delay_for(5), std::time::Duration::from_millis(100));
        assert_eq!(p.lockout, std::time::Duration::from_secs(900));
    }
    use std::net::Ipv4Addr;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn policy() -> AuthPolicy {
        AuthPolicy {
            free_failures: 5,
            delay_base: Duration::from_millis(100),
            delay_max: Duration::from_secs(5),
            lockout_failures: 20,
            window: Duration::from_secs(600),
            lockout: Duration::from_secs(900),
            max_clients: 3,
        }
    }

    fn ip(n: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, n))
    }

    #[test]
    fn delays_double_after_the_free_failures_up_to_the_cap() {
        let p = policy();
        let delays: Vec<u128> = (0..14).map(|n| p.delay_for(n).as_millis()).collect();
        assert_eq!(
            delays,
            [0, 0, 0, 0, 0, 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]
        );
        assert_eq!(p.delay_for(u32::MAX), Duration::from_secs(5));
    }

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn failures_slow_down_then_lock_out_then_age_out() {
        let throttle = AuthThrottle::new(policy());
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(throttle.admit_at(ip(1), t0), Ok(Duration::ZERO));
            throttle.failed_at(ip(1), t0);
        }
        assert_eq!(throttle.admit_at(ip(1), t0), Ok(Duration::from_millis(100)));
        for _ in 5..19 {
            throttle.failed_at(ip(1), t0);
        }
        assert_eq!(throttle.admit_at(ip(1), t0), Ok(secs(5)));
        throttle.failed_at(ip(1), t0);
        let locked = throttle.admit_at(ip(1), t0).unwrap_err();
        assert_eq!(locked.retry_after_secs, 900);
        assert_eq!(
            throttle.admit_at(ip(2), t0),
            Ok(Duration::ZERO),
            "others unaffected"
        );
        assert_eq!(
            throttle
                .admit_at(ip(1), t0 + secs(600))
                .unwrap_err()
                .retry_after_secs,
            300
        );
        assert_eq!(
            throttle.admit_at(ip(1), t0 + secs(901)),
            Ok(Duration::ZERO),
            "lockout over"
        );
        // Failures outside the window are forgotten.
        for _ in 0..10 {
            throttle.failed_at(ip(3), t0);
        }
        assert_eq!(
            throttle.admit_at(ip(3), t0 + secs(300)),
            Ok(Duration::from_millis(3200))
        );
        assert_eq!(throttle.admit_at(ip(3), t0 + secs(601)), Ok(Duration::ZERO));
    }

    #[test]
    fn the_failure_map_is_bounded_and_keeps_lockouts() {
        let throttle = AuthThrottle::new(policy());
        let t0 = Instant::now();
        for _ in 0..20 {
            throttle.failed_at(ip(1), t0);
        }
        for n in 2..100 {
            throttle.failed_at(ip(n), t0 + Duration::from_millis(10 * u64::from(n)));
        }
        assert!(throttle.tracked() <= 3, "{}", throttle.tracked());
        assert!(
            throttle.admit_at(ip(1), t0 + secs(1)).is_err(),
            "the lockout survived the flood"
        );
    }

    #[tokio::test]
    async fn a_missing_token_is_not_a_failure_and_a_right_one_always_passes() {
        let throttle = AuthThrottle::new(AuthPolicy {
            lockout_failures: 1,
            ..policy()
        });
        for _ in 0..3 {
            let refused = throttle
                .guard(ip(1), false, async {
                    AppResult::<()>::Err(AppError::Unauthorized)
                })
                .await
                .unwrap_err();
            assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        }
        let refused = throttle
            .guard(ip(1), true, async {
                AppResult::<()>::Err(AppError::Unauthorized)
            })
            .await
            .unwrap_err();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        let locked = throttle
            .guard(ip(1), true, async {
                AppResult::<()>::Err(AppError::Unauthorized)
            })
            .await
            .unwrap_err();
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(locked.headers().contains_key(header::RETRY_AFTER));
        // The right token is never refused by the lockout of its address.
        assert!(throttle
            .guard(ip(1), true, async { AppResult::Ok(()) })
            .await
            .is_ok());
    }

    #[test]
    fn lookups_refill_evenly_and_the_map_is_bounded() {
        let limiter = LookupLimiter::new(LookupPolicy {
            per_address: 60,
            misses_per_address: 3,
            per_code: 2,
            max_keys: 2,
        });
        let t0 = Instant::now();
        assert!((0..60).all(|_| limiter.take_at(ip(1), t0).is_ok()));
        assert_eq!(limiter.take_at(ip(1), t0).unwrap_err().retry_after_secs, 1);
        assert!(limiter.take_at(ip(1), t0 + secs(1)).is_ok());
        assert!(limiter.take_at(ip(1), t0 + secs(1)).is_err());
        for n in 2..50 {
            assert!(limiter.take_at(ip(n), t0 + secs(1)).is_ok());
        }
        assert!(limiter.tracked() <= 2);
        // Misses and codes have budgets of their own.
        assert!((0..3).all(|_| limiter.missed_at(ip(9), t0).is_ok()));
        assert!(limiter.missed_at(ip(9), t0).is_err());
        assert!(limiter.missed_at(ip(8), t0).is_ok());
        assert!(limiter.found("abc").is_ok() && limiter.found("abc").is_ok());
        assert!(limiter.found("abc").is_err());
        assert!(limiter.found("xyz").is_ok());
        for n in 0..50 {
            let _ = limiter.found(&format!("code{n}"));
        }
        assert!(limiter.tracked_codes() <= 2);
    }

    async fn count_refreshes(gate: &RefreshGate, id: &str, callers: usize) -> (u32, usize) {
        let calls = AtomicU32::new(0);
        let counter = &calls;
        let call = move || async move {
            counter.fetch_add(1, Ordering::SeqCst);
            // Let the other callers arrive while this call is in flight.
            for _ in 0..10 {
                tokio::task::yield_now().await;
            }
            AppResult::Ok(7)
        };
        let results =
            futures_util::future::join_all((0..callers).map(|_| gate.run(id, call))).await;
        let fresh = results.iter().filter(|r| matches!(r, Ok(Some(7)))).count();
        let stored = results.iter().filter(|r| matches!(r, Ok(None))).count();
        assert_eq!(fresh + stored, callers);
        (calls.load(Ordering::SeqCst), fresh)
    }

    #[tokio::test]
    async fn concurrent_refreshes_share_one_call() {
        // No window at all: only the sharing of the call in flight limits the calls.
        let gate = RefreshGate::new(Duration::ZERO);
        assert_eq!(count_refreshes(&gate, "p", 10).await, (1, 1));
        assert_eq!(
            count_refreshes(&gate, "p", 1).await,
            (1, 1),
            "a later one calls"
        );
        assert_eq!(count_refreshes(&gate, "q", 1).await, (1, 1), "per payment");
    }

    #[tokio::test]
    async fn refreshes_within_the_window_get_the_stored_state() {
        let gate = RefreshGate::new(Duration::from_secs(3600));
        assert_eq!(count_refreshes(&gate, "p", 10).await, (1, 1));
        assert_eq!(count_refreshes(&gate, "p", 5).await, (0, 0));
        assert_eq!(count_refreshes(&gate, "q", 1).await, (1, 1), "per payment");
    }

    #[tokio::test]
    async fn an_upstream_failure_is_shared_and_a_database_one_is_not() {
        let gate = RefreshGate::new(Duration::from_secs(3600));
        let failing = || async {
            AppResult::<u8>::Err(AppError::Upstream(crate::upstream::UpstreamError::Timeout))
        };
        assert!(matches!(
            gate.run("p", failing).await,
            Err(AppError::Upstream(_))
        ));
        let never = || async { AppResult::<u8>::Ok(1) };
        assert!(matches!(
            gate.run("p", never).await,
            Err(AppError::Upstream(_))
        ));
        let db = || async { AppResult::<u8>::Err(AppError::Internal("x".into())) };
        assert!(gate.run("q", db).await.is_err());
        assert!(matches!(gate.run("q", never).await, Ok(Some(1))));
    }
}
