//! `WCT_POS_TLS=files`: a PEM certificate chain and key, read again when either file changes
//! (certbot, a cron job or an operator replacing them), without a restart.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;
use tokio::sync::{watch, Notify};
use tokio_util::sync::CancellationToken;

use super::{log_served, provider, CertInfo, CertSlot, TlsError};

/// How often the files' modification times are looked at.
const POLL: Duration = Duration::from_secs(2);

pub struct Watcher {
    cert: PathBuf,
    key: PathBuf,
}

/// What a file looked like when last read: modification time and length.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl Watcher {
    pub fn new(cert: PathBuf, key: PathBuf) -> Self {
        Self { cert, key }
    }

    /// The chain and key, checked to belong together.
    pub fn load(&self) -> Result<(Arc<CertifiedKey>, CertInfo), TlsError> {
        load_pair(&self.cert, &self.key)
    }

    fn stamps(&self) -> (Stamp, Stamp) {
        (stamp(&self.cert), stamp(&self.key))
    }

    /// Polls the files; a changed pair that loads replaces the served certificate. A pair
    /// that does not load (half written, key not yet replaced) is logged and tried again at
    /// the next change, and the old certificate stays.
    pub async fn run(
        self,
        slot: Arc<CertSlot>,
        served: watch::Sender<Option<CertInfo>>,
        renew: Arc<Notify>,
        shutdown: CancellationToken,
    ) {
        let mut seen = self.stamps();
        let mut failed_at: Option<(Stamp, Stamp)> = None;
        loop {
            let told = tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(POLL) => false,
                () = renew.notified() => true,
            };
            let now = self.stamps();
            if !told && (now == seen || failed_at == Some(now)) {
                continue;
            }
            match self.load() {
                Ok((key, info)) => {
                    slot.set_current(Arc::new(super::Fixed(key)));
                    log_served("files", &info);
                    served.send_replace(Some(info));
                    seen = now;
                    failed_at = None;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the certificate files changed but do not load; still serving the previous certificate");
                    failed_at = Some(now);
                }
            }
        }
    }
}

pub fn load_pair(cert: &Path, key: &Path) -> Result<(Arc<CertifiedKey>, CertInfo), TlsError> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| TlsError::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let pem_error = |path: &Path, reason: String| TlsError::Pem {
        path: path.to_path_buf(),
        reason,
    };
    let chain = CertificateDer::pem_slice_iter(&read(cert)?)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| pem_error(cert, e.to_string()))?;
    if chain.is_empty() {
        return Err(pem_error(cert, "no CERTIFICATE in it".into()));
    }
    let private = PrivateKeyDer::from_pem_slice(&read(key)?)
        .map_err(|e| pem_error(key, format!("no usable private key: {e}")))?;
    let info = CertInfo::of(&chain[0]);
    let certified = CertifiedKey::from_der(chain, private, &provider())?;
    Ok((Arc::new(certified), info))
}
