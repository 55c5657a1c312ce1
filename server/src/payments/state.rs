//! The payment side of the shared state (`crate::AppState` holds one of each): the event bus,
//! budgets, nudges, postback tokens, per-payment locks and the create rate limiter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use tokio::sync::broadcast;
use wct_api::pos::{EventKind, PaymentView, PublicPaymentEvent, PublicPaymentView};

use crate::payments::rows::ViewContext;
use crate::{AppState, Inner};

/// An event as fanned out to live streams (already committed to the events table), rendered
/// once per audience, when a stream of that audience first sends it: every stream of its
/// store sends these same frames, none serialises it again, and the writer that publishes it
/// (on a create's path) renders nothing.
#[derive(Debug, Clone)]
pub struct Published {
    pub seq: i64,
    pub payment_id: String,
    pub store: String,
    kind: EventKind,
    view_json: Arc<str>,
    merchant: Arc<str>,
    terminal_data: OnceLock<Arc<str>>,
    public_data: OnceLock<Arc<str>>,
}

impl Published {
    /// An event from the view JSON as stored in the events table.
    pub fn new(
        seq: i64,
        payment_id: &str,
        store: &str,
        kind: EventKind,
        view_json: &str,
        merchant: &str,
    ) -> Self {
        Self {
            seq,
            payment_id: payment_id.to_string(),
            store: store.to_string(),
            kind,
            view_json: view_json.into(),
            merchant: merchant.into(),
            terminal_data: OnceLock::new(),
            public_data: OnceLock::new(),
        }
    }

    fn seq_u64(&self) -> u64 {
        u64::try_from(self.seq).unwrap_or(0)
    }

    /// The `data:` of a terminal stream's event (`PaymentEvent` JSON).
    pub fn terminal_data(&self) -> &Arc<str> {
        self.terminal_data.get_or_init(|| {
            let kind_json = serde_json::to_string(&self.kind).unwrap_or_default();
            // The stored view is already JSON: wrap it rather than parse and print it again.
            format!(
                r#"{{"seq":{},"kind":{kind_json},"payment":{}}}"#,
                self.seq_u64(),
                self.view_json
            )
            .into()
        })
    }

    /// The `data:` of a customer page stream's event (`PublicPaymentEvent` JSON).
    pub fn public_data(&self) -> &Arc<str> {
        self.public_data.get_or_init(|| {
            serde_json::from_str::<PaymentView>(&self.view_json)
                .ok()
                .and_then(|view| {
                    serde_json::to_string(&PublicPaymentEvent {
                        seq: self.seq_u64(),
                        kind: self.kind,
                        payment: PublicPaymentView::from_view(&view, &self.merchant),
                    })
                    .ok()
                })
                .unwrap_or_default()
                .into()
        })
    }
}

/// One broadcast channel per store: an event wakes only the streams of its own store.
#[derive(Default)]
pub struct EventBus {
    channels: Mutex<HashMap<String, broadcast::Sender<Arc<Published>>>>,
}

/// Events a slow stream may fall behind by before it re-reads the table instead.
const CHANNEL_CAPACITY: usize = 1024;

impl EventBus {
    pub fn subscribe(&self, store: &str) -> broadcast::Receiver<Arc<Published>> {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        channels
            .entry(store.to_string())
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    /// Publishes to the event's store; a store nobody watches keeps no channel.
    pub fn send(&self, event: Arc<Published>) {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = channels.get(&event.store) {
            if sender.send(event.clone()).is_err() {
                channels.remove(&event.store);
            }
        }
    }
}

/// Spends at most `per_second` units a second, spread evenly: `take` waits for its turn.
pub struct Budget {
    gap: std::time::Duration,
    next: Mutex<Instant>,
}

impl Budget {
    pub fn per_second(per_second: u32) -> Self {
        Self {
            gap: std::time::Duration::from_secs(1) / per_second.max(1),
            next: Mutex::new(Instant::now()),
        }
    }

    pub async fn take(&self) {
        let turn = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let turn = (*next).max(Instant::now());
            *next = turn + self.gap;
            turn
        };
        tokio::time::sleep_until(turn.into()).await;
    }
}

