//! Behind a reverse proxy (`WCT_POS_TRUSTED_PROXIES`): the forwarded client address is
//! believed from the listed proxies only, so one client cannot dodge a per-address limit
//! by writing `X-Forwarded-For`, and clients behind a trusted proxy are limited one by one.

mod common;

use std::net::{IpAddr, SocketAddr};

use common::*;
use reqwest::StatusCode;
use serde_json::json;

/// Per-address limit on pairing attempts in these tests.
const ATTEMPTS: u32 = 2;

async fn harness(trusted: &[&str]) -> Harness {
    let trusted: Vec<_> = trusted.iter().map(|t| t.parse().expect("net")).collect();
    Harness::start_with(move |c| {
        c.pair_attempts_per_minute = ATTEMPTS;
        c.trusted_proxies = trusted;
        // 127.0.0.2 is a loopback address too; the server must take it.
        c.bind = SocketAddr::from(([0, 0, 0, 0], 0));
    })
    .await
}

/// A client whose connections come from `local` (a loopback address).
fn from(local: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(local.parse::<IpAddr>().ok())
        .build()
        .expect("client")
}

/// A wrong pairing code sent as `forwarded_for`; the status (429 once the address's
/// attempts are used up).
async fn attempt(h: &Harness, client: &reqwest::Client, forwarded_for: &str) -> StatusCode {
    let port = h.running.addr.port();
    client
        .post(format!("http://127.0.0.1:{port}/api/pair"))
        .header("X-Forwarded-For", forwarded_for)
        .header("X-Forwarded-Proto", "https")
        .json(&json!({"code": "WRONG-CODE", "device_name": "tablet"}))
        .send()
        .await
        .expect("pair attempt")
        .status()
}

#[tokio::test]
async fn forwarded_headers_from_an_untrusted_address_are_ignored() {
    // Only 127.0.0.2 is a proxy; the client below connects from 127.0.0.1.
    let h = harness(&["127.0.0.2"]).await;
    let client = from("127.0.0.1");
    let mut statuses = Vec::new();
    for i in 0..=ATTEMPTS {
        // A fresh made-up address every time: were it believed, no limit would be reached.
        statuses.push(attempt(&h, &client, &format!("198.51.100.{}", i + 1)).await);
    }
    assert!(
        statuses[..ATTEMPTS as usize]
            .iter()
            .all(|s| *s != StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    assert_eq!(
        statuses[ATTEMPTS as usize],
        StatusCode::TOO_MANY_REQUESTS,
        "the client is counted by its own address, whatever it forwards"
    );
    h.running.shutdown().await;
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_are_limited_one_by_one() {
    let h = harness(&["127.0.0.2/32"]).await;
    let proxy = from("127.0.0.2");
    // One client behind the proxy uses up its own attempts…
    for _ in 0..ATTEMPTS {
        assert_ne!(
            attempt(&h, &proxy, "203.0.113.7").await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
    assert_eq!(
        attempt(&h, &proxy, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // …another one behind the same proxy is not held back by it. The client's own claim
    // (leftmost) is passed over for what the proxy appended.
    assert_ne!(
        attempt(&h, &proxy, "203.0.113.7, 203.0.113.8").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The proxy's own address was never the one counted: a request it sends without a
    // forwarded address (counted by 127.0.0.2) still has all its attempts.
    assert_ne!(attempt(&h, &proxy, "").await, StatusCode::TOO_MANY_REQUESTS);
    h.running.shutdown().await;
}
