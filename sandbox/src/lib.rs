//! The embedded WCT Pay sandbox: a faithful local implementation of the upstream POS API
//! (`shared/wct-pay-api.md`) so the product runs end to end with no WCT Pay account.
//!
//! - `/api/payment-pos/post`, `/api/payment-pos/getupdate`, `/api/validate`,
//!   `/api/payment/refund`: the upstream contract, signed with the terminal's secret.
//! - `/sandbox/*` (when `controls` is on): the simulated customer (`pay`, `confirm`), clocks
//!   (`expire`, `cancel`, `quote-expire`), rates, fault injection, quirks and the postback log.
//! - Background tasks: the quote-expiry watcher and durable postback delivery with retries.
//!
//! The create request is held to the seed page's rules only ([`seed_rules`]), never to the
//! proxy's stricter policy, so a limit the proxy invents cannot pass for WCT Pay's.
//!
//! Quirks ([`quirks`]) make the sandbox answer the contract's open points the way another real
//! WCT Pay might: `expires_at` as Unix seconds, milliseconds or seconds remaining; a create
//! answer without `payment_amount_asset`, `exchange_rate` or `expires_at`; the price update
//! posted to `postback_url` or to both URLs. Set them with `WCT_SANDBOX_QUIRKS`
//! (`expiry=ms,omit=payment_amount_asset+exchange_rate,price_postback=postback_url`) or at run
//! time with `POST /sandbox/quirks`
//! (`{"expiry":"ms","omit":["exchange_rate"],"price_postback":"both"}`; `GET` shows the set in
//! force, `DELETE` restores the one the sandbox started with).

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use wct_api::sign::ApiSecret;

mod address;
mod api;
mod body;
mod controls;
mod error;
mod faults;
mod payments;
mod postbacks;
pub mod quirks;
mod rates;
pub mod seed_rules;
mod state;

pub use address::{deposit as deposit_address, Family};
pub use faults::{Fault, FaultMode};
pub use postbacks::{backoff_ms, MAX_ATTEMPTS};
pub use quirks::{ExpiryFormat, Omissions, OptionalField, PriceUpdateTarget, Quirks};
pub use rates::{table_rate, Rates};
pub use state::AppState;

/// A terminal the sandbox accepts: its API key and secret.
#[derive(Debug, Clone)]
pub struct Terminal {
    pub key: String,
    pub secret: ApiSecret,
}

/// Everything the sandbox needs to run; `Config::from_env` reads the `WCT_SANDBOX_*` variables.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub terminals: Vec<Terminal>,
    /// Lifetime of a price quote.
    pub quote_secs: u64,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// `sqlite://…` file or `sqlite::memory:`.
    pub database_url: String,
    /// Whether the `/sandbox/*` control routes (simulated customer, expiry, faults) are on.
    pub controls: bool,
    pub catalogue: wct_api::Catalogue,
    /// Seed of the deterministic rate drift.
    pub rate_seed: u64,
    /// How the open points of the upstream contract are answered at start
    /// (`/sandbox/quirks` changes them at run time). [`Quirks::default`] is the usual shape.
    pub quirks: Quirks,
    /// How long a refund stays requested before it completes (the customer choosing how to
    /// be refunded); `POST /sandbox/refunds/complete` completes them at once.
    pub refund_delay_ms: u64,
}

/// A refund completes this long after it was requested, unless configured otherwise.
pub const DEFAULT_REFUND_DELAY_MS: u64 = 2_000;

/// The terminal of [`Config::for_tests`].
pub const TEST_KEY: &str = "sandbox-test-key";
/// The secret of [`Config::for_tests`]'s terminal (a test fixture, not a real credential).
pub const TEST_SECRET: &str = "sandbox-test-secret";

