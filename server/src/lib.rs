//! `wct-pos-server`: the signing proxy. The only process that holds the WCT API secret; it
//! serves the app, gives it a small safe API, takes the upstream's postbacks as nudges and
//! keeps open payments reconciled. `start(config)` runs everything in-process (main, the e2e
//! suite and the benches use it); `app(state)` is the one place the router is built.
//!
//! This file is wiring only: the folders, the shared [`AppState`] (each field the type of
//! the folder that owns it), `start` as a list of steps each owned by a folder, and `app`
//! merging the features' routes behind the edge. Imports point one way: the features
//! (`payments`, `refunds`, `reports`, `devices`, `purge`) → the edge (`http`) → `upstream` →
//! `store` → `config` and `util`; see the README's "Repository layout".

pub mod config;
pub mod devices;
pub mod http;
pub mod payments;
pub mod products;
pub mod purge;
pub mod refunds;
pub mod reports;
pub mod store;
pub mod upstream;
pub mod util;

use std::net::SocketAddr;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{any, get};
use axum::Router;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use wct_api::Catalogue;

pub use config::{Config, TerminalSpec, TEST_TOKEN};
pub use http::log::redact_uri;

use crate::payments::state::{
    Budget, Coalescer, EventBus, PaymentLocks, PostbackTokens, RateLimiter,
};
use crate::store::writer::Writer;
use crate::store::Db;
use crate::upstream::Upstream;
use crate::util::now_ms;

/// What every handler and background task shares; each field is the owning folder's type.
pub struct Inner {
    pub db: Db,
    pub upstream: Upstream,
    pub catalogue: Catalogue,
    pub public_url: String,
    pub merchant: String,
    /// Root URL of the embedded sandbox (sandbox mode only).
    pub sandbox_url: Option<String>,
    pub events: Arc<EventBus>,
    pub postback_tokens: PostbackTokens,
    /// The terminals this process started with, by token hash: no read per request.
    pub terminal_tokens: crate::devices::TerminalTokens,
    /// The reconciler's getupdate budget.
    pub reconcile_budget: Budget,
    /// Postback nudges, coalesced per payment.
    pub nudges: Coalescer,
    /// The bearer token of `/metrics` (none: no metrics route).
    pub metrics_token: Option<String>,
    /// The one writer of the request path (group commit).
    pub writer: crate::store::writer::Writer,
    /// Several instances share the database (Postgres): events reach live streams through
    /// `payments::events::relay` (LISTEN/NOTIFY) rather than straight from the writer.
    pub shared_events: bool,
    pub locks: PaymentLocks,
    pub limiter: RateLimiter,
    /// How upstream answers are checked against their orders.
    pub policy: wct_api::verify::Policy,
    /// When payments are re-checked.
    pub schedule: crate::payments::reconcile::Schedule,
    /// When the reconciler last finished a round (Unix ms): `/healthz` reads it.
    pub reconciler_beat: AtomicI64,
    pub shutdown: CancellationToken,
    /// The app's build directory (Trunk's `dist/`).
    pub dist: std::path::PathBuf,
    /// Caps on open event streams, and their lifetime.
    pub streams: crate::http::serve::StreamLimits,
    /// How many postback bodies are kept, and for how long.
    pub postback_retention: crate::store::PostbackRetention,
    /// Failed terminal-token attempts per client address.
    pub auth_throttle: crate::http::throttle::AuthThrottle,
    /// One upstream refresh per payment per window.
    pub refreshes: crate::http::throttle::RefreshGate,
    /// Public payment lookups per client address.
    pub public_lookups: crate::http::throttle::LookupLimiter,
    /// The upstream is a sandbox (embedded, or configured and declared with
    /// `WCT_POS_SANDBOX`): every view says so, and no real money may be sent.
    pub sandbox: bool,
    /// Pairing codes, the exchange limiter and the open streams of paired devices.
    pub devices: crate::devices::Devices,
    /// The manager PIN and how its attempts are limited (counted in the database).
    pub manager_pin: crate::refunds::pin::ManagerPin,
    /// How long a refund whose answer was lost may wait for the upstream's totals to move
    /// before it counts as never made (`WCT_POS_REFUND_SETTLE_SECS`), in ms.
    pub refund_settle_ms: i64,
    /// The stores' settings, kept in memory when this process alone writes the database.
    pub settings_cache: crate::reports::SettingsCache,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl http::metrics::MetricsSource for AppState {
    fn metrics_token(&self) -> Option<&str> {
        self.metrics_token.as_deref()
    }
    fn open_streams(&self) -> usize {
        self.streams.open()
    }
    fn reconciler_beat(&self) -> i64 {
        self.reconciler_beat
            .load(std::sync::atomic::Ordering::Acquire)
    }
}

const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot read the catalogue {path}: {reason}")]
    Catalogue { path: PathBuf, reason: String },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the embedded sandbox did not start: {0}")]
    Sandbox(#[from] wct_sandbox::SandboxError),
    #[error("WCT_API_BASE is set, so WCT_API_KEY and WCT_API_SECRET must be set too")]
    MissingCredentials,
    #[error("WCT Pay refused the API key and secret ({0}); check WCT_API_KEY and WCT_API_SECRET")]
    BadCredentials(String),
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error(
        "refusing to run the embedded sandbox at {0}: that is not a loopback or private \
         address, and the sandbox's payment addresses belong to nobody, so a customer could \
         send real funds to them. Set WCT_API_BASE, WCT_API_KEY and WCT_API_SECRET to use \
         WCT Pay, or WCT_POS_SANDBOX=1 if this is meant to be a public test deployment"
    )]
    PublicSandbox(String),
    #[error("TLS: {0}")]
    Tls(#[from] http::tls::TlsError),
    #[error(
        "WCT_POS_PUBLIC_URL is {0}, but WCT_POS_TLS serves HTTPS: the public URL must start \
         with https:// (tablets open it, and pairing QR codes carry it)"
    )]
    PlainPublicUrl(String),
}

