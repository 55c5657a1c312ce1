//! `wct-pos-server`: the signing proxy. The only process that holds the WCT API secret; it
//! serves the app, gives it a small safe API, takes the upstream's postbacks as nudges and
//! keeps open payments reconciled. `start(config)` runs everything in-process (main, the e2e
//! suite and the benches use it); `app(state)` is the one place the router is built.

pub mod config;
pub mod devices;
pub mod http;
pub mod payments;
pub mod purge;
pub mod refunds;
pub mod reports;
pub mod store;
pub mod upstream;
pub mod util;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode, Uri};
use axum::middleware;
use axum::routing::{any, get, post};
use axum::Router;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use wct_api::sign::ApiSecret;
use wct_api::Catalogue;

pub use config::{Config, TerminalSpec, TEST_TOKEN};

use std::ops::Deref;
use std::sync::atomic::AtomicI64;

use crate::payments::state::{
    Budget, Coalescer, EventBus, PaymentLocks, PostbackTokens, RateLimiter,
};
use crate::store::Db;
use crate::upstream::{Upstream, UpstreamError};
use crate::util::{now_ms, random_token};

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
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Requests other than event streams must finish within this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
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

fn load_catalogue(path: Option<&PathBuf>) -> Result<Catalogue, StartError> {
    let Some(path) = path else {
        return Ok(Catalogue::default());
    };
    let fail = |reason: String| StartError::Catalogue {
        path: path.clone(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    toml::from_str(&text).map_err(|e| fail(e.to_string()))
}

/// Terminals from the configuration, or the ones stored; a first start with none creates
/// "Counter 1".
async fn prepare_terminals(
    db: &store::Db,
    specs: &[TerminalSpec],
) -> Result<Vec<store::Terminal>, sqlx::Error> {
    if !specs.is_empty() {
        store::sync_terminals(db, specs).await?;
    } else if store::active_terminals(db).await?.is_empty() {
        store::create_terminal(db, "Counter 1").await?;
        tracing::info!("created terminal \"Counter 1\"");
    }
    store::active_terminals(db).await
}

/// The embedded sandbox's key and secret: the configured ones, else generated once and kept
/// in the database so a restart (and the sandbox's stored payments) keep working.
async fn sandbox_credentials(
    db: &store::Db,
    config: &Config,
) -> Result<(String, ApiSecret), sqlx::Error> {
    if let (Some(key), Some(secret)) = (&config.api_key, &config.api_secret) {
        return Ok((key.clone(), secret.clone()));
    }
    let key = store::setting(db, "sandbox_key").await?;
    let secret = store::setting(db, "sandbox_secret").await?;
    if let (Some(key), Some(secret)) = (key, secret) {
        return Ok((key, ApiSecret::new(secret)));
    }
    let (key, secret) = (format!("sandbox-{}", random_token(12)), random_token(40));
    store::set_setting(db, "sandbox_key", &key).await?;
    store::set_setting(db, "sandbox_secret", &secret).await?;
    Ok((key, ApiSecret::new(secret)))
}

fn public_url_for(config: &Config, addr: SocketAddr) -> String {
    if let Some(url) = &config.public_url {
        return url.trim_end_matches('/').to_string();
    }
    // Postbacks must reach us: a wildcard bind is reached on loopback.
    let host = if addr.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], addr.port()))
    } else {
        addr
    };
    let port = |default: u16| {
        if addr.port() == default {
            String::new()
        } else {
            format!(":{}", addr.port())
        }
    };
    match config.tls {
        http::tls::TlsMode::Off => format!("http://{host}"),
        http::tls::TlsMode::Files => format!("https://{host}"),
        http::tls::TlsMode::Acme => match config.tls_domains.first() {
            Some(domain) => format!("https://{domain}{}", port(443)),
            None => format!("https://{host}"),
        },
        // The address tablets on the LAN reach: the bound one, else the first LAN address.
        http::tls::TlsMode::Local => {
            let lan = if addr.ip().is_unspecified() {
                http::tls::local::server_names(&config.tls_domains, None)
                    .into_iter()
                    .filter_map(|name| name.parse::<std::net::IpAddr>().ok())
                    .find(|ip| ip.is_ipv4() && !ip.is_loopback())
            } else {
                Some(addr.ip())
            };
            match lan {
                Some(ip) => format!("https://{}", SocketAddr::new(ip, addr.port())),
                None => format!("https://{host}"),
            }
        }
    }
}

