//! Headers and files: `no-store` on every API answer, a client's `X-Request-Id` kept only
//! when short and safe, no dotfiles from `dist/`, no protocol-relative redirect.

mod common;
mod edge_support;

use common::*;
use edge_support::*;
use reqwest::StatusCode;
use serde_json::json;
use wct_pos_server::TEST_TOKEN;

fn cache_control(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn every_api_answer_is_no_store() {
    let h = Harness::start().await;
    let view = h.create_ok(&payment_body()).await;
    let id = view["id"].as_str().unwrap();
    let code = view["payment_code"].as_str().unwrap();
    let created = h.create(&payment_body()).await;
    assert_eq!(cache_control(&created), "no-store");
    for path in [
        "/api/payments".to_string(),
        format!("/api/payments/{id}"),
        "/api/terminal".into(),
        "/api/assets".into(),
        format!("/api/public/payments/{code}"),
        "/api/payments/p_missing".into(),
        "/api/nothing-here".into(),
    ] {
        let response = h.get(&path).await;
        assert_eq!(cache_control(&response), "no-store", "{path}");
    }
    let unauthorised = h.http.get(h.url("/api/payments")).send().await.unwrap();
    assert_eq!(unauthorised.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cache_control(&unauthorised), "no-store");
    let refresh = h
        .post(&format!("/api/payments/{id}/refresh"), &json!({}))
        .await;
    assert_eq!(cache_control(&refresh), "no-store");
    let stream = h
        .http
        .get(h.url("/api/events"))
        .bearer_auth(TEST_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(cache_control(&stream), "no-store");
    // The app's own files keep their cache rules.
    let index = h.http.get(h.url("/")).send().await.unwrap();
    assert_eq!(cache_control(&index), "no-cache");
    h.stop().await;
}

#[tokio::test]
async fn only_short_safe_request_ids_are_kept() {
    let h = Harness::start().await;
    let echoed = |id: String| {
        let h = &h;
        async move {
            let response = h
                .http
                .get(h.url("/api/terminal"))
                .bearer_auth(TEST_TOKEN)
                .header("x-request-id", id)
                .send()
                .await
                .unwrap();
            response
                .headers()
                .get("x-request-id")
                .map(|v| v.as_bytes().to_vec())
                .expect("a request id")
        }
    };
    let safe = "req-1234_abcd.EF".to_string();
    assert_eq!(echoed(safe.clone()).await, safe.as_bytes());
    for bad in [
        "x".repeat(2048),
        "x".repeat(65),
        "has space".into(),
        "quote\"and=equals".into(),
        "semi;colon".into(),
    ] {
        let got = echoed(bad.clone()).await;
        assert_ne!(got, bad.as_bytes());
        assert!(got.len() <= 64, "{} bytes", got.len());
        assert!(
            got.iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')),
            "{got:?}"
        );
    }
    // Without one, a fresh id is made.
    let response = h.get("/api/terminal").await;
    assert!(response.headers().contains_key("x-request-id"));
    h.stop().await;
}

#[tokio::test]
async fn dotfiles_are_not_served() {
    let h = Harness::start().await;
    let dist = h.dist.path();
    std::fs::write(dist.join(".env"), "SECRET=dotfile-content").unwrap();
    std::fs::create_dir_all(dist.join(".git")).unwrap();
    std::fs::write(dist.join(".git/config"), "dotfile-content").unwrap();
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("assets/.hidden"), "dotfile-content").unwrap();
    for path in [
        "/.env",
        "/.git/config",
        "/assets/.hidden",
        "/%2eenv",
        "/%2Egit/config",
        "/assets%2F.hidden",
    ] {
        let response = h.http.get(h.url(path)).send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("dotfile-content"), "{path}");
    }
    // Ordinary files still are.
    let js = h
        .http
        .get(h.url("/wct-pos-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    h.stop().await;
}

#[tokio::test]
async fn no_protocol_relative_redirect() {
    let h = Harness::start().await;
    std::fs::create_dir_all(h.dist.path().join("sub")).unwrap();
    std::fs::write(h.dist.path().join("sub/index.html"), "<p>sub</p>").unwrap();
    for path in ["//sub", "//sub/..//sub", "/sub"] {
        let mut stream = connect(h.running.addr).await;
        send(
            &mut stream,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await;
        let head = read_head(&mut stream, WITHIN).await;
        assert!(status(&head).is_some(), "{path}: no answer");
        if let Some(location) = header(&head, "location") {
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{path} redirects off the site: {location}"
            );
            assert!(!location.contains('\\'), "{location}");
        }
    }
    h.stop().await;
}
