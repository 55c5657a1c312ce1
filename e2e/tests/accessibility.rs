//! axe-core over every screen at phone and tablet size: pairing, Charge (fresh and with its
//! problems shown), a payment awaiting, underpaid, paid and cancelled, the receipt, History,
//! Settings, the customer page and the not-found page. Any violation fails the test.

use wct_api::PaymentState;
use wct_e2e::a11y::{audit, axe_script, Violation};
use wct_e2e::harness::new_payment;
use wct_e2e::scenario::Scenario;
use wct_e2e::{Browser, Result, Viewport};

/// Audits the page now shown at both sizes; returns what failed, named by screen and size.
async fn check(b: &mut Browser, script: &str, screen: &str) -> Result<Vec<String>> {
    let own = b.viewport();
    let mut found = Vec::new();
    for vp in [Viewport::Phone, Viewport::Tablet] {
        b.set_viewport(vp).await?;
        let violations: Vec<Violation> = audit(b, script).await?;
        found.extend(
            violations
                .iter()
                .map(|v| format!("{screen} at {}: {v}", vp.name())),
        );
    }
    b.set_viewport(own).await?;
    Ok(found)
}

#[tokio::test]
async fn every_screen_passes_axe_at_both_sizes() -> Result<()> {
    let script = axe_script()?;
    let mut s = Scenario::start("accessibility").await?;
    let api = s.server.api();
    let mut problems = Vec::new();

    s.browser.wait("amount-display").await?;
    problems.extend(check(&mut s.browser, &script, "charge").await?);
    // Charge off at zero, with its reason; then a field problem beside its field.
    s.browser.wait("charge-why").await?;
    s.browser.keypad("12").await?;
    s.browser.click("pay-with-BTC").await?;
    s.browser.fill("description", "<b>").await?;
    s.browser.click("charge-submit").await?;
    s.browser.wait("error-description").await?;
    problems.extend(check(&mut s.browser, &script, "charge with problems").await?);

    let open = api.create(&new_payment("50.00", "BTC")).await?;
    s.open_payment(&open).await?;
    s.browser.wait_state("payment-state", "awaiting").await?;
    s.browser.wait("qr").await?;
    problems.extend(check(&mut s.browser, &script, "payment awaiting").await?);

    s.browser.click("simulate-partial").await?;
    s.browser.wait_state("payment-state", "underpaid").await?;
    problems.extend(check(&mut s.browser, &script, "payment underpaid").await?);

    let customer_link = s
        .browser
        .attr("payment-link", "href")
        .await?
        .unwrap_or_default();

    s.browser.click("simulate-full").await?;
    s.browser.wait("paid-screen").await?;
    api.wait_state(&open.id, PaymentState::Paid).await?;
    problems.extend(check(&mut s.browser, &script, "payment paid").await?);

    s.browser.click("receipt-link").await?;
    s.browser.wait("receipt").await?;
    problems.extend(check(&mut s.browser, &script, "receipt").await?);

    let cancelled = api.create(&new_payment("12.00", "LTC")).await?;
    s.open_payment(&cancelled).await?;
    s.browser.click("cancel-payment").await?;
    s.browser.click("cancel-confirm").await?;
    s.browser.wait_state("payment-state", "cancelled").await?;
    problems.extend(check(&mut s.browser, &script, "payment cancelled").await?);

    s.browser.goto(&s.url("/history")).await?;
    s.browser.wait("history-item").await?;
    problems.extend(check(&mut s.browser, &script, "history").await?);

    s.browser.goto(&s.url("/settings")).await?;
    s.browser.wait("terminal-name").await?;
    problems.extend(check(&mut s.browser, &script, "settings").await?);
    s.browser.click("add-device").await?;
    s.browser.wait("pairing-code").await?;
    s.browser.wait("device-row").await?;
    s.browser.click("revoke-device").await?;
    s.browser.wait("confirm-revoke").await?;
    problems.extend(
        check(
            &mut s.browser,
            &script,
            "settings: a pairing code and a sign-out question",
        )
        .await?,
    );
    s.browser.click("cancel-revoke").await?;

    s.browser.goto(&s.url("/no/such/page")).await?;
    s.browser.wait("not-found").await?;
    problems.extend(check(&mut s.browser, &script, "not found").await?);

    s.browser.goto(&customer_link).await?;
    s.browser.wait("customer-page").await?;
    s.browser.wait("payment-state").await?;
    problems.extend(check(&mut s.browser, &script, "customer page").await?);

    s.browser.goto(&s.url("/settings")).await?;
    s.browser.click("forget-device").await?;
    s.browser.wait("pair-code").await?;
    problems.extend(check(&mut s.browser, &script, "pairing").await?);
    s.browser.click("pair-submit").await?;
    s.browser.wait("pair-error").await?;
    problems.extend(check(&mut s.browser, &script, "pairing with an error").await?);

    assert!(
        problems.is_empty(),
        "accessibility violations:\n{}",
        problems.join("\n")
    );
    s.finish().await
}
