//! Receipt by message: once paid, the cashier's receipt and the customer page offer "Send
//! receipt" with a public link; that link opens in a browser that holds no token, shows the
//! receipt with its tip line, and none of the customer's personal details.

use serde_json::json;
use wct_api::pos::NewPayment;
use wct_api::tips::add_tip;
use wct_api::PaymentState;
use wct_e2e::harness::new_payment;
use wct_e2e::scenario::Scenario;
use wct_e2e::{Result, Viewport};

const PERSONAL: [&str; 6] = [
    "Zelda",
    "Quixote-Marlowe",
    "17 Wattle Grove",
    "Ballarat",
    "+61412999888",
    "1987/06/05",
];

fn sale_with_personal_data() -> NewPayment {
    let mut sale = NewPayment {
        personal_fname: Some(PERSONAL[0].into()),
        personal_lname: Some(PERSONAL[1].into()),
        personal_address: Some(PERSONAL[2].into()),
        personal_city: Some(PERSONAL[3].into()),
        personal_mobile: Some(PERSONAL[4].into()),
        personal_dob: Some(PERSONAL[5].into()),
        ..new_payment("18.00", "BTC")
    };
    add_tip(&mut sale, "2.70".parse().expect("decimal"), "15 %", 2);
    sale
}

#[tokio::test]
async fn the_receipt_link_opens_without_a_token_and_shows_no_personal_data() -> Result<()> {
    let mut s = Scenario::start("receipt-link").await?;
    let api = s.server.api();
    api.save_store_settings(&json!({
        "tips": {"enabled": true, "percentages": ["15"], "custom": false, "rounding": "exact"},
        "time_zone": "UTC",
    }))
    .await?;
    let view = api.create(&sale_with_personal_data()).await?;
    assert_eq!(view.amount, "20.70");

    // Not paid yet: no receipt to send, and the link has nothing to show.
    s.browser
        .goto(&s.url(&format!("/payments/{}/receipt", view.id)))
        .await?;
    s.browser.wait("receipt").await?;
    assert!(!s.browser.exists("receipt-send").await?);

    api.sandbox_pay(&view.id, &view.pay_amount).await?;
    api.wait_state(&view.id, PaymentState::Paid).await?;
    s.browser.wait("receipt-send").await?;
    let link = s
        .browser
        .attr("receipt-share-link", "href")
        .await?
        .unwrap_or_default();
    assert_eq!(
        link,
        format!("{}/pay/{}/receipt", s.server.url(), view.payment_code)
    );
    assert!(s.browser.exists("share-receipt").await?);
    // A sandbox payment's slip must never pass for a real one.
    let mark = s.browser.text("test-mark").await?;
    let mark = mark.to_lowercase();
    assert!(
        mark.contains("test") && mark.contains("not real money"),
        "{mark}"
    );
    // The state is printed as words, not as a coloured chip.
    assert_eq!(s.browser.text("receipt-state").await?, "Paid");
    s.screenshots("cashier").await?;

    // The customer's phone: its own session, never paired, no token anywhere.
    let mut customer = s.driver.session(Viewport::Phone).await?;
    customer.goto(&link).await?;
    customer.wait("receipt").await?;
    let stored = customer
        .eval("return Object.keys(localStorage).join(',')")
        .await?;
    assert!(
        !stored.as_str().unwrap_or_default().contains("token"),
        "{stored}"
    );
    assert!(
        !customer.exists("app-header").await?,
        "no merchant controls"
    );
    customer
        .wait_text("receipt-total", "the total with the tip", |t| {
            t.contains("20.70")
        })
        .await?;
    let mark = customer.text("test-mark").await?.to_lowercase();
    assert!(
        mark.contains("not real money"),
        "the public receipt's test mark: {mark}"
    );
    let tip = customer.text("receipt-tip").await?;
    assert!(tip.contains("Tip") && tip.contains("2.70"), "{tip}");
    let page = customer.source().await?;
    for private in PERSONAL.iter().chain([&view.reference.as_str()]) {
        assert!(!page.contains(private), "{private} on the public receipt");
    }
    let axe = wct_e2e::a11y::axe_script()?;
    wct_e2e::a11y::assert_clean(&customer, &axe, "the public receipt").await?;
    customer.screenshots("receipt-link-public").await?;

    // The customer page offers the same receipt once paid.
    customer
        .goto(&format!("{}/pay/{}", s.server.url(), view.payment_code))
        .await?;
    customer.wait_state("payment-state", "paid").await?;
    customer.wait("view-receipt").await?;
    // The customer's Paid screen: the shop by name, the test mark, and no raw address.
    let paid = customer.text("paid-screen").await?;
    assert!(paid.to_lowercase().contains("not real money"), "{paid}");
    assert!(
        !customer.exists("paid-role").await?,
        "no cashier label for the customer"
    );
    assert!(!customer.text("paid-shop").await?.is_empty());
    assert!(
        !customer.body_text().await?.contains(&link),
        "the raw link is not shown"
    );
    assert_eq!(
        customer
            .attr("receipt-share-link", "href")
            .await?
            .as_deref(),
        Some(link.as_str())
    );
    wct_e2e::a11y::assert_clean(&customer, &axe, "the paid customer page").await?;
    customer.screenshots("receipt-link-customer-page").await?;
    customer.close().await?;
    s.finish().await
}