/// A running proxy (and its embedded sandbox, in sandbox mode).
pub struct Running {
    pub addr: SocketAddr,
    pub public_url: String,
    pub sandbox: Option<wct_sandbox::Sandbox>,
    /// Active terminals as `(name, token)`.
    pub terminals: Vec<(String, String)>,
    state: AppState,
    server: JoinHandle<()>,
    reconciler: JoinHandle<()>,
    relay: Option<JoinHandle<()>>,
    purger: JoinHandle<()>,
    sweeper: JoinHandle<()>,
    /// HTTPS, when `WCT_POS_TLS` is on.
    tls: Option<Arc<http::tls::Tls>>,
    /// The plain-HTTP listener beside HTTPS (`WCT_POS_HTTP_BIND`): redirects and /setup.
    pub http_addr: Option<SocketAddr>,
    http_server: Option<JoinHandle<()>>,
}

impl Running {
    /// `http://addr`, or `https://addr` with TLS.
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// The TLS side (certificate served, renewal), when `WCT_POS_TLS` is on.
    pub fn tls(&self) -> Option<&http::tls::Tls> {
        self.tls.as_deref()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting, ends event streams, lets requests finish (up to 10 s), stops the
    /// reconciler and the embedded sandbox, closes the database.
    pub async fn shutdown(self) {
        self.state.shutdown.cancel();
        let abort = self.server.abort_handle();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.server)
            .await
            .is_err()
        {
            tracing::warn!("requests still running after the grace period; closing them");
            abort.abort();
        }
        if let Some(http) = self.http_server {
            let _ = tokio::time::timeout(SHUTDOWN_GRACE, http).await;
        }
        if let Some(tls) = &self.tls {
            tls.abort();
        }
        let _ = self.reconciler.await;
        let _ = self.purger.await;
        let _ = self.sweeper.await;
        if let Some(relay) = self.relay {
            let _ = relay.await;
        }
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await;
        }
        self.state.db.close().await;
    }
}

