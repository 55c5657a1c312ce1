//! `WCT_POS_TLS=local`: for a shop without a domain. A small CA is made once and kept in the
//! data directory; every start issues a server certificate from it for this machine's LAN
//! addresses and host name (and any names given). Tablets install the CA once, from
//! `/setup` (see `web::setup`), and then trust the server like any other site.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::sign::CertifiedKey;
use sha2::{Digest, Sha256};
use time::{Duration as TimeSpan, OffsetDateTime};
use tokio::sync::{watch, Notify};
use tokio_util::sync::CancellationToken;

use super::{log_served, provider, CertInfo, CertSlot, TlsError};

const CA_CERT_FILE: &str = "local-ca.pem";
const CA_KEY_FILE: &str = "local-ca-key.pem";
/// Browsers refuse server certificates valid for longer (Apple: 825 days for locally
/// trusted roots); a restart or SIGHUP issues a fresh one well before.
const SERVER_CERT_DAYS: i64 = 397;
const CA_YEARS: i64 = 20;

/// The CA certificate as tablets download it.
#[derive(Debug)]
pub struct CaCert {
    pub pem: String,
    pub der: Vec<u8>,
    /// SHA-256 of the DER, as `AB:CD:…`, the way phones show a certificate's fingerprint.
    pub fingerprint: String,
}

/// A server certificate as files: the chain (leaf, then the CA), its key, and the leaf.
pub struct IssuedPem {
    pub chain_pem: String,
    pub key_pem: String,
    pub leaf_der: Vec<u8>,
}

pub struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
    stored: Arc<CaCert>,
}

impl Ca {
    /// The CA in `dir`, made there (key readable by the owner only) if absent.
    pub fn load_or_create(dir: &Path) -> Result<Self, TlsError> {
        let cert_path = dir.join(CA_CERT_FILE);
        let key_path = dir.join(CA_KEY_FILE);
        if !cert_path.exists() {
            create(dir, &cert_path, &key_path)?;
        }
        let read = |path: &PathBuf| {
            std::fs::read_to_string(path).map_err(|source| TlsError::Read {
                path: path.clone(),
                source,
            })
        };
        let pem = read(&cert_path)?;
        let key = KeyPair::from_pem(&read(&key_path)?)?;
        // The issuer object rcgen signs with: the stored CA's own name and key, so the
        // certificates it issues chain to the stored (and installed) CA certificate.
        let cert = CertificateParams::from_ca_cert_pem(&pem)?.self_signed(&key)?;
        let der = pem_to_der(&pem).ok_or_else(|| TlsError::Pem {
            path: cert_path.clone(),
            reason: "no CERTIFICATE in it".into(),
        })?;
        let fingerprint = Sha256::digest(&der)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":");
        Ok(Self {
            cert,
            key,
            stored: Arc::new(CaCert {
                pem,
                der,
                fingerprint,
            }),
        })
    }

    pub fn cert(&self) -> Arc<CaCert> {
        self.stored.clone()
    }

    /// A server certificate for `names` (host names and IP addresses).
    pub fn issue(&self, names: &[String]) -> Result<(Arc<CertifiedKey>, CertInfo), TlsError> {
        let (cert, key) = self.sign(names)?;
        let info = CertInfo::of(cert.der());
        let chain = vec![
            cert.der().clone(),
            CertificateDer::from(self.stored.der.clone()),
        ];
        let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let certified = CertifiedKey::from_der(chain, private, &provider())?;
        Ok((Arc::new(certified), info))
    }

    /// The same as PEM files, for `WCT_POS_TLS=files` with a certificate of the shop's own
    /// CA (the HTTPS browser test uses it).
    pub fn issue_pem(&self, names: &[String]) -> Result<IssuedPem, TlsError> {
        let (cert, key) = self.sign(names)?;
        Ok(IssuedPem {
            chain_pem: format!("{}{}", cert.pem(), self.stored.pem),
            key_pem: key.serialize_pem(),
            leaf_der: cert.der().to_vec(),
        })
    }

    fn sign(&self, names: &[String]) -> Result<(rcgen::Certificate, KeyPair), TlsError> {
        let key = KeyPair::generate()?;
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CommonName,
            names.first().cloned().unwrap_or_else(|| "wct-pos".into()),
        );
        params.distinguished_name = dn;
        params.subject_alt_names = names
            .iter()
            .map(|name| match name.parse::<IpAddr>() {
                Ok(ip) => Ok(SanType::IpAddress(ip)),
                Err(_) => name.clone().try_into().map(SanType::DnsName),
            })
            .collect::<Result<_, _>>()?;
        let now = OffsetDateTime::now_utc();
        params.not_before = now - TimeSpan::hours(1);
        params.not_after = now + TimeSpan::days(SERVER_CERT_DAYS);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let cert = params.signed_by(&key, &self.cert, &self.key)?;
        Ok((cert, key))
    }
}

