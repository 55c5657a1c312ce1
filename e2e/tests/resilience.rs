//! What happens around a payment: a reload, a server restart, the tablet losing its network.

use wct_api::PaymentState;
use wct_e2e::harness::Options;
use wct_e2e::scenario::Scenario;
use wct_e2e::Result;

#[tokio::test]
async fn a_reload_mid_payment_resumes_it() -> Result<()> {
    let s = Scenario::start("reload").await?;
    let api = s.server.api();
    let id = s.charge("12.50", "BTC", None).await?;
    let view = api.get(&id).await?;
    let b = &s.browser;
    b.wait_state("payment-state", "awaiting").await?;
    api.sandbox_pay(&id, &half(&view.pay_amount)).await?;
    b.wait_state("payment-state", "underpaid").await?;

    b.refresh().await?;
    b.wait_state("payment-state", "underpaid").await?;
    let after = api.get(&id).await?;
    b.wait_text("missing-amount", "the same remainder", |t| {
        t.contains(&after.missing)
    })
    .await?;
    assert!(b.current_url().await?.ends_with(&format!("/payments/{id}")));
    // Still live after the reload: the rest of the money arrives on screen.
    api.sandbox_pay(&id, &after.missing).await?;
    b.wait("paid-screen").await?;
    b.wait_state("payment-state", "paid").await?;
    s.finish().await
}

#[tokio::test]
async fn a_server_restart_mid_payment_loses_nothing_and_paid_still_arrives() -> Result<()> {
    let db = tempfile::tempdir()?;
    let options = Options {
        db_dir: Some(db.path().to_path_buf()),
        ..Options::default()
    };
    let mut s = Scenario::start_with("restart", options).await?;
    let id = s.charge("30.00", "LTC", None).await?;
    let before = s.server.api().get(&id).await?;
    s.browser.wait_state("payment-state", "awaiting").await?;

    // Same port, same database: the app's URLs and its event stream's resume point stay valid.
    s.server.restart().await?;
    let api = s.server.api();
    let resumed = api.get(&id).await?;
    assert_eq!(resumed.payment_code, before.payment_code);
    assert_eq!(resumed.pay_amount, before.pay_amount);
    assert_eq!(resumed.state, PaymentState::Awaiting);

    api.sandbox_pay(&id, &before.pay_amount).await?;
    api.wait_state(&id, PaymentState::Paid).await?;
    // The page never reloaded: its event stream reconnected by itself.
    s.browser.wait("paid-screen").await?;
    s.browser.wait_state("payment-state", "paid").await?;
    s.finish().await
}

#[tokio::test]
async fn offline_shows_a_banner_and_disables_charging() -> Result<()> {
    let mut s = Scenario::start("offline").await?;
    let b = &s.browser;
    b.keypad("9.99").await?;
    b.click("pay-with-BTC").await?;
    b.fill("description", "Offline test").await?;
    b.wait_until("charge-submit enabled while online", move || async move {
        Ok(b.is_enabled("charge-submit").await?.then_some(()))
    })
    .await?;
    assert!(!b.exists("offline-banner").await?);

    b.set_offline(true).await?;
    b.wait("offline-banner").await?;
    b.wait_until("charge-submit disabled while offline", move || async move {
        Ok((!b.is_enabled("charge-submit").await?).then_some(()))
    })
    .await?;
    let count = s.server.api().count().await?;
    assert_eq!(count, 0);
    s.screenshots("offline").await?;

    let b = &s.browser;
    b.set_offline(false).await?;
    b.wait_gone("offline-banner").await?;
    b.wait_until("charge-submit enabled again", move || async move {
        Ok(b.is_enabled("charge-submit").await?.then_some(()))
    })
    .await?;
    s.finish().await
}

fn half(amount: &str) -> String {
    let value: rust_decimal::Decimal = amount.parse().expect("decimal amount");
    (value / rust_decimal::Decimal::TWO)
        .trunc_with_scale(value.scale())
        .to_string()
}

#[tokio::test]
async fn the_payment_screen_streams_with_no_token_in_any_url() -> Result<()> {
    let s = Scenario::start("stream-session").await?;
    let api = s.server.api();
    let id = s.charge("3.00", "BTC", None).await?;
    let view = api.get(&id).await?;
    let b = &s.browser;
    // The stream opens with the cookie `POST /api/session` set: live, not polling.
    b.wait_attr("payment-page", "data-stream", "live").await?;
    api.sandbox_pay(&id, &half(&view.pay_amount)).await?;
    b.wait_state("payment-state", "underpaid").await?;

    let token = b
        .eval("return localStorage.getItem('wct-pos.token')")
        .await?;
    let token = token.as_str().unwrap_or_default().to_string();
    assert!(token.len() >= 16, "the browser is paired: {token:?}");
    // Every URL the page asked for, its own address, and what scripts can read of cookies.
    let seen = b
        .eval(
            "return JSON.stringify([location.href, document.cookie, \
             performance.getEntriesByType('resource').map(e => e.name)])",
        )
        .await?;
    let seen = seen.as_str().unwrap_or_default().to_string();
    assert!(seen.contains("/api/session"), "{seen}");
    assert!(
        !seen.contains(&token),
        "a token in a URL or a script-readable cookie: {seen}"
    );
    assert!(!seen.contains("access_token"), "{seen}");
    Ok(())
}
