//! `WCT_POS_TLS=acme`: certificates from an ACME CA through `rustls-acme`, validated with
//! TLS-ALPN-01 on the HTTPS port itself (so only that port must be reachable from the
//! internet). Account and certificate are cached in `<data dir>/acme`; `rustls-acme` renews
//! when a third of the validity is left, and `Tls::renew` orders a new one at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::StreamExt;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls_acme::caches::DirCache;
use rustls_acme::{AcmeConfig, EventOk};
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{log_served, provider, CertInfo, CertSlot, TlsError};
use crate::config::Config;

pub use crate::config::LETS_ENCRYPT;

/// The certificate cache files `rustls-acme`'s `DirCache` writes.
const CERT_FILE_PREFIX: &str = "cached_cert_";

#[derive(Debug, Clone)]
pub struct Settings {
    pub domains: Vec<String>,
    pub contact: Option<String>,
    pub directory: String,
    pub cache: PathBuf,
    client: Arc<rustls::ClientConfig>,
}

impl Settings {
    pub fn from_config(config: &Config) -> Result<Self, TlsError> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        // A private ACME CA (step-ca, or pebble in the tests) signs its directory's own
        // certificate; trust it for the ACME conversation only.
        if let Some(path) = &config.acme_ca_root {
            let pem = std::fs::read(path).map_err(|source| TlsError::Read {
                path: path.clone(),
                source,
            })?;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| TlsError::Pem {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                roots.add(cert)?;
            }
        }
        let client = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Self {
            domains: config.tls_domains.clone(),
            contact: config.acme_email.clone(),
            directory: config.acme_directory.clone(),
            cache: config.data_dir().join("acme"),
            client: Arc::new(client),
        })
    }
}

/// Starts getting (or loading) the certificate; the slot answers handshakes at once
/// (without a certificate until the first one is in).
pub fn start(
    settings: Settings,
    served: watch::Sender<Option<CertInfo>>,
    renew: Arc<Notify>,
    shutdown: CancellationToken,
) -> (Arc<CertSlot>, JoinHandle<()>) {
    let state = new_state(&settings);
    let slot = CertSlot::new(state.resolver());
    let task = tokio::spawn(run(settings, state, slot.clone(), served, renew, shutdown));
    (slot, task)
}

type State = rustls_acme::AcmeState<std::io::Error, std::io::Error>;

fn new_state(settings: &Settings) -> State {
    let mut config = AcmeConfig::new_with_client_config(&settings.domains, settings.client.clone())
        .directory(&settings.directory)
        .cache(DirCache::new(settings.cache.clone()));
    if let Some(email) = &settings.contact {
        config = config.contact_push(format!("mailto:{email}"));
    }
    config.state()
}

async fn run(
    settings: Settings,
    mut state: State,
    slot: Arc<CertSlot>,
    served: watch::Sender<Option<CertInfo>>,
    renew: Arc<Notify>,
    shutdown: CancellationToken,
) {
    tracing::info!(domains = ?settings.domains, directory = %settings.directory, "ACME: getting a certificate");
    // A renewal order runs beside the state that keeps serving the current certificate.
    let mut renewal: Option<State> = None;
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            event = state.next() => {
                if let Some(event) = event {
                    note(&settings, "", event, &served);
                }
            }
            event = next_of(&mut renewal) => {
                let deployed = matches!(event, Ok(EventOk::DeployedNewCert));
                note(&settings, "renewal: ", event, &served);
                if deployed {
                    if let Some(new) = renewal.take() {
                        slot.set_current(new.resolver());
                        state = new;
                    }
                }
            }
            () = renew.notified(), if renewal.is_none() => {
                tracing::info!(domains = ?settings.domains, "ACME: renewing the certificate now");
                forget_cached_certificate(&settings.cache);
                let new = new_state(&settings);
                slot.set_pending(Some(new.resolver()));
                renewal = Some(new);
            }
        }
    }
}

async fn next_of(
    renewal: &mut Option<State>,
) -> rustls_acme::Event<std::io::Error, std::io::Error> {
    match renewal {
        Some(state) => match state.next().await {
            Some(event) => event,
            None => std::future::pending().await,
        },
        None => std::future::pending().await,
    }
}

fn note(
    settings: &Settings,
    prefix: &str,
    event: rustls_acme::Event<std::io::Error, std::io::Error>,
    served: &watch::Sender<Option<CertInfo>>,
) {
    match event {
        // A new certificate reaches the cache just after it is deployed (`CertCacheStore`).
        Ok(EventOk::CertCacheStore | EventOk::DeployedCachedCert) => {
            match cached_certificate(&settings.cache) {
                Some(info) => {
                    log_served("acme", &info);
                    served.send_replace(Some(info));
                }
                None => tracing::warn!("ACME: a certificate is deployed but not in the cache"),
            }
        }
        Ok(ok) => tracing::debug!(event = ?ok, "{prefix}ACME"),
        // rustls-acme retries with back-off by itself; the error says why this try failed.
        Err(e) => tracing::warn!(error = ?e, "{prefix}ACME: no certificate yet"),
    }
}

/// The end-entity certificate in the newest cache file.
fn cached_certificate(dir: &Path) -> Option<CertInfo> {
    let newest = cert_files(dir)
        .into_iter()
        .filter_map(|path| {
            let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
            Some((modified, path))
        })
        .max()?
        .1;
    let pem = std::fs::read(newest).ok()?;
    let first = CertificateDer::pem_slice_iter(&pem).find_map(Result::ok)?;
    Some(CertInfo::of(&first))
}

fn cert_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(CERT_FILE_PREFIX)
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

/// A renewal must order, not load the cached certificate; the account stays cached.
fn forget_cached_certificate(dir: &Path) {
    for path in cert_files(dir) {
        if let Err(e) = std::fs::remove_file(&path) {
            tracing::warn!(path = %path.display(), error = %e, "cannot delete a cached certificate");
        }
    }
}
