//! `WCT_POS_TLS=acme` end to end against Debian's `pebble` test CA: the proxy gets a
//! certificate by TLS-ALPN-01 on its own HTTPS port, serves it (verified against pebble's
//! root), and renews it when told to. `cargo xtask test` installs pebble and names it in
//! `WCT_TEST_PEBBLE`; without it this test fails and says how to get it.

mod tls_support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;

use reqwest::StatusCode;
use tls_support::*;
use wct_pos_server::http::tls::TlsMode;
use wct_pos_server::start;

const PEBBLE_ENV: &str = "WCT_TEST_PEBBLE";

/// The pebble binary: `WCT_TEST_PEBBLE`, else Debian's. `pebble-challtestsrv` (the mock DNS
/// that sends every name to 127.0.0.1) comes in the same package, beside it.
fn pebble_binaries() -> (PathBuf, PathBuf) {
    let pebble = std::env::var_os(PEBBLE_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/pebble"));
    let challtestsrv = pebble.with_file_name("pebble-challtestsrv");
    assert!(
        pebble.is_file() && challtestsrv.is_file(),
        "the ACME test needs Debian's pebble test CA ({} and {} are missing). Run \
         `cargo xtask test`, which installs it, or `sudo apt-get install pebble`, or set \
         {PEBBLE_ENV} to a pebble binary with pebble-challtestsrv beside it.",
        pebble.display(),
        challtestsrv.display()
    );
    (pebble, challtestsrv)
}

struct Pebble {
    _pebble: tokio::process::Child,
    _dns: tokio::process::Child,
    directory: String,
    management: SocketAddr,
    /// Trusts pebble's own HTTPS (directory and management).
    root_pem: PathBuf,
    ca: TestCa,
}

/// Starts pebble, validating TLS-ALPN-01 on `tls_port`, with a mock DNS answering 127.0.0.1.
async fn start_pebble(dir: &std::path::Path, tls_port: u16) -> Pebble {
    let (pebble, challtestsrv) = pebble_binaries();
    // Debian's package has no test certificate for pebble's HTTPS: make one.
    let ca = TestCa::new();
    let leaf = ca.leaf(&["127.0.0.1", "localhost"]);
    let (cert, key, root_pem) = (
        dir.join("pebble-cert.pem"),
        dir.join("pebble-key.pem"),
        dir.join("pebble-root.pem"),
    );
    write(&cert, &leaf.cert_pem);
    write(&key, &leaf.key_pem);
    write(&root_pem, &ca.pem());
    let (listen, management, dns) = (free_port(), free_port(), free_port());
    let config = serde_json::json!({
        "pebble": {
            "listenAddress": format!("127.0.0.1:{listen}"),
            "managementListenAddress": format!("127.0.0.1:{management}"),
            "certificate": cert,
            "privateKey": key,
            "httpPort": free_port(),
            "tlsPort": tls_port,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false
        }
    });
    let config_path = dir.join("pebble.json");
    write(&config_path, &config.to_string());
    let dns_child = tokio::process::Command::new(challtestsrv)
        .args(["-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""])
        .args(["-dns01", &format!("127.0.0.1:{dns}")])
        .args(["-http01", "", "-https01", "", "-tlsalpn01", ""])
        .args(["-management", &format!("127.0.0.1:{}", free_port())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("pebble-challtestsrv starts");
    let pebble_child = tokio::process::Command::new(pebble)
        .arg("-config")
        .arg(&config_path)
        .args(["-dnsserver", &format!("127.0.0.1:{dns}")])
        // No random sleeps before validation, no nonces rejected at random.
        .env("PEBBLE_VA_NOSLEEP", "1")
        .env("PEBBLE_WFE_NONCEREJECT", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("pebble starts");
    let directory = format!("https://127.0.0.1:{listen}/dir");
    let trusting = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_der(&ca.der()).unwrap())
        .build()
        .unwrap();
    eventually("pebble's directory", || async {
        let response = trusting.get(&directory).send().await.ok()?;
        response.status().is_success().then_some(())
    })
    .await;
    Pebble {
        _pebble: pebble_child,
        _dns: dns_child,
        directory,
        management: SocketAddr::from(([127, 0, 0, 1], management)),
        root_pem,
        ca,
    }
}

impl Pebble {
    /// The root pebble signs certificates with (random per run).
    async fn issuing_root(&self) -> Vec<u8> {
        let client = reqwest::Client::builder()
            .tls_built_in_root_certs(false)
            .add_root_certificate(reqwest::Certificate::from_der(&self.ca.der()).unwrap())
            .build()
            .unwrap();
        let pem = client
            .get(format!("https://{}/roots/0", self.management))
            .send()
            .await
            .expect("pebble root")
            .bytes()
            .await
            .unwrap();
        use rustls::pki_types::pem::PemObject;
        rustls::pki_types::CertificateDer::from_pem_slice(&pem)
            .expect("pebble root PEM")
            .to_vec()
    }
}

#[tokio::test]
async fn obtains_serves_and_renews_a_certificate_from_pebble() {
    // The ACME conversation's log, shown when the test fails.
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("info,rustls_acme=debug")
        .try_init();
    let dirs = Dirs::new();
    let port = free_port();
    let pebble = start_pebble(dirs.data.path(), port).await;

    let mut config = dirs.config();
    config.bind = SocketAddr::from(([127, 0, 0, 1], port));
    config.tls = TlsMode::Acme;
    config.tls_domains = vec![HOST.into()];
    config.acme_email = Some("owner@shop.test".into());
    config.acme_directory = pebble.directory.clone();
    config.acme_ca_root = Some(pebble.root_pem.clone());
    let running = start(config).await.expect("proxy starts");
    assert_eq!(running.public_url, format!("https://{HOST}:{port}"));

    let tls = running.tls().expect("tls");
    let mut served = tls.served();
    let first = eventually("a certificate from pebble", || {
        let info = served.borrow_and_update().clone();
        async move { info }
    })
    .await;

    // Served, and verified against pebble's issuing root for the shop's name.
    let root = pebble.issuing_root().await;
    let presented = served_cert(running.addr, HOST, &root)
        .await
        .expect("the served certificate verifies against pebble's root");
    assert_eq!(presented, first.der);
    let health = client(&root, running.addr)
        .get(format!("https://{HOST}:{port}/healthz"))
        .send()
        .await
        .expect("HTTPS with pebble's certificate");
    assert_eq!(health.status(), StatusCode::OK);
    // Cached on disk for the next start.
    let cached = std::fs::read_dir(dirs.data.path().join("acme"))
        .expect("ACME cache")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with("cached_cert_"));
    assert!(cached, "the certificate is cached in the data directory");

    // Told to renew: a new order, and the new certificate served from then on.
    tls.renew();
    let renewed = eventually("a renewed certificate", || {
        let info = served.borrow_and_update().clone();
        let first = first.der.clone();
        async move { info.filter(|i| i.der != first) }
    })
    .await;
    let presented = eventually("the renewed certificate served", || async {
        let der = served_cert(running.addr, HOST, &root).await.ok()?;
        (der == renewed.der).then_some(der)
    })
    .await;
    assert_ne!(presented, first.der);
    running.shutdown().await;
}
