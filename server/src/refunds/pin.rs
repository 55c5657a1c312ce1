//! The manager PIN: its Argon2 hash, and the attempts that guard it.
//!
//! Attempts are counted in the database, per device **and** per store, so a restart forgets
//! nothing, every instance on PostgreSQL shares the count, and pairing fresh devices buys an
//! attacker nothing once the store's limit is reached. An attempt is counted as a failure
//! *before* the PIN is checked, in the same atomic step that reads the lockout, and given back
//! only when the PIN was right: N attempts sent at once count as N, so parallel requests
//! cannot outrun the count. A right PIN gives back only its own attempt (it does not wipe the
//! failures of others), so at most `max_failures` wrong PINs are ever checked per window.

use std::time::Duration;

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;
use sqlx::AnyConnection;

use crate::config::Config;
pub use crate::config::PinHash;
use crate::devices::Caller;
use crate::http::error::{AppError, AppResult};
use crate::store::writer::WriteError;
use crate::util::now_ms;
use crate::AppState;

/// Hashes a new PIN with Argon2id's recommended cost (`wct-pos-server hash-pin`); a PIN
/// shorter than [`wct_api::refund::MIN_NEW_PIN_LEN`] digits is refused.
pub fn hash_pin(pin: &str) -> Result<String, String> {
    wct_api::refund::check_new_pin(pin)?;
    hash_pin_with(pin, Params::default())
}

/// Hashes a PIN at a chosen cost (memory in KiB, passes); tests use a small one. Any length
/// the requests accept, so tests can also stand for hashes made before six digits were needed.
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

/// How manager-PIN attempts are limited (from `Config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinPolicy {
    /// Wrong PINs from one device, within `lockout` of the first, that lock its refunds.
    pub max_failures: u32,
    /// Wrong PINs from all the devices of a store, within `lockout`, that lock the store's
    /// refunds and settings on every device.
    pub store_max_failures: u32,
    /// How long a lock lasts, and how long a wrong PIN is remembered.
    pub lockout: Duration,
}

impl PinPolicy {
    /// How manager-PIN attempts are limited.
    pub fn of(config: &Config) -> Self {
        Self {
            max_failures: config.pin_max_failures.max(1),
            store_max_failures: config.pin_store_max_failures.max(1),
            lockout: std::time::Duration::from_secs(config.pin_lockout_secs.max(1)),
        }
    }
}

/// The manager PIN and its policy.
pub struct ManagerPin {
    pub hash: Option<PinHash>,
    pub policy: PinPolicy,
}

/// Where attempts are counted: one row per scope.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scope {
    key: String,
    max: i64,
    store_wide: bool,
}

fn scopes(caller: &Caller, policy: &PinPolicy) -> [Scope; 2] {
    let store = &caller.terminal.store;
    let device = match &caller.device_id {
        Some(id) => id.clone(),
        None => format!("terminal {}", caller.terminal.id),
    };
    // Always the store first: two instances take the rows in one order, never deadlocking.
    [
        Scope {
            key: store_scope(store),
            max: i64::from(policy.store_max_failures.max(1)),
            store_wide: true,
        },
        Scope {
            key: format!("device:{store}:{device}"),
            max: i64::from(policy.max_failures.max(1)),
            store_wide: false,
        },
    ]
}

fn store_scope(store: &str) -> String {
    format!("store:{store}")
}

