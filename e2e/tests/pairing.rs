//! Pairing with one-time codes and the devices of Settings, in the browser: a code pairs once,
//! an expired code says so, Settings → Add a device shows a working code with its QR, the
//! device list marks this device, and a revoked device is sent back to pairing by its next
//! call. Also: the cashier's payment screen says when it is a sandbox test.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use wct_api::pos::normalize_pairing_code;
use wct_e2e::harness::{Options, TestServer};
use wct_e2e::scenario::Scenario;
use wct_e2e::{Browser, Error, Result, Viewport};

/// Clicks the element matching `css` (for buttons inside one row of a list).
async fn click_css(b: &Browser, css: &str) -> Result<()> {
    let el = b.wait_css(css).await?;
    b.scroll_to(&el).await?;
    el.click().await?;
    Ok(())
}

/// The path of the browser's address.
async fn path(b: &Browser) -> Result<String> {
    let url = b.current_url().await?;
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    Ok(after_scheme
        .split_once('/')
        .map_or("/".to_string(), |(_, p)| format!("/{p}")))
}

async fn wait_path(b: &Browser, wanted: &str) -> Result<()> {
    b.wait_until(&format!("the address to be {wanted}"), move || async move {
        Ok((path(b).await? == wanted).then_some(()))
    })
    .await
}

/// This browser's device id, as the app keeps it after pairing.
async fn device_id_of(b: &Browser) -> Result<String> {
    let v = b
        .eval("return localStorage.getItem('wct-pos.device-id') || '';")
        .await?;
    let id = v.as_str().unwrap_or_default().to_string();
    if id.is_empty() {
        return Err(Error::Api("the app kept no device id".into()));
    }
    Ok(id)
}

#[tokio::test]
async fn a_pairing_link_works_once_then_says_it_was_used() -> Result<()> {
    let mut s = Scenario::start("pair-link").await?;
    let b = &s.browser;
    let link = s.server.pair_url().await?;

    b.goto(&link).await?;
    b.wait_until("the code from the link", move || async move {
        Ok((!b.value("pair-code").await?.is_empty()).then_some(()))
    })
    .await?;
    // The code is read, then taken out of the address bar.
    assert_eq!(path(b).await?, "/pair");
    assert!(!b.current_url().await?.contains("code="));
    let suggested = b.value("device-name").await?;
    assert_eq!(suggested, "Chrome on Linux");
    b.fill("device-name", "Counter tablet").await?;
    s.screenshots("form").await?;
    let b = &s.browser;
    b.click("pair-submit").await?;
    b.wait("amount-display").await?;
    wait_path(b, "/").await?;
    let id = device_id_of(b).await?;
    let devices = s.server.api().devices().await?;
    let me = devices
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| Error::Api(format!("device {id} is not listed: {devices:?}")))?;
    assert_eq!(me.name, "Counter tablet");
    assert!(!me.revoked);

    // The same link a second time: refused, and the message says why.
    b.goto(&link).await?;
    b.wait("pair-code").await?;
    b.click("pair-submit").await?;
    let error = b
        .wait_text("pair-error", "the refusal", |t| !t.is_empty())
        .await?;
    assert!(error.contains("already been used"), "{error}");
    assert_eq!(path(b).await?, "/pair");
    s.screenshots("used").await?;
    s.finish().await
}

#[tokio::test]
async fn a_typed_code_is_formatted_and_checked_as_it_is_typed() -> Result<()> {
    let s = Scenario::start("pair-typed").await?;
    let b = &s.browser;
    b.goto(&s.url("/pair")).await?;
    b.fill("pair-code", "k7q0").await?;
    let error = b
        .wait_text("pair-error", "the wrong character", |t| !t.is_empty())
        .await?;
    assert!(error.contains("“0”"), "{error}");
    let code = s.server.api().pairing_code().await?;
    b.fill("pair-code", &code.code.to_lowercase().replace('-', ""))
        .await?;
    assert_eq!(b.value("pair-code").await?, code.code);
    assert!(!b.exists("pair-error").await?);
    b.click("pair-submit").await?;
    b.wait("amount-display").await?;
    s.finish().await
}