fn create(dir: &Path, cert_path: &Path, key_path: &Path) -> Result<(), TlsError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TlsError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    let key = KeyPair::generate()?;
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    // A name of its own per shop, so two shops' CAs are told apart on a phone.
    let id = crate::util::random_token(6);
    dn.push(DnType::CommonName, format!("wct-pos local CA {id}"));
    dn.push(DnType::OrganizationName, "wct-pos (this shop only)");
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let now = OffsetDateTime::now_utc();
    params.not_before = now - TimeSpan::hours(1);
    params.not_after = now + TimeSpan::days(365 * CA_YEARS);
    let cert = params.self_signed(&key)?;
    write_private(key_path, key.serialize_pem().as_bytes()).map_err(write_error(key_path))?;
    std::fs::write(cert_path, cert.pem()).map_err(write_error(cert_path))?;
    tracing::info!(path = %cert_path.display(), "created the local CA");
    Ok(())
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

fn pem_to_der(pem: &str) -> Option<Vec<u8>> {
    use rustls::pki_types::pem::PemObject;
    CertificateDer::from_pem_slice(pem.as_bytes())
        .ok()
        .map(|der| der.to_vec())
}

/// The names the server certificate covers: the given ones (`WCT_POS_TLS_DOMAINS`), the
/// public URL's host, this machine's host name (also as `.local`), `localhost`, and every
/// address of its network interfaces.
pub fn server_names(given: &[String], public_host: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |name: String| {
        let name = name
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        if !name.is_empty() && seen.insert(name.clone()) {
            names.push(name);
        }
    };
    for name in given {
        add(name.clone());
    }
    if let Some(host) = public_host {
        add(host.to_string());
    }
    if let Some(host) = host_name() {
        add(format!("{host}.local"));
        add(host);
    }
    add("localhost".into());
    let mut addresses: Vec<IpAddr> = if_addrs::get_if_addrs()
        .map(|interfaces| interfaces.into_iter().map(|i| i.ip()).collect())
        .unwrap_or_default();
    // LAN addresses first: they are what tablets type; loopback last.
    addresses.sort_by_key(|ip| (ip.is_loopback(), ip.is_ipv6()));
    for ip in addresses {
        add(ip.to_string());
    }
    names
}

fn host_name() -> Option<String> {
    let text = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()?;
    let name = text.trim();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    valid.then(|| name.to_string())
}

/// Issues a fresh server certificate when told, for the names and addresses of then (the
/// LAN address may have changed).
pub async fn reissue_on_renew(
    ca: Ca,
    given: Vec<String>,
    public_host: Option<String>,
    slot: Arc<CertSlot>,
    served: watch::Sender<Option<CertInfo>>,
    renew: Arc<Notify>,
    shutdown: CancellationToken,
) {
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = renew.notified() => {}
        }
        let names = server_names(&given, public_host.as_deref());
        match ca.issue(&names) {
            Ok((key, info)) => {
                slot.set_current(Arc::new(super::Fixed(key)));
                log_served("local", &info);
                served.send_replace(Some(info));
            }
            Err(e) => tracing::warn!(error = %e, "cannot issue a server certificate"),
        }
    }
}
