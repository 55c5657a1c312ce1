//! `WCT_POS_TLS=local`: the CA from `/setup` (served over plain HTTP) verifies the HTTPS
//! certificate for the shop's names and addresses; the CA is made once and kept.

mod tls_support;

use std::net::SocketAddr;

use reqwest::StatusCode;
use tls_support::*;
use wct_pos_server::http::tls::TlsMode;
use wct_pos_server::{start, Config, Running};

fn local_config(dirs: &Dirs) -> Config {
    let mut config = dirs.config();
    config.bind = SocketAddr::from(([127, 0, 0, 1], free_port()));
    config.tls = TlsMode::Local;
    config.tls_domains = vec![HOST.into()];
    config.http_bind = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    config
}

/// `/setup` and the CA it offers, over the plain listener.
async fn setup_ca(running: &Running) -> (String, Vec<u8>) {
    let http = running.http_addr.expect("plain listener");
    let plain = reqwest::Client::new();
    let page = plain
        .get(format!("http://{http}/setup"))
        .send()
        .await
        .expect("/setup");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    let ca = plain
        .get(format!("http://{http}/setup/ca.crt"))
        .send()
        .await
        .expect("/setup/ca.crt");
    assert_eq!(ca.status(), StatusCode::OK);
    assert_eq!(
        ca.headers()["content-type"],
        "application/x-x509-ca-cert",
        "phones install a CA from this type"
    );
    (html, ca.bytes().await.expect("der").to_vec())
}

#[tokio::test]
async fn the_setup_ca_verifies_the_served_certificate() {
    let dirs = Dirs::new();
    let running = start(local_config(&dirs)).await.expect("starts");
    let (html, ca) = setup_ca(&running).await;
    let http = running.http_addr.unwrap();

    // The page: the download link, its QR, steps for each platform, the fingerprint.
    let download = format!("http://127.0.0.1:{}/setup/ca.crt", http.port());
    assert!(html.contains(&format!("href=\"{download}\"")), "{html}");
    assert!(html.contains("<svg"), "a QR code");
    for platform in ["Android", "iPhone and iPad", "Windows", "macOS"] {
        assert!(html.contains(platform), "steps for {platform}");
    }
    let fingerprint = &running
        .tls()
        .unwrap()
        .local_ca
        .as_ref()
        .unwrap()
        .fingerprint;
    assert!(html.contains(fingerprint.as_str()));

    // Trusting only that CA, the app opens over HTTPS by the shop's name and by address.
    let client = client(&ca, running.addr);
    let by_name = client
        .get(format!("https://{HOST}:{}/healthz", running.addr.port()))
        .send()
        .await
        .expect("HTTPS by name with the /setup CA");
    assert_eq!(by_name.status(), StatusCode::OK);
    let by_ip = client
        .get(format!("https://127.0.0.1:{}/healthz", running.addr.port()))
        .send()
        .await
        .expect("HTTPS by address with the /setup CA");
    assert_eq!(by_ip.status(), StatusCode::OK);
    // The CA is offered on the HTTPS side too, for devices that already trust it.
    let again = client
        .get(format!(
            "https://{HOST}:{}/setup/ca.crt",
            running.addr.port()
        ))
        .send()
        .await
        .expect("CA over HTTPS");
    assert_eq!(again.bytes().await.unwrap().to_vec(), ca);

    // Anything else on the plain side goes to the app over HTTPS.
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("http://{http}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    assert!(redirect.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("https://"));

    // A fresh server certificate on renewal, still from the same CA.
    let first = served_cert(running.addr, HOST, &ca)
        .await
        .expect("handshake");
    running.tls().unwrap().renew();
    let renewed = eventually("a fresh server certificate", || async {
        let der = served_cert(running.addr, HOST, &ca).await.ok()?;
        (der != first).then_some(der)
    })
    .await;
    assert_ne!(renewed, first);
    running.shutdown().await;
}

#[tokio::test]
async fn the_ca_is_made_once_and_its_key_kept_private() {
    let dirs = Dirs::new();
    let running = start(local_config(&dirs)).await.expect("starts");
    let (_, first_ca) = setup_ca(&running).await;
    running.shutdown().await;

    let running = start(local_config(&dirs)).await.expect("restarts");
    let (_, second_ca) = setup_ca(&running).await;
    assert_eq!(
        first_ca, second_ca,
        "tablets keep trusting the server after a restart"
    );
    // …and the new server certificate chains to it.
    let client = client(&second_ca, running.addr);
    let health = client
        .get(format!("https://{HOST}:{}/healthz", running.addr.port()))
        .send()
        .await
        .expect("HTTPS after restart");
    assert_eq!(health.status(), StatusCode::OK);
    running.shutdown().await;

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = dirs.data.path().join("tls").join("local-ca-key.pem");
        let mode = std::fs::metadata(&key)
            .expect("CA key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the CA key is readable by its owner only");
    }
}
