//! The app over HTTPS on a name that is not loopback, as a shop's tablet sees it: Chromium
//! maps `pos.shop.test` to 127.0.0.1 and trusts our certificate by its key
//! (`--ignore-certificate-errors-spki-list`, which keeps the page a secure context). There
//! the service worker registers and controls the page, Chromium finds nothing that keeps
//! the app from being installed, the Clipboard and Wake Lock APIs exist, and a reload
//! without network still shows the app. The pairing link (the QR's) is https and pairs.

use std::net::SocketAddr;

use serde_json::{json, Value};
use wct_e2e::browser::{free_port, Driver, Viewport};
use wct_e2e::harness::{config, Options};
use wct_e2e::{Error, Result};
use wct_pos_server::http::tls::{local::Ca, spki_sha256_base64, TlsMode};

const HOST: &str = "pos.shop.test";

/// Whether the app (not only the static loading skeleton) is on screen.
const APP_RENDERED: &str = "return document.querySelector('[data-testid]') !== null;";

#[tokio::test]
async fn over_https_the_app_is_installable_controlled_and_works_offline() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let ca = Ca::load_or_create(&dir.path().join("ca")).map_err(setup)?;
    let issued = ca.issue_pem(&[HOST.to_string()]).map_err(setup)?;
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, &issued.chain_pem)?;
    std::fs::write(&key, &issued.key_pem)?;
    let spki = spki_sha256_base64(&issued.leaf_der).ok_or_else(|| setup("no SPKI"))?;

    let port = free_port()?;
    let mut settings = config(&Options::default());
    settings.bind = SocketAddr::from(([127, 0, 0, 1], port));
    settings.public_url = Some(format!("https://{HOST}:{port}"));
    settings.tls = TlsMode::Files;
    settings.tls_cert = Some(cert);
    settings.tls_key = Some(key);
    let running = wct_pos_server::start(settings).await.map_err(setup)?;

    let driver = Driver::spawn().await?;
    let browser = driver
        .session_with_args(
            Viewport::Tablet,
            &[
                format!("--host-resolver-rules=MAP {HOST} 127.0.0.1"),
                format!("--ignore-certificate-errors-spki-list={spki}"),
            ],
        )
        .await?;
    let url = format!("https://{HOST}:{port}/");
    let b = &browser;
    b.goto(&url).await?;
    b.wait_until("the app to render over HTTPS", || async move {
        Ok((b.eval(APP_RENDERED).await? == json!(true)).then_some(()))
    })
    .await?;
    assert_eq!(
        b.eval("return [window.isSecureContext, location.protocol, location.hostname];")
            .await?,
        json!([true, "https:", HOST]),
        "a secure context on a non-loopback name"
    );

    // The service worker registers and takes control (it claims its clients on activate).
    b.wait_until("the service worker to control the page", || async move {
        let controlled = b
            .eval(
                "return navigator.serviceWorker.controller !== null \
                 && navigator.serviceWorker.controller.scriptURL;",
            )
            .await?;
        Ok(controlled.as_str().map(str::to_string))
    })
    .await
    .map(|script| assert_eq!(script, format!("{url}sw.js")))?;

    // Installable: Chromium lists no installability errors (polled: it reads the manifest
    // and icons after load).
    let installable = b
        .wait_until("no installability errors", || async move {
            let answer = b.cdp("Page.getInstallabilityErrors", json!({})).await?;
            let none = answer["installabilityErrors"]
                .as_array()
                .is_some_and(Vec::is_empty);
            Ok(none.then_some(()))
        })
        .await;
    if installable.is_err() {
        let answer: Value = b.cdp("Page.getInstallabilityErrors", json!({})).await?;
        panic!("Chromium finds the app not installable: {answer}");
    }

    // The APIs a secure context unlocks (Web Share is missing on desktop Linux Chromium,
    // secure or not: the share button's fallback is what runs there).
    assert_eq!(
        b.eval(
            "return [typeof navigator.clipboard, typeof navigator.clipboard.writeText, \
             'wakeLock' in navigator, typeof navigator.wakeLock.request];"
        )
        .await?,
        json!(["object", "function", true, "function"])
    );

    // Offline: the reload is answered by the service worker's cached shell.
    b.set_offline(true).await?;
    b.refresh().await?;
    b.wait_until("the app shell to render offline", || async move {
        let shown = b
            .eval(
                "return !navigator.onLine \
                 && document.querySelector('[data-testid]') !== null;",
            )
            .await?;
        Ok((shown == json!(true)).then_some(()))
    })
    .await?;
    b.set_offline(false).await?;

    // Pairing by QR: the code's link is the https one, and opening it pairs the tablet.
    let trusting = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_der(&ca.cert().der)?)
        .resolve(HOST, SocketAddr::from(([127, 0, 0, 1], port)))
        .build()?;
    let code: Value = trusting
        .post(format!("{url}api/devices/pairing-codes"))
        .bearer_auth(wct_e2e::harness::TOKEN)
        .send()
        .await?
        .json()
        .await?;
    let link = code["url"].as_str().unwrap_or_default().to_string();
    assert!(link.starts_with(&format!("{url}pair#code=")), "{code}");
    // As a camera opens it: a fresh page load (from /pair itself, only the #fragment would
    // change and the page would not load again).
    b.goto("about:blank").await?;
    b.pair(&link).await?;

    browser.close().await?;
    running.shutdown().await;
    Ok(())
}

fn setup(e: impl std::fmt::Display) -> Error {
    Error::Setup(e.to_string())
}
