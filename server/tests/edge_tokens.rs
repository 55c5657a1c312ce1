//! No terminal token, in any form or encoding, reaches the log or stdout of the real binary:
//! not at start (devices pair with one-time codes instead), and not when a client sends it
//! in a query string under any spelling or encoding.

mod common;

use std::time::Duration;

use common::{free_port, make_dist, Child};

const CONFIGURED: &str = "configured-till-token-0123456789";

/// `%XX` for every byte: a client may encode the whole token.
fn percent_all(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Sends requests carrying `token` every way a client might, reading each answer.
async fn send_token_everywhere(url: &str, token: &str) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let encoded = percent_all(token);
    let paths = [
        format!("/api/events?access_token={token}"),
        format!("/api/events?access%5Ftoken={token}"),
        format!("/api/events?access%5ftoken={token}&last_event_id=0"),
        format!("/api/events?%61ccess_token={token}"),
        format!("/api/events?ACCESS_TOKEN={token}"),
        format!("/api/events?Access_Token={token}"),
        format!("/api/events?access_token={encoded}"),
        format!("/api/events?last_event_id=0&access_token={token}&x=1"),
        format!("/api/events?last_event_id={token}"),
        format!("/api/payments?before={token}&state={token}&limit={token}"),
        format!("/pair?token={token}"),
        format!("/pair?token={encoded}"),
        format!("/?{token}"),
        format!("/pay/abc?t={token}"),
    ];
    for path in &paths {
        let response = http.get(format!("{url}{path}")).send().await;
        if let Ok(mut response) = response {
            // Streams: read a little, then hang up.
            let _ = tokio::time::timeout(Duration::from_millis(300), response.chunk()).await;
        }
    }
    let response = http
        .get(format!("{url}/api/terminal"))
        .bearer_auth(token)
        .send()
        .await
        .expect("terminal");
    assert_eq!(
        response.status(),
        reqwest::StatusCode::OK,
        "the token works"
    );
}

fn forbidden_forms(token: &str) -> Vec<String> {
    vec![
        token.to_string(),
        percent_all(token),
        percent_all(token).to_lowercase(),
    ]
}

fn assert_absent(log: &str, token: &str) {
    for form in forbidden_forms(token) {
        for line in log.lines() {
            assert!(!line.contains(&form), "a token in the log: {line}");
        }
    }
}

/// The token of the terminal the server made for itself, straight from its database (it is
/// never printed: devices pair with one-time codes).
async fn stored_token(dir: &std::path::Path, name: &str) -> String {
    use sqlx::Connection;
    let url = format!("sqlite://{}?mode=ro", dir.join("wct-pos.db").display());
    let mut conn = sqlx::sqlite::SqliteConnection::connect(&url)
        .await
        .expect("open the database");
    let token: String = sqlx::query_scalar("SELECT token FROM terminals WHERE name = ?")
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .expect("the terminal exists");
    let _ = conn.close().await;
    token
}

fn env_for(dir: &std::path::Path, dist: &std::path::Path) -> Vec<(&'static str, String)> {
    vec![
        (
            "WCT_POS_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("wct-pos.db").display()),
        ),
        ("WCT_POS_DIST", dist.display().to_string()),
        ("RUST_LOG", "debug".into()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_token_is_never_printed_or_logged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = make_dist();
    let log = dir.path().join("server.log");
    let port = free_port();
    let mut child = Child::spawn(&env_for(dir.path(), dist.path()), port, &log).await;

    let token = stored_token(dir.path(), "Counter 1").await;
    assert!(token.len() >= 16);
    send_token_everywhere(&child.url, &token).await;
    child.terminate();

    // Stdout and stderr both went to the log file.
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(text.contains("pair a device"), "stdout says how to pair");
    assert!(
        text.contains("/pair#code="),
        "stdout shows a one-time pairing link"
    );
    assert!(
        text.contains("open-file limit"),
        "the open-file limit is logged"
    );
    assert!(
        text.contains("/api/events?"),
        "the requests were logged at all"
    );
    assert_absent(&text, &token);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_token_never_reaches_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = make_dist();
    let log = dir.path().join("server.log");
    let port = free_port();
    let mut env = env_for(dir.path(), dist.path());
    env.push(("WCT_POS_TERMINALS", format!("Till 9:{CONFIGURED}")));
    let mut child = Child::spawn(&env, port, &log).await;
    send_token_everywhere(&child.url, CONFIGURED).await;
    child.terminate();
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(
        text.lines().count() > 10,
        "the debug log is suspiciously short"
    );
    assert_absent(&text, CONFIGURED);
}