/// The host of a URL, without port or brackets.
fn url_host(url: &str) -> Option<String> {
    reqwest::Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_string())
}

/// Binds, migrates, starts the embedded sandbox if no upstream is configured, checks the
/// credentials, then serves and reconciles in the background.
pub async fn start(config: Config) -> Result<Running, StartError> {
    let started_ms = now_ms();
    let _ = http::metrics::handle();
    let open_files = http::serve::raise_open_file_limit();
    let max_connections = http::serve::fit_connection_cap(config.max_connections, open_files);
    match open_files {
        Some(limit) => tracing::info!(open_files = limit, max_connections, "open-file limit"),
        None => tracing::warn!("cannot read the open-file limit"),
    }
    if max_connections < config.max_connections {
        tracing::warn!(
            configured = config.max_connections,
            max_connections,
            "WCT_POS_MAX_CONNECTIONS lowered to fit the open-file limit"
        );
    }
    let catalogue = load_catalogue(config.catalogue.as_ref())?;
    let db = store::connect(&config.database_url).await?;
    let terminals = prepare_terminals(&db, &config.terminals).await?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.bind,
        source,
    })?;
    let public_url = public_url_for(&config, addr);
    if config.tls != http::tls::TlsMode::Off && !public_url.starts_with("https://") {
        return Err(StartError::PlainPublicUrl(public_url));
    }
    let shutdown = CancellationToken::new();
    // A start that fails from here on stops what TLS began (an ACME order, a file watcher).
    let stop_on_error = shutdown.clone().drop_guard();
    let tls = http::tls::Tls::start(&config, url_host(&public_url), shutdown.clone())
        .await?
        .map(Arc::new);
    if config.http_bind.is_some() && tls.is_none() {
        tracing::warn!(
            "WCT_POS_HTTP_BIND is ignored: it redirects to HTTPS, and WCT_POS_TLS is off"
        );
    }
    let http_listener = match config.http_bind.filter(|_| tls.is_some()) {
        Some(bind) => Some(
            tokio::net::TcpListener::bind(bind)
                .await
                .map_err(|source| StartError::Bind { addr: bind, source })?,
        ),
        None => None,
    };

    let (base, key, secret, sandbox) = match &config.api_base {
        Some(base) => match (&config.api_key, &config.api_secret) {
            (Some(key), Some(secret)) => (base.clone(), key.clone(), secret.clone(), None),
            _ => return Err(StartError::MissingCredentials),
        },
        None => {
            if !config::is_private_url(&public_url) {
                if !config.sandbox {
                    return Err(StartError::PublicSandbox(public_url));
                }
                tracing::warn!(
                    %public_url,
                    "WCT_POS_SANDBOX is set: the embedded sandbox serves a public URL; its \
                     payment addresses are not real"
                );
            }
            let (key, secret) = sandbox_credentials(&db, &config).await?;
            let sandbox = wct_sandbox::start(wct_sandbox::Config {
                bind: config.sandbox_bind,
                terminals: vec![wct_sandbox::Terminal {
                    key: key.clone(),
                    secret: secret.clone(),
                }],
                quote_secs: config.quote_secs,
                retry_base_ms: config.sandbox_retry_base_ms,
                retry_max_ms: config.sandbox_retry_max_ms,
                database_url: config.sandbox_database_url(),
                controls: true,
                catalogue: catalogue.clone(),
                rate_seed: 7,
                quirks: wct_sandbox::Quirks::default(),
                refund_delay_ms: config.sandbox_refund_delay_ms,
            })
            .await?;
            tracing::info!(url = %sandbox.base_url(), "embedded sandbox started");
            (sandbox.api_base(), key, secret, Some(sandbox))
        }
    };
    let timeout = Duration::from_millis(config.upstream_timeout_ms.max(1));
    let writer = store::writer::Writer::start(db.clone());
    let upstream = Upstream::new(
        &base,
        key,
        secret,
        timeout,
        writer.clone(),
        config.upstream_concurrency,
    )?;
    match upstream.validate().await {
        Ok(()) => tracing::info!(upstream = %base, "upstream credentials accepted"),
        Err(UpstreamError::Rejected(reason)) => {
            tracing::error!(upstream = %base, %reason, "upstream refused the credentials");
            if let Some(sandbox) = sandbox {
                sandbox.shutdown().await;
            }
            return Err(StartError::BadCredentials(reason));
        }
        Err(e) => tracing::warn!(
            upstream = %base, error = %e,
            "cannot check the credentials now; payments will fail until the upstream answers"
        ),
    }

    let shared_events = store::is_postgres(&db);
    // The relay starts from what is committed now; streams read anything older themselves.
    let relay_from = store::max_seq(&db).await?;
    let state = AppState(Arc::new(Inner {
        db,
        upstream,
        catalogue,
        public_url: public_url.clone(),
        merchant: config.merchant.clone(),
        sandbox_url: sandbox.as_ref().map(|s| s.base_url()),
        events: Arc::new(payments::state::EventBus::default()),
        writer,
        postback_tokens: payments::state::PostbackTokens::default(),
        terminal_tokens: devices::TerminalTokens::new(&terminals),
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
        reconciler_beat: std::sync::atomic::AtomicI64::new(started_ms),
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
        auth_throttle: http::throttle::AuthThrottle::new(http::throttle::AuthPolicy::of(&config)),
        refreshes: http::throttle::RefreshGate::new(Duration::from_millis(
            config.refresh_interval_ms,
        )),
        public_lookups: http::throttle::LookupLimiter::new(http::throttle::LookupPolicy::of(
            &config,
        )),
        sandbox: sandbox.is_some() || config.sandbox,
        devices: devices::Devices::new(
            Duration::from_secs(config.pairing_code_secs.max(1)),
            config.pair_attempts_per_minute,
            config.max_devices_per_terminal,
        ),
        manager_pin: refunds::pin::ManagerPin {
            hash: config.manager_pin_hash.clone(),
            policy: refunds::pin::PinPolicy::of(&config),
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
    }));
    // `wct-pos-server pair` shows the URL this server is reached at.
    store::set_setting(&state.db, devices::PUBLIC_URL_SETTING, &public_url).await?;

    let router = app(state.clone());
    let limits = http::serve::ConnLimits {
        header_timeout: Duration::from_millis(config.header_timeout_ms.max(1)),
        idle_timeout: Duration::from_millis(config.idle_timeout_ms.max(1)),
        max_connections,
        max_connections_per_ip: config.max_connections_per_ip,
        h2_max_streams: config.h2_max_streams.max(1),
    };
    let edge = http::serve::Edge {
        tls: tls.as_ref().map(|t| t.acceptor.clone()),
        proxies: Arc::new(http::serve::TrustedProxies::new(
            config.trusted_proxies.clone(),
        )),
    };
    let setup = tls
        .as_ref()
        .and_then(|t| t.local_ca.clone())
        .map(|ca| http::web::SetupPage::new(ca, &public_url, http_listener.as_ref()));
    let router = match &setup {
        Some(setup) => router.merge(http::web::setup_routes(setup.clone())),
        None => router,
    };
    let mut http_addr = None;
    let http_server = match http_listener {
        Some(listener) => {
            http_addr = listener.local_addr().ok();
            let plain = http::web::plain_http_app(&public_url, setup.clone());
            let edge = http::serve::Edge {
                tls: None,
                proxies: edge.proxies.clone(),
            };
            Some(tokio::spawn(http::serve::serve(
                listener,
                plain,
                limits.clone(),
                edge,
                state.shutdown.clone(),
            )))
        }
        None => None,
    };
    let server = tokio::spawn(http::serve::serve(
        listener,
        router,
        limits,
        edge,
        state.shutdown.clone(),
    ));
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
    if let Some(http) = http_addr {
        tracing::info!(%http, "plain HTTP: redirects to the public URL (and /setup with a local CA)");
    }
    Ok(Running {
        tls,
        http_addr,
        http_server,
        addr,
        public_url,
        sandbox,
        terminals: terminals.into_iter().map(|t| (t.name, t.token)).collect(),
        state,
        server,
        reconciler,
        relay,
        purger,
        sweeper,
    })
}

