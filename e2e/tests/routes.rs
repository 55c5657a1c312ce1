//! Every screen is a lazy route whose code arrives as wasm chunks when it is first shown. A
//! fresh browser opening any address directly gets that screen; once a till has loaded, the
//! service worker has every chunk, so a reload without network still shows the till and
//! every screen still opens.

use serde_json::json;
use wct_e2e::browser::{Browser, Viewport};
use wct_e2e::harness::new_payment;
use wct_e2e::scenario::Scenario;
use wct_e2e::Result;

/// Whether the service worker controls the page and has finished caching this build.
const CONTROLLED: &str = "return navigator.serviceWorker.controller !== null;";

/// A browser of its own, paired through the API: the token is put into storage from a page
/// that loads none of the app, so the first page it opens is loaded cold.
async fn fresh_paired(s: &Scenario) -> Result<Browser> {
    let (_, paired) = s.server.api().pair_device("Route check").await?;
    let b = s.driver.session(Viewport::Phone).await?;
    b.goto(&s.url("/healthz")).await?;
    b.client
        .execute(
            "localStorage.setItem('wct-pos.token', arguments[0]);",
            vec![json!(paired.token)],
        )
        .await?;
    Ok(b)
}

#[tokio::test]
async fn a_fresh_browser_opening_any_address_gets_that_screen() -> Result<()> {
    let s = Scenario::start("routes-direct").await?;
    let api = s.server.api();
    let view = api.create(&new_payment("12.00", "BTC")).await?;
    api.sandbox_pay(&view.id, &view.pay_amount).await?;
    api.wait_state(&view.id, wct_api::PaymentState::Paid)
        .await?;

    let till = [
        ("/".to_string(), "amount-display"),
        ("/history".to_string(), "history-list"),
        ("/reports".to_string(), "reports-page"),
        ("/settings".to_string(), "terminal-name"),
        (format!("/payments/{}", view.id), "payment-page"),
        (format!("/payments/{}/receipt", view.id), "receipt-amount"),
    ];
    for (path, shown) in &till {
        let b = fresh_paired(&s).await?;
        b.goto(&s.url(path)).await?;
        b.wait(shown).await?;
        b.wait("app-header").await?;
        assert_eq!(
            b.eval("return document.getElementById('skeleton') === null;")
                .await?,
            json!(true),
            "{path}: the loading skeleton is gone"
        );
        b.close().await?;
    }

    // Without a token: the pairing screen, the customer's pages, the not-found page.
    let public = [
        ("/pair".to_string(), "pair-code", true),
        (
            format!("/pay/{}", view.payment_code),
            "customer-page",
            false,
        ),
        (
            format!("/pay/{}/receipt", view.payment_code),
            "public-receipt-page",
            false,
        ),
        ("/no/such/page".to_string(), "not-found", false),
    ];
    for (path, shown, header) in &public {
        let b = s.driver.session(Viewport::Phone).await?;
        b.goto(&s.url(path)).await?;
        b.wait(shown).await?;
        assert_eq!(
            b.exists("app-header").await?,
            *header,
            "{path}: the till's header only on the till"
        );
        b.close().await?;
    }
    s.finish().await
}

#[tokio::test]
async fn after_the_first_load_the_till_reloads_and_navigates_offline() -> Result<()> {
    let s = Scenario::start("routes-offline").await?;
    let b = &s.browser;
    b.wait_until("the service worker to control the page", || async move {
        Ok((b.eval(CONTROLLED).await? == json!(true)).then_some(()))
    })
    .await?;

    b.set_offline(true).await?;
    b.refresh().await?;
    b.wait("amount-display").await?;
    b.wait("offline-banner").await?;
    // Screens never opened before come from the service worker's cache too.
    for (nav, shown) in [
        ("nav-reports", "reports-page"),
        ("nav-settings", "terminal-name"),
        ("nav-charge", "amount-display"),
    ] {
        b.click(nav).await?;
        b.wait(shown).await?;
    }
    b.set_offline(false).await?;
    b.wait_gone("offline-banner").await?;
    s.finish().await
}
