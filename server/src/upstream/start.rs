//! The upstream of a start: WCT Pay as configured, or the embedded sandbox (its credentials
//! kept in the database) when no `WCT_API_BASE` is set; the credentials are checked once.

use std::time::Duration;

use wct_api::sign::ApiSecret;
use wct_api::Catalogue;

use super::{Upstream, UpstreamError};
use crate::config::Config;
use crate::store::writer::Writer;
use crate::store::{self, Db};
use crate::util::random_token;
use crate::StartError;

/// What `connect` set up.
pub struct Connected {
    pub upstream: Upstream,
    /// The embedded sandbox, when there is no configured upstream.
    pub sandbox: Option<wct_sandbox::Sandbox>,
    /// How long one upstream call may take.
    pub timeout: Duration,
}

/// The upstream client for `config`, starting the embedded sandbox when no upstream is
/// configured (refused on a public URL unless `WCT_POS_SANDBOX` says so).
pub async fn connect(
    config: &Config,
    db: &Db,
    catalogue: &Catalogue,
    public_url: &str,
    writer: Writer,
) -> Result<Connected, StartError> {
    let (base, key, secret, sandbox) = match &config.api_base {
        Some(base) => match (&config.api_key, &config.api_secret) {
            (Some(key), Some(secret)) => (base.clone(), key.clone(), secret.clone(), None),
            _ => return Err(StartError::MissingCredentials),
        },
        None => {
            if !crate::config::is_private_url(public_url) {
                if !config.sandbox {
                    return Err(StartError::PublicSandbox(public_url.to_string()));
                }
                tracing::warn!(
                    %public_url,
                    "WCT_POS_SANDBOX is set: the embedded sandbox serves a public URL; its \
                     payment addresses are not real"
                );
            }
            let (key, secret) = sandbox_credentials(db, config).await?;
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
    let upstream = Upstream::new(
        &base,
        key,
        secret,
        timeout,
        writer,
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
    Ok(Connected {
        upstream,
        sandbox,
        timeout,
    })
}

/// The embedded sandbox's key and secret: the configured ones, else generated once and kept
/// in the database so a restart (and the sandbox's stored payments) keep working.
async fn sandbox_credentials(db: &Db, config: &Config) -> Result<(String, ApiSecret), sqlx::Error> {
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
