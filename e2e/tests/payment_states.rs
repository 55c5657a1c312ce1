//! A payment's life on the terminal's screen: underpaid with the right remainder, then paid;
//! overpaid with the excess; a new quote at a new price after the old one expires; history.

use wct_api::PaymentState;
use wct_e2e::harness::new_payment;
use wct_e2e::scenario::{eventually, Scenario};
use wct_e2e::{Result, Viewport};

#[tokio::test]
async fn underpaid_shows_what_is_still_due_then_a_second_payment_completes_it() -> Result<()> {
    let mut s = Scenario::start("underpaid-then-paid").await?;
    let api = s.server.api();
    let view = api.create(&new_payment("50.00", "BTC")).await?;
    s.open_payment(&view).await?;
    let b = &s.browser;
    b.wait_state("payment-state", "awaiting").await?;
    b.wait("simulate").await?;

    b.click("simulate-partial").await?;
    b.wait_state("payment-state", "underpaid").await?;
    let after = api.wait_state(&view.id, PaymentState::Underpaid).await?;
    assert_ne!(after.missing, "0", "something is still due");
    let missing = after.missing.clone();
    b.wait_text("missing-amount", &format!("= {missing}"), |t| {
        t.contains(&missing)
    })
    .await?;
    b.wait_text("received-amount", "shows the first payment", |t| {
        t.contains(&after.received)
    })
    .await?;
    s.screenshots("underpaid").await?;

    let b = &s.browser;
    b.click("simulate-full").await?;
    b.wait("paid-screen").await?;
    b.wait_state("payment-state", "paid").await?;
    let paid = api.wait_state(&view.id, PaymentState::Paid).await?;
    assert_eq!(
        paid.missing.parse::<rust_decimal::Decimal>().ok(),
        Some(0.into())
    );
    assert!(b.exists("new-charge").await? && b.exists("receipt-link").await?);
    s.finish().await
}

#[tokio::test]
async fn overpaid_shows_the_excess() -> Result<()> {
    let s = Scenario::start("overpaid").await?;
    let api = s.server.api();
    let view = api.create(&new_payment("20.00", "LTC")).await?;
    s.open_payment(&view).await?;
    let b = &s.browser;
    b.wait_state("payment-state", "awaiting").await?;
    b.click("simulate-over").await?;
    b.wait_state("payment-state", "overpaid").await?;
    b.wait("paid-screen").await?;
    let over = api.wait_state(&view.id, PaymentState::Overpaid).await?;
    let excess: rust_decimal::Decimal = over.excess.parse().expect("decimal excess");
    assert!(excess > 0.into());
    b.wait_text("excess-amount", &format!("shows {}", over.excess), |t| {
        t.contains(&over.excess)
    })
    .await?;
    s.finish().await
}

/// At phone and tablet size, the amount to pay and its value in the sale's currency are on
/// screen without scrolling, together with the QR, and say `amount`.
async fn amount_beside_qr_at_both_sizes(s: &mut Scenario, amount: &str) -> Result<()> {
    for viewport in [Viewport::Phone, Viewport::Tablet] {
        s.browser.set_viewport(viewport).await?;
        let b = &s.browser;
        b.wait_text("qr-pay-amount", "the amount over the QR", |t| t == amount)
            .await?;
        for id in ["qr-pay-amount", "qr-fiat", "qr"] {
            let visible = b
                .eval(&format!(
                    "window.scrollTo(0, 0);
                     const e = document.querySelector('[data-testid=\"{id}\"]');
                     if (!e) return false;
                     const r = e.getBoundingClientRect();
                     return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;"
                ))
                .await?;
            assert_eq!(visible, serde_json::json!(true), "{id} at {viewport:?}");
        }
        assert!(b.text("qr-fiat").await?.contains("50.00 USD"));
    }
    s.browser.set_viewport(Viewport::Phone).await
}

#[tokio::test]
async fn an_expired_quote_is_replaced_by_a_new_price() -> Result<()> {
    let mut s = Scenario::start("requote").await?;
    let api = s.server.api();
    let sandbox = s.server.sandbox();
    let view = api.create(&new_payment("50.00", "BTC")).await?;
    s.open_payment(&view).await?;
    let b = &s.browser;
    b.wait_text("pay-amount", "the first quote", |t| t == view.pay_amount)
        .await?;
    let old_uri = b.attr("qr", "data-uri").await?.unwrap_or_default();
    amount_beside_qr_at_both_sizes(&mut s, &view.pay_amount).await?;
    let b = &s.browser;

    // The market moves a lot, then the quote runs out: the new quote must ask a new amount.
    sandbox.set_rate("USD", "BTC", "50000").await?;
    sandbox.quote_expire(&view.payment_code).await?;
    b.wait("price-updated").await?;
    let requoted = eventually("a new quote in the API", || async {
        let v = api.get(&view.id).await?;
        Ok((v.quote_version > view.quote_version).then_some(v))
    })
    .await?;
    // 50 USD at about 50,000 (the sandbox's rates drift a little around the override).
    let new_amount: rust_decimal::Decimal = requoted.pay_amount.parse().expect("decimal");
    let expected = rust_decimal::Decimal::new(1, 3);
    assert!(
        (new_amount - expected).abs() < expected / rust_decimal::Decimal::from(100),
        "{new_amount}"
    );
    assert_ne!(requoted.pay_amount, view.pay_amount);
    b.wait_text("pay-amount", "the new quote", |t| t == requoted.pay_amount)
        .await?;
    let new_uri = b.attr("qr", "data-uri").await?.unwrap_or_default();
    assert_ne!(new_uri, old_uri);
    assert!(
        new_uri.contains(&format!("amount={}", new_amount.normalize())),
        "{new_uri}"
    );
    b.wait_state("payment-state", "awaiting").await?;
    // After the re-quote too, with the "price updated" notice above it.
    amount_beside_qr_at_both_sizes(&mut s, &requoted.pay_amount).await?;
    s.finish().await
}

