//! Bad input in paths and queries is refused before the database, whatever the database:
//! ids, codes and query values are checked against their alphabet first, so a NUL byte
//! (which PostgreSQL refuses with an error) answers 404 or 400, never 500. Runs on SQLite
//! and, under `cargo xtask test`, on PostgreSQL.

mod common;

use common::{error_of, Harness};
use reqwest::StatusCode;
use wct_pos_server::TEST_TOKEN;

#[tokio::test]
async fn nul_bytes_and_odd_ids_in_paths_are_not_found() {
    let h = Harness::start().await;
    let long = "a".repeat(65);
    let odd_ids = [
        "%00",
        "a%00b",
        "%0A",
        "%FF%FE",
        "%C3%28",
        "p_%00abc",
        long.as_str(),
        "%E2%80%AE",
    ];
    for id in odd_ids {
        for (method, path) in [
            ("GET", format!("/api/payments/{id}")),
            ("POST", format!("/api/payments/{id}/refresh")),
            ("POST", format!("/api/payments/{id}/cancel")),
            ("GET", format!("/api/payments/{id}/events")),
            ("GET", format!("/api/public/payments/{id}")),
            ("GET", format!("/api/public/payments/{id}/events")),
            ("GET", format!("/api/public/receipts/{id}")),
            ("POST", format!("/api/devices/{id}/revoke")),
            ("POST", format!("/api/devices/pairing-codes/{id}/cancel")),
        ] {
            let request = match method {
                "GET" => h.http.get(h.url(&path)),
                _ => h.http.post(h.url(&path)).json(&serde_json::json!({})),
            };
            let response = request.bearer_auth(TEST_TOKEN).send().await.unwrap();
            let (status, body) = error_of(response).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
            assert_eq!(
                body["error"]["code"], "not_found",
                "{method} {path}: {body}"
            );
        }
    }
    // The server is still well.
    assert_eq!(h.get("/healthz").await.status(), StatusCode::OK);
    h.stop().await;
}

#[tokio::test]
async fn nul_bytes_in_queries_are_bad_requests() {
    let h = Harness::start().await;
    for query in [
        "state=%00",
        "before=%00",
        "limit=1%00",
        "%00=1",
        "state=paid&before=a%00b",
        "date=2026-01-01%00",
    ] {
        for path in ["/api/payments", "/api/reports/daily", "/api/events"] {
            let url = h.url(&format!("{path}?{query}"));
            let response = h
                .http
                .get(url)
                .bearer_auth(TEST_TOKEN)
                .send()
                .await
                .unwrap();
            let (status, body) = error_of(response).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}?{query}: {body}");
            assert_eq!(body["error"]["code"], "bad_request", "{body}");
        }
    }
    // A cursor or state of the wrong alphabet, without a NUL, is refused by its own check.
    let (status, body) = error_of(h.get("/api/payments?before=%E2%80%AE").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "before");
    h.stop().await;
}
