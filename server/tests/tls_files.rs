//! `WCT_POS_TLS=files`: HTTPS with a certificate of ours, read again when the files change
//! (a mismatched half-replaced pair is not taken); the handshake has a deadline; the
//! plain-HTTP listener redirects to the configured host only; pairing links are https.

mod tls_support;

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use tls_support::*;
use tokio::io::AsyncReadExt;
use wct_pos_server::http::tls::TlsMode;
use wct_pos_server::{start, Config, Running, StartError, TEST_TOKEN};

struct Files {
    dirs: Dirs,
    ca: TestCa,
    cert: std::path::PathBuf,
    key: std::path::PathBuf,
}

impl Files {
    fn new() -> Self {
        let dirs = Dirs::new();
        let ca = TestCa::new();
        let leaf = ca.leaf(&[HOST, "127.0.0.1"]);
        let cert = dirs.data.path().join("cert.pem");
        let key = dirs.data.path().join("key.pem");
        write(&cert, &leaf.cert_pem);
        write(&key, &leaf.key_pem);
        Self {
            dirs,
            ca,
            cert,
            key,
        }
    }

    fn config(&self, port: u16) -> Config {
        let mut config = self.dirs.config();
        config.bind = SocketAddr::from(([127, 0, 0, 1], port));
        config.public_url = Some(format!("https://{HOST}:{port}"));
        config.tls = TlsMode::Files;
        config.tls_cert = Some(self.cert.clone());
        config.tls_key = Some(self.key.clone());
        config
    }
}

async fn start_files(files: &Files, tweak: impl FnOnce(&mut Config)) -> Running {
    let mut config = files.config(free_port());
    tweak(&mut config);
    start(config).await.expect("proxy starts with TLS")
}

#[tokio::test]
async fn serves_https_with_the_given_certificate_and_pairs_over_https() {
    let files = Files::new();
    let running = start_files(&files, |_| {}).await;
    let client = client(&files.ca.der(), running.addr);
    let base = format!("https://{HOST}:{}", running.addr.port());

    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("HTTPS request to the proxy");
    assert_eq!(health.status(), StatusCode::OK);
    assert!(running.url().starts_with("https://"));

    // The pairing code's QR carries the https URL, so a tablet's camera opens it securely.
    let code: Value = client
        .post(format!("{base}/api/devices/pairing-codes"))
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .expect("pairing code")
        .json()
        .await
        .expect("json");
    let url = code["url"].as_str().expect("url");
    assert!(
        url.starts_with(&format!(
            "https://{HOST}:{}/pair#code=",
            running.addr.port()
        )),
        "{code}"
    );

    // A client that does not trust the CA gets no answer at all.
    let stranger = reqwest::Client::builder()
        .resolve(HOST, running.addr)
        .build()
        .unwrap();
    assert!(stranger
        .get(format!("{base}/healthz"))
        .send()
        .await
        .is_err());
    running.shutdown().await;
}

#[tokio::test]
async fn changed_files_are_served_without_a_restart_once_they_fit_together() {
    let files = Files::new();
    let running = start_files(&files, |_| {}).await;
    let root = files.ca.der();
    let first = served_cert(running.addr, HOST, &root)
        .await
        .expect("handshake");

    // A new certificate whose key has not been written yet: not taken, the old one stays.
    let next = files.ca.leaf(&[HOST]);
    write(&files.cert, &next.cert_pem);
    let mut served = running.tls().expect("tls").served();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        served_cert(running.addr, HOST, &root)
            .await
            .expect("handshake"),
        first,
        "a certificate without its key must not replace the served one"
    );

    write(&files.key, &next.key_pem);
    let now = eventually("the new certificate to be served", || async {
        let der = served_cert(running.addr, HOST, &root).await.ok()?;
        (der != first).then_some(der)
    })
    .await;
    assert_eq!(now, next.der);
    assert_eq!(
        served.borrow_and_update().as_ref().map(|i| i.der.clone()),
        Some(next.der.clone())
    );
    running.shutdown().await;
}

#[tokio::test]
async fn a_silent_connection_is_closed_before_its_handshake() {
    let files = Files::new();
    let running = start_files(&files, |c| c.header_timeout_ms = 300).await;
    let mut socket = tokio::net::TcpStream::connect(running.addr)
        .await
        .expect("connect");
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(PATIENCE, socket.read(&mut buf))
        .await
        .expect("the server closes a connection that never starts its handshake");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    running.shutdown().await;
}

#[tokio::test]
async fn the_plain_http_listener_redirects_to_the_public_host_only() {
    let files = Files::new();
    let running = start_files(&files, |c| {
        c.http_bind = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    })
    .await;
    let http = running.http_addr.expect("plain listener");
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = plain
        .get(format!("http://{http}/pay/AbC123?lang=de"))
        .header("Host", "evil.example")
        .send()
        .await
        .expect("plain request");
    assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        response.headers()["location"],
        format!("https://{HOST}:{}/pay/AbC123?lang=de", running.addr.port()).as_str()
    );
    // No local CA in files mode: no /setup page on the plain side.
    let setup = plain
        .get(format!("http://{http}/setup"))
        .send()
        .await
        .unwrap();
    assert_eq!(setup.status(), StatusCode::PERMANENT_REDIRECT);
    running.shutdown().await;
}

#[tokio::test]
async fn a_plain_public_url_with_tls_is_refused_at_start() {
    let files = Files::new();
    let mut config = files.config(free_port());
    config.public_url = Some("http://192.168.1.20:8080".into());
    match start(config).await {
        Err(StartError::PlainPublicUrl(url)) => assert_eq!(url, "http://192.168.1.20:8080"),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("started with an http:// public URL and TLS on"),
    }
    let mut config = files.config(free_port());
    config.tls_key = None;
    assert!(matches!(
        start(config).await,
        Err(StartError::Tls(
            wct_pos_server::http::tls::TlsError::MissingFiles
        ))
    ));
}