/// The whole HTTP surface, built in one place for `start` and tests.
pub fn app(state: AppState) -> Router {
    use crate::payments::handlers::*;
    let http::web::StaticApp {
        router: static_files,
        csp,
        stylesheet,
    } = http::web::static_app(&state.dist, &[payments::public_page::script_hash()]);
    let json_api = Router::new()
        .route("/api/payments", get(payments_index).post(payments_create))
        .route("/api/payments/{id}", get(payments_show))
        .route("/api/payments/{id}/refresh", post(payments_refresh))
        .route("/api/payments/{id}/cancel", post(payments_cancel))
        .route(
            "/api/payments/{id}/keep",
            post(payments::handlers::payments_keep),
        )
        .route("/api/payments/{id}/refunds", post(refunds::refunds_create))
        .route("/api/assets", get(assets_index))
        .route("/api/terminal", get(devices::session::terminal_show))
        .route("/api/session", post(devices::session::session_open))
        .route("/api/pair", post(devices::pair_exchange))
        .route("/api/devices", get(devices::devices_index))
        .route(
            "/api/devices/pairing-codes",
            get(devices::pairing_codes_index).post(devices::pairing_codes_create),
        )
        .route(
            "/api/devices/pairing-codes/{id}/cancel",
            post(devices::pairing_codes_cancel),
        )
        .route("/api/devices/{id}/revoke", post(devices::devices_revoke))
        .route(
            "/api/public/payments/{code}",
            get(payments::public::public_payments_show),
        )
        .route("/api/sandbox/pay", post(sandbox_pay))
        .route(
            "/api/settings/store",
            get(reports::settings_show)
                .put(reports::settings_update)
                .post(reports::settings_update),
        )
        .route("/api/reports/daily", get(reports::reports_daily))
        .route(
            "/api/public/receipts/{code}",
            get(payments::public::public_receipt_show),
        )
        .route("/api/{*rest}", any(api_not_found))
        .merge(payments::public_page::router(
            payments::public_page::PageAssets { stylesheet },
        ))
        .route("/healthz", get(healthz))
        .route("/metrics", get(http::metrics::metrics_show))
        .layer(DefaultBodyLimit::max(http::extract::JSON_LIMIT));
    let postbacks = Router::new()
        .route("/postback/{token}", post(payments::postbacks::receive))
        .route(
            "/postback/price/{token}",
            post(payments::postbacks::receive),
        )
        .layer(DefaultBodyLimit::max(http::extract::POSTBACK_LIMIT));
    // Event streams live as long as the client stays: no request timeout on them.
    let streams = Router::new()
        .route("/api/events", get(terminal_events))
        .route("/api/payments/{id}/events", get(payment_events))
        .route(
            "/api/public/payments/{code}/events",
            get(payments::public::public_payment_events),
        );
    // Compression on everything but the event streams (never compressed: an encoder would
    // hold events back). Its response body is boxed for the response's life and, with a
    // Brotli encoder's state inline, weighs about 6 KiB even when it compresses nothing: on
    // 10,000 open streams that was 57 MiB.
    let timed = json_api
        .merge(postbacks)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CompressionLayer::new());
    let static_files = static_files.layer(CompressionLayer::new());
    let csp = HeaderValue::from_str(&csp)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    // Outermost first: the request id is checked and exists before the trace span reads it.
    let layers = ServiceBuilder::new()
        .map_request(http::serve::sanitize_request_id)
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(middleware::from_fn(http::serve::no_store_on_api))
        .layer(middleware::from_fn(http::serve::refuse_large_bodies))
        .layer(middleware::from_fn(http::valid::refuse_unclean));
    timed
        .merge(streams)
        .route_layer(middleware::from_fn(http::metrics::track))
        .with_state(state)
        .fallback_service(static_files)
        .layer(layers)
}

