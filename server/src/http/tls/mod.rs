//! HTTPS without OpenSSL: rustls on ring, with the certificate from PEM files (reloaded when
//! they change), from an ACME CA (TLS-ALPN-01 on the HTTPS port itself, through
//! `rustls-acme`), or from a small CA of our own for a shop LAN without a domain.
//!
//! Every mode hands the accept loop one `TlsAcceptor` whose certificate comes from a
//! `CertSlot`, so a renewed or reloaded certificate is served from the next handshake on
//! without a restart. `Tls::renew` is "do it now": ACME orders a new certificate, files are
//! read again, the local CA issues a fresh server certificate (the binary calls it on SIGHUP).

pub mod acme;
pub mod files;
pub mod local;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
pub use crate::config::TlsMode;

/// The ALPN protocol of TLS-ALPN-01 validation connections (RFC 8737).
pub const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("WCT_POS_TLS=files needs WCT_POS_TLS_CERT and WCT_POS_TLS_KEY (PEM files)")]
    MissingFiles,
    #[error("WCT_POS_TLS=acme needs WCT_POS_TLS_DOMAINS (the names the tablets open)")]
    NoDomains,
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Pem { path: PathBuf, reason: String },
    #[error("the certificate does not fit its key: {0}")]
    Rustls(#[from] rustls::Error),
    #[error("local CA: {0}")]
    Rcgen(#[from] rcgen::Error),
}

/// What is known of the certificate being served, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// The end-entity certificate (DER).
    pub der: Vec<u8>,
    /// Its `notAfter`, RFC 3339.
    pub valid_until: String,
}