/// Binds, migrates, starts the embedded sandbox if no upstream is configured, checks the
/// credentials, then serves and reconciles in the background.
pub async fn start(config: Config) -> Result<Running, StartError> {
    let started_ms = now_ms();
    let _ = http::metrics::handle();
    let max_connections = http::listen::connection_cap(&config);
    let catalogue = payments::catalogue::load(config.catalogue.as_ref())?;
    let db = store::connect(&config.database_url).await?;
    let terminals = devices::prepare_terminals(&db, &config.terminals).await?;
    let shutdown = CancellationToken::new();
    // A start that fails from here on stops what TLS began (an ACME order, a file watcher).
    let stop_on_error = shutdown.clone().drop_guard();
    let listeners = http::listen::bind(&config, shutdown.clone()).await?;
    let (addr, public_url, tls) = (
        listeners.addr,
        listeners.public_url.clone(),
        listeners.tls.clone(),
    );
    let writer = Writer::start(db.clone());
    let upstream::start::Connected {
        upstream,
        sandbox,
        timeout,
    } = upstream::start::connect(&config, &db, &catalogue, &public_url, writer.clone()).await?;
    let shared_events = store::is_postgres(&db);
    // The relay starts from what is committed now; streams read anything older themselves.
    let relay_from = store::max_seq(&db).await?;
    let parts = Parts {
        db,
        upstream,
        catalogue,
        writer,
        public_url: public_url.clone(),
        sandbox_url: sandbox.as_ref().map(|s| s.base_url()),
        terminals: &terminals,
        shutdown: &shutdown,
        started_ms,
        shared_events,
    };
    let state = shared_state(&config, parts);
    // `wct-pos-server pair` shows the URL this server is reached at.
    store::set_setting(&state.db, devices::PUBLIC_URL_SETTING, &public_url).await?;
    let servers = http::listen::spawn(
        listeners,
        app(state.clone()),
        &config,
        max_connections,
        &shutdown,
    );
    let relay = shared_events.then(|| {
        tokio::spawn(payments::events::relay(
            state.clone(),
            config.database_url.clone(),
            relay_from,
        ))
    });
    let reconciler = tokio::spawn(payments::reconcile::run(state.clone(), started_ms, timeout));
    let purger = tokio::spawn(purge::run(state.clone(), config.personal_data_days));
    let sweeper = tokio::spawn(devices::sweep(state.clone()));
    stop_on_error.disarm();
    tracing::info!(%addr, %public_url, tls = ?config.tls, "wct-pos proxy listening");
    if let Some(http) = servers.http_addr {
        tracing::info!(%http, "plain HTTP: redirects to the public URL (and /setup with a local CA)");
    }
    Ok(Running {
        tls,
        http_addr: servers.http_addr,
        http_server: servers.http_server,
        addr,
        public_url,
        sandbox,
        terminals: terminals.into_iter().map(|t| (t.name, t.token)).collect(),
        state,
        server: servers.server,
        reconciler,
        relay,
        purger,
        sweeper,
    })
}

/// What `start` made before the shared state.
struct Parts<'a> {
    db: Db,
    upstream: Upstream,
    catalogue: Catalogue,
    writer: Writer,
    public_url: String,
    sandbox_url: Option<String>,
    terminals: &'a [store::Terminal],
    shutdown: &'a CancellationToken,
    started_ms: i64,
    shared_events: bool,
}

