//! The customer's own page (`/pay/{code}`), opened from the payment link in a second browser:
//! it follows the same payment live and never shows the customer's personal details.

use wct_api::pos::NewPayment;
use wct_e2e::harness::new_payment;
use wct_e2e::scenario::Scenario;
use wct_e2e::{Result, Viewport};

fn with_personal_data() -> NewPayment {
    NewPayment {
        personal_fname: Some("Zelda".into()),
        personal_lname: Some("Quixote-Marlowe".into()),
        personal_address: Some("17 Wattle Grove".into()),
        personal_city: Some("Ballarat".into()),
        personal_state: Some("Victoria".into()),
        personal_country: Some("AU".into()),
        personal_postcode: Some("3350".into()),
        personal_mobile: Some("+61412999888".into()),
        personal_dob: Some("1987/06/05".into()),
        ..new_payment("42.00", "BTC")
    }
}

const PERSONAL: [&str; 7] = [
    "Zelda",
    "Quixote-Marlowe",
    "Wattle Grove",
    "Ballarat",
    "Victoria",
    "+61412999888",
    "1987/06/05",
];

#[tokio::test]
async fn the_customer_page_follows_the_payment_live_and_shows_no_personal_data() -> Result<()> {
    let s = Scenario::start("customer-page").await?;
    let api = s.server.api();
    let view = api.create(&with_personal_data()).await?;
    s.open_payment(&view).await?;
    s.browser.wait_state("payment-state", "awaiting").await?;
    let link = s
        .browser
        .attr("payment-link", "href")
        .await?
        .unwrap_or_default();
    assert_eq!(
        link,
        format!("{}/pay/{}", s.server.url(), view.payment_code)
    );

    // The customer's phone: a separate session with no terminal token.
    let mut customer = s.driver.session(Viewport::Phone).await?;
    customer.goto(&link).await?;
    customer.wait("customer-page").await?;
    customer.wait_state("payment-state", "awaiting").await?;
    assert_eq!(customer.text("pay-amount").await?, view.pay_amount);
    assert_eq!(customer.text("pay-address").await?, view.pay_address);
    let svg = customer.outer_html("[data-testid=\"qr\"] svg").await?;
    assert_eq!(wct_e2e::qr::decode_svg(&svg)?, view.wallet_uri);
    assert!(customer.exists("countdown").await?);
    assert!(
        !customer.exists("simulate").await?,
        "no demo controls for customers"
    );
    assert!(!customer.exists("cancel-payment").await?);

    // Half paid: both screens say so, live.
    let half = half_of(&view.pay_amount);
    api.sandbox_pay(&view.id, &half).await?;
    customer.wait_state("payment-state", "underpaid").await?;
    s.browser.wait_state("payment-state", "underpaid").await?;
    let after = api.get(&view.id).await?;
    customer
        .wait_text("missing-amount", "the remainder", |t| {
            t.contains(&after.missing)
        })
        .await?;
    customer.screenshots("customer-page-underpaid").await?;

    api.sandbox_pay(&view.id, &after.missing).await?;
    customer.wait("paid-screen").await?;
    customer.wait_state("payment-state", "paid").await?;
    s.browser.wait("paid-screen").await?;
    // Two different screens: the cashier's says "Counter" and offers the next steps; the
    // customer's names the shop and thanks them. Both say it was test money.
    let cashier = s.browser.text("paid-screen").await?;
    assert!(s.browser.text("paid-role").await?.starts_with("Counter"));
    assert!(
        cashier.contains("New charge") && cashier.to_lowercase().contains("not real money"),
        "{cashier}"
    );
    let theirs = customer.text("paid-screen").await?;
    assert!(
        theirs.contains("Thank you") && theirs.to_lowercase().contains("not real money"),
        "{theirs}"
    );
    assert!(!theirs.contains("New charge"), "{theirs}");
    let shop = customer.text("paid-shop").await?;
    assert!(!shop.is_empty() && theirs.contains(&shop), "{theirs}");
    assert!(customer.text("paid-when").await?.starts_with("Paid "));

    // Nothing personal anywhere on the customer's page, nor in what it fetched.
    let source = customer.source().await?;
    let text = customer.body_text().await?;
    let (_, public_json) = api.public(&view.payment_code).await?;
    for value in PERSONAL {
        assert!(
            !source.contains(value),
            "{value} in the customer page's HTML"
        );
        assert!(!text.contains(value), "{value} on the customer page");
        assert!(!public_json.contains(value), "{value} in the public API");
    }
    assert!(
        !public_json.contains(&view.reference),
        "no merchant reference"
    );
    customer.screenshots("customer-page-paid").await?;
    customer.close().await?;
    s.finish().await
}

