//! The upstream contract's open points, as the sandbox's quirk switches produce them: the
//! proxy works with each (`expires_at` in seconds, milliseconds or seconds remaining; create
//! answers without the fields the seed does not name; the price update at either URL).

mod common;

use common::*;
use serde_json::{json, Value};

fn expiry_secs(view: &Value) -> i64 {
    wct_api::clock::parse_rfc3339(view["expires_at"].as_str().expect("expires_at"))
        .expect("RFC 3339")
}

#[tokio::test]
async fn expiry_in_seconds_milliseconds_or_remaining_means_the_same_moment() {
    // `for_tests` quotes last 60 s.
    let h = Harness::start().await;
    for mode in ["seconds", "ms", "remaining"] {
        h.sandbox_post("/sandbox/quirks", &json!({"expiry": mode}))
            .await;
        let before = wct_pos_server::util::now_secs();
        let view = h.create_ok(&payment_body()).await;
        let after = wct_pos_server::util::now_secs();
        let expires = expiry_secs(&view);
        assert!(
            (before + 59..=after + 61).contains(&expires),
            "{mode}: expires {expires}, created between {before} and {after}"
        );
    }
    h.stop().await;
}

#[tokio::test]
async fn a_create_answer_without_the_unnamed_fields_still_works() {
    let h = Harness::start().await;
    h.sandbox_post(
        "/sandbox/quirks",
        &json!({"omit": ["payment_amount_asset", "exchange_rate", "expires_at"]}),
    )
    .await;
    let before = wct_pos_server::util::now_secs();
    let view = h.create_ok(&payment_body()).await;
    assert_eq!(view["pay_asset"], "BTC");
    assert_eq!(view["state"], "awaiting");
    // The expiry and rate come from getupdate instead.
    assert!(expiry_secs(&view) >= before + 59, "{view}");
    assert!(view["exchange_rate"].is_string(), "{view}");
    h.stop().await;
}

#[tokio::test]
async fn a_price_update_at_either_postback_url_is_confirmed_with_getupdate() {
    for target in ["postback_url", "pos_price_update_postback_url"] {
        // No reconciler rounds in the way: the postback is what makes the proxy look.
        let h = Harness::start_with(|c| c.reconcile_secs = 3600).await;
        h.sandbox_post("/sandbox/quirks", &json!({"price_postback": target}))
            .await;
        let view = h.create_ok(&payment_body()).await;
        let id = view["id"].as_str().unwrap().to_string();
        let code = view["payment_code"].as_str().unwrap();
        let db = h.running.state().db.clone();
        let getupdates = || async {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM upstream_log
                 WHERE payment_id = $1 AND endpoint = 'payment-pos/getupdate'",
            )
            .bind(&id)
            .fetch_one(&db)
            .await
            .unwrap()
        };
        let before = getupdates().await;
        h.sandbox_post("/sandbox/quote-expire", &json!({"payment_code": code}))
            .await;
        let confirmed = eventually(|| async {
            let price_updates: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM postback_log WHERE payment_id = $1 AND kind = 'posPriceUpdate'",
            )
            .bind(&id)
            .fetch_one(&db)
            .await
            .unwrap();
            (price_updates >= 1 && getupdates().await > before).then_some(())
        })
        .await;
        assert!(
            confirmed.is_some(),
            "{target}: the price update did not arrive or was not confirmed"
        );
        h.stop().await;
    }
}
