//! A payment end to end through the proxy and its embedded sandbox: create, underpaid, paid,
//! overpaid, quote expiry, live events, cancel, listing, and who may see what.

mod common;

use std::str::FromStr;

use common::*;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use wct_pos_server::TEST_TOKEN;

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("decimal string")).expect("decimal")
}

fn fixed8(d: Decimal) -> String {
    wct_api::money::format_fixed(d, 8)
}

#[tokio::test]
async fn create_then_underpaid_then_paid_through_postbacks() {
    // No reconciler ticks during the test: only postbacks can move the payment.
    let h = Harness::start_with(|c| c.reconcile_secs = 3600).await;
    let mut all = SseReader::open(&h.http, &h.url("/api/events"), None).await;

    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let code = view["payment_code"].as_str().unwrap();
    assert_eq!(view["state"], "awaiting");
    assert!(!view["pay_address"].as_str().unwrap().is_empty());
    assert_eq!(view["pay_asset"], "BTC");
    let asked = dec(&view["pay_amount"]);
    assert!(asked > Decimal::ZERO);
    let expires = wct_api::clock::parse_rfc3339(view["expires_at"].as_str().unwrap()).unwrap();
    assert!(expires > wct_pos_server::util::now_secs());
    assert_eq!(view["link"], format!("{}/pay/{code}", h.base));
    assert!(view["wallet_uri"].as_str().unwrap().starts_with("bitcoin:"));

    let created = all.next().await.expect("created event");
    assert_eq!(created.event.as_deref(), Some("payment"));
    assert_eq!(created.data["kind"], "created");
    assert_eq!(created.data["payment"]["id"], id.as_str());
    assert_eq!(
        created.id.as_deref(),
        Some(created.data["seq"].to_string().as_str())
    );

    let half = (asked / Decimal::from(2)).round_dp(8);
    h.pay(&id, &fixed8(half)).await;
    let underpaid = h.wait_state(&id, "underpaid").await;
    assert_eq!(underpaid["received"], fixed8(half));
    assert_eq!(underpaid["missing"], fixed8(asked - half));
    let event = all
        .until(|e| e.data["payment"]["state"] == "underpaid")
        .await
        .expect("underpaid event on the stream");
    assert_eq!(event.data["kind"], "updated");

    h.pay(&id, &fixed8(asked - half)).await;
    let paid = h.wait_state(&id, "paid").await;
    assert_eq!(paid["missing"], fixed8(Decimal::ZERO));
    assert_eq!(paid["excess"], fixed8(Decimal::ZERO));
    assert!(!paid["txids"].as_array().unwrap().is_empty());
    all.until(|e| e.data["payment"]["state"] == "paid")
        .await
        .expect("paid event on the stream");

    let postbacks = wct_pos_server::store::postback_count(&h.running.state().db, &id)
        .await
        .unwrap();
    assert!(postbacks >= 2, "the sandbox's postbacks reached the proxy");
    h.stop().await;
}

#[tokio::test]
async fn paying_more_than_asked_is_overpaid_with_the_excess() {
    let h = Harness::start().await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let asked = dec(&view["pay_amount"]);
    let sent = asked + asked / Decimal::from(2);
    h.pay(id, &fixed8(sent.round_dp(8))).await;
    let over = h.wait_state(id, "overpaid").await;
    assert_eq!(over["excess"], fixed8(sent.round_dp(8) - asked));
    assert_eq!(over["missing"], fixed8(Decimal::ZERO));
    h.stop().await;
}

