//! The end-of-day report in a real browser: payments made in this run (paid with a tip,
//! overpaid, underpaid, still open) add up on the Reports screen and in the daily CSV,
//! exactly; the screen and its Z-report are looked at at phone and tablet sizes.

use rust_decimal::Decimal;
use serde_json::json;
use wct_api::pos::PaymentView;
use wct_api::report::CSV_HEADER;
use wct_api::tips::add_tip;
use wct_api::PaymentState;
use wct_e2e::harness::new_payment;
use wct_e2e::scenario::Scenario;
use wct_e2e::Result;

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

/// One CSV row's cells by header name (the report's cells hold no commas or quotes here).
fn cells<'a>(header: &'a str, row: &'a str) -> impl Fn(&str) -> &'a str {
    let names: Vec<&str> = header.split(',').collect();
    let values: Vec<&str> = row.split(',').collect();
    move |name| {
        let i = names.iter().position(|n| *n == name).expect("column");
        values.get(i).copied().unwrap_or("")
    }
}

#[tokio::test]
async fn the_daily_csv_adds_up_to_the_payments_made_in_the_run() -> Result<()> {
    let mut s = Scenario::start("reports").await?;
    let api = s.server.api();
    api.save_store_settings(&json!({
        "tips": {"enabled": true, "percentages": ["10", "15", "20"], "custom": true,
                 "rounding": "exact"},
        "time_zone": "UTC",
    }))
    .await?;

    let mut made: Vec<PaymentView> = Vec::new();
    // Paid, with a 15 % tip of 1.88 on 12.50 (1.875 rounds half away from zero).
    let mut tipped = new_payment("12.50", "BTC");
    add_tip(&mut tipped, dec("1.88"), "15 %", 2);
    let v = api.create(&tipped).await?;
    api.sandbox_pay(&v.id, &v.pay_amount).await?;
    made.push(api.wait_state(&v.id, PaymentState::Paid).await?);
    // Paid.
    let v = api.create(&new_payment("7.25", "BTC")).await?;
    api.sandbox_pay(&v.id, &v.pay_amount).await?;
    made.push(api.wait_state(&v.id, PaymentState::Paid).await?);
    // Overpaid by 0.00001 BTC.
    let v = api.create(&new_payment("20.00", "BTC")).await?;
    let more = dec(&v.pay_amount) + Decimal::new(1, 5);
    api.sandbox_pay(&v.id, &more.to_string()).await?;
    made.push(api.wait_state(&v.id, PaymentState::Overpaid).await?);
    // Underpaid: half.
    let v = api.create(&new_payment("30.00", "BTC")).await?;
    let half = (dec(&v.pay_amount) / Decimal::from(2)).round_dp(8);
    api.sandbox_pay(&v.id, &half.to_string()).await?;
    made.push(api.wait_state(&v.id, PaymentState::Underpaid).await?);
    // Still open.
    made.push(api.create(&new_payment("3.00", "BTC")).await?);

    let taken: Decimal = made
        .iter()
        .filter(|p| p.state.is_settled())
        .map(|p| dec(&p.amount))
        .sum();
    let received: Decimal = made.iter().map(|p| dec(&p.received)).sum();
    let excess: Decimal = made.iter().map(|p| dec(&p.excess)).sum();
    let money = |d: Decimal, places| wct_api::money::format_fixed(d, places);
    // What the half-paid sale still owes: its missing coins at its quote's rate, as the
    // payment screen says it — not the whole 30.00.
    let under = &made[3];
    let rate = dec(under.exchange_rate.as_deref().expect("a quoted rate"));
    let due = (dec(&under.missing) * rate)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert!(due > Decimal::ZERO && due < dec("30.00"), "{due}");

    // The screen: today's report of this terminal.
    let b = &s.browser;
    b.goto(&s.url("/reports")).await?;
    b.wait("report-totals").await?;
    let usd = b.text("total-USD").await?;
    assert!(
        usd.contains(&money(taken, 2)) && usd.contains("1.88"),
        "{usd}"
    );
    let date = b
        .wait_until("today's date in the picker", move || async move {
            let v = b.value("report-date").await?;
            Ok((!v.is_empty()).then_some(v))
        })
        .await?;
    assert_eq!(date.len(), 10, "{date}");
    b.click("scope-store").await?;
    b.wait_attr("scope-store", "aria-pressed", "true").await?;
    b.wait_text("report-scope", "the whole store", |t| {
        t.starts_with("Whole store")
    })
    .await?;
    let usd = b.text("total-USD").await?;
    assert!(usd.contains(&money(taken, 2)), "{usd}");
    // The underpaid line and the Z-report show what is still owed.
    let line = b.text("line-underpaid").await?;
    assert!(line.contains(&format!("{} USD", money(due, 2))), "{line}");
    let z = b.text("z-report").await?;
    assert!(
        z.lines()
            .any(|l| l.contains("still due") && l.contains(&format!("{} USD", money(due, 2)))),
        "{z}"
    );
    assert!(z.contains("incl. tips"), "{z}");
    assert!(
        z.to_lowercase().contains("not real money"),
        "the sandbox's report is marked: {z}"
    );
    // Download CSV fetches the file with the token and hands it to the browser.
    b.click("report-csv").await?;
    let axe = wct_e2e::a11y::axe_script()?;
    wct_e2e::a11y::assert_clean(b, &axe, "Reports").await?;
    s.screenshots("").await?;
    assert!(!s.browser.exists("report-error").await?);

    // The CSV: the same sums, exactly, as decimal strings.
    let response = api
        .http
        .get(format!(
            "{}/api/reports/daily?date={date}&format=csv",
            api.base
        ))
        .bearer_auth(&api.token)
        .send()
        .await?;
    assert!(response.status().is_success());
    let csv = response.text().await?;
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some(CSV_HEADER));
    let rows: Vec<&str> = rows.collect();
    let find = |section: &str, bucket: &str| {
        rows.iter()
            .copied()
            .find(|r| {
                let c = cells(CSV_HEADER, r);
                c("section") == section && c("bucket") == bucket
            })
            .unwrap_or_else(|| panic!("{section}/{bucket} in {csv}"))
    };
    let t = cells(CSV_HEADER, find("currency_total", "taken"));
    assert_eq!(t("amount"), money(taken, 2));
    assert_eq!(t("tips"), "1.88");
    assert_eq!(t("count"), "3");
    let all = cells(CSV_HEADER, find("currency_total", "all"));
    assert_eq!(all("count"), made.len().to_string());
    let btc = cells(CSV_HEADER, find("pay_asset_total", ""));
    assert_eq!(btc("pay_asset"), "BTC");
    assert_eq!(btc("received"), money(received, 8));
    assert_eq!(btc("excess"), money(excess, 8));
    // Nothing was refunded: everything received was kept.
    assert_eq!(btc("refunded"), money(Decimal::ZERO, 8));
    assert_eq!(btc("kept"), money(received, 8));
    assert_eq!(t("taken"), money(taken, 2));
    let paid = cells(CSV_HEADER, find("payments", "paid"));
    assert_eq!(paid("count"), "2");
    assert_eq!(paid("amount"), "21.63");
    let under = cells(CSV_HEADER, find("payments", "underpaid"));
    assert_eq!(under("outstanding"), made[3].missing);
    assert_eq!(under("due"), money(due, 2));
    assert_eq!(t("due"), money(due, 2));
    // Sandbox money: the file says so on every row.
    assert!(
        rows.iter().all(|r| cells(CSV_HEADER, r)("mode") == "test"),
        "{csv}"
    );
    let open = cells(CSV_HEADER, find("payments", "open"));
    assert_eq!(open("amount"), "3.00");
    s.finish().await
}
