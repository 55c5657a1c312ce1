//! Refunds on the terminal's screen: an overpaid payment's excess refunded with the manager
//! PIN until the sandbox confirms it, and three wrong PINs locking refunds on the device.

use wct_api::refund::{RefundState, RefundType};
use wct_api::PaymentState;
use wct_e2e::harness::{new_payment, Options};
use wct_e2e::scenario::Scenario;
use wct_e2e::{Result, Viewport};

const PIN: &str = "2468";

fn with_refunds() -> Options {
    Options {
        manager_pin: Some(PIN),
        ..Options::default()
    }
}

/// Opens a new 20.00 USD payment in BTC and overpays it through the simulated customer.
async fn overpaid(s: &Scenario) -> Result<wct_api::pos::PaymentView> {
    let api = s.server.api();
    let view = api.create(&new_payment("20.00", "BTC")).await?;
    s.open_payment(&view).await?;
    let b = &s.browser;
    b.wait_state("payment-state", "awaiting").await?;
    b.click("simulate-over").await?;
    b.wait("paid-screen").await?;
    api.wait_state(&view.id, PaymentState::Overpaid).await
}

#[tokio::test]
async fn the_excess_is_refunded_with_the_manager_pin() -> Result<()> {
    let mut s = Scenario::start_with("refund-excess", with_refunds()).await?;
    let over = overpaid(&s).await?;
    let b = &s.browser;
    b.wait_text("refund-open", "offers the excess", |t| {
        t == "Refund the excess"
    })
    .await?;
    // The excess comes with its value, and refunding it is the main action.
    let excess = b.text("excess-amount").await?;
    assert!(excess.contains("≈") && excess.contains("USD"), "{excess}");
    let class = b.attr("refund-open", "class").await?.unwrap_or_default();
    assert!(class.contains("btn-primary"), "{class}");
    let class = b.attr("new-charge", "class").await?.unwrap_or_default();
    assert!(class.contains("btn-secondary"), "{class}");
    b.click("refund-open").await?;
    b.wait("refund-dialog").await?;
    // The excess is prefilled, exactly.
    assert_eq!(b.value("refund-amount").await?, over.excess);
    assert_eq!(
        b.attr("refund-pin", "type").await?.as_deref(),
        Some("password")
    );
    assert_eq!(
        b.attr("refund-pin", "inputmode").await?.as_deref(),
        Some("numeric")
    );
    // Without a contact the dialog says what is missing, and sends nothing.
    b.fill("refund-pin", PIN).await?;
    b.click("refund-submit").await?;
    b.wait_text("error-email", "asks for a contact", |t| {
        t.contains("e-mail or mobile")
    })
    .await?;
    b.fill("refund-email", "ann@example.com").await?;
    b.fill("refund-pin", PIN).await?;
    s.screenshots("dialog").await?;

    let b = &s.browser;
    b.click("refund-submit").await?;
    b.wait_gone("refund-dialog").await?;
    // Requested first, then refunded once the sandbox confirms (postback + getupdate).
    b.wait("refund-row").await?;
    b.wait_attr("refund-row", "data-state", "refunded").await?;
    b.wait_text("refund-state", "says refunded", |t| t == "Refunded")
        .await?;
    let done = s.server.api().get(&over.id).await?;
    assert_eq!(done.state, PaymentState::Overpaid);
    assert_eq!(done.refunds.len(), 1);
    let r = &done.refunds[0];
    assert_eq!(
        (r.refund_type, r.amount.as_str(), r.state),
        (
            RefundType::Overpaid,
            over.excess.as_str(),
            RefundState::Refunded
        )
    );
    // Nothing more to take from the excess: the offer is now a refund of the sale.
    b.wait_text("refund-open", "offers a plain refund", |t| t == "Refund")
        .await?;
    // The dialog stays closed, and the screen no longer says the customer sent too much.
    assert!(!b.exists("refund-dialog").await?);
    b.wait_text("excess-back", "says the excess went back", |t| {
        t.contains("going back to the customer")
    })
    .await?;
    s.screenshots("refunded").await?;

    // The receipt lists it, and so does History.
    let b = &s.browser;
    b.goto(&s.url(&format!("/payments/{}/receipt", over.id)))
        .await?;
    b.wait("receipt").await?;
    b.wait_attr("refund-row", "data-state", "refunded").await?;
    s.screenshots("receipt").await?;
    let b = &s.browser;
    b.goto(&s.url("/history")).await?;
    b.wait_text("history-refund", "marks the refund", |t| {
        t.starts_with("Refunded")
    })
    .await?;
    s.finish().await
}

#[tokio::test]
async fn three_wrong_pins_lock_refunds_on_the_device() -> Result<()> {
    let mut s = Scenario::start_with("refund-locked", with_refunds()).await?;
    s.browser.set_viewport(Viewport::Tablet).await?;
    let over = overpaid(&s).await?;
    let b = &s.browser;
    b.click("refund-open").await?;
    b.wait("refund-dialog").await?;
    b.fill("refund-email", "ann@example.com").await?;
    for (attempt, left) in [(1, "2 more wrong PINs"), (2, "1 more wrong PIN ")] {
        b.fill("refund-pin", "1357").await?;
        b.click("refund-submit").await?;
        b.wait_text("error-pin", &format!("wrong PIN #{attempt}"), |t| {
            t.contains(left)
        })
        .await?;
    }
    b.fill("refund-pin", "1357").await?;
    b.click("refund-submit").await?;
    b.wait_text("refund-locked", "the lock and its wait", |t| {
        t.contains("refunds are locked") && t.contains("Try again in 15 min")
    })
    .await?;
    assert!(!b.is_enabled("refund-submit").await?);
    // The whole dialog fits the tablet: its title, which sale, the lock and the buttons.
    for id in [
        "refund-title-text",
        "refund-sale",
        "refund-locked",
        "refund-submit",
        "refund-cancel",
    ] {
        let inside = b
            .eval(&format!(
                "const e = document.querySelector('[data-testid=\"{id}\"]');
                 if (!e) return false;
                 const r = e.getBoundingClientRect();
                 return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;"
            ))
            .await?;
        assert_eq!(inside, serde_json::json!(true), "{id} is on screen");
    }
    // Still paired: a wrong PIN is not a wrong token.
    assert!(b.current_url().await?.contains("/payments/"));
    assert!(b.exists("payment-state").await?);
    let after = s.server.api().get(&over.id).await?;
    assert!(after.refunds.is_empty(), "nothing was asked upstream");
    s.screenshots("locked").await?;
    s.finish().await
}
