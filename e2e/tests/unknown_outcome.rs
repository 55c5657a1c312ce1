//! A create whose answer is cut off: the app says it is checking, asks again with the same
//! body and Idempotency-Key, and lands on the one payment that was made — never two.

use wct_e2e::scenario::Scenario;
use wct_e2e::Result;

#[tokio::test]
async fn a_cut_off_create_is_resolved_by_the_same_request_not_made_twice() -> Result<()> {
    let s = Scenario::start("unknown-outcome").await?;
    let api = s.server.api();
    let before = api.count().await?;
    // The upstream makes the payment, but the proxy only gets half of its answer.
    s.server.sandbox().fault("truncated", 1, None).await?;
    let b = &s.browser;
    b.keypad("12.50").await?;
    b.click("pay-with-BTC").await?;
    b.fill("description", "Cake").await?;
    b.click("charge-submit").await?;
    // The app waits a moment before asking again, and says why.
    let checking = b.text("create-checking").await?;
    assert!(
        checking.contains("Checking whether the payment was created"),
        "{checking}"
    );
    let id = s.wait_payment_url().await?;
    let view = api.get(&id).await?;
    assert_eq!(
        (view.amount.as_str(), view.asset.as_str()),
        ("12.50", "USD")
    );
    s.browser.wait_state("payment-state", "awaiting").await?;
    assert_eq!(
        api.count().await?,
        before + 1,
        "the retry resolved the first payment instead of creating another"
    );
    s.finish().await
}

#[tokio::test]
async fn an_answer_that_does_not_match_the_sale_is_refused_and_never_shown() -> Result<()> {
    let mut s = Scenario::start("refused-answer").await?;
    let api = s.server.api();
    // The payment service answers with a quote a hundred times too small.
    s.server.sandbox().fault("foreign_quote", 1, None).await?;
    let b = &s.browser;
    b.keypad("12.50").await?;
    b.click("pay-with-BTC").await?;
    b.fill("description", "Cake").await?;
    b.click("charge-submit").await?;
    let error = b
        .wait_text("form-error", "the refusal", |t| t.contains("did not match"))
        .await?;
    assert!(
        error.contains("Nothing was shown to the customer"),
        "{error}"
    );
    assert!(
        !error.contains("basis points"),
        "no developer words: {error}"
    );
    // The particulars wait behind "More".
    assert!(
        b.exists("error-more").await?,
        "the details fold away under More"
    );
    assert!(!b.exists("qr").await?, "no QR for a refused answer");
    assert!(
        b.current_url().await?.ends_with('/'),
        "still on the charge screen"
    );
    s.screenshots("error").await?;

    // History lists it as refused, with nothing to pay.
    let refused = api.list_all().await?;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].state, wct_api::PaymentState::Rejected);
    assert!(refused[0].pay_address.is_empty() && refused[0].wallet_uri.is_empty());
    let b = &s.browser;
    b.goto(&s.url("/history")).await?;
    b.wait_attr("history-item", "data-state", "rejected")
        .await?;
    s.finish().await
}
