//! Products on Charge (issue 25): products made through the API appear on the tap grid; a tap
//! adds one; a simulated barcode scanner (keys typed fast, ending with Enter, no field
//! focused) adds its item and an unknown code says so; a mixed basket (19 %, 7 %, 0 %, a line
//! and a sale discount) shows per-rate totals equal to the reference and the QR asks for the
//! gross; a product repriced while in the cart is shown and nothing is charged at the old
//! price. Phone and tablet.

use rust_decimal::Decimal;
use serde_json::{json, Value};
use wct_api::tax::{breakdown, Discount, PriceMode, TaxConfig, TaxRate};
use wct_api::upstream::CartItem;
use wct_e2e::browser::Browser;
use wct_e2e::harness::Api;
use wct_e2e::qr::decode_svg;
use wct_e2e::scenario::Scenario;
use wct_e2e::{Result, Viewport};

const WINE: &str = "4006381333931";
const BREAD: &str = "2000000000017";
const STAMPS: &str = "STAMP-5";

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

fn tax_config() -> TaxConfig {
    let rate = |id: &str, name: &str, percent: &str| TaxRate {
        id: id.into(),
        name: name.into(),
        percent: percent.into(),
    };
    TaxConfig {
        rates: vec![
            rate("standard", "VAT 19 %", "19"),
            rate("reduced", "VAT 7 %", "7"),
            rate("zero", "VAT 0 %", "0"),
        ],
        default_rate: Some("standard".into()),
        prices: PriceMode::Inclusive,
        tips_taxed: false,
    }
}

async fn set_up_store(api: &Api) -> Result<()> {
    api.save_store_settings(&json!({
        "tips": {"enabled": false, "percentages": [], "custom": false, "rounding": "exact"},
        "time_zone": "UTC",
        "currency": "USD",
        "tax": tax_config(),
        "receipt": {"legal_name": "Corner Café GmbH", "address": ["Hauptstr. 1", "10115 Berlin"],
                    "tax_id": "DE123456789", "footer": "Danke!", "number_prefix": "R-"},
        "max_discount_percent": "50",
    }))
    .await?;
    for (name, price, category, rate, sku) in [
        ("Wine", "12.50", "Drinks", "standard", WINE),
        ("Bread", "2.40", "Bakery", "reduced", BREAD),
        ("Stamps", "5.00", "Post", "zero", STAMPS),
    ] {
        api.add_product(&json!({"name": name, "price": price, "category": category,
                                "tax_rate": rate, "sku": sku}))
            .await?;
    }
    Ok(())
}

/// A scanner: every key of `code`, then Enter, dispatched in one script (microseconds apart),
/// with no field focused.
async fn scan(b: &Browser, code: &str) -> Result<()> {
    b.eval(&format!(
        "if (document.activeElement) document.activeElement.blur();
         for (const key of [...{code:?}, 'Enter']) {{
           window.dispatchEvent(new KeyboardEvent('keydown', {{key, bubbles: true}}));
         }}"
    ))
    .await?;
    Ok(())
}

/// The reference: the README's basket through `wct_api::tax` (19.26 / 6.16 / 4.28, 29.70).
fn reference() -> wct_api::tax::Breakdown {
    let line = |name: &str, qty: &str, price: &str, rate: &str| CartItem {
        tax_rate: Some(rate.into()),
        ..CartItem::item(name, "", qty, price)
    };
    let mut wine = line("Wine", "2", "12.50", "standard");
    wine.discount = Some(Discount::Percent("10".into()));
    let items = [
        wine,
        line("Bread", "3", "2.40", "reduced"),
        line("Stamps", "1", "5.00", "zero"),
    ];
    breakdown(
        &items,
        Some(&Discount::Amount("5.00".into())),
        &tax_config(),
        2,
    )
    .expect("the reference basket")
}

