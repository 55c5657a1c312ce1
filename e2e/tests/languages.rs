//! The till in the store's language, with a device's own choice winning, in Chromium against
//! the built app: German words and a German decimal key (the payment is still created with a
//! `.`), Arabic right to left with amounts and codes left to right, the Z-report in the
//! store's language whatever the device shows. Every main screen is saved in German and Arabic
//! at phone and tablet sizes (`target/e2e/languages-<lang>-<screen>-{phone,tablet}.png`).

use serde_json::json;
use wct_api::PaymentState;
use wct_e2e::scenario::Scenario;
use wct_e2e::Result;

/// The store's settings with `language`, tips off, UTC.
fn settings(language: &str) -> serde_json::Value {
    json!({
        "tips": {"enabled": false, "percentages": ["10", "15", "20"], "custom": true,
                 "rounding": "exact"},
        "time_zone": "UTC",
        "language": language,
    })
}

/// Opens `path` and waits for `id`, then saves `languages-<lang>-<screen>` at both sizes.
async fn shoot(s: &mut Scenario, lang: &str, screen: &str, path: &str, id: &str) -> Result<()> {
    s.browser.goto(&s.url(path)).await?;
    s.browser.wait(id).await?;
    s.browser
        .screenshots(&format!("languages-{lang}-{screen}"))
        .await
}