fn request_span(request: &Request<Body>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // The client as believed: a trusted proxy's X-Forwarded-For, else the socket's peer.
    let client = request.extensions().get::<http::serve::ClientAddr>();
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %redact_uri(request.uri()),
        request_id = %id,
        client = %client.map_or_else(|| "-".to_string(), |c| c.ip.to_string()),
        https = client.is_some_and(|c| c.https),
    )
}

/// The URI as logged. Only short numbers and state names are shown from the query; any
/// other parameter is hidden, its name too unless it is a known one, so a token sent under
/// any name, case or encoding (`access_token`, `access%5Ftoken`, `ACCESS_TOKEN`, the app's
/// `/pair?token=`, a bare `?<token>`) never reaches a log line. Postback tokens in the path
/// are hidden too.
pub fn redact_uri(uri: &Uri) -> String {
    let path = redact_path(uri.path());
    let Some(query) = uri.query() else {
        return path;
    };
    let shown: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let short = value.len() <= 20;
            let shown = match key {
                "last_event_id" | "limit" => short && value.bytes().all(|b| b.is_ascii_digit()),
                "state" => short && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                _ => false,
            };
            if shown {
                pair.to_string()
            } else if matches!(
                key,
                "last_event_id" | "limit" | "state" | "before" | "access_token" | "token"
            ) {
                format!("{key}=<redacted>")
            } else {
                "<redacted>".to_string()
            }
        })
        .collect();
    format!("{path}?{}", shown.join("&"))
}

