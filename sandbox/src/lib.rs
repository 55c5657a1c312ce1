//! The embedded WCT Pay sandbox. (Interface fixed here; the implementation follows.)

use std::net::SocketAddr;

pub use wct_api::sign::ApiSecret;

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
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot bind {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// A running sandbox.
pub struct Sandbox {
    pub addr: SocketAddr,
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
}

/// Binds and starts serving in the background.
pub async fn start(config: Config) -> Result<Sandbox, SandboxError> {
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| SandboxError::Bind { addr: config.bind, source })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind { addr: config.bind, source })?;
    Ok(Sandbox { addr })
}