async fn html_attr(s: &Scenario, name: &str) -> Result<String> {
    let value = s
        .browser
        .eval(&format!(
            "return document.documentElement.getAttribute('{name}') || ''"
        ))
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn the_till_speaks_the_stores_language_and_a_device_may_choose_its_own() -> Result<()> {
    let mut s = Scenario::start("languages").await?;
    let api = s.server.api();

    // English by default: the nav says Charge.
    s.browser
        .wait_text("nav-charge", "English", |t| t == "Charge")
        .await?;

    // A language the app does not have is refused, not stored.
    assert!(api.save_store_settings(&settings("xx")).await.is_err());
    // The store is set to German (as Settings → Store does): after a reload the till is German.
    api.save_store_settings(&settings("de")).await?;
    s.browser.refresh().await?;
    s.browser
        .wait_text("nav-charge", "German words", |t| t == "Kasse")
        .await?;
    assert_eq!(html_attr(&s, "lang").await?, "de");
    assert_eq!(html_attr(&s, "dir").await?, "ltr");
    s.browser.screenshots("languages-de-charge").await?;

    // The keypad's decimal key is German; the API still gets a point.
    assert_eq!(s.browser.text("key-point").await?, ",");
    s.browser.click("key-clear").await?;
    s.browser.keypad("12.50").await?;
    s.browser
        .wait_text("amount-display", "12,50", |t| t == "12,50")
        .await?;
    let submit = s.browser.text("charge-submit").await?;
    assert!(submit.contains("kassieren"), "{submit}");
    s.browser.select("settlement-select", "USD").await?;
    s.browser.click("pay-with-BTC").await?;
    s.browser.fill("description", "Zwei Flat White").await?;
    s.browser.click("charge-submit").await?;
    let id = s.wait_payment_url().await?;
    let created = api.get(&id).await?;
    assert_eq!(created.amount, "12.50", "the API receives a point");
    s.browser.wait("payment-state").await?;
    s.browser.screenshots("languages-de-payment").await?;
    let due = s.browser.text("fiat-amount").await?;
    assert!(due.contains("12,50"), "German amount on screen: {due}");

    // Paid, its receipt, and the other screens in German.
    api.sandbox_pay(&created.id, &created.pay_amount).await?;
    api.wait_state(&created.id, PaymentState::Paid).await?;
    s.browser.wait("paid-screen").await?;
    let paid = s.browser.text("paid-screen").await?;
    assert!(paid.contains("Bezahlt"), "{paid}");
    s.browser.screenshots("languages-de-paid").await?;
    let receipt = format!("/payments/{}/receipt", created.id);
    shoot(&mut s, "de", "receipt", &receipt, "receipt").await?;
    let printed = s.browser.text("receipt").await?;
    assert!(printed.contains("Bezahlt mit"), "{printed}");
    shoot(&mut s, "de", "history", "/history", "filter-all").await?;
    shoot(&mut s, "de", "reports", "/reports", "z-report").await?;
    shoot(&mut s, "de", "settings", "/settings", "store-settings").await?;

    // This device chooses Arabic: the whole page turns right to left, the store stays German.
    s.browser.select("device-lang-select", "ar").await?;
    s.browser
        .wait_text("nav-charge", "Arabic words", |t| t == "تحصيل")
        .await?;
    assert_eq!(html_attr(&s, "dir").await?, "rtl");
    assert_eq!(html_attr(&s, "lang").await?, "ar");
    shoot(&mut s, "ar", "settings", "/settings", "store-settings").await?;
    // Remembered on this device across a reload.
    shoot(&mut s, "ar", "charge", "/", "amount-display").await?;
    assert_eq!(html_attr(&s, "dir").await?, "rtl");
    let payment = format!("/payments/{}", created.id);
    shoot(&mut s, "ar", "paid", &payment, "paid-screen").await?;
    shoot(&mut s, "ar", "receipt", &receipt, "receipt").await?;
    // Printed things stay in the store's language (German) on an Arabic till.
    let printed = s.browser.text("receipt").await?;
    assert!(printed.contains("Bezahlt mit"), "{printed}");
    shoot(&mut s, "ar", "history", "/history", "filter-all").await?;
    shoot(&mut s, "ar", "reports", "/reports", "z-report").await?;
    let z = s.browser.text("z-report").await?;
    assert!(z.contains("Z-Bon"), "the Z-report is the store's: {z}");

    // An open payment in Arabic: the amount and the address stay left to right.
    s.browser.goto(&s.url("/")).await?;
    s.browser.wait("amount-display").await?;
    // Arabic writes its decimal point as "." too (Latin digits, as on the customer page).
    s.charge("7.25", "BTC", None).await?;
    s.browser.wait("pay-address").await?;
    let direction = s
        .browser
        .eval("return getComputedStyle(document.querySelector('[data-testid=pay-address]')).direction")
        .await?;
    assert_eq!(
        direction.as_str(),
        Some("ltr"),
        "the address reads left to right"
    );
    s.browser.screenshots("languages-ar-payment").await?;

    // The pairing screen, in Arabic and (the device's choice cleared) in German.
    shoot(&mut s, "ar", "pair", "/pair", "pair-code").await?;
    s.browser.goto(&s.url("/settings")).await?;
    s.browser.wait("device-lang-select").await?;
    s.browser.select("device-lang-select", "").await?;
    s.browser
        .wait_text("nav-charge", "German again", |t| t == "Kasse")
        .await?;
    shoot(&mut s, "de", "pair", "/pair", "pair-code").await?;

    // A store set to French prints a French Z-report.
    api.save_store_settings(&settings("fr")).await?;
    s.browser.goto(&s.url("/reports")).await?;
    s.browser
        .wait_text("nav-charge", "French words", |t| t == "Encaisser")
        .await?;
    s.browser.wait("z-report").await?;
    s.browser.screenshots("languages-fr-reports").await?;
    let z = s.browser.text("z-report").await?;
    assert!(z.contains("Ticket Z"), "{z}");

    // A store set to Spanish: the till in Spanish, its keypad's decimal key a comma.
    api.save_store_settings(&settings("es")).await?;
    s.browser.goto(&s.url("/")).await?;
    s.browser
        .wait_text("nav-charge", "Spanish words", |t| t == "Cobrar")
        .await?;
    assert_eq!(html_attr(&s, "lang").await?, "es");
    assert_eq!(s.browser.text("key-point").await?, ",");
    // The currency's name too (the browser's Intl.DisplayNames), not the catalogue's English.
    let usd = s
        .browser
        .eval("return document.querySelector('[data-testid=settlement-select] option[value=USD]').textContent")
        .await?;
    let usd = usd.as_str().unwrap_or_default();
    assert!(
        usd.starts_with("USD — ") && !usd.contains("US dollar"),
        "{usd}"
    );
    s.browser.screenshots("languages-es-charge").await?;

    // A store set to Italian prints its receipts in Italian.
    api.save_store_settings(&settings("it")).await?;
    s.browser.goto(&s.url(&receipt)).await?;
    s.browser
        .wait_text("nav-charge", "Italian words", |t| t == "Incassa")
        .await?;
    s.browser.wait("receipt").await?;
    let printed = s.browser.text("receipt").await?;
    assert!(printed.contains("Pagato con"), "{printed}");
    // The keypad sale's one line, worded too.
    assert!(printed.contains("Vendita"), "{printed}");
    s.browser.screenshots("languages-it-receipt").await?;
    s.finish().await
}
