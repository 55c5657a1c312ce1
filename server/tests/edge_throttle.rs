//! Throttling (issue 11, point 4): wrong terminal tokens are slowed down and then locked out
//! per client address; a payment's refresh makes one upstream call however many callers ask
//! at once; public payment lookups have a budget per client address.
//!
//! Other client addresses come from binding the test client to 127.0.0.x: Linux routes the
//! whole 127/8 to loopback.

mod common;

use std::net::{IpAddr, Ipv4Addr};

use common::{payment_body, Harness, SseReader};
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
async fn wrong_tokens_lock_the_address_out_but_never_the_right_token() {
    let h = strict_harness(1000).await;
    let attacker = client_from(1);
    // The replay: 25 wrong tokens from one address.
    let mut refused = Vec::new();
    for n in 1..=25 {
        let response = terminal_with(&h, &attacker, &format!("guess-{n}-0123456789abcdef")).await;
        refused.push(response.status());
    }
    // Five failures start the lockout; every wrong token after them gets 429.
    assert!(refused[..5].iter().all(|s| *s == StatusCode::UNAUTHORIZED));
    assert!(refused[5..]
        .iter()
        .all(|s| *s == StatusCode::TOO_MANY_REQUESTS));
    let locked = terminal_with(&h, &attacker, "guess-26-0123456789abcdef").await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&locked);
    assert!((1..=900).contains(&wait), "Retry-After {wait}");
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited", "{body}");
    // The right token from the locked address answers at once: the shop's own tablet
    // shares the address with whoever sent the guesses.
    let right = terminal_with(&h, &attacker, TEST_TOKEN).await;
    assert_eq!(right.status(), StatusCode::OK);
    let stream = attacker
        .get(h.url("/api/events"))
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    drop(stream);
    let wrong_stream = attacker
        .get(h.url("/api/events"))
        .bearer_auth("guess-27-0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_stream.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(wrong_stream.headers().contains_key("retry-after"));
    // A device-shaped wrong token is refused the same way.
    let device_shaped = format!("wctd_{}", "A".repeat(43));
    assert_eq!(
        terminal_with(&h, &attacker, &device_shaped).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

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
async fn a_right_token_is_never_delayed_by_its_address_failures() {
    // A delay far longer than the test's patience: a right token that waited would fail.
    let h = Harness::start_with(|c| {
        c.auth_free_failures = 0;
        c.auth_delay_base_ms = 600_000;
        c.auth_delay_max_ms = 600_000;
        c.auth_lockout_failures = 1_000;
    })
    .await;
    let shared = client_from(3);
    // The first wrong token is answered without a wait (its delay counts from the failures
    // before it); the ones after would wait ten minutes, so they are only started.
    assert_eq!(
        terminal_with(&h, &shared, "guess-0-0123456789abcdef")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let waiting: Vec<_> = (1..4)
        .map(|n| {
            let (client, url) = (shared.clone(), h.url("/api/terminal"));
            tokio::spawn(async move {
                client
                    .get(url)
                    .bearer_auth(format!("guess-{n}-0123456789abcdef"))
                    .send()
                    .await
            })
        })
        .collect();
    // The right token from the same address, meanwhile: answered.
    for _ in 0..3 {
        assert_eq!(
            terminal_with(&h, &shared, TEST_TOKEN).await.status(),
            StatusCode::OK
        );
    }
    for task in waiting {
        task.abort();
    }
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
        terminal_with(&h, &attacker, "guess-9-0123456789abcdef")
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        terminal_with(&h, &attacker, TEST_TOKEN).await.status(),
        StatusCode::OK
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

/// The production budgets of the public routes (the defaults of `wct-pos-server`).
fn public_defaults(c: &mut wct_pos_server::Config) {
    use clap::Parser;
    let defaults = wct_pos_server::Config::try_parse_from(["wct-pos-server"]).expect("defaults");
    c.public_lookups_per_min = defaults.public_lookups_per_min;
    c.public_misses_per_min = defaults.public_misses_per_min;
    c.public_lookups_per_code_per_min = defaults.public_lookups_per_code_per_min;
    c.max_public_streams_per_ip = defaults.max_public_streams_per_ip;
    c.max_public_streams_per_code = defaults.max_public_streams_per_code;
    c.max_connections_per_ip = defaults.max_connections_per_ip;
    c.max_streams = defaults.max_streams;
}

/// One customer's page: its lookup, then its stream (read until the first event, the
/// current state).
async fn open_page(h: &Harness, client: &Client, code: &str) -> (StatusCode, Option<SseReader>) {
    let page = format!("/api/public/payments/{code}");
    let status = client.get(h.url(&page)).send().await.unwrap().status();
    if status != StatusCode::OK {
        return (status, None);
    }
    let mut stream = SseReader::open(client, &h.url(&format!("{page}/events")), None).await;
    let first = stream.next().await.expect("the current state first");
    assert_eq!(
        first.data["payment"]["payment_code"], code,
        "{:?}",
        first.data
    );
    (StatusCode::OK, Some(stream))
}

#[tokio::test]
async fn fifty_customer_pages_behind_one_address_stay_live() {
    let h = Harness::start_with(|c| {
        public_defaults(c);
        c.reconcile_secs = 3600;
    })
    .await;
    let mut payments = Vec::new();
    for _ in 0..50 {
        let view = h.create_ok(&payment_body()).await;
        payments.push(view);
    }
    // A mall's Wi-Fi: every customer's phone has the same public address.
    let wifi = client_from(50);
    let opened = join_all(payments.iter().map(|view| {
        let code = view["payment_code"].as_str().unwrap().to_string();
        let (h, wifi) = (&h, &wifi);
        async move { open_page(h, wifi, &code).await }
    }))
    .await;
    assert!(
        opened.iter().all(|(status, _)| *status == StatusCode::OK),
        "{:?}",
        opened.iter().map(|(s, _)| *s).collect::<Vec<_>>()
    );
    let mut streams: Vec<SseReader> = opened.into_iter().filter_map(|(_, s)| s).collect();
    assert_eq!(streams.len(), 50);
    // Every customer pays, and every page sees its own payment paid.
    for view in &payments {
        h.pay(
            view["id"].as_str().unwrap(),
            view["pay_amount"].as_str().unwrap(),
        )
        .await;
    }
    let seen = join_all(streams.iter_mut().map(|stream| async move {
        stream
            .until(|e| e.data["payment"]["state"] == "paid")
            .await
            .is_some()
    }))
    .await;
    assert_eq!(seen.iter().filter(|s| **s).count(), 50);
    drop(streams);
    // Each page reconnects (a phone waking up): still within the budgets.
    let again = join_all(payments.iter().map(|view| {
        let code = view["payment_code"].as_str().unwrap().to_string();
        let (h, wifi) = (&h, &wifi);
        async move { open_page(h, wifi, &code).await.0 }
    }))
    .await;
    assert!(again.iter().all(|s| *s == StatusCode::OK), "{again:?}");

    // Someone on the same Wi-Fi guesses codes: the misses are bounded, and guessing only
    // gets 429 once they are spent.
    let mut guesses = Vec::new();
    for batch in 0..10 {
        guesses.extend(
            join_all((0..20).map(|n| {
                let url = h.url(&format!("/api/public/payments/Guess{batch}x{n:03}"));
                let wifi = &wifi;
                async move { wifi.get(url).send().await.unwrap().status() }
            }))
            .await,
        );
    }
    let misses = guesses
        .iter()
        .filter(|s| **s == StatusCode::NOT_FOUND)
        .count();
    assert!(misses <= 61, "{misses} guesses answered");
    assert!(guesses
        .iter()
        .all(|s| *s == StatusCode::NOT_FOUND || *s == StatusCode::TOO_MANY_REQUESTS));
    // The pages still open afterwards: guessing did not spend their budget.
    let code = payments[0]["payment_code"].as_str().unwrap();
    assert_eq!(open_page(&h, &wifi, code).await.0, StatusCode::OK);
    h.stop().await;
}

#[tokio::test]
async fn a_flood_from_one_address_and_on_one_code_is_bounded() {
    let h = Harness::start_with(public_defaults).await;
    let view = h.create_ok(&payment_body()).await;
    let code = view["payment_code"].as_str().unwrap().to_string();
    // One code, from many addresses: its own budget bounds it.
    let answers = join_all((0..60u8).map(|n| {
        let url = h.url(&format!("/api/public/payments/{code}"));
        async move { client_from(100 + n).get(url).send().await.unwrap().status() }
    }))
    .await;
    let served = answers.iter().filter(|s| **s == StatusCode::OK).count();
    let defaults = {
        use clap::Parser;
        wct_pos_server::Config::try_parse_from(["wct-pos-server"]).unwrap()
    };
    let per_code = defaults.public_lookups_per_code_per_min as usize;
    assert!(
        (per_code..=per_code + 2).contains(&served),
        "{served} of 60 served"
    );
    // Any lookups, from one address: its budget bounds them.
    let flood = client_from(200);
    let other = h.create_ok(&payment_body()).await;
    let other_code = other["payment_code"].as_str().unwrap().to_string();
    let per_address = defaults.public_lookups_per_min as usize;
    let mut statuses = Vec::new();
    for chunk in 0..((per_address + 100) / 100) {
        let batch = join_all((0..100).map(|n| {
            let path = if n % 2 == 0 {
                format!("/api/public/payments/{other_code}")
            } else {
                format!("/api/public/payments/Flood{chunk}x{n}")
            };
            let (url, flood) = (h.url(&path), &flood);
            async move { flood.get(url).send().await.unwrap().status() }
        }))
        .await;
        statuses.extend(batch);
    }
    let answered = statuses
        .iter()
        .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        answered <= per_address + 5,
        "{answered} of {} answered",
        statuses.len()
    );
    h.stop().await;
}
