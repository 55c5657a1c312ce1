//! Bad input typed into the Charge screen: refused at the keypad, or explained beside the
//! field it concerns — and nothing is sent to the server.

use wct_e2e::scenario::Scenario;
use wct_e2e::{Browser, Result};

/// Asserts `error-<field>` is shown, says something, and sits beside the field's control
/// (they share a parent element).
async fn error_beside(b: &Browser, field: &str, control: &str) -> Result<String> {
    let message = b
        .wait_text(&format!("error-{field}"), "a message", |t| !t.is_empty())
        .await?;
    let script = format!(
        "const e = document.querySelector('[data-testid=\"error-{field}\"]');
         const c = document.querySelector('[data-testid=\"{control}\"]');
         return !!(e && c && e.parentElement && e.parentElement.contains(c));"
    );
    let beside = b.eval(&script).await?;
    assert_eq!(
        beside,
        serde_json::json!(true),
        "error-{field} is not beside {control}"
    );
    Ok(message)
}

/// Presses Charge (enabled or not) and checks the server saw nothing.
async fn press_charge_and_expect_nothing_sent(s: &Scenario) -> Result<()> {
    let b = &s.browser;
    b.click("charge-submit").await?;
    // Give a (wrong) request time to land before counting.
    b.wait_until("the Charge screen to stay", move || async move {
        Ok(b.exists("amount-display").await?.then_some(()))
    })
    .await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(s.server.api().count().await?, 0, "nothing may be sent");
    assert!(!b.current_url().await?.contains("/payments/"));
    Ok(())
}

#[tokio::test]
async fn the_keypad_refuses_a_third_decimal_and_a_bad_description_is_explained() -> Result<()> {
    let mut s = Scenario::start("bad-amount-description").await?;
    let b = &s.browser;
    // Nothing typed: Charge is off and says why.
    assert!(!b.is_enabled("charge-submit").await?);
    let why = b.text("charge-why").await?;
    assert!(why.contains("Enter an amount"), "{why}");
    b.keypad("1.234").await?;
    assert_eq!(b.text("amount-display").await?, "1.23");
    b.click("key-back").await?;
    assert_eq!(b.text("amount-display").await?, "1.2");
    b.click("key-clear").await?;
    b.keypad("0000").await?;
    let zeros = b.text("amount-display").await?;
    assert!(zeros.len() <= 4, "leading zeros collapse: {zeros:?}");
    // Zero is nothing to charge.
    assert!(!b.is_enabled("charge-submit").await?);
    assert!(b.text("charge-why").await?.contains("Enter an amount"));
    s.screenshots("zero").await?;
    let b = &s.browser;
    b.click("key-clear").await?;
    b.keypad("12.5").await?;
    b.click("pay-with-BTC").await?;
    b.fill("description", "<b>Croissant</b>").await?;
    press_charge_and_expect_nothing_sent(&s).await?;
    let message = error_beside(&s.browser, "description", "description").await?;
    assert!(message.contains('<'), "says which characters: {message}");
    assert!(!s.browser.is_enabled("charge-submit").await?);
    let why = s.browser.text("charge-why").await?;
    assert!(why.contains("Fix the fields"), "{why}");
    s.screenshots("errors").await?;

    // Fixing it clears the message.
    s.browser.fill("description", "Croissant").await?;
    s.browser.wait_gone("error-description").await?;
    s.finish().await
}

#[tokio::test]
async fn an_amount_alone_is_a_complete_charge() -> Result<()> {
    let mut s = Scenario::start("amount-only").await?;
    let b = &s.browser;
    b.keypad("4.20").await?;
    b.click("pay-with-BTC").await?;
    assert_eq!(b.value("description").await?, "");
    let hint = b
        .attr("description", "placeholder")
        .await?
        .unwrap_or_default();
    assert_eq!(hint, "Sale", "the name it will get is shown");
    b.click("charge-submit").await?;
    b.wait_state("payment-state", "awaiting").await?;
    let stored = s.server.api().list_all().await?;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].description, "Sale");
    assert_eq!(stored[0].amount, "4.20");
    s.screenshots("payment").await?;
    s.finish().await
}