/// The shared state: each folder's part, from the configuration.
fn shared_state(config: &Config, parts: Parts<'_>) -> AppState {
    let Parts {
        db,
        upstream,
        catalogue,
        writer,
        public_url,
        sandbox_url,
        terminals,
        shutdown,
        started_ms,
        shared_events,
    } = parts;
    let embedded = sandbox_url.is_some();
    AppState(Arc::new(Inner {
        db,
        upstream,
        catalogue,
        public_url,
        merchant: config.merchant.clone(),
        sandbox_url,
        events: Arc::new(payments::state::EventBus::default()),
        writer,
        postback_tokens: payments::state::PostbackTokens::default(),
        terminal_tokens: devices::TerminalTokens::new(terminals),
        reconcile_budget: payments::state::Budget::per_second(config.reconcile_budget),
        nudges: payments::state::Coalescer::new(Duration::from_millis(config.nudge_interval_ms)),
        metrics_token: config.metrics_token.clone(),
        shared_events,
        locks: PaymentLocks::default(),
        limiter: RateLimiter::new(config.create_rate),
        policy: wct_api::verify::Policy {
            rate_tolerance_bp: config.quote_tolerance_bp,
            ..wct_api::verify::Policy::default()
        },
        schedule: payments::reconcile::Schedule {
            every_ms: i64::try_from(config.reconcile_secs.max(1) * 1000).unwrap_or(15_000),
            late_watch_ms: i64::try_from(config.late_watch_hours.saturating_mul(3_600_000))
                .unwrap_or(i64::MAX),
        },
        reconciler_beat: AtomicI64::new(started_ms),
        shutdown: shutdown.clone(),
        dist: config.dist.clone(),
        streams: http::serve::StreamLimits::new(
            config.max_streams,
            config.max_public_streams_per_ip,
            config.max_public_streams_per_code,
            config.max_streams_per_terminal,
            Duration::from_secs(config.stream_lifetime_secs.max(1)),
        ),
        postback_retention: store::PostbackRetention {
            per_payment: i64::from(config.postbacks_per_payment),
            max_age_ms: i64::from(config.postback_retention_days) * 86_400_000,
        },
        auth_throttle: http::throttle::AuthThrottle::new(http::throttle::AuthPolicy::of(config)),
        refreshes: http::throttle::RefreshGate::new(Duration::from_millis(
            config.refresh_interval_ms,
        )),
        public_lookups: http::throttle::LookupLimiter::new(http::throttle::LookupPolicy::of(
            config,
        )),
        sandbox: embedded || config.sandbox,
        devices: devices::Devices::new(
            Duration::from_secs(config.pairing_code_secs.max(1)),
            config.pair_attempts_per_minute,
            config.max_devices_per_terminal,
        ),
        manager_pin: refunds::pin::ManagerPin {
            hash: config.manager_pin_hash.clone(),
            policy: refunds::pin::PinPolicy::of(config),
        },
        // Never shorter than two upstream timeouts: a request the proxy gave up on may still
        // be taking effect upstream meanwhile.
        refund_settle_ms: i64::try_from(
            config
                .refund_settle_secs
                .saturating_mul(1000)
                .max(config.upstream_timeout_ms.saturating_mul(2)),
        )
        .unwrap_or(i64::MAX),
        settings_cache: reports::SettingsCache::new(!shared_events),
    }))
}

/// The whole HTTP surface, built in one place for `start` and tests: the features' routes
/// behind the edge.
pub fn app(state: AppState) -> Router {
    let http::web::StaticApp {
        router: static_files,
        csp,
        stylesheet,
    } = http::web::static_app(&state.dist, &[payments::public_page::script_hash()]);
    let page = payments::public_page::PageAssets { stylesheet };
    let json_api = Router::new()
        .merge(payments::routes())
        .merge(refunds::routes())
        .merge(devices::routes())
        .merge(reports::routes())
        .merge(products::router())
        .merge(payments::public_page::router(page))
        .route("/api/{*rest}", any(http::error::api_not_found))
        .route("/metrics", get(http::metrics::metrics_show::<AppState>))
        .layer(DefaultBodyLimit::max(http::extract::JSON_LIMIT));
    let routes = http::timed(json_api.merge(payments::postback_routes()))
        .merge(payments::stream_routes())
        .route_layer(middleware::from_fn(http::metrics::track))
        .with_state(state);
    http::edge(routes, static_files, &csp)
}