#[tokio::test]
async fn the_grid_and_the_scanner_fill_a_taxed_cart_and_the_qr_asks_for_the_gross() -> Result<()> {
    let s = Scenario::start("products").await?;
    let api = s.server.api();
    set_up_store(&api).await?;
    let want = reference();
    assert_eq!(want.gross, dec("29.70"));

    let tablet = s.driver.session(Viewport::Tablet).await?;
    tablet.pair(&s.server.pair_url().await?).await?;
    // Settings → Store shows the rules as saved: the rates, the receipt's particulars.
    for b in [&s.browser, &tablet] {
        b.goto(&s.url("/settings")).await?;
        b.wait_value("rate-name-0", "VAT 19 %").await?;
        b.wait_value("rate-percent-1", "7").await?;
        b.wait_value("legal-name", "Corner Café GmbH").await?;
        b.wait_value("tax-id", "DE123456789").await?;
        let rates = b.wait("tax-rates").await?;
        b.scroll_to(&rates).await?;
        b.save_screenshot("products-settings-rules").await?;
    }
    for b in [&s.browser, &tablet] {
        b.goto(&s.url("/")).await?;
        b.wait("product-grid").await?;
        b.wait(&format!("grid-item-{WINE}")).await?;
        b.select("settlement-select", "USD").await?;
        b.click("pay-with-BTC").await?;
        b.save_screenshot("products-grid").await?;

        // The category tabs filter, the search finds by name.
        b.click("grid-tab-1").await?;
        b.wait_gone(&format!("grid-item-{WINE}")).await?;
        b.wait(&format!("grid-item-{BREAD}")).await?;
        b.click("grid-tab-all").await?;
        b.fill("grid-search", "sta").await?;
        b.wait_gone(&format!("grid-item-{BREAD}")).await?;
        b.eval(
            "const s = document.querySelector('[data-testid=grid-search]');
             s.value = ''; s.dispatchEvent(new Event('input', {bubbles: true}));",
        )
        .await?;
        b.wait(&format!("grid-item-{BREAD}")).await?;

        // Two taps: one line of two.
        b.click(&format!("grid-item-{WINE}")).await?;
        b.wait_value("cart-qty-0", "1").await?;
        b.click(&format!("grid-item-{WINE}")).await?;
        b.wait_value("cart-qty-0", "2").await?;

        // Three bread scans, then an unknown code.
        for _ in 0..3 {
            scan(b, BREAD).await?;
            b.wait_text("scan-message", "the bread added", |t| t.contains("Bread"))
                .await?;
        }
        b.wait_value("cart-qty-1", "3").await?;
        scan(b, "99999999").await?;
        b.wait_text("scan-message", "the unknown code", |t| {
            t.contains("99999999") && t.contains("Unknown")
        })
        .await?;
        scan(b, STAMPS).await?;
        b.wait("cart-qty-2").await?;

        b.fill("cart-discount-0", "10%").await?;
        b.fill("sale-discount", "5.00").await?;
        b.wait_text("cart-total", "the gross", |t| t == "29.70")
            .await?;
        for (i, r) in want.rates.iter().enumerate() {
            for (part, value) in [("net", r.net), ("tax", r.tax), ("gross", r.gross)] {
                let shown = b.text(&format!("tax-{part}-{i}")).await?;
                assert_eq!(shown, value.to_string(), "{part} of rate {i}");
            }
        }
        assert_eq!(b.text("cart-discount").await?, want.discount.to_string());
        let totals = b.wait("cart-totals").await?;
        b.scroll_to(&totals).await?;
        b.save_screenshot("products-cart").await?;

        let before = api.count().await?;
        b.click("charge-submit").await?;
        let id = b.wait_payment_url().await?;
        assert_eq!(api.count().await?, before + 1);
        let view = api.get(&id).await?;
        assert_eq!(view.amount, "29.70");
        let skus: Vec<Option<&str>> = view.cart_items.iter().map(|i| i.sku.as_deref()).collect();
        assert_eq!(skus, [Some(WINE), Some(BREAD), Some(STAMPS)]);

        b.wait_state("payment-state", "awaiting").await?;
        let svg = b.outer_html("[data-testid=\"qr\"] svg").await?;
        let uri = decode_svg(&svg)?;
        let amount = uri
            .split("amount=")
            .nth(1)
            .map(|a| a.split('&').next().unwrap_or(a))
            .expect("amount in the URI");
        let rate = dec(view.exchange_rate.as_deref().expect("a rate"));
        let worth = dec(amount) * rate;
        assert!(
            (worth - want.gross).abs() <= rate * Decimal::new(1, 8),
            "{amount} BTC at {rate} is {worth}, not the gross {}",
            want.gross
        );
    }
    tablet.close().await?;
    s.finish().await
}

#[tokio::test]
async fn a_product_repriced_in_the_cart_is_shown_and_never_charged_at_the_old_price() -> Result<()>
{
    let s = Scenario::start("products-stale").await?;
    let api = s.server.api();
    set_up_store(&api).await?;
    let list = api.call("GET", "/api/products", None).await?;
    let stamps: Value = list.body["products"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["sku"] == STAMPS).cloned())
        .expect("stamps");
    let id = stamps["id"].as_str().expect("id").to_string();

    let b = &s.browser;
    b.goto(&s.url("/")).await?;
    b.wait(&format!("grid-item-{STAMPS}")).await?;
    b.select("settlement-select", "USD").await?;
    b.click("pay-with-BTC").await?;
    b.click(&format!("grid-item-{STAMPS}")).await?;
    b.wait_text("cart-total", "5.00", |t| t == "5.00").await?;

    // The price changes on another till.
    let changed = api
        .call(
            "PUT",
            &format!("/api/products/{id}"),
            Some(
                &json!({"name": "Stamps", "price": "5.50", "category": "Post",
                          "tax_rate": "zero", "sku": STAMPS}),
            ),
        )
        .await?;
    assert!(changed.status.is_success(), "{}", changed.text);

    let before = api.count().await?;
    b.click("charge-submit").await?;
    b.wait("cart-stale").await?;
    b.wait_text("cart-changed-0", "the new price", |t| t.contains("5.50"))
        .await?;
    b.wait_text("cart-total", "the new total", |t| t == "5.50")
        .await?;
    assert_eq!(
        api.count().await?,
        before,
        "nothing charged at the old price"
    );
    b.save_screenshot("products-stale").await?;

    b.click("charge-submit").await?;
    let pid = b.wait_payment_url().await?;
    assert_eq!(api.get(&pid).await?.amount, "5.50");
    s.finish().await
}
