//! Shared state of one sandbox: configuration, database, rates, faults and wake-ups.

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use tokio::sync::Notify;

use crate::faults::{Fault, FaultSlot};
use crate::quirks::Quirks;
use crate::rates::Rates;
use crate::{Config, SandboxError, Terminal};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

struct Inner {
    config: Config,
    db: SqlitePool,
    rates: Rates,
    fault: FaultSlot,
    quirks: Mutex<Quirks>,
    postbacks: Notify,
    http: reqwest::Client,
}

/// Cheap to clone; every route and background task holds one.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// Opens (creating if needed) the database and runs the migrations.
    pub async fn new(config: Config) -> Result<Self, SandboxError> {
        let options = SqliteConnectOptions::from_str(&config.database_url)
            .map_err(SandboxError::Database)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // As the proxy: kill -9 loses nothing with WAL; only power loss can lose the
            // last commits.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        // One connection: every change is a short transaction, and a single writer can never
        // hit SQLite's busy-upgrade errors (it is also the only way `sqlite::memory:` is one
        // database rather than one per connection).
        let db = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await
            .map_err(SandboxError::Database)?;
        sqlx::migrate!("./migrations")
            .run(&db)
            .await
            .map_err(SandboxError::Migrate)?;
        // Loopback receivers in development: a proxy from the environment must not intercept them.
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| SandboxError::Http(e.to_string()))?;
        Ok(Self(Arc::new(Inner {
            rates: Rates::new(config.rate_seed),
            quirks: Mutex::new(config.quirks),
            config,
            db,
            fault: Arc::new(Mutex::new(None)),
            postbacks: Notify::new(),
            http,
        })))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn db(&self) -> &SqlitePool {
        &self.0.db
    }

    pub fn rates(&self) -> &Rates {
        &self.0.rates
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.0.http
    }

    pub fn quote_ms(&self) -> i64 {
        i64::try_from(self.0.config.quote_secs.saturating_mul(1000)).unwrap_or(i64::MAX / 2)
    }

    pub fn refund_delay_ms(&self) -> i64 {
        i64::try_from(self.0.config.refund_delay_ms).unwrap_or(i64::MAX / 2)
    }

    pub fn terminal(&self, key: &str) -> Option<&Terminal> {
        self.0.config.terminals.iter().find(|t| t.key == key)
    }

    pub fn fault(&self) -> &Mutex<Option<Fault>> {
        &self.0.fault
    }

    /// The fault slot itself, for the middleware that takes from it.
    pub fn fault_slot(&self) -> FaultSlot {
        Arc::clone(&self.0.fault)
    }

    /// The quirks in force now (see [`crate::quirks`]).
    pub fn quirks(&self) -> Quirks {
        *self
            .0
            .quirks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn set_quirks(&self, quirks: Quirks) {
        *self
            .0
            .quirks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = quirks;
    }

    /// Tells the postback worker that something was queued.
    pub fn wake_postbacks(&self) {
        self.0.postbacks.notify_one();
    }

    pub async fn postbacks_woken(&self) {
        self.0.postbacks.notified().await;
    }
}