/// Why an attempt was not admitted, or the database's failure.
#[derive(Debug, thiserror::Error)]
enum ReserveError {
    #[error("locked for {secs} s")]
    Locked { secs: u64, store_wide: bool },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// An admitted attempt: how many failures each scope holds now, this one included.
struct Admitted {
    failures: [i64; 2],
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

fn whole_secs(ms: i64) -> u64 {
    u64::try_from(ms.max(1)).unwrap_or(1).div_ceil(1000)
}

/// Counts one attempt in `scope` if it is not locked: one UPDATE whose condition is the
/// lockout, so the check and the count cannot be separated (a second instance's UPDATE waits
/// for this row's lock and then sees the new count).
async fn reserve_one(
    conn: &mut AnyConnection,
    scope: &Scope,
    now: i64,
    lockout: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "INSERT INTO pin_attempts (scope, failures, window_started, locked_until)
         VALUES ($1, 0, $2, 0) ON CONFLICT (scope) DO NOTHING",
    )
    .bind(&scope.key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let expired = now.saturating_sub(lockout);
    let counted = sqlx::query(
        "UPDATE pin_attempts SET
            failures = CASE WHEN window_started <= $2 THEN 1 ELSE failures + 1 END,
            locked_until = CASE
                WHEN (CASE WHEN window_started <= $2 THEN 1 ELSE failures + 1 END) >= $4
                THEN $5 ELSE locked_until END,
            window_started = CASE WHEN window_started <= $2 THEN $3 ELSE window_started END
         WHERE scope = $1 AND locked_until <= $3
            AND (window_started <= $2 OR failures < $4)",
    )
    .bind(&scope.key)
    .bind(expired)
    .bind(now)
    .bind(scope.max)
    .bind(now.saturating_add(lockout))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if counted == 0 {
        return Ok(None);
    }
    let failures: i64 = sqlx::query_scalar("SELECT failures FROM pin_attempts WHERE scope = $1")
        .bind(&scope.key)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(failures))
}

async fn locked_until(conn: &mut AnyConnection, key: &str) -> Result<i64, sqlx::Error> {
    let until: Option<i64> =
        sqlx::query_scalar("SELECT locked_until FROM pin_attempts WHERE scope = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(until.unwrap_or(0))
}

/// Gives back the attempt of a right PIN in `scope` (and the lock it may have set).
async fn give_back(conn: &mut AnyConnection, scope: &Scope, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE pin_attempts SET
            failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END,
            locked_until = CASE WHEN failures - 1 < $2 AND locked_until > $3 THEN 0
                ELSE locked_until END
         WHERE scope = $1",
    )
    .bind(&scope.key)
    .bind(scope.max)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Clears the store-wide lock and every device's count of `store` (`wct-pos-server
/// unlock-refunds`). The number of scopes cleared.
pub async fn unlock_store(db: &crate::store::Db, store: &str) -> Result<u64, sqlx::Error> {
    let escaped: String = store
        .chars()
        .flat_map(|c| match c {
            '\\' | '%' | '_' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let done =
        sqlx::query("DELETE FROM pin_attempts WHERE scope = $1 OR scope LIKE $2 ESCAPE '\\'")
            .bind(store_scope(store))
            .bind(format!("device:{escaped}:%"))
            .execute(db)
            .await?;
    Ok(done.rows_affected())
}

impl AppState {
    /// Checks the manager PIN for `caller`: refused without a configured hash and during a
    /// device's or the store's lockout; a wrong PIN is counted in both, and the one that
    /// reaches a limit locks (logged, and counted in `pin_lockouts_total`).
    pub async fn check_manager_pin(&self, caller: &Caller, pin: &str) -> AppResult<()> {
        let hash = self
            .manager_pin
            .hash
            .clone()
            .ok_or(AppError::RefundsNotConfigured)?;
        let policy = self.manager_pin.policy;
        // One attempt at a time per store in this process; the database row serialises
        // instances.
        let key = format!("pin:{}", caller.terminal.store);
        let slot = self.locks.slot(&key);
        let result = {
            let _guard = slot.lock.lock().await;
            self.pin_attempt(caller, hash, policy, pin).await
        };
        self.locks.release(&key, slot);
        result
    }

    async fn pin_attempt(
        &self,
        caller: &Caller,
        hash: PinHash,
        policy: PinPolicy,
        pin: &str,
    ) -> AppResult<()> {
        let scopes = scopes(caller, &policy);
        let lockout = ms(policy.lockout);
        let admitted = self.reserve(scopes.clone(), lockout).await?;
        let pin = pin.to_string();
        let right = tokio::task::spawn_blocking(move || hash.verify(&pin))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        if right {
            let now = now_ms();
            let back = scopes.clone();
            self.writer
                .run(move |conn| {
                    Box::pin(async move {
                        for scope in &back {
                            give_back(conn, scope, now).await?;
                        }
                        Ok::<_, sqlx::Error>(())
                    })
                })
                .await?;
            return Ok(());
        }
        let mut locked = None;
        for (scope, failures) in scopes.iter().zip(admitted.failures) {
            if failures >= scope.max {
                let what = if scope.store_wide { "store" } else { "device" };
                metrics::counter!("pin_lockouts_total", "scope" => what).increment(1);
                tracing::warn!(
                    store = %caller.terminal.store,
                    device = caller.device_id.as_deref().unwrap_or("-"),
                    scope = what,
                    lockout_secs = policy.lockout.as_secs(),
                    "wrong manager PINs: refunds and settings locked"
                );
                locked.get_or_insert(scope.store_wide);
            }
        }
        if let Some(store_wide) = locked {
            return Err(AppError::RefundsLocked {
                secs: whole_secs(lockout),
                store_wide,
            });
        }
        let left = scopes
            .iter()
            .zip(admitted.failures)
            .map(|(scope, failures)| scope.max - failures)
            .min()
            .unwrap_or(0);
        Err(AppError::PinWrong {
            message: format!(
                "wrong manager PIN; {left} more wrong {} locks refunds for {} minutes",
                if left == 1 { "PIN" } else { "PINs" },
                policy.lockout.as_secs().div_ceil(60)
            ),
        })
    }

    /// Counts the attempt in every scope, or in none when one is locked (the writer job's
    /// savepoint undoes the counts already made).
    async fn reserve(&self, scopes: [Scope; 2], lockout: i64) -> AppResult<Admitted> {
        let now = now_ms();
        let reserved = self
            .writer
            .run(move |conn| {
                Box::pin(async move {
                    let mut failures = [0; 2];
                    for (i, scope) in scopes.iter().enumerate() {
                        match reserve_one(conn, scope, now, lockout).await? {
                            Some(count) => failures[i] = count,
                            None => {
                                let until = locked_until(conn, &scope.key).await?;
                                return Err(ReserveError::Locked {
                                    secs: whole_secs(until.saturating_sub(now)),
                                    store_wide: scope.store_wide,
                                });
                            }
                        }
                    }
                    Ok(Admitted { failures })
                })
            })
            .await;
        match reserved {
            Ok(admitted) => Ok(admitted),
            Err(ReserveError::Locked { secs, store_wide }) => {
                Err(AppError::RefundsLocked { secs, store_wide })
            }
            Err(ReserveError::Db(e)) => Err(e.into()),
            Err(ReserveError::Write(e)) => Err(AppError::Internal(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_hash_verifies_only_its_pin_and_never_prints() {
        let hash = PinHash::parse(&hash_pin_with_cost("246810", 64, 1).unwrap()).unwrap();
        assert!(hash.verify("246810"));
        assert!(!hash.verify("246811"));
        assert!(!format!("{hash:?}").contains("argon2"));
        assert!(PinHash::parse("2468").is_err());
        assert!(PinHash::parse("$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA").is_err());
    }

    #[test]
    fn a_new_pin_needs_six_digits() {
        assert!(hash_pin("2468").unwrap_err().contains("at least 6 digits"));
        assert!(hash_pin("24681").is_err());
        assert!(hash_pin("24681x").is_err());
    }

    #[test]
    fn the_hash_is_configured_checked_and_kept_out_of_debug() {
        use clap::Parser;
        let hash = hash_pin_with_cost("246810", 64, 1).unwrap();
        let c = crate::Config::try_parse_from(["x", "--manager-pin-hash", &hash]).unwrap();
        assert!(c
            .manager_pin_hash
            .as_ref()
            .is_some_and(|h| h.verify("246810")));
        assert!(!format!("{c:?}").contains(&hash));
        assert_eq!(PinPolicy::of(&c).max_failures, 3);
        assert_eq!(PinPolicy::of(&c).store_max_failures, 10);
        assert!(crate::Config::try_parse_from(["x", "--manager-pin-hash", "2468"]).is_err());
        let none = crate::Config::try_parse_from(["x"]).unwrap();
        assert!(none.manager_pin_hash.is_none());
    }
}