/// Coalesces "look again" requests per payment: at most one confirmation starts per interval,
/// and at most one waits to start. A request that arrives while a confirmation is already
/// running schedules the next one (its news may have come after that read), so no postback is
/// ever covered by a read that began before it.
pub struct Coalescer {
    interval: std::time::Duration,
    entries: Mutex<HashMap<String, Coalesced>>,
}

#[derive(Clone, Copy)]
struct Coalesced {
    /// A confirmation is scheduled and has not started: a new request is covered by it.
    pending: bool,
    started: Option<Instant>,
}

/// Above this many remembered payments, entries idle for longer than the interval are dropped.
const COALESCER_PRUNE_AT: usize = 10_000;

impl Coalescer {
    pub fn new(interval: std::time::Duration) -> Self {
        Self {
            interval,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `None` when a confirmation already waiting covers this request; otherwise how long the
    /// new one must wait before it starts (then it must call [`Coalescer::start`]).
    pub fn request(&self, key: &str) -> Option<std::time::Duration> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= COALESCER_PRUNE_AT {
            let interval = self.interval;
            entries.retain(|_, e| e.pending || e.started.is_some_and(|at| at.elapsed() < interval));
        }
        let entry = entries.entry(key.to_string()).or_insert(Coalesced {
            pending: false,
            started: None,
        });
        if entry.pending {
            return None;
        }
        entry.pending = true;
        Some(entry.started.map_or(std::time::Duration::ZERO, |at| {
            (at + self.interval).saturating_duration_since(Instant::now())
        }))
    }

    /// The scheduled confirmation starts now: requests from here on need a new one.
    pub fn start(&self, key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.insert(
            key.to_string(),
            Coalesced {
                pending: false,
                started: Some(Instant::now()),
            },
        );
    }
}

/// Postback tokens already resolved to their payment: the acknowledgement of a postback then
/// costs no read. Tokens never change owner, so entries never go stale; the map is cleared
/// when it is full rather than grown.
#[derive(Default)]
pub struct PostbackTokens(Mutex<HashMap<String, String>>);

const POSTBACK_TOKENS_MAX: usize = 100_000;

impl PostbackTokens {
    pub fn get(&self, token: &str) -> Option<String> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(token).cloned()
    }

    pub fn insert(&self, token: &str, payment_id: &str) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= POSTBACK_TOKENS_MAX {
            map.clear();
        }
        map.insert(token.to_string(), payment_id.to_string());
    }
}

impl AppState {
    /// The payment a postback URL's token belongs to (404 for a token nobody was given).
    pub async fn payment_of_postback_token(
        &self,
        token: &str,
    ) -> Result<String, crate::http::error::AppError> {
        if let Some(id) = self.postback_tokens.get(token) {
            return Ok(id);
        }
        let row = crate::store::payment_by_postback_token(&self.db, token)
            .await?
            .ok_or(crate::http::error::AppError::NotFound)?;
        self.postback_tokens.insert(token, &row.id);
        Ok(row.id)
    }
}

impl Inner {
    pub fn view_context(&self) -> ViewContext<'_> {
        ViewContext {
            catalogue: &self.catalogue,
            public_url: &self.public_url,
            sandbox: self.sandbox,
        }
    }
}

/// One lock per payment, so an upstream read and its apply never interleave with another's.
pub struct PaymentSlot {
    pub lock: tokio::sync::Mutex<()>,
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
    fn nudges_coalesce_into_one_waiting_confirmation_per_payment() {
        let nudges = Coalescer::new(std::time::Duration::from_secs(60));
        assert_eq!(nudges.request("p"), Some(std::time::Duration::ZERO));
        assert_eq!(nudges.request("p"), None, "covered by the one waiting");
        assert_eq!(nudges.request("q"), Some(std::time::Duration::ZERO));
        nudges.start("p");
        // News after a confirmation began needs another, one interval after it.
        let wait = nudges
            .request("p")
            .expect("a new confirmation is scheduled");
        assert!(wait > std::time::Duration::from_secs(59));
        assert_eq!(nudges.request("p"), None);
    }
}