#[tokio::test]
async fn an_expired_quote_is_refreshed_at_the_new_rate() {
    let h = Harness::start_with(|c| c.reconcile_secs = 3600).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let code = view["payment_code"].as_str().unwrap();
    assert_eq!(view["quote_version"], 0);
    let mut stream =
        SseReader::open(&h.http, &h.url(&format!("/api/payments/{id}/events")), None).await;

    let rate = if view["exchange_rate"] == "50000" {
        "40000"
    } else {
        "50000"
    };
    h.sandbox_post(
        "/sandbox/rates",
        &json!({"asset": "USD", "crypto": "BTC", "rate": rate}),
    )
    .await;
    h.sandbox_post("/sandbox/quote-expire", &json!({"payment_code": code}))
        .await;

    let response = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let fresh: Value = response.json().await.unwrap();
    assert!(fresh["quote_version"].as_u64().unwrap() >= 1, "{fresh}");
    assert_ne!(fresh["pay_amount"], view["pay_amount"]);
    // The sandbox drifts even an overridden rate a little: check against the rate it quoted.
    let quoted = dec(&fresh["exchange_rate"]);
    let wanted = Decimal::from_str(rate).unwrap();
    assert!(
        (quoted - wanted).abs() < wanted / Decimal::from(100),
        "{quoted} vs {rate}"
    );
    // What was missing, valued at the old rate, converted at the new one, rounded up.
    let value = dec(&view["pay_amount"]) * dec(&view["exchange_rate"]);
    let expected = wct_api::money::round_up(value / quoted, 8);
    assert_eq!(fresh["pay_amount"], fixed8(expected));
    assert_eq!(fresh["state"], "awaiting");

    let requoted = stream
        .until(|e| e.data["kind"] == "requoted")
        .await
        .expect("requoted event");
    assert_eq!(requoted.data["payment"]["pay_amount"], fresh["pay_amount"]);
    h.stop().await;
}