#[tokio::test]
async fn tether_is_chosen_with_its_network_in_one_tap() -> Result<()> {
    let mut s = Scenario::start("bad-network").await?;
    let b = &s.browser;
    b.keypad("25").await?;
    // Every network is its own button, named in full: nothing is cut or hidden.
    let trc = b.text("pay-with-USDT-TRC20").await?;
    assert!(trc.contains("USDT") && trc.contains("TRC20"), "{trc}");
    assert!(b.exists("pay-with-USDT-ERC20").await?);
    b.click("pay-with-USDT-TRC20").await?;
    b.wait_attr("pay-with-USDT-TRC20", "aria-pressed", "true")
        .await?;
    assert_eq!(
        b.attr("pay-with-USDT-ERC20", "aria-pressed")
            .await?
            .as_deref(),
        Some("false")
    );
    s.screenshots("picked").await?;
    let b = &s.browser;
    b.click("charge-submit").await?;
    b.wait_state("payment-state", "awaiting").await?;
    let stored = s.server.api().list_all().await?;
    assert_eq!(stored[0].pay_asset, "USDT");
    assert_eq!(stored[0].pay_network.as_deref(), Some("TRC20"));
    s.finish().await
}

/// Sets a date picker's value as a person picking a day would (`YYYY-MM-DD`).
async fn pick_date(b: &Browser, id: &str, date: &str) -> Result<()> {
    b.eval(&format!(
        "const e = document.querySelector('[data-testid=\"{id}\"]');
         e.value = '{date}';
         e.dispatchEvent(new Event('input', {{ bubbles: true }}));
         return e.value;"
    ))
    .await?;
    Ok(())
}

#[tokio::test]
async fn customer_details_are_read_as_people_write_them_and_explained_when_not() -> Result<()> {
    let mut s = Scenario::start("bad-customer").await?;
    let b = &s.browser;
    b.keypad("40").await?;
    b.click("pay-with-BTC").await?;
    b.click("customer-toggle").await?;
    assert_eq!(
        b.attr("personal_dob", "type").await?.as_deref(),
        Some("date")
    );
    b.fill("personal_country", "XX").await?;
    b.fill("personal_mobile", "12").await?;
    pick_date(b, "personal_dob", "2199-01-01").await?;
    press_charge_and_expect_nothing_sent(&s).await?;
    let b = &s.browser;
    let country = error_beside(b, "personal_country", "personal_country").await?;
    assert!(country.contains("two-letter code"), "{country}");
    assert!(!country.contains("ISO"), "no standards jargon: {country}");
    let mobile = error_beside(b, "personal_mobile", "personal_mobile").await?;
    assert!(mobile.contains('+'), "{mobile}");
    let dob = error_beside(b, "personal_dob", "personal_dob").await?;
    assert!(dob.contains("past"), "{dob}");
    s.screenshots("errors").await?;

    // "uk", a local mobile number and a picked date are what a shop writes: all accepted.
    let b = &s.browser;
    b.fill("personal_country", "uk").await?;
    b.fill("personal_mobile", "07700 900123").await?;
    pick_date(b, "personal_dob", "1990-02-01").await?;
    for field in ["personal_country", "personal_mobile", "personal_dob"] {
        b.wait_gone(&format!("error-{field}")).await?;
    }
    b.click("charge-submit").await?;
    b.wait_state("payment-state", "awaiting").await?;
    let stored = s.server.api().list_all().await?;
    let personal = stored[0].personal.clone().expect("customer details");
    assert_eq!(personal.country.as_deref(), Some("GB"));
    assert_eq!(personal.mobile.as_deref(), Some("+447700900123"));
    assert_eq!(personal.dob.as_deref(), Some("1990/02/01"));

    // With the shop's country in Settings, a local number needs no country of the customer's.
    let api = s.server.api();
    api.save_store_settings(&serde_json::json!({
        "tips": {"enabled": false, "percentages": [], "custom": false, "rounding": "exact"},
        "time_zone": "Europe/London",
        "country": "GB",
    }))
    .await?;
    let b = &s.browser;
    b.goto(&s.url("/")).await?;
    b.wait("amount-display").await?;
    b.keypad("5").await?;
    b.click("pay-with-BTC").await?;
    b.click("customer-toggle").await?;
    b.fill("personal_mobile", "07700 900456").await?;
    b.wait_until("charge-submit to be enabled", move || async move {
        Ok(b.is_enabled("charge-submit").await?.then_some(()))
    })
    .await?;
    assert!(!b.exists("error-personal_mobile").await?);
    b.click("charge-submit").await?;
    b.wait_state("payment-state", "awaiting").await?;
    let newest = api.list_all().await?;
    let mobiles: Vec<Option<String>> = newest
        .iter()
        .map(|p| p.personal.as_ref().and_then(|p| p.mobile.clone()))
        .collect();
    assert!(
        mobiles.contains(&Some("+447700900456".to_string())),
        "{mobiles:?}"
    );
    s.finish().await
}
