//! Tips at the counter: with tips on, the Charge screen offers the store's presets; a 15 %
//! tip adds the tip cart line (kind tip), the payment's amount includes it, and so does the QR's crypto
//! amount. Run at phone and tablet sizes.

use rust_decimal::Decimal;
use serde_json::json;
use wct_api::upstream::LineKind;
use wct_e2e::qr::decode_svg;
use wct_e2e::scenario::Scenario;
use wct_e2e::{Result, Viewport};

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

#[tokio::test]
async fn a_15_percent_tip_adds_a_tip_line_and_the_qr_asks_for_it() -> Result<()> {
    let mut s = Scenario::start("tips").await?;
    let api = s.server.api();
    api.save_store_settings(&json!({
        "tips": {"enabled": true, "percentages": ["10", "15", "20"], "custom": true,
                 "rounding": "exact"},
        "time_zone": "UTC",
    }))
    .await?;

    // The phone the scenario paired, then a tablet paired the same way.
    let axe = wct_e2e::a11y::axe_script()?;
    let tablet = s.driver.session(Viewport::Tablet).await?;
    tablet.pair(&s.server.pair_url().await?).await?;
    for b in [&s.browser, &tablet] {
        b.goto(&s.url("/")).await?;
        b.wait("amount-display").await?;
        // The store's settings say a tip will be asked for.
        b.wait("tip-note").await?;
        let before = api.count().await?;
        b.click("key-clear").await?;
        b.keypad("10.00").await?;
        b.wait_text("amount-display", "= 10.00", |t| t == "10.00")
            .await?;
        b.select("settlement-select", "USD").await?;
        b.click("pay-with-BTC").await?;
        b.wait_attr("pay-with-BTC", "aria-pressed", "true").await?;
        b.fill("description", "Lunch").await?;
        // Charge hands the screen to the customer: the sale, big tip buttons, the total.
        b.click("charge-submit").await?;
        b.wait("tip-step").await?;
        assert_eq!(b.text("tip-step-sale").await?, "10.00 USD");
        // Each preset shows what it adds before it is pressed.
        b.wait_text("tip-15", "the 15 % preset with its amount", |t| {
            t.contains("15 %") && t.contains("1.50")
        })
        .await?;
        b.click("tip-15").await?;
        b.wait_attr("tip-15", "aria-pressed", "true").await?;
        b.wait_text("tip-total", "the total with the tip", |t| t == "11.50")
            .await?;
        b.wait_text("tip-continue", "the total on the button", |t| {
            t.contains("11.50")
        })
        .await?;
        assert_eq!(api.count().await?, before, "nothing is sent before the tip");
        wct_e2e::a11y::assert_clean(b, &axe, "The customer's tip step").await?;
        b.save_screenshot("tips-charge").await?;
        b.click("tip-continue").await?;
        let id = b.wait_payment_url().await?;
        let view = api.get(&id).await?;
        assert_eq!(view.amount, "11.50");
        let lines: Vec<(&str, &str, &str)> = view
            .cart_items
            .iter()
            .map(|i| {
                (
                    i.item_name.as_str(),
                    i.item_desc.as_str(),
                    i.unit_price.as_str(),
                )
            })
            .collect();
        assert_eq!(lines, [("Sale", "", "10.00"), ("Tip", "15 %", "1.50")]);
        // The app sent the tip as the tip (its kind), not just a line named so.
        let kinds: Vec<LineKind> = view.cart_items.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [LineKind::Item, LineKind::Tip]);

        // The QR asks for the crypto worth 11.50 at the quote's rate, not 10.00.
        b.wait_state("payment-state", "awaiting").await?;
        let svg = b.outer_html("[data-testid=\"qr\"] svg").await?;
        let uri = decode_svg(&svg)?;
        assert_eq!(uri, view.wallet_uri);
        let amount = uri
            .split("amount=")
            .nth(1)
            .map(|a| a.split('&').next().unwrap_or(a))
            .expect("amount in the URI");
        let rate = dec(view.exchange_rate.as_deref().expect("a rate"));
        let worth = dec(amount) * rate;
        let one_unit = rate * Decimal::new(1, 8);
        assert!(
            (worth - dec("11.50")).abs() <= one_unit,
            "{amount} BTC at {rate} is {worth}, not 11.50"
        );
        // The total says what the tip added.
        let fiat = b.text("qr-fiat").await?;
        assert!(
            fiat.contains("11.50") && fiat.contains("10.00 + 1.50 tip"),
            "{fiat}"
        );
        b.save_screenshot("tips-payment").await?;
    }
    tablet.close().await?;
    s.browser.goto(&s.url("/settings")).await?;
    s.browser.wait("store-settings").await?;
    s.browser
        .wait_attr("store-settings", "aria-busy", "false")
        .await?;
    assert_eq!(s.browser.value("tips-percentages").await?, "10, 15, 20");
    let card = s.browser.wait("store-settings").await?;
    s.browser.scroll_to(&card).await?;
    wct_e2e::a11y::assert_clean(&s.browser, &axe, "Settings").await?;
    s.screenshots("settings").await?;
    s.finish().await
}
