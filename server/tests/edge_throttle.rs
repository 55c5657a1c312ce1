//! Throttling (issue 11, point 4): wrong terminal tokens are slowed down and then locked out
//! per client address; a payment's refresh makes one upstream call however many callers ask
//! at once; public payment lookups have a budget per client address.
//!
//! Other client addresses come from binding the test client to 127.0.0.x: Linux routes the
//! whole 127/8 to loopback.

mod common;

use std::net::{IpAddr, Ipv4Addr};

use common::{payment_body, Harness};
use futures_util::future::join_all;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use wct_pos_server::TEST_TOKEN;

fn client_from(last_octet: u8) -> Client {
    Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last_octet)))
        .timeout(common::PATIENCE)
        .build()
        .expect("client")
}

async fn terminal_with(h: &Harness, client: &Client, token: &str) -> reqwest::Response {
    client
        .get(h.url("/api/terminal"))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET /api/terminal")
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds")
}

/// Small numbers so the test reaches the lockout quickly; the delays stay in milliseconds.
async fn strict_harness(max_clients: usize) -> Harness {
    Harness::start_with(|c| {
        c.auth_free_failures = 2;
        c.auth_delay_base_ms = 1;
        c.auth_delay_max_ms = 4;
        c.auth_lockout_failures = 5;
        c.auth_lockout_secs = 900;
        c.throttle_max_clients = max_clients;
    })
    .await
}

#[tokio::test]
async fn wrong_tokens_lock_the_address_out_and_only_that_address() {
    let h = strict_harness(1000).await;
    let attacker = client_from(1);
    for n in 1..=5 {
        let response = terminal_with(&h, &attacker, &format!("guess-{n}-0123456789abcdef")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    // The fifth failure started the lockout: refused before any token is looked at, the
    // right one included, on the event streams too.
    let locked = terminal_with(&h, &attacker, "guess-6-0123456789abcdef").await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&locked);
    assert!((1..=900).contains(&wait), "Retry-After {wait}");
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited", "{body}");
    let right = terminal_with(&h, &attacker, TEST_TOKEN).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    let stream = attacker
        .get(h.url("/api/events"))
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(stream.headers().contains_key("retry-after"));

    // Another address is not affected: its right token works, a wrong one is a plain 401.
    let tablet = client_from(2);
    assert_eq!(
        terminal_with(&h, &tablet, TEST_TOKEN).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        terminal_with(&h, &tablet, "wrong-token-0123456789abcdef")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // Asking without any token guesses nothing: still a 401, and it counts for nothing.
    for _ in 0..10 {
        let bare = tablet.get(h.url("/api/terminal")).send().await.unwrap();
        assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        terminal_with(&h, &tablet, TEST_TOKEN).await.status(),
        StatusCode::OK
    );
    h.stop().await;
}

#[tokio::test]
async fn many_addresses_cannot_grow_the_failure_record() {
    let h = strict_harness(3).await;
    let attacker = client_from(1);
    for n in 0..5 {
        terminal_with(&h, &attacker, &format!("guess-{n}-0123456789abcdef")).await;
    }
    for octet in 10..40 {
        let response = terminal_with(&h, &client_from(octet), "wrong-token-0123456789abcdef").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let throttle = &h.running.state().auth_throttle;
    assert!(
        throttle.tracked() <= 3,
        "{} addresses kept",
        throttle.tracked()
    );
    // Lockouts are the last thing forgotten.
    assert_eq!(
        terminal_with(&h, &attacker, TEST_TOKEN).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    h.stop().await;
}

async fn getupdates(h: &Harness, id: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM upstream_log
         WHERE payment_id = $1 AND endpoint = 'payment-pos/getupdate'",
    )
    .bind(id)
    .fetch_one(&h.running.state().db)
    .await
    .expect("count getupdates")
}

/// Nothing else asks the upstream about the payment meanwhile: no reconciler round is due
/// (quotes last an hour) and the sandbox's postbacks go to a port where nobody listens.
async fn quiet_harness(refresh_interval_ms: u64) -> Harness {
    Harness::start_with(|c| {
        c.reconcile_secs = 3600;
        c.quote_secs = 3600;
        c.public_url = Some("http://127.0.0.1:9".into());
        c.refresh_interval_ms = refresh_interval_ms;
    })
    .await
}

#[tokio::test]
async fn a_hundred_concurrent_refreshes_make_one_upstream_call() {
    let h = quiet_harness(600_000).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let before = getupdates(&h, &id).await;
    let path = format!("/api/payments/{id}/refresh");
    let empty = json!({});
    let answers = join_all((0..100).map(|_| h.post(&path, &empty))).await;
    for response in answers {
        assert_eq!(response.status(), StatusCode::OK);
        let seen: Value = response.json().await.unwrap();
        assert_eq!(seen["id"], view["id"]);
        assert_eq!(seen["state"], "awaiting");
        assert_eq!(seen["pay_amount"], view["pay_amount"]);
    }
    assert_eq!(getupdates(&h, &id).await - before, 1);
    // Within the window a later refresh gets the stored state without asking again.
    let again = h.post(&path, &json!({})).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(getupdates(&h, &id).await - before, 1);
    h.stop().await;
}

#[tokio::test]
async fn refreshes_after_the_window_ask_the_upstream_again() {
    // No window: each refresh after the last one finished asks, and sees what changed.
    let h = quiet_harness(0).await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap().to_string();
    let path = format!("/api/payments/{id}/refresh");
    let before = getupdates(&h, &id).await;
    assert_eq!(h.post(&path, &json!({})).await.status(), StatusCode::OK);
    h.pay(&id, view["pay_amount"].as_str().unwrap()).await;
    let paid: Value = h.post(&path, &json!({})).await.json().await.unwrap();
    assert_eq!(paid["state"], "paid", "{paid}");
    assert_eq!(getupdates(&h, &id).await - before, 2);
    h.stop().await;
}

#[tokio::test]
async fn public_lookups_have_a_budget_per_address() {
    // Two a minute: the budget refills one lookup every 30 s, far longer than this test.
    let h = Harness::start_with(|c| c.public_lookups_per_min = 2).await;
    let view = h.create_ok(&payment_body()).await;
    let code = view["payment_code"].as_str().unwrap();
    let page = format!("/api/public/payments/{code}");
    let customer = client_from(1);
    let response = customer.get(h.url(&page)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // The stream draws on the same budget.
    let stream = customer
        .get(h.url(&format!("{page}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    drop(stream);
    let over = customer.get(h.url(&page)).send().await.unwrap();
    assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&over);
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    let over_stream = customer
        .get(h.url(&format!("{page}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(over_stream.status(), StatusCode::TOO_MANY_REQUESTS);
    // Unknown codes cost the same: guessing codes is what the budget is for.
    let guess = customer
        .get(h.url("/api/public/payments/not-a-code"))
        .send()
        .await
        .unwrap();
    assert_eq!(guess.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another customer's phone has its own budget.
    let other = client_from(2).get(h.url(&page)).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    let seen: Value = other.json().await.unwrap();
    assert_eq!(seen["payment_code"], code);
    h.stop().await;
}