impl CertInfo {
    pub fn of(der: &[u8]) -> Self {
        let valid_until = x509_parser::parse_x509_certificate(der)
            .ok()
            .and_then(|(_, cert)| {
                let at = cert.validity().not_after.to_datetime();
                at.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_else(|| "unknown".into());
        Self {
            der: der.to_vec(),
            valid_until,
        }
    }
}

/// Base64 of the SHA-256 of a certificate's public key (SPKI): what Chromium's
/// `--ignore-certificate-errors-spki-list` and HPKP-style pins name.
pub fn spki_sha256_base64(cert_der: &[u8]) -> Option<String> {
    use base64::Engine;
    use sha2::Digest;
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der).ok()?;
    let digest = sha2::Sha256::digest(cert.public_key().raw);
    Some(base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The certificate source the handshakes ask. `pending` answers TLS-ALPN-01 validation
/// connections while a renewal order runs; everything else is answered by `current`.
#[derive(Debug)]
pub struct CertSlot {
    inner: RwLock<SlotInner>,
}

#[derive(Debug)]
struct SlotInner {
    current: Arc<dyn ResolvesServerCert>,
    pending: Option<Arc<dyn ResolvesServerCert>>,
}

impl CertSlot {
    pub fn new(current: Arc<dyn ResolvesServerCert>) -> Arc<Self> {
        Arc::new(Self {
            inner: RwLock::new(SlotInner {
                current,
                pending: None,
            }),
        })
    }

    pub fn fixed(key: Arc<CertifiedKey>) -> Arc<Self> {
        Self::new(Arc::new(Fixed(key)))
    }

    pub fn set_current(&self, current: Arc<dyn ResolvesServerCert>) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        inner.current = current;
        inner.pending = None;
    }

    pub fn set_pending(&self, pending: Option<Arc<dyn ResolvesServerCert>>) {
        self.inner
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .pending = pending;
    }
}

impl ResolvesServerCert for CertSlot {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let inner = self.inner.read().unwrap_or_else(|p| p.into_inner());
        let challenge = hello
            .alpn()
            .is_some_and(|mut protocols| protocols.any(|p| p == ACME_TLS_ALPN));
        match (&inner.pending, challenge) {
            (Some(pending), true) => pending.resolve(hello),
            _ => inner.current.resolve(hello),
        }
    }
}

/// One certificate for every name.
#[derive(Debug)]
struct Fixed(Arc<CertifiedKey>);

impl ResolvesServerCert for Fixed {
    fn resolve(&self, _: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
}

pub fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The server side of TLS: HTTP/2 (preferred) and HTTP/1.1 by ALPN, plus TLS-ALPN-01
/// validation in ACME mode.
fn server_config(slot: Arc<CertSlot>, acme: bool) -> Arc<rustls::ServerConfig> {
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|_| unreachable_versions())
        .with_no_client_auth()
        .with_cert_resolver(slot);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    if acme {
        config.alpn_protocols.push(ACME_TLS_ALPN.to_vec());
    }
    Arc::new(config)
}

/// ring supports TLS 1.2 and 1.3, so `with_safe_default_protocol_versions` cannot fail.
fn unreachable_versions() -> ! {
    panic!("the ring provider supports the default TLS versions")
}

/// The running TLS side of a server.
pub struct Tls {
    pub mode: TlsMode,
    pub acceptor: tokio_rustls::TlsAcceptor,
    renew: Arc<Notify>,
    served: watch::Receiver<Option<CertInfo>>,
    /// Local mode: the CA tablets install (`/setup`).
    pub local_ca: Option<Arc<local::CaCert>>,
    task: JoinHandle<()>,
}

impl Tls {
    /// Loads or obtains the certificate as `config.tls` says; `None` when TLS is off. ACME
    /// starts serving at once (TLS-ALPN-01 needs the port open) and gets its certificate in
    /// the background.
    pub async fn start(
        config: &Config,
        public_host: Option<String>,
        shutdown: CancellationToken,
    ) -> Result<Option<Tls>, TlsError> {
        let renew = Arc::new(Notify::new());
        let (served_tx, served) = watch::channel(None);
        let (slot, task, local_ca) = match config.tls {
            TlsMode::Off => return Ok(None),
            TlsMode::Files => {
                let (Some(cert), Some(key)) = (&config.tls_cert, &config.tls_key) else {
                    return Err(TlsError::MissingFiles);
                };
                let watcher = files::Watcher::new(cert.clone(), key.clone());
                let (key, info) = watcher.load()?;
                log_served("files", &info);
                let slot = CertSlot::fixed(key);
                served_tx.send_replace(Some(info));
                let task =
                    tokio::spawn(watcher.run(slot.clone(), served_tx, renew.clone(), shutdown));
                (slot, task, None)
            }
            TlsMode::Local => {
                let ca = local::Ca::load_or_create(&config.data_dir().join("tls"))?;
                let names = local::server_names(&config.tls_domains, public_host.as_deref());
                let (key, info) = ca.issue(&names)?;
                log_served("local", &info);
                let slot = CertSlot::fixed(key);
                served_tx.send_replace(Some(info));
                let ca_cert = ca.cert();
                let task = tokio::spawn(local::reissue_on_renew(
                    ca,
                    config.tls_domains.clone(),
                    public_host,
                    slot.clone(),
                    served_tx,
                    renew.clone(),
                    shutdown,
                ));
                (slot, task, Some(ca_cert))
            }
            TlsMode::Acme => {
                if config.tls_domains.is_empty() {
                    return Err(TlsError::NoDomains);
                }
                let settings = acme::Settings::from_config(config)?;
                let (slot, task) = acme::start(settings, served_tx, renew.clone(), shutdown);
                (slot, task, None)
            }
        };
        Ok(Some(Tls {
            mode: config.tls,
            acceptor: tokio_rustls::TlsAcceptor::from(server_config(
                slot,
                config.tls == TlsMode::Acme,
            )),
            renew,
            served,
            local_ca,
            task,
        }))
    }

    /// Renews the certificate now (ACME: a new order; files: read again; local: a fresh
    /// server certificate). The certificate served until the new one is in place stays.
    pub fn renew(&self) {
        self.renew.notify_one();
    }

    /// The certificate being served (none yet while ACME has not got one).
    pub fn served(&self) -> watch::Receiver<Option<CertInfo>> {
        self.served.clone()
    }

    pub fn abort(&self) {
        self.task.abort();
    }
}

pub(crate) fn log_served(source: &'static str, info: &CertInfo) {
    tracing::info!(source, valid_until = %info.valid_until, "certificate valid until {}", info.valid_until);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cert_info_reads_not_after() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["a.test".into()]).unwrap();
        params.not_after = rcgen::date_time_ymd(2031, 5, 6);
        let cert = params.self_signed(&key).unwrap();
        let info = CertInfo::of(cert.der());
        assert!(info.valid_until.starts_with("2031-05-06"), "{info:?}");
    }
}