impl Config {
    /// Port 0 on loopback, an in-memory database, 5-second quotes, fast retries (20 ms
    /// doubling to 200 ms), refunds completing at the watcher's next round, controls on, one
    /// terminal [`TEST_KEY`]/[`TEST_SECRET`].
    pub fn for_tests() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            terminals: vec![Terminal {
                key: TEST_KEY.into(),
                secret: ApiSecret::new(TEST_SECRET),
            }],
            quote_secs: 5,
            retry_base_ms: 20,
            retry_max_ms: 200,
            database_url: "sqlite::memory:".into(),
            controls: true,
            catalogue: wct_api::Catalogue::default(),
            rate_seed: 42,
            quirks: Quirks::default(),
            refund_delay_ms: 0,
        }
    }

    /// Reads `WCT_SANDBOX_*`. Without `WCT_SANDBOX_TERMINALS`, one random terminal is made up.
    pub fn from_env() -> Result<Self, SandboxError> {
        Self::from_env_reporting().map(|(config, _)| config)
    }

    /// Like [`Config::from_env`], also saying whether the terminal was made up (so the binary
    /// can print it once).
    pub fn from_env_reporting() -> Result<(Self, bool), SandboxError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<(Self, bool), SandboxError> {
        fn bad(var: &'static str, reason: impl Into<String>) -> SandboxError {
            SandboxError::Config {
                var,
                reason: reason.into(),
            }
        }
        let number = |name: &'static str, default: u64| -> Result<u64, SandboxError> {
            var(name).map_or(Ok(default), |v| {
                v.trim()
                    .parse()
                    .map_err(|_| bad(name, format!("{v:?} is not a whole number")))
            })
        };
        let bind = var("WCT_SANDBOX_BIND")
            .unwrap_or_else(|| "127.0.0.1:8090".into())
            .parse()
            .map_err(|_| bad("WCT_SANDBOX_BIND", "use host:port, e.g. 127.0.0.1:8090"))?;
        let (terminals, generated) = match var("WCT_SANDBOX_TERMINALS") {
            Some(list) => (
                parse_terminals(&list).map_err(|r| bad("WCT_SANDBOX_TERMINALS", r))?,
                false,
            ),
            None => (vec![random_terminal()], true),
        };
        let quote_secs = number("WCT_SANDBOX_QUOTE_SECS", 900)?;
        if quote_secs == 0 {
            return Err(bad(
                "WCT_SANDBOX_QUOTE_SECS",
                "a quote must last at least 1 second",
            ));
        }
        let retry_base_ms = number("WCT_SANDBOX_RETRY_BASE_MS", 1_000)?.max(1);
        let retry_max_ms = number("WCT_SANDBOX_RETRY_MAX_MS", 60_000)?.max(retry_base_ms);
        let controls = match var("WCT_SANDBOX_CONTROLS").map(|v| v.trim().to_ascii_lowercase()) {
            None => true,
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => true,
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => false,
            Some(v) => {
                return Err(bad(
                    "WCT_SANDBOX_CONTROLS",
                    format!("{v:?} is not true or false"),
                ))
            }
        };
        let quirks = var("WCT_SANDBOX_QUIRKS")
            .map_or(Ok(Quirks::default()), |v| v.parse())
            .map_err(|e| bad("WCT_SANDBOX_QUIRKS", e.to_string()))?;
        let config = Self {
            bind,
            terminals,
            quote_secs,
            retry_base_ms,
            retry_max_ms,
            database_url: var("WCT_SANDBOX_DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/sandbox.db?mode=rwc".into()),
            controls,
            catalogue: wct_api::Catalogue::default(),
            rate_seed: number("WCT_SANDBOX_RATE_SEED", 1)?,
            quirks,
            refund_delay_ms: number("WCT_SANDBOX_REFUND_DELAY_MS", DEFAULT_REFUND_DELAY_MS)?,
        };
        Ok((config, generated))
    }
}

