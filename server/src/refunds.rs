//! Refunds through WCT Pay's `payment/refund`, guarded by the manager PIN.
//!
//! A refund is recorded before the upstream is asked (as `unknown`: a crash mid-call must
//! leave a trace, never a forgotten refund), then becomes `requested` on the upstream's
//! "ok", `failed` on a refusal, or stays `unknown` when the answer is lost. It becomes
//! `refunded` only when a getupdate answer says so (status 5, or a refunded total that covers
//! it); the refund postback is a nudge like every other. The refunds table holds who asked
//! and how the customer is reached; the payment row holds the public summary every view and
//! event shows, written in the same transaction.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use rand::Rng;
use wct_api::money;
use wct_api::pos::{EventKind, PaymentView, IDEMPOTENCY_HEADER};
use wct_api::refund::{self, NewRefund, RefundBasis, RefundEvidence, RefundState, RefundView};
use wct_api::upstream::PaymentUpdateInfo;

use crate::devices::Caller;
use crate::error::{AppError, AppResult};
use crate::extract::{self, JSON_LIMIT};
use crate::payments::AlsoWrite;
use crate::rows::pay_decimals;
use crate::state::AppState;
use crate::store::{self, PaymentRow, RefundRow};
use crate::upstream::{RefundRequestParts, UpstreamError};
use crate::util::{now_ms, random_token, sha256_hex};

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

/// Hashes a PIN with Argon2id's recommended cost (`wct-pos-server hash-pin`).
pub fn hash_pin(pin: &str) -> Result<String, String> {
    hash_pin_with(pin, Params::default())
}

/// Hashes a PIN at a chosen cost (memory in KiB, passes); tests use a small one.
pub fn hash_pin_with_cost(pin: &str, memory_kib: u32, passes: u32) -> Result<String, String> {
    let params = Params::new(memory_kib, passes, 1, None).map_err(|e| e.to_string())?;
    hash_pin_with(pin, params)
}

fn hash_pin_with(pin: &str, params: Params) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rand::thread_rng().fill(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| e.to_string())
}

/// How manager-PIN attempts are limited, per device (from `Config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinPolicy {
    /// Wrong PINs in a row that lock the device's refunds.
    pub max_failures: u32,
    pub lockout: Duration,
    /// Attempts (right or wrong) a device may make per minute.
    pub attempts_per_minute: u32,
}

#[derive(Debug)]
struct PinRecord {
    failures: u32,
    locked_until: Option<Instant>,
    minute_started: Instant,
    attempts: u32,
}

/// Devices remembered at most (the quiet ones are forgotten first).
const MAX_DEVICES: usize = 10_000;
const MINUTE: Duration = Duration::from_secs(60);

/// The manager PIN and the per-device record of attempts. In memory: a restart forgets the
/// lockouts, as it forgets the other throttles.
pub struct Refunds {
    pin: Option<PinHash>,
    policy: PinPolicy,
    devices: Mutex<HashMap<String, PinRecord>>,
}