#[tokio::test]
async fn an_expired_code_says_it_has_expired() -> Result<()> {
    let mut s = Scenario::start("pair-expired").await?;
    // A second proxy whose codes live two seconds.
    let short = TestServer::start_with(Options {
        pairing_code_secs: Some(2),
        ..Options::default()
    })
    .await?;
    let code = short.api().pairing_code().await?;
    let link = format!("{}/pair#code={}", short.url(), code.code);
    // Wait past the code's end by the wall clock (the test asserts no timing).
    let expiry = wct_api::clock::parse_rfc3339(&code.expires_at)
        .ok_or_else(|| Error::Api("expires_at is not RFC 3339".into()))?;
    loop {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(i64::MAX);
        if now > expiry + 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let b = &s.browser;
    b.goto(&link).await?;
    b.wait("pair-code").await?;
    b.click("pair-submit").await?;
    let error = b
        .wait_text("pair-error", "the refusal", |t| !t.is_empty())
        .await?;
    assert!(error.contains("expired"), "{error}");
    assert!(!b.exists("amount-display").await?);

    // Settings → Add a device on that proxy: the code runs out, and "New code" replaces it.
    // The browser is paired there through the API (its codes are too short-lived for a
    // page load); the token goes into storage, not into a URL.
    let token = paired_token(&short).await?;
    b.goto(&format!("{}/healthz", short.url())).await?;
    b.client
        .execute(
            "localStorage.setItem('wct-pos.token', arguments[0]);",
            vec![serde_json::json!(token)],
        )
        .await?;
    b.goto(&format!("{}/settings", short.url())).await?;
    b.click("add-device").await?;
    let first = b
        .wait_text("pairing-code", "a code", |t| !t.is_empty())
        .await?;
    b.wait("pairing-expired").await?;
    // An expired code's QR would still scan: it is gone, and so is its link.
    assert!(!b.exists("pairing-qr").await?, "the expired QR is hidden");
    assert!(
        !b.exists("pairing-url").await?,
        "the expired link is hidden"
    );
    s.screenshots("add-device").await?;
    let b = &s.browser;
    b.click("new-pairing-code").await?;
    b.wait_text("pairing-code", "a new code", |t| {
        !t.is_empty() && t != first
    })
    .await?;
    assert!(b.exists("pairing-qr").await?, "a new code has its QR");
    short.stop().await;
    s.finish().await
}

/// A device token from `server`, whose codes may expire before a slow exchange: a few tries.
async fn paired_token(server: &TestServer) -> Result<String> {
    let mut last = None;
    for _ in 0..5 {
        match server.api().pair_device("Expiry test").await {
            Ok((_, paired)) => return Ok(paired.token),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::Api("no pairing attempt".into())))
}

#[tokio::test]
async fn settings_add_a_device_shows_a_working_code_and_its_qr() -> Result<()> {
    let mut s = Scenario::start("settings-add-device").await?;
    let b = &s.browser;
    b.goto(&s.url("/settings")).await?;
    b.click("add-device").await?;
    let code = b
        .wait_text("pairing-code", "the code", |t| !t.is_empty())
        .await?;
    assert_eq!(
        normalize_pairing_code(&code).as_deref(),
        Some(code.as_str())
    );
    let url = b.text("pairing-url").await?;
    assert!(url.ends_with(&format!("/pair#code={code}")), "{url}");
    let qr = b
        .outer_html("[data-testid=\"pairing-code-panel\"] [data-testid=\"qr\"] svg")
        .await?;
    let decoded = wct_e2e::qr::decode_svg(&qr)?;
    assert_eq!(decoded, url, "the QR is the link");
    let seconds: i64 = b
        .attr("pairing-countdown", "data-seconds")
        .await?
        .unwrap_or_default()
        .parse()
        .map_err(|_| Error::Api("data-seconds is not a number".into()))?;
    assert!((1..=600).contains(&seconds), "{seconds}");
    s.screenshots("code").await?;

    // The code on screen pairs a device, once.
    let api = s.server.api();
    let paired = api.pair_raw(&code, "Back office phone").await?;
    assert_eq!(paired.status.as_u16(), 201, "{}", paired.text);
    let again = api.pair_raw(&code, "Back office phone").await?;
    assert_eq!(again.code(), Some("pairing_code_used"));

    // Done: the list is read again and shows the new device beside this one.
    let b = &s.browser;
    b.click("add-device-done").await?;
    b.wait_text("device-list", "the new device", |t| {
        t.contains("Back office phone")
    })
    .await?;
    let mine = b
        .wait_css("[data-testid=\"device-row\"][data-current=\"true\"]")
        .await?;
    let text = b.inner_text(&mine).await?;
    assert!(text.contains("This device"), "{text}");
    assert!(text.contains("last seen"), "{text}");
    s.screenshots("devices").await?;
    s.finish().await
}

#[tokio::test]
async fn settings_lists_unused_codes_and_a_cancelled_one_no_longer_pairs() -> Result<()> {
    let s = Scenario::start("settings-cancel-code").await?;
    let b = &s.browser;
    b.goto(&s.url("/settings")).await?;
    let me = device_id_of(b).await?;
    b.click("add-device").await?;
    let code = b
        .wait_text("pairing-code", "the code", |t| !t.is_empty())
        .await?;
    b.click("add-device-done").await?;
    let row = format!("[data-testid=\"code-row\"][data-issued-by=\"{me}\"]");
    let listed = b.wait_css(&row).await?;
    let text = b.inner_text(&listed).await?;
    assert!(text.contains("Valid until"), "{text}");
    assert!(
        !text.contains(&code),
        "the code itself is never listed: {text}"
    );
    click_css(b, &format!("{row} [data-testid=\"cancel-code\"]")).await?;
    let count = format!("return document.querySelectorAll('{row}').length;");
    b.wait_until("the cancelled code to leave the list", || async {
        Ok((b.eval(&count).await?.as_u64() == Some(0)).then_some(()))
    })
    .await?;
    let refused = s.server.api().pair_raw(&code, "Too late").await?;
    assert_eq!(refused.status.as_u16(), 401, "{}", refused.text);
    s.finish().await
}

#[tokio::test]
async fn a_revoked_device_is_sent_to_pairing_by_its_next_call() -> Result<()> {
    let mut s = Scenario::start("devices-revoke").await?;
    // A second device: a tablet-sized browser paired with its own code.
    let tablet = s.driver.session(Viewport::Tablet).await?;
    tablet.pair(&s.server.pair_url().await?).await?;
    let tablet_id = device_id_of(&tablet).await?;

    let b = &s.browser;
    b.goto(&s.url("/settings")).await?;
    let row = format!("[data-testid=\"device-row\"][data-id=\"{tablet_id}\"]");
    click_css(b, &format!("{row} [data-testid=\"revoke-device\"]")).await?;
    // A confirmation comes first; "Keep" leaves the device alone.
    b.wait("confirm-revoke").await?;
    s.screenshots("confirm").await?;
    let b = &s.browser;
    b.click("cancel-revoke").await?;
    b.wait_gone("confirm-revoke").await?;
    click_css(b, &format!("{row} [data-testid=\"revoke-device\"]")).await?;
    b.click("confirm-revoke").await?;
    b.wait_css(&format!("{row}[data-revoked=\"true\"]")).await?;
    assert!(s
        .server
        .api()
        .devices()
        .await?
        .iter()
        .any(|d| d.id == tablet_id && d.revoked));

    // The tablet's next call is refused, and it lands on pairing with a word why.
    tablet.click("nav-history").await?;
    wait_path(&tablet, "/pair").await?;
    let notice = tablet
        .wait_text("pair-notice", "why it is back at pairing", |t| {
            !t.is_empty()
        })
        .await?;
    assert!(notice.contains("no longer paired"), "{notice}");
    assert!(
        tablet
            .eval("return localStorage.getItem('wct-pos.token');")
            .await?
            .is_null(),
        "the revoked token is dropped"
    );
    tablet.close().await?;

    // Revoking this very device signs it out at once.
    let b = &s.browser;
    click_css(
        b,
        "[data-testid=\"device-row\"][data-current=\"true\"] [data-testid=\"revoke-device\"]",
    )
    .await?;
    b.click("confirm-revoke").await?;
    wait_path(b, "/pair").await?;
    b.wait("pair-code").await?;
    s.finish().await
}

#[tokio::test]
async fn the_cashiers_payment_screen_says_it_is_a_test_in_sandbox_mode() -> Result<()> {
    let s = Scenario::start("sandbox-banner").await?;
    s.charge("12.00", "BTC", None).await?;
    let b = &s.browser;
    b.wait_state("payment-state", "awaiting").await?;
    let notice = b.text("sandbox-notice").await?;
    assert!(notice.contains("Do not send real funds"), "{notice}");
    s.browser.set_viewport(Viewport::Tablet).await?;
    let notice = s.browser.text("sandbox-notice").await?;
    assert!(notice.to_lowercase().contains("test payment"), "{notice}");
    s.browser.set_viewport(Viewport::Phone).await?;
    s.finish().await
}