/// `key:secret,key2:secret2`.
fn parse_terminals(list: &str) -> Result<Vec<Terminal>, String> {
    let terminals = list
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|pair| match pair.trim().split_once(':') {
            Some((key, secret)) if !key.is_empty() && !secret.is_empty() => Ok(Terminal {
                key: key.into(),
                secret: ApiSecret::new(secret),
            }),
            _ => Err("each terminal is key:secret, separated by commas".to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if terminals.is_empty() {
        return Err("list at least one key:secret".into());
    }
    Ok(terminals)
}

fn random_terminal() -> Terminal {
    use rand::distributions::Alphanumeric;
    use rand::Rng;
    let mut rng = rand::thread_rng();
    let mut text = |n| -> String {
        (&mut rng)
            .sample_iter(&Alphanumeric)
            .take(n)
            .map(char::from)
            .collect()
    };
    Terminal {
        key: format!("T{}", text(11)),
        secret: ApiSecret::new(text(32)),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{var}: {reason}")]
    Config { var: &'static str, reason: String },
    #[error("database: {0}")]
    Database(#[source] sqlx::Error),
    #[error("database migrations: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("HTTP client: {0}")]
    Http(String),
}

/// The whole HTTP surface of a sandbox: `/healthz`, `/api/*` and, when enabled, `/sandbox/*`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/payment-pos/post", post(api::payments_create))
        .route("/payment-pos/getupdate", post(api::payments_getupdate))
        .route("/validate", post(api::credentials_validate))
        .route("/payment/refund", post(api::refunds_create))
        .layer(axum::middleware::from_fn_with_state(
            state.fault_slot(),
            faults::inject,
        ));
    let mut app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api", api);
    if state.config().controls {
        app = app.nest("/sandbox", controls::routes());
    }
    app.layer(DefaultBodyLimit::max(256 * 1024))
        .with_state(state)
}

/// A running sandbox. Dropping it stops the server and background tasks; [`Sandbox::shutdown`]
/// does so gracefully and closes the database.
pub struct Sandbox {
    pub addr: SocketAddr,
    state: AppState,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Sandbox {
    /// Root URL, e.g. `http://127.0.0.1:8090` (control routes live under `/sandbox/`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The upstream API base to give the proxy, e.g. `http://127.0.0.1:8090/api/`
    /// (paths such as `payment-pos/post` are relative to it).
    pub fn api_base(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting, lets in-flight requests finish (up to 5 s), stops the background
    /// tasks and closes the database. Undelivered postbacks stay queued for the next start.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for task in self.tasks.drain(..) {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        self.state.db().close().await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Creates the directory of a file database (`sqlite://data/sandbox.db` needs `data/`).
fn ensure_data_dir(url: &str) -> Result<(), SandboxError> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| SandboxError::DataDir {
                path: dir.display().to_string(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// Binds, migrates and starts serving in the background, with the quote watcher and the
/// postback worker.
pub async fn start(config: Config) -> Result<Sandbox, SandboxError> {
    ensure_data_dir(&config.database_url)?;
    let bind = config.bind;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| SandboxError::Bind { addr: bind, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { addr: bind, source })?;
    let state = AppState::new(config).await?;
    let (stop, stopped) = watch::channel(false);
    let app = router(state.clone());
    let mut server_stop = stopped.clone();
    let server = tokio::spawn(async move {
        let graceful = async move {
            let _ = server_stop.wait_for(|s| *s).await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(graceful)
            .await
        {
            tracing::error!(error = %e, "sandbox server stopped");
        }
    });
    let worker = tokio::spawn(postbacks::run_worker(state.clone(), stopped.clone()));
    let watcher = tokio::spawn(run_watcher(state.clone(), stopped));
    tracing::info!(%addr, "WCT Pay sandbox listening");
    Ok(Sandbox {
        addr,
        state,
        stop,
        tasks: vec![server, worker, watcher],
    })
}

/// Renews expired quotes of open payments (which queues their `posPriceUpdate`) and
/// completes due refunds, four times a second.
async fn run_watcher(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(e) = renew_expired_quotes(&state).await {
            tracing::error!(error = %e, "quote watcher");
        }
        if let Err(e) = complete_due_refunds(&state).await {
            tracing::error!(error = %e, "refund watcher");
        }
        tokio::select! {
            _ = stop.changed() => break,
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

/// Completes refunds whose time has come (queuing their postbacks).
async fn complete_due_refunds(state: &AppState) -> Result<(), error::ApiError> {
    let now = state::now_ms();
    let codes = {
        let mut conn = state.db().acquire().await?;
        payments::due_refunds(&mut conn, now).await?
    };
    for code in &codes {
        let mut tx = state.db().begin().await?;
        if let Some(mut snap) = payments::load(&mut tx, payments::Lookup::Code(code)).await? {
            payments::complete_refunds(&mut tx, &mut snap, Some(now), now).await?;
        }
        tx.commit().await?;
    }
    if !codes.is_empty() {
        state.wake_postbacks();
    }
    Ok(())
}

async fn renew_expired_quotes(state: &AppState) -> Result<(), error::ApiError> {
    let now = state::now_ms();
    let codes = {
        let mut conn = state.db().acquire().await?;
        payments::expired_quotes(&mut conn, now).await?
    };
    for code in &codes {
        let mut tx = state.db().begin().await?;
        if let Some(mut snap) = payments::load(&mut tx, payments::Lookup::Code(code)).await? {
            payments::requote_if_expired(&mut tx, state, &mut snap, now).await?;
        }
        tx.commit().await?;
    }
    if !codes.is_empty() {
        state.wake_postbacks();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(vars: &[(&str, &str)]) -> Result<(Config, bool), SandboxError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|name| map.get(name).cloned())
    }

    #[test]
    fn env_defaults() {
        let (c, generated) = from(&[]).unwrap();
        assert!(generated);
        assert_eq!(c.bind.to_string(), "127.0.0.1:8090");
        assert_eq!(
            (c.quote_secs, c.retry_base_ms, c.retry_max_ms),
            (900, 1000, 60_000)
        );
        assert_eq!(c.database_url, "sqlite://data/sandbox.db?mode=rwc");
        assert!(c.controls);
        assert_eq!(c.quirks, Quirks::default());
        assert_eq!(c.terminals.len(), 1);
        assert_eq!(c.terminals[0].secret.expose().len(), 32);
        assert_ne!(from(&[]).unwrap().0.terminals[0].key, c.terminals[0].key);
    }

    #[test]
    fn env_values_and_errors() {
        let (c, generated) = from(&[
            ("WCT_SANDBOX_TERMINALS", "k1:s1, k2:s:2"),
            ("WCT_SANDBOX_CONTROLS", "off"),
            ("WCT_SANDBOX_QUOTE_SECS", "3"),
            (
                "WCT_SANDBOX_QUIRKS",
                "expiry=remaining,omit=expires_at,price_postback=both",
            ),
        ])
        .unwrap();
        assert!(!generated && !c.controls);
        assert_eq!(c.quirks.expiry, ExpiryFormat::SecondsLeft);
        assert!(c.quirks.omit.expires_at && !c.quirks.omit.exchange_rate);
        assert_eq!(c.quirks.price_postback, PriceUpdateTarget::Both);
        assert_eq!(c.quote_secs, 3);
        assert_eq!(c.terminals[1].key, "k2");
        assert_eq!(c.terminals[1].secret.expose(), "s:2");
        for (var, value) in [
            ("WCT_SANDBOX_TERMINALS", "nosecret"),
            ("WCT_SANDBOX_TERMINALS", ""),
            ("WCT_SANDBOX_QUOTE_SECS", "0"),
            ("WCT_SANDBOX_RETRY_BASE_MS", "1.5"),
            ("WCT_SANDBOX_CONTROLS", "maybe"),
            ("WCT_SANDBOX_BIND", "localhost"),
            ("WCT_SANDBOX_QUIRKS", "expiry=minutes"),
        ] {
            let err = from(&[(var, value)]).unwrap_err().to_string();
            assert!(err.starts_with(var), "{err}");
        }
    }

    #[test]
    fn secrets_never_print() {
        let c = Config::for_tests();
        assert!(!format!("{c:?}").contains(TEST_SECRET));
    }
}