#[tokio::test]
async fn an_expired_payment_says_so_and_history_filters_by_state() -> Result<()> {
    let s = Scenario::start("expired-and-history").await?;
    let api = s.server.api();
    let sandbox = s.server.sandbox();
    let expired = api.create(&new_payment("5.00", "BTC")).await?;
    let paid = api.create(&new_payment("6.00", "ETH")).await?;
    let _open = api.create(&new_payment("7.00", "DOGE")).await?;
    api.sandbox_pay(&paid.id, &paid.pay_amount).await?;
    api.wait_state(&paid.id, PaymentState::Paid).await?;

    s.open_payment(&expired).await?;
    sandbox.expire(&expired.payment_code).await?;
    s.browser.wait_state("payment-state", "expired").await?;

    let b = &s.browser;
    b.goto(&s.url("/history")).await?;
    b.wait("history-list").await?;
    b.wait_until("three payments listed", move || async move {
        Ok((b.all("history-item").await?.len() == 3).then_some(()))
    })
    .await?;
    b.click("filter-paid").await?;
    let only_paid = b
        .wait_until("only the paid payment", move || async move {
            let items = b.all("history-item").await?;
            if items.len() != 1 {
                return Ok(None);
            }
            Ok(items[0].attr("data-id").await?)
        })
        .await?;
    assert_eq!(only_paid, paid.id);
    b.wait_attr("history-item", "data-state", "paid").await?;
    // ETH's 18 decimals are cut to 8 in the list, and say so; the full amount stays in the
    // title and on the payment.
    let eth = b.text("history-crypto").await?;
    let shown = eth.trim_end_matches(" ETH");
    let decimals = shown
        .split_once('.')
        .map_or(0, |(_, f)| f.trim_end_matches('…').len());
    assert!(decimals <= 8, "{eth}");
    if paid
        .pay_amount
        .split_once('.')
        .is_some_and(|(_, f)| f.len() > 8)
    {
        assert!(shown.ends_with('…'), "{eth}");
    }
    assert_eq!(
        b.attr("history-crypto", "title").await?.as_deref(),
        Some(format!("{} ETH", paid.pay_amount).as_str())
    );
    // State names a cashier knows, on filters that wrap rather than run off the screen.
    assert_eq!(b.text("filter-awaiting").await?, "Waiting for payment");
    assert_eq!(b.text("filter-pending").await?, "Confirming");
    b.click("filter-all").await?;
    b.wait_until("all three again", move || async move {
        Ok((b.all("history-item").await?.len() == 3).then_some(()))
    })
    .await?;
    s.finish().await
}

#[tokio::test]
async fn money_after_a_cancel_shows_a_banner_and_a_history_badge() -> Result<()> {
    let mut s = Scenario::start("late-money").await?;
    let api = s.server.api();
    let view = api.create(&new_payment("9.00", "BTC")).await?;
    s.open_payment(&view).await?;
    let b = &s.browser;
    b.wait_state("payment-state", "awaiting").await?;
    b.click("cancel-payment").await?;
    b.click("cancel-confirm").await?;
    b.wait_state("payment-state", "cancelled").await?;

    // The customer pays anyway: the payment service takes the money.
    s.server
        .sandbox()
        .pay(&view.payment_code, &view.pay_amount)
        .await?;
    b.wait_state("payment-state", "late").await?;
    let banner = b
        .wait_text("late-banner", "the late-money banner", |t| {
            t.contains("after this payment was cancelled")
        })
        .await?;
    assert!(banner.contains(&view.pay_amount), "{banner}");
    s.screenshots("banner").await?;

    let b = &s.browser;
    b.goto(&s.url("/history")).await?;
    b.wait_attr("history-item", "data-state", "late").await?;
    let listed = b.text("history-list").await?;
    assert!(listed.contains("Late money"), "{listed}");

    // The shop keeps it: a decision recorded on the payment, and the banner gives way.
    s.open_payment(&view).await?;
    let b = &s.browser;
    b.click("keep-payment").await?;
    b.click("keep-confirm").await?;
    let note = b
        .wait_text("kept-note", "the kept note", |t| {
            t.contains("Kept as payment")
        })
        .await?;
    assert!(note.contains(&view.pay_amount), "{note}");
    assert!(!b.exists("late-banner").await?);
    let stored = s.server.api().get(&view.id).await?;
    assert_eq!(
        stored.kept.map(|k| k.received),
        Some(stored.received.clone())
    );
    s.screenshots("kept").await?;
    s.finish().await
}