/// Path segments shown in logs as they are: the routes' own words (the app's pages too).
const SHOWN_SEGMENTS: [&str; 30] = [
    "api",
    "payments",
    "events",
    "refresh",
    "cancel",
    "refunds",
    "assets",
    "terminal",
    "session",
    "pair",
    "devices",
    "pairing-codes",
    "revoke",
    "public",
    "sandbox",
    "pay",
    "settings",
    "store",
    "reports",
    "daily",
    "receipts",
    "receipt",
    "healthz",
    "metrics",
    "postback",
    "price",
    "setup",
    "history",
    "charge",
    "new",
];

/// An id this server makes (`p_…`, `d_…`, `pc_…`, `t_…`): a short lowercase prefix, `_`,
/// then 8 to 24 letters and digits. Ids name rows; they grant nothing.
fn is_own_id(segment: &str) -> bool {
    let Some((prefix, rest)) = segment.split_once('_') else {
        return false;
    };
    (1..=3).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_lowercase())
        && (8..=24).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The path as logged: the routes' own words, our ids and file names (tokens and codes
/// never have a dot) are shown; every other segment may be a token, a pairing code or a
/// payment code someone put in a path, and is hidden (after a `postback` segment, however
/// encoded or cased, as `<token>`).
fn redact_path(path: &str) -> String {
    let mut after_postback = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            if segment.is_empty() {
                return String::new();
            }
            let decoded =
                String::from_utf8_lossy(&http::serve::percent_decode(segment)).into_owned();
            let lower = decoded.to_ascii_lowercase();
            if after_postback && lower != "price" {
                return "<token>".to_string();
            }
            if lower == "postback" {
                after_postback = true;
            }
            let file = decoded.contains('.')
                && decoded.len() <= 128
                && decoded
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
            if SHOWN_SEGMENTS.contains(&lower.as_str()) || is_own_id(&decoded) || file {
                segment.to_string()
            } else {
                "<redacted>".to_string()
            }
        })
        .collect();
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_catalogue_is_the_default_one() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("catalogue.example.toml");
        assert_eq!(load_catalogue(Some(&path)).unwrap(), Catalogue::default());
        let missing = PathBuf::from("/nonexistent/catalogue.toml");
        assert!(matches!(
            load_catalogue(Some(&missing)),
            Err(StartError::Catalogue { .. })
        ));
    }

    #[test]
    fn logged_uris_hide_tokens() {
        let uri: Uri = "/api/events?last_event_id=3&access_token=secret-token-123"
            .parse()
            .unwrap();
        let shown = redact_uri(&uri);
        assert!(!shown.contains("secret-token-123"));
        assert!(shown.contains("last_event_id=3"));
        let uri: Uri = "/postback/price/abcdefTOKEN".parse().unwrap();
        assert_eq!(redact_uri(&uri), "/postback/price/<token>");
        for uri in [
            "/api/events?access%5Ftoken=secret-token-123",
            "/api/events?ACCESS_TOKEN=secret-token-123&last_event_id=1",
            "/pair?token=secret-token-123",
            "/api/events?secret-token-123",
            "/api/events?last_event_id=secret-token-123",
            "/api/payments?before=secret-token-123&state=secret-token-123",
            "/%70ostback/secret-token-123",
            "//POSTBACK/secret-token-123",
        ] {
            let shown = redact_uri(&uri.parse().unwrap());
            assert!(!shown.contains("secret-token-123"), "{uri} → {shown}");
        }
        // Token- and code-shaped path segments, anywhere.
        let device = "wctd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        for (uri, shown) in [
            (
                format!("/api/payments/{device}"),
                "/api/payments/<redacted>",
            ),
            ("/pair/K7QF-2M9X".to_string(), "/pair/<redacted>"),
            ("/pair/k7qf2m9x".to_string(), "/pair/<redacted>"),
            (
                "/api/public/payments/AbCdEf1234/events".to_string(),
                "/api/public/payments/<redacted>/events",
            ),
            (
                "/api/payments/p_abcdefghij0123456789/refresh".to_string(),
                "/api/payments/p_abcdefghij0123456789/refresh",
            ),
            ("/wct-pos-1a2b_bg.wasm".to_string(), "/wct-pos-1a2b_bg.wasm"),
            (
                "/api/devices/pairing-codes".to_string(),
                "/api/devices/pairing-codes",
            ),
        ] {
            assert_eq!(redact_uri(&uri.parse().unwrap()), shown, "{uri}");
        }
    }
}
