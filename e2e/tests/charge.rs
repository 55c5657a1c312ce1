//! Pairing and the main flow: charge 50.00 USD in BTC through the keypad, see a QR that a
//! wallet can scan and a countdown that ticks.

use std::time::{Duration, Instant};

use wct_e2e::qr::decode_svg;
use wct_e2e::scenario::Scenario;
use wct_e2e::Result;

#[tokio::test]
async fn charge_50_usd_in_btc_shows_a_scannable_qr_and_a_ticking_countdown() -> Result<()> {
    let s = Scenario::start("charge-btc").await?;
    s.browser
        .wait_text("app-header", "the terminal's name", |t| {
            t.contains("Test counter")
        })
        .await?;
    let id = s.charge("50.00", "BTC", None).await?;
    let view = s.server.api().get(&id).await?;
    assert_eq!(
        (view.amount.as_str(), view.asset.as_str()),
        ("50.00", "USD")
    );
    assert_eq!(view.pay_asset, "BTC");

    let b = &s.browser;
    b.wait_state("payment-state", "awaiting").await?;
    assert_eq!(b.text("pay-amount").await?, view.pay_amount);
    assert_eq!(b.text("pay-asset").await?, "BTC");
    assert_eq!(b.text("pay-address").await?, view.pay_address);
    assert!(b.text("fiat-amount").await?.contains("50.00"));
    let link = b.attr("payment-link", "href").await?.unwrap_or_default();
    assert!(
        link.ends_with(&format!("/pay/{}", view.payment_code)),
        "{link}"
    );

    // The QR is an inline SVG that decodes to the BIP21 URI of this very quote.
    let svg = b.outer_html("[data-testid=\"qr\"] svg").await?;
    let decoded = decode_svg(&svg)?;
    let amount: rust_decimal::Decimal = view.pay_amount.parse().expect("decimal pay_amount");
    assert_eq!(
        decoded,
        format!("bitcoin:{}?amount={}", view.pay_address, amount.normalize())
    );
    assert_eq!(decoded, view.wallet_uri);
    assert_eq!(
        b.attr("qr", "data-uri").await?.as_deref(),
        Some(decoded.as_str())
    );

    // The countdown ticks: its seconds go down while we watch (about 2 s).
    let first = seconds_left(b).await?;
    assert!(
        (1..=30).contains(&first),
        "quote lifetime is 30 s, shown {first}"
    );
    let text = b.text("countdown").await?;
    assert!(
        text.len() == 5 && text.as_bytes()[2] == b':',
        "mm:ss, got {text:?}"
    );
    let started = Instant::now();
    let later = b
        .wait_until("the countdown to go down by 2 s", move || async move {
            let now = seconds_left(b).await?;
            Ok((now <= first - 2).then_some(now))
        })
        .await?;
    assert!(later < first && started.elapsed() >= Duration::from_millis(900));
    s.finish().await
}

async fn seconds_left(b: &wct_e2e::Browser) -> Result<i64> {
    let v = b
        .attr("countdown", "data-seconds")
        .await?
        .unwrap_or_default();
    v.parse()
        .map_err(|_| wct_e2e::Error::Api(format!("data-seconds is {v:?}")))
}

#[tokio::test]
async fn pairing_with_a_wrong_code_is_refused_and_a_fresh_one_works() -> Result<()> {
    let mut s = Scenario::start("pairing").await?;
    let b = &s.browser;
    // Forget this device: the app asks to pair again.
    b.goto(&s.url("/settings")).await?;
    b.click("forget-device").await?;
    b.wait("pair-code").await?;
    b.fill("pair-code", "ZZZZ-ZZZZ").await?;
    b.click("pair-submit").await?;
    let error = b
        .wait_text("pair-error", "the refusal", |t| !t.is_empty())
        .await?;
    assert!(error.contains("not known"), "{error}");
    assert!(!b.exists("amount-display").await?);
    let code = s.server.api().pairing_code().await?;
    b.fill("pair-code", &code.code).await?;
    b.click("pair-submit").await?;
    b.wait("amount-display").await?;
    b.wait_text("app-header", "the terminal's name", |t| {
        t.contains("Test counter")
    })
    .await?;
    s.screenshots("paired").await?;
    // Unknown routes get the app's own not-found screen.
    s.browser.goto(&s.url("/no/such/page")).await?;
    s.browser.wait("not-found").await?;
    s.finish().await
}