/// The customer's page on its own (the till closed, so nothing else re-prices): the countdown
/// ticks in the phone, and when the quote runs out the new price and QR arrive by themselves.
#[tokio::test]
async fn the_customer_page_ticks_and_takes_a_new_price_without_the_till() -> Result<()> {
    let s = Scenario::start("customer-requote").await?;
    let api = s.server.api();
    let sandbox = s.server.sandbox();
    let view = api.create(&new_payment("50.00", "BTC")).await?;
    let customer = s.driver.session(Viewport::Phone).await?;
    customer
        .goto(&format!("{}/pay/{}", s.server.url(), view.payment_code))
        .await?;
    customer.wait_state("payment-state", "awaiting").await?;
    let first = customer.text("countdown").await?;
    customer
        .wait_text("countdown", "the countdown to tick", |t| {
            !t.is_empty() && t != first
        })
        .await?;
    let old_uri = customer.attr("qr", "data-uri").await?.unwrap_or_default();
    assert_eq!(old_uri, view.wallet_uri);

    sandbox.set_rate("USD", "BTC", "50000").await?;
    sandbox.quote_expire(&view.payment_code).await?;
    let requoted = wct_e2e::scenario::eventually("a new quote in the API", || async {
        let v = api.get(&view.id).await?;
        Ok((v.quote_version > view.quote_version).then_some(v))
    })
    .await?;
    customer
        .wait_text("pay-amount", "the new price on the customer's page", |t| {
            t == requoted.pay_amount
        })
        .await?;
    let new_uri = customer.attr("qr", "data-uri").await?.unwrap_or_default();
    assert_eq!(new_uri, requoted.wallet_uri);
    let svg = customer.outer_html("[data-testid=\"qr\"] svg").await?;
    assert_eq!(wct_e2e::qr::decode_svg(&svg)?, requoted.wallet_uri);
    customer.wait_state("payment-state", "awaiting").await?;
    customer.close().await?;
    s.finish().await
}

/// A phone whose browser prefers German gets the page in German; the customer switches it to
/// Arabic, which runs right to left, stays chosen on that phone, and still follows the payment.
#[tokio::test]
async fn the_customer_page_speaks_the_phones_language_and_keeps_a_choice() -> Result<()> {
    let s = Scenario::start("customer-language").await?;
    let api = s.server.api();
    let view = api.create(&new_payment("42.00", "BTC")).await?;
    let link = format!("{}/pay/{}", s.server.url(), view.payment_code);
    let german = [
        "--lang=de-DE".to_string(),
        "--accept-lang=de-DE,de".to_string(),
    ];
    let mut customer = s.driver.session_with_args(Viewport::Phone, &german).await?;
    customer.goto(&link).await?;
    customer.wait_state("payment-state", "awaiting").await?;
    assert_eq!(
        customer
            .eval("return document.documentElement.lang;")
            .await?,
        serde_json::json!("de")
    );
    let page = customer.body_text().await?;
    assert!(page.contains("Zu zahlender Betrag"), "{page}");
    assert_eq!(customer.text("payment-state").await?, "Warten auf Zahlung");

    customer.select("lang-select", "ar").await?;
    customer
        .wait_until("the page in Arabic", || async {
            let dir = customer
                .eval("return document.documentElement.dir;")
                .await?;
            Ok((dir == serde_json::json!("rtl")).then_some(()))
        })
        .await?;
    customer.wait_state("payment-state", "awaiting").await?;
    assert_eq!(customer.text("payment-state").await?, "بانتظار الدفع");
    // The same link again: still Arabic on this phone.
    customer.goto(&link).await?;
    customer.wait_state("payment-state", "awaiting").await?;
    assert_eq!(
        customer
            .eval("return document.documentElement.lang;")
            .await?,
        serde_json::json!("ar")
    );
    // Right to left around them, but the address, the amount and the QR read left to right,
    // and the QR still decodes to the payment's wallet URI.
    for id in ["pay-address", "pay-amount"] {
        let direction = customer
            .eval(&format!(
                "const e = document.querySelector('[data-testid={id}]'); \
                 return e ? getComputedStyle(e).direction : 'missing';"
            ))
            .await?;
        assert_eq!(direction, serde_json::json!("ltr"), "{id} in Arabic");
    }
    let svg = customer.outer_html("[data-testid=\"qr\"] svg").await?;
    assert_eq!(wct_e2e::qr::decode_svg(&svg)?, view.wallet_uri);
    customer.screenshots("customer-page-arabic").await?;
    let axe = wct_e2e::a11y::axe_script()?;
    wct_e2e::a11y::assert_clean(&customer, &axe, "the customer page in Arabic").await?;

    // Live, in the chosen language.
    api.sandbox_pay(&view.id, &view.pay_amount).await?;
    customer.wait("paid-screen").await?;
    let paid = customer.text("paid-screen").await?;
    assert!(paid.contains("شكرًا لك"), "{paid}");
    customer.screenshots("customer-page-arabic-paid").await?;
    customer.close().await?;
    s.finish().await
}

fn half_of(amount: &str) -> String {
    let value: rust_decimal::Decimal = amount.parse().expect("decimal amount");
    let scale = value.scale();
    (value / rust_decimal::Decimal::TWO)
        .trunc_with_scale(scale)
        .to_string()
}