fn whole_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl Refunds {
    pub fn new(pin: Option<PinHash>, policy: PinPolicy) -> Self {
        Self {
            pin,
            policy,
            devices: Mutex::new(HashMap::new()),
        }
    }

    /// Whether refunds can be made at all (a PIN hash is configured).
    pub fn configured(&self) -> bool {
        self.pin.is_some()
    }

    fn admit(&self, who: &str, now: Instant) -> AppResult<()> {
        let mut devices = self.devices.lock().unwrap_or_else(|p| p.into_inner());
        if devices.len() >= MAX_DEVICES && !devices.contains_key(who) {
            devices.retain(|_, r| r.locked_until.is_some_and(|until| until > now));
        }
        let record = devices.entry(who.to_string()).or_insert(PinRecord {
            failures: 0,
            locked_until: None,
            minute_started: now,
            attempts: 0,
        });
        if let Some(until) = record.locked_until {
            if until > now {
                return Err(AppError::RefundsLocked(whole_secs(until - now)));
            }
            // The lock is over: a fresh start.
            record.locked_until = None;
            record.failures = 0;
        }
        if now.duration_since(record.minute_started) >= MINUTE {
            record.minute_started = now;
            record.attempts = 0;
        }
        if record.attempts >= self.policy.attempts_per_minute {
            let wait = MINUTE.saturating_sub(now.duration_since(record.minute_started));
            return Err(AppError::PinThrottled(whole_secs(wait)));
        }
        record.attempts += 1;
        Ok(())
    }

    fn failed(&self, who: &str, now: Instant) -> AppError {
        let mut devices = self.devices.lock().unwrap_or_else(|p| p.into_inner());
        let Some(record) = devices.get_mut(who) else {
            return AppError::Internal("a PIN attempt was not admitted".into());
        };
        record.failures += 1;
        let max = self.policy.max_failures;
        if record.failures >= max {
            record.locked_until = Some(now + self.policy.lockout);
            drop(devices);
            tracing::warn!(
                device = who,
                lockout_secs = self.policy.lockout.as_secs(),
                "wrong manager PINs: refunds locked on this device"
            );
            return AppError::RefundsLocked(whole_secs(self.policy.lockout));
        }
        let left = max - record.failures;
        AppError::PinWrong {
            message: format!(
                "wrong manager PIN; {left} more wrong {} locks refunds on this device for {} \
                 minutes",
                if left == 1 { "PIN" } else { "PINs" },
                self.policy.lockout.as_secs().div_ceil(60)
            ),
        }
    }

    fn succeeded(&self, who: &str) {
        let mut devices = self.devices.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(record) = devices.get_mut(who) {
            record.failures = 0;
        }
    }

    /// Checks the manager PIN for a request from `who` (a device): refused without a
    /// configured hash, during a lockout, or past the per-minute attempts; a wrong PIN is
    /// counted, and the one that reaches the limit locks the device's refunds.
    pub async fn check_pin(&self, who: &str, pin: &str) -> AppResult<()> {
        let hash = self.pin.clone().ok_or(AppError::RefundsNotConfigured)?;
        self.admit(who, Instant::now())?;
        let pin = pin.to_string();
        let right = tokio::task::spawn_blocking(move || hash.verify(&pin))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        if right {
            self.succeeded(who);
            Ok(())
        } else {
            Err(self.failed(who, Instant::now()))
        }
    }
}

/// The refunds' public summary stored on a payment row.
pub fn views(row: &PaymentRow) -> Vec<RefundView> {
    serde_json::from_str(&row.refunds).unwrap_or_default()
}

/// Whether a refund of the payment waits for the upstream's word.
pub fn pending(row: &PaymentRow) -> bool {
    row.refunds.len() > 2 && refund::any_pending(&views(row))
}

