//! Serving the app: SPA fallback, cache rules, compression, the CSP with the loader's hash,
//! security headers, and a helpful page when the app is not built.

mod common;

use base64::Engine;
use common::*;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn client_routes_get_index_html_with_the_csp() {
    let h = Harness::start().await;
    for path in [
        "/",
        "/pay/abc",
        "/payments/p_1",
        "/history",
        "/pair?token=x",
    ] {
        let response = h.http.get(h.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert!(header(&response, "content-type").starts_with("text/html"));
        let csp = header(&response, "content-security-policy");
        let text = response.text().await.unwrap();
        assert!(text.contains("data-app=\"wct-pos\""), "{path}: {text}");

        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(LOADER));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("connect-src 'self'"), "{csp}");
    }
    h.stop().await;
}

#[tokio::test]
async fn hashed_files_are_immutable_and_everything_has_security_headers() {
    let h = Harness::start().await;
    let js = h
        .http
        .get(h.url("/wct-pos-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(
        header(&js, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let sw = h.http.get(h.url("/sw.js")).send().await.unwrap();
    assert_eq!(header(&sw, "cache-control"), "no-cache");

    for path in ["/", "/healthz", "/api/payments", "/api/nowhere"] {
        let r = h.http.get(h.url(path)).send().await.unwrap();
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&r, "referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header(&r, "x-frame-options"), "DENY", "{path}");
        assert!(!header(&r, "x-request-id").is_empty(), "{path}");
        assert!(!header(&r, "content-security-policy").is_empty(), "{path}");
    }
    let health = h.http.get(h.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let health: serde_json::Value = health.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let unknown = h.get("/api/nowhere").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");

    let gz = h
        .http
        .get(h.url("/pay/abc"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    // Event streams are never compressed (a gzip encoder would hold events back).
    let stream = h
        .http
        .get(h.url("/api/events"))
        .bearer_auth(wct_pos_server::TEST_TOKEN)
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(header(&stream, "content-encoding"), "");
    assert!(header(&stream, "content-type").starts_with("text/event-stream"));
    drop(stream);
    h.stop().await;
}

#[tokio::test]
async fn without_a_build_a_page_says_how_to_make_one() {
    let empty = tempfile::tempdir().unwrap();
    let h = Harness::start_with(|c| c.dist = empty.path().join("missing")).await;
    let response = h.http.get(h.url("/pay/abc")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-security-policy").contains("default-src 'self'"));
    assert!(response.text().await.unwrap().contains("cargo xtask build"));
    // The API still works.
    assert_eq!(h.get("/api/terminal").await.status(), StatusCode::OK);
    h.stop().await;
}