#[tokio::test]
async fn cancel_only_while_open_and_listing_is_paged_newest_first() {
    let h = Harness::start().await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let view = h.create_ok(&payment_body()).await;
        ids.push(view["id"].as_str().unwrap().to_string());
    }
    let page: Value = h.get("/api/payments?limit=2").await.json().await.unwrap();
    let first: Vec<&str> = page["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(first, vec![ids[2].as_str(), ids[1].as_str()]);
    let cursor = page["next_cursor"].as_str().expect("a next page");
    let page: Value = h
        .get(&format!("/api/payments?limit=2&before={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["payments"].as_array().unwrap().len(), 1);
    assert_eq!(page["payments"][0]["id"], ids[0].as_str());
    assert!(page.get("next_cursor").is_none());

    let response = h
        .post(&format!("/api/payments/{}/cancel", ids[0]), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cancelled: Value = response.json().await.unwrap();
    assert_eq!(cancelled["state"], "cancelled");
    let (status, body) = error_of(
        h.post(&format!("/api/payments/{}/cancel", ids[0]), &json!({}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "conflict");

    let page: Value = h
        .get("/api/payments?state=cancelled")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["payments"].as_array().unwrap().len(), 1);
    let page: Value = h
        .get("/api/payments?state=awaiting")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["payments"].as_array().unwrap().len(), 2);
    let (status, body) = error_of(h.get("/api/payments?state=bogus").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "state");
    h.stop().await;
}

#[tokio::test]
async fn requests_without_a_valid_token_are_unauthorized() {
    let h = Harness::start().await;
    let no_token = h.http.get(h.url("/api/payments")).send().await.unwrap();
    let (status, body) = error_of(no_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");

    let wrong = h
        .http
        .get(h.url("/api/terminal"))
        .bearer_auth("not-the-right-token-at-all")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    // A token in a URL is never accepted, not even by an event stream.
    for path in ["/api/terminal", "/api/events"] {
        let query = h
            .http
            .get(h.url(&format!("{path}?access_token={TEST_TOKEN}")))
            .send()
            .await
            .unwrap();
        assert_eq!(query.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let stream = h.http.get(h.url("/api/events")).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::UNAUTHORIZED);

    let info: Value = h.get("/api/terminal").await.json().await.unwrap();
    assert_eq!(info["name"], "Test counter");
    assert_eq!(info["merchant"], "Test Shop");
    assert_eq!(info["sandbox"], true);
    let assets: Value = h.get("/api/assets").await.json().await.unwrap();
    assert!(assets["crypto"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["symbol"] == "BTC"));
    h.stop().await;
}

#[tokio::test]
async fn another_stores_payment_is_not_found() {
    let other = "other-terminal-token-0123456789";
    let colleague = "colleague-terminal-token-0123456789";
    let h = Harness::start_with(|c| {
        c.terminals.push(
            "elsewhere/Other:other-terminal-token-0123456789"
                .parse()
                .unwrap(),
        );
        c.terminals.push(wct_pos_server::TerminalSpec {
            store: wct_pos_server::config::DEFAULT_STORE.into(),
            name: "Colleague".into(),
            token: colleague.into(),
        });
    })
    .await;
    let mut other_stream = SseReader::open_as(&h.http, &h.url("/api/events"), other, None).await;
    let mut colleague_stream =
        SseReader::open_as(&h.http, &h.url("/api/events"), colleague, None).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    // A terminal of the same store shares the store's history and events.
    let seen = colleague_stream.next().await.expect("same-store event");
    assert_eq!(seen.data["payment"]["id"], id);
    let shared = h
        .http
        .get(h.url(&format!("/api/payments/{id}")))
        .bearer_auth(colleague)
        .send()
        .await
        .unwrap();
    assert_eq!(shared.status(), StatusCode::OK);
    // Another store's terminal gets "not found" everywhere, and no event of it.
    for path in [
        format!("/api/payments/{id}"),
        format!("/api/payments/{id}/events"),
    ] {
        let response = h
            .http
            .get(h.url(&path))
            .bearer_auth(other)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        format!("/api/payments/{id}/refresh"),
        format!("/api/payments/{id}/cancel"),
    ] {
        let response = h
            .http
            .post(h.url(&path))
            .bearer_auth(other)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let pay = h
        .http
        .post(h.url("/api/sandbox/pay"))
        .bearer_auth(other)
        .json(&json!({"id": id, "amount": "0.001"}))
        .send()
        .await
        .unwrap();
    assert_eq!(pay.status(), StatusCode::NOT_FOUND);
    let page: Value = h
        .http
        .get(h.url("/api/payments"))
        .bearer_auth(other)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(page["payments"].as_array().unwrap().is_empty());
    // Still the owner's.
    assert_eq!(h.payment(id).await["state"], "awaiting");
    // The other store's stream carries its own payments only: the first event it gets is
    // for a payment made there, not the one above.
    let theirs = h
        .http
        .post(h.url("/api/payments"))
        .bearer_auth(other)
        .header("Idempotency-Key", fresh_key())
        .json(&payment_body())
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::CREATED);
    let theirs: Value = theirs.json().await.unwrap();
    let first = other_stream.next().await.expect("own-store event");
    assert_eq!(first.data["payment"]["id"], theirs["id"]);
    h.stop().await;
}

#[tokio::test]
async fn the_public_view_leaks_no_personal_data() {
    let h = Harness::start().await;
    let mut body = payment_body();
    let personal = [
        ("personal_fname", "Zebedee"),
        ("personal_lname", "Quillfeather"),
        ("personal_address", "17 Marigold Terrace"),
        ("personal_city", "Wollongbar"),
        ("personal_state", "Tasmania"),
        ("personal_country", "AU"),
        ("personal_postcode", "QZ-7999"),
        ("personal_mobile", "+61412345678"),
        ("personal_dob", "1980/02/29"),
    ];
    for (field, value) in personal {
        body[field] = json!(value);
    }
    let view = h.create_ok(&body).await;
    assert_eq!(view["personal"]["fname"], "Zebedee", "the terminal sees it");
    let code = view["payment_code"].as_str().unwrap();
    let reference = view["reference"].as_str().unwrap();
    let id = view["id"].as_str().unwrap();

    let public = h
        .http
        .get(h.url(&format!("/api/public/payments/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), StatusCode::OK);
    let text = public.text().await.unwrap();
    let mut stream = SseReader::open(
        &h.http,
        &h.url(&format!("/api/public/payments/{code}/events")),
        None,
    )
    .await;
    let event = stream.next().await.expect("the current state first");
    let event_text = event.data.to_string();
    for shown in [&text, &event_text] {
        for (field, value) in personal.iter().filter(|(f, _)| *f != "personal_country") {
            assert!(!shown.contains(value), "{field} leaked: {shown}");
        }
        assert!(!shown.contains(reference), "reference leaked");
        assert!(!shown.contains(id), "internal id leaked");
        assert!(!shown.contains("personal"), "{shown}");
    }
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["merchant"], "Test Shop");
    assert_eq!(public["pay_address"], view["pay_address"]);
    let missing = h
        .http
        .get(h.url("/api/public/payments/NoSuchCode"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    h.stop().await;
}
