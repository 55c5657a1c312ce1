//! Shared state: one `AppState` (cheap to clone) holds the database, the upstream client, the
//! event bus, per-payment locks and the create rate limiter.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use wct_api::pos::{EventKind, PaymentView};
use wct_api::Catalogue;

use crate::ledger::ViewContext;
use crate::store::Db;
use crate::upstream::Upstream;

/// An event as fanned out to live streams (already committed to the events table).
#[derive(Debug, Clone)]
pub struct Published {
    pub seq: i64,
    pub payment_id: String,
    pub terminal_id: String,
    pub store: String,
    pub kind: EventKind,
    pub view: PaymentView,
}

pub struct Inner {
    pub db: Db,
    pub upstream: Upstream,
    pub catalogue: Catalogue,
    pub public_url: String,
    pub merchant: String,
    /// Root URL of the embedded sandbox (sandbox mode only).
    pub sandbox_url: Option<String>,
    pub http: reqwest::Client,
    pub events: broadcast::Sender<Arc<Published>>,
    /// Held while an event is committed and published, so sequence numbers reach live
    /// streams in order (a stream skips anything not newer than what it sent).
    pub event_writer: tokio::sync::Mutex<()>,
    /// Several instances share the database (Postgres): events reach live streams through
    /// `events::relay` (LISTEN/NOTIFY) rather than straight from the writer.
    pub shared_events: bool,
    pub locks: PaymentLocks,
    pub limiter: RateLimiter,
    /// How upstream answers are checked against their orders.
    pub policy: wct_api::verify::Policy,
    /// When payments are re-checked.
    pub schedule: crate::reconcile::Schedule,
    /// When the reconciler last finished a round (Unix ms): `/healthz` reads it.
    pub reconciler_beat: AtomicI64,
    pub shutdown: CancellationToken,
    /// The app's build directory (Trunk's `dist/`).
    pub dist: std::path::PathBuf,
    /// Caps on open event streams, and their lifetime.
    pub streams: crate::serve::StreamLimits,
    /// How many postback bodies are kept, and for how long.
    pub postback_retention: crate::store::PostbackRetention,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Inner {
    pub fn view_context(&self) -> ViewContext<'_> {
        ViewContext {
            catalogue: &self.catalogue,
            public_url: &self.public_url,
        }
    }
}

/// One lock per payment, so an upstream read and its apply never interleave with another's.
pub struct PaymentSlot {
    pub lock: tokio::sync::Mutex<()>,
    /// A sync is queued behind the lock: further nudges can rely on it.
    pub queued: AtomicBool,
}

#[derive(Default)]
pub struct PaymentLocks {
    slots: Mutex<HashMap<String, Arc<PaymentSlot>>>,
}

impl PaymentLocks {
    pub fn slot(&self, id: &str) -> Arc<PaymentSlot> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots
            .entry(id.to_string())
            .or_insert_with(|| {
                Arc::new(PaymentSlot {
                    lock: tokio::sync::Mutex::new(()),
                    queued: AtomicBool::new(false),
                })
            })
            .clone()
    }

    /// Drops the slot when nobody else holds it. Clones are only made under the map lock,
    /// so the count checked here cannot grow behind our back.
    pub fn release(&self, id: &str, slot: Arc<PaymentSlot>) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if Arc::strong_count(&slot) == 2 {
            slots.remove(id);
        }
    }
}

impl PaymentSlot {
    /// Marks a sync as queued; false when one already is (this nudge is covered by it).
    pub fn enqueue(&self) -> bool {
        !self.queued.swap(true, Ordering::AcqRel)
    }

    pub fn dequeue(&self) {
        self.queued.store(false, Ordering::Release);
    }
}

/// A token bucket per terminal: `per_minute` creates, refilled continuously.
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn allow(&self, terminal_id: &str) -> bool {
        let capacity = f64::from(self.per_minute);
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let (tokens, last) = buckets
            .entry(terminal_id.to_string())
            .or_insert((capacity, now));
        let refill = now.duration_since(*last).as_secs_f64() * capacity / 60.0;
        *tokens = (*tokens + refill).min(capacity);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limiter_refuses_beyond_the_budget_per_terminal() {
        let limiter = RateLimiter::new(3);
        assert!((0..3).all(|_| limiter.allow("a")));
        assert!(!limiter.allow("a"));
        assert!(limiter.allow("b"), "terminals have separate budgets");
    }

    #[test]
    fn only_one_sync_queues_per_payment() {
        let locks = PaymentLocks::default();
        let slot = locks.slot("p");
        assert!(slot.enqueue());
        assert!(!locks.slot("p").enqueue());
        slot.dequeue();
        assert!(slot.enqueue());
    }
}
