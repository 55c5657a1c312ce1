//! Shared by the HTTPS tests: a throwaway CA (rcgen), clients that trust it and resolve the
//! test names to loopback, and a raw handshake that tells which certificate is served.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair, SanType};
use rustls::pki_types::{CertificateDer, ServerName};

/// The name the tests open, never looked up: every client maps it to 127.0.0.1.
pub const HOST: &str = "pos.shop.test";

pub const PATIENCE: Duration = Duration::from_secs(60);

pub struct TestCa {
    cert: rcgen::Certificate,
    key: KeyPair,
}

/// A leaf certificate and its key, as PEM.
pub struct Leaf {
    pub cert_pem: String,
    pub key_pem: String,
    pub der: Vec<u8>,
}

impl TestCa {
    pub fn new() -> Self {
        let key = KeyPair::generate().expect("CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "wct-pos test CA");
        let cert = params.self_signed(&key).expect("CA cert");
        Self { cert, key }
    }

    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    pub fn der(&self) -> Vec<u8> {
        self.cert.der().to_vec()
    }

    /// A server certificate for `names` (DNS names or IP addresses).
    pub fn leaf(&self, names: &[&str]) -> Leaf {
        let key = KeyPair::generate().expect("leaf key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
        params.subject_alt_names = names
            .iter()
            .map(|n| match n.parse() {
                Ok(ip) => SanType::IpAddress(ip),
                Err(_) => SanType::DnsName((*n).try_into().expect("dns name")),
            })
            .collect();
        let cert = params
            .signed_by(&key, &self.cert, &self.key)
            .expect("leaf cert");
        Leaf {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().to_vec(),
        }
    }
}

/// A port free now (the server binds it right after).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// A client that trusts only `root_der` and reaches `HOST` at `addr`.
pub fn client(root_der: &[u8], addr: SocketAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_der(root_der).expect("root"))
        .resolve(HOST, addr)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(PATIENCE)
        .build()
        .expect("client")
}

/// A TLS handshake with `addr` for `name`, verified against `root_der`; the end-entity
/// certificate the server presented.
pub async fn served_cert(addr: SocketAddr, name: &str, root_der: &[u8]) -> Result<Vec<u8>, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from(root_der.to_vec()))
        .map_err(|e| e.to_string())?;
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let name = ServerName::try_from(name.to_string()).map_err(|e| e.to_string())?;
    let tls = connector
        .connect(name, tcp)
        .await
        .map_err(|e| e.to_string())?;
    let chain = tls
        .get_ref()
        .1
        .peer_certificates()
        .ok_or("no certificate")?;
    Ok(chain[0].to_vec())
}

/// Polls `check` until it returns `Some`, up to `PATIENCE`.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A `dist/` and a data directory (an SQLite file in a temp dir, so the data dir is there).
pub struct Dirs {
    pub dist: tempfile::TempDir,
    pub data: tempfile::TempDir,
}

impl Dirs {
    pub fn new() -> Self {
        let dist = tempfile::tempdir().expect("dist");
        std::fs::write(
            dist.path().join("index.html"),
            "<!doctype html><html><body data-app=\"wct-pos\"></body></html>",
        )
        .expect("index");
        Self {
            dist,
            data: tempfile::tempdir().expect("data"),
        }
    }

    pub fn config(&self) -> wct_pos_server::Config {
        let mut config = wct_pos_server::Config::for_tests(self.dist.path());
        config.database_url = format!(
            "sqlite://{}?mode=rwc",
            self.data.path().join("pos.db").display()
        );
        config
    }
}

pub fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write");
}