/// `POST /api/payments/{id}/refunds` (Bearer, `Idempotency-Key`): checks the manager PIN,
/// then the refund against the payment, then asks the upstream.
pub async fn refunds_create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<impl IntoResponse> {
    let key = extract::idempotency_key(&headers)?;
    if !state.refunds.configured() {
        return Err(AppError::RefundsNotConfigured);
    }
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let mut new: NewRefund = extract::json_body(&headers, &body)?;
    new.normalize();
    let who = caller
        .device_id
        .clone()
        .unwrap_or_else(|| format!("terminal {}", caller.terminal.id));
    state.refunds.check_pin(&who, &new.pin).await?;
    let row = store::terminal_payment(&state.db, &caller.terminal.store, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (status, view) = state.create_refund(&caller, &row, key, new).await?;
    Ok((status, Json(view)))
}

/// What makes two refund requests "the same" for an Idempotency-Key (the PIN aside).
fn body_hash(new: &NewRefund) -> String {
    let text = serde_json::json!([
        new.refund_type.as_str(),
        new.amount,
        new.email,
        new.mobile,
        new.remarks
    ])
    .to_string();
    sha256_hex(text.as_bytes())
}

fn rfc3339_ms(ms: i64) -> String {
    wct_api::clock::rfc3339(ms / 1000)
}

impl AppState {
    async fn create_refund(
        &self,
        caller: &Caller,
        row: &PaymentRow,
        key: &str,
        new: NewRefund,
    ) -> AppResult<(StatusCode, PaymentView)> {
        let slot = self.locks.slot(&row.id);
        let result = {
            let _guard = slot.lock.lock().await;
            self.refund_locked(caller, &row.id, key, new).await
        };
        self.locks.release(&row.id, slot);
        result
    }

    /// The same request again: what became of the first one.
    async fn replay(
        &self,
        existing: RefundRow,
        payment_id: &str,
        hash: &str,
    ) -> AppResult<(StatusCode, PaymentView)> {
        if existing.body_hash != hash || existing.payment_id != payment_id {
            return Err(AppError::conflict(
                "this Idempotency-Key was already used for a different refund",
                Some(IDEMPOTENCY_HEADER),
            ));
        }
        if existing.state == RefundState::Failed.as_str() {
            return Err(UpstreamError::Rejected(existing.error_message.unwrap_or_default()).into());
        }
        let row = store::payment(&self.db, payment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((StatusCode::OK, self.view(&row)))
    }

    async fn refund_locked(
        &self,
        caller: &Caller,
        payment_id: &str,
        key: &str,
        new: NewRefund,
    ) -> AppResult<(StatusCode, PaymentView)> {
        let hash = body_hash(&new);
        if let Some(existing) = store::refund_by_key(&self.db, &caller.terminal.id, key).await? {
            return self.replay(existing, payment_id, &hash).await;
        }
        let row = store::payment(&self.db, payment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let decimals = pay_decimals(&self.catalogue, &row.requested_asset);
        let basis = RefundBasis::of(&self.view(&row), decimals);
        let amount = refund::validate_refund(&new, &basis).map_err(AppError::Validation)?;
        let code = row.payment_code.clone().ok_or(AppError::NotFound)?;
        let amount = money::format_fixed(amount, decimals);
        let now = now_ms();
        let record = RefundRow {
            id: format!("r_{}", random_token(20)),
            payment_id: row.id.clone(),
            terminal_id: caller.terminal.id.clone(),
            device_id: caller.device_id.clone(),
            idempotency_key: key.to_string(),
            body_hash: hash,
            refund_type: new.refund_type.as_str().to_string(),
            amount: amount.clone(),
            asset: row.requested_asset.clone(),
            state: RefundState::Unknown.as_str().to_string(),
            upstream_refund_id: None,
            email: new.email.clone(),
            mobile: new.mobile.clone(),
            remarks: new.remarks.clone(),
            error_message: None,
            created_at: now,
            updated_at: now,
        };
        let mut refunds = views(&row);
        refunds.push(RefundView {
            id: record.id.clone(),
            refund_type: new.refund_type,
            amount: amount.clone(),
            asset: row.requested_asset.clone(),
            state: RefundState::Unknown,
            created_at: rfc3339_ms(now),
            updated_at: rfc3339_ms(now),
        });
        let refund_id = record.id.clone();
        let insert: AlsoWrite = Box::new(move |conn| {
            Box::pin(async move { store::insert_refund(conn, &record).await })
        });
        let row = self.save_refunds(&row, refunds, insert).await?;
        tracing::info!(
            payment = %row.id, refund = %refund_id, kind = new.refund_type.as_str(), %amount,
            device = caller.device_id.as_deref().unwrap_or("-"), "refund asked"
        );

        // In its own task: a client that hangs up must not cancel a refund half-asked.
        let state = self.clone();
        let (id, asset) = (row.id.clone(), row.requested_asset.clone());
        let answer = tokio::spawn(async move {
            let parts = RefundRequestParts {
                payment_code: &code,
                refund_type: new.refund_type,
                asset: &asset,
                amount: &amount,
                email: new.email.as_deref(),
                mobile: new.mobile.as_deref(),
                remarks: new.remarks.as_deref(),
            };
            state.upstream.refund(&id, parts).await
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;

        let (next, upstream_id, refusal) = match &answer {
            Ok(ok) => (RefundState::Requested, ok.refund_id.clone(), None),
            Err(e) if e.certainly_not_done() => (RefundState::Failed, None, Some(e.to_string())),
            // Timeout, reset, cut-off or unreadable: it may exist upstream.
            Err(_) => (RefundState::Unknown, None, None),
        };
        let row = self
            .set_refund_state(&row.id, &refund_id, next, upstream_id, refusal)
            .await?;
        match answer {
            Ok(_) => Ok((StatusCode::CREATED, self.view(&row))),
            Err(e) if e.certainly_not_done() => Err(e.into()),
            Err(e) => {
                tracing::warn!(
                    payment = %row.id, refund = %refund_id, error = %e,
                    "refund answer lost: it stays unknown until the upstream says"
                );
                Err(AppError::RefundUnknown(e))
            }
        }
    }

    /// Writes the payment's refunds summary with `also` in one transaction, and publishes the
    /// payment's event. The row as stored afterwards.
    async fn save_refunds(
        &self,
        row: &PaymentRow,
        refunds: Vec<RefundView>,
        also: AlsoWrite,
    ) -> AppResult<PaymentRow> {
        let next = PaymentRow {
            refunds: serde_json::to_string(&refunds)
                .map_err(|e| AppError::Internal(e.to_string()))?,
            updated_at: now_ms(),
            ..row.clone()
        };
        if !self
            .commit_with(row, &next, EventKind::Updated, Some(also))
            .await?
        {
            return Err(AppError::conflict(
                "the payment changed meanwhile; try again",
                None,
            ));
        }
        Ok(PaymentRow {
            version: row.version + 1,
            ..next
        })
    }

    /// Moves one refund to `state` (re-reading the payment, under its lock).
    async fn set_refund_state(
        &self,
        payment_id: &str,
        refund_id: &str,
        state: RefundState,
        upstream_id: Option<String>,
        refusal: Option<String>,
    ) -> AppResult<PaymentRow> {
        let row = store::payment(&self.db, payment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = now_ms();
        let mut refunds = views(&row);
        for refund in refunds.iter_mut().filter(|r| r.id == refund_id) {
            refund.state = state;
            refund.updated_at = rfc3339_ms(now);
        }
        let id = refund_id.to_string();
        let write: AlsoWrite = Box::new(move |conn| {
            Box::pin(async move {
                store::set_refund_state(
                    conn,
                    &id,
                    state.as_str(),
                    upstream_id.as_deref(),
                    refusal.as_deref(),
                    now,
                )
                .await
            })
        });
        self.save_refunds(&row, refunds, write).await
    }

    /// The refunds a getupdate answer confirms: the payment's refund list as it becomes, and
    /// the write that marks their rows refunded, for the payment's own transaction (one event,
    /// no moment where a refunded payment shows a refund still requested). `None` when the
    /// answer confirms none.
    pub(crate) fn refunds_confirmed(
        &self,
        row: &PaymentRow,
        info: &PaymentUpdateInfo,
    ) -> AppResult<Option<(String, AlsoWrite)>> {
        if !pending(row) {
            return Ok(None);
        }
        let decimals = pay_decimals(&self.catalogue, &row.requested_asset);
        let evidence = RefundEvidence {
            status: info.payment_status,
            refunded: info
                .payment_refunded_amount
                .as_deref()
                .and_then(|text| money::parse_upstream(text, decimals).ok()),
        };
        let before = views(row);
        let mut after = before.clone();
        let now = now_ms();
        if !refund::confirm(&mut after, evidence, &rfc3339_ms(now)) {
            return Ok(None);
        }
        let confirmed: Vec<String> = after
            .iter()
            .zip(&before)
            .filter(|(a, b)| a.state != b.state)
            .map(|(a, _)| a.id.clone())
            .collect();
        tracing::info!(payment = %row.id, refunds = ?confirmed, "refunds confirmed by the upstream");
        let write: AlsoWrite = Box::new(move |conn| {
            Box::pin(async move {
                for id in &confirmed {
                    store::set_refund_state(
                        conn,
                        id,
                        RefundState::Refunded.as_str(),
                        None,
                        None,
                        now,
                    )
                    .await?;
                }
                Ok(())
            })
        });
        let refunds =
            serde_json::to_string(&after).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Some((refunds, write)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PinPolicy {
        PinPolicy {
            max_failures: 3,
            lockout: Duration::from_secs(600),
            attempts_per_minute: 10,
        }
    }

    #[test]
    fn a_pin_hash_verifies_only_its_pin_and_never_prints() {
        let hash = PinHash::parse(&hash_pin_with_cost("2468", 64, 1).unwrap()).unwrap();
        assert!(hash.verify("2468"));
        assert!(!hash.verify("2469"));
        assert!(!format!("{hash:?}").contains("argon2"));
        assert!(PinHash::parse("2468").is_err());
        assert!(PinHash::parse("$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA").is_err());
    }

    #[test]
    fn the_hash_is_configured_checked_and_kept_out_of_debug() {
        use clap::Parser;
        let hash = hash_pin_with_cost("2468", 64, 1).unwrap();
        let c = crate::Config::try_parse_from(["x", "--manager-pin-hash", &hash]).unwrap();
        assert!(c
            .manager_pin_hash
            .as_ref()
            .is_some_and(|h| h.verify("2468")));
        assert!(!format!("{c:?}").contains(&hash));
        assert_eq!(c.pin_policy().max_failures, 3);
        assert!(crate::Config::try_parse_from(["x", "--manager-pin-hash", "2468"]).is_err());
        let none = crate::Config::try_parse_from(["x"]).unwrap();
        assert!(none.manager_pin_hash.is_none());
    }

    #[test]
    fn three_wrong_pins_lock_until_the_lockout_ends() {
        let guard = Refunds::new(None, policy());
        let t0 = Instant::now();
        for left in [2, 1] {
            guard.admit("d1", t0).unwrap();
            match guard.failed("d1", t0) {
                AppError::PinWrong { message } => {
                    assert!(message.contains(&format!("{left} more wrong")), "{message}")
                }
                other => panic!("{other:?}"),
            }
        }
        guard.admit("d1", t0).unwrap();
        assert!(matches!(
            guard.failed("d1", t0),
            AppError::RefundsLocked(600)
        ));
        assert!(matches!(
            guard.admit("d1", t0 + Duration::from_secs(599)),
            Err(AppError::RefundsLocked(1))
        ));
        // Another device is not affected; the lock ends on time and starts afresh.
        assert!(guard.admit("d2", t0).is_ok());
        let later = t0 + Duration::from_secs(600);
        assert!(guard.admit("d1", later).is_ok());
        assert!(matches!(
            guard.failed("d1", later),
            AppError::PinWrong { .. }
        ));
    }

    #[test]
    fn a_right_pin_clears_the_failures_and_attempts_are_limited_per_minute() {
        let guard = Refunds::new(None, policy());
        let t0 = Instant::now();
        guard.admit("d1", t0).unwrap();
        let _ = guard.failed("d1", t0);
        guard.admit("d1", t0).unwrap();
        let _ = guard.failed("d1", t0);
        guard.succeeded("d1");
        guard.admit("d1", t0).unwrap();
        assert!(matches!(guard.failed("d1", t0), AppError::PinWrong { .. }));
        for _ in 0..7 {
            guard.admit("d1", t0).unwrap();
        }
        assert!(matches!(
            guard.admit("d1", t0 + Duration::from_secs(30)),
            Err(AppError::PinThrottled(30))
        ));
        assert!(guard.admit("d1", t0 + MINUTE).is_ok());
    }
}
