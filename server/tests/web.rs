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
        "/pay/abc/receipt",
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

/// The inline script of a page and its `'sha256-…'`.
fn inline_script_hash(page: &str) -> String {
    let start = page.find("<script>").expect("an inline script") + "<script>".len();
    let end = page[start..].find("</script>").expect("its end") + start;
    let digest = Sha256::digest(&page.as_bytes()[start..end]);
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[tokio::test]
async fn the_customer_page_is_the_servers_html_with_the_qr_and_no_personal_data() {
    let h = Harness::start().await;
    let mut body = payment_body();
    body["personal_fname"] = serde_json::json!("Zelda");
    body["personal_lname"] = serde_json::json!("Quixote-Marlowe");
    body["personal_mobile"] = serde_json::json!("+61412999888");
    body["personal_country"] = serde_json::json!("AU");
    let created = h.create_ok(&body).await;
    let code = created["payment_code"]
        .as_str()
        .expect("a code")
        .to_string();
    let reference = created["reference"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let response = h
        .http
        .get(h.url(&format!("/pay/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("text/html"));
    // The state of the payment now: never stored.
    assert_eq!(header(&response, "cache-control"), "no-store");
    let csp = header(&response, "content-security-policy");
    let page = response.text().await.unwrap();
    assert!(page.contains("data-testid=\"customer-page\""), "{page}");
    assert!(page.contains("data-testid=\"qr\""));
    assert!(page.contains("<svg"), "the QR is in the page itself");
    assert!(page.contains(created["pay_address"].as_str().unwrap_or("?")));
    assert!(page.contains(created["pay_amount"].as_str().unwrap_or("?")));
    assert!(page.contains("data-testid=\"countdown\""));
    assert!(
        page.contains("href=\"/main-0123456789abcdef.css\""),
        "the app's stylesheet"
    );
    // No wasm, no app loader: the page is this HTML and its inline script.
    assert!(!page.contains(".wasm") && !page.contains(LOADER));
    // The inline script runs under the CSP by its hash, like the app's loader.
    assert!(csp.contains(&inline_script_hash(&page)), "{csp}");
    for private in [
        "Zelda",
        "Quixote-Marlowe",
        "+61412999888",
        reference.as_str(),
    ] {
        assert!(!page.contains(private), "{private} on the customer page");
    }
    // Sent compressed when the phone accepts it.
    let compressed = h
        .http
        .get(h.url(&format!("/pay/{code}")))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&compressed, "content-encoding"), "br");

    // An unknown code: a page that says so, as a 404.
    let missing = h.http.get(h.url("/pay/NoSuchCode1")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(header(&missing, "content-type").starts_with("text/html"));
    assert!(missing
        .text()
        .await
        .unwrap()
        .contains("This payment link is not valid."));
    h.stop().await;
}

#[tokio::test]
async fn the_customer_page_speaks_the_browsers_language_and_keeps_a_choice() {
    let h = Harness::start().await;
    let created = h.create_ok(&payment_body()).await;
    let path = format!("/pay/{}", created["payment_code"].as_str().expect("a code"));
    let german = h
        .http
        .get(h.url(&path))
        .header("accept-language", "de-AT,de;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    assert!(header(&german, "vary").contains("Accept-Language"));
    assert!(
        header(&german, "set-cookie").is_empty(),
        "nothing chosen, nothing kept"
    );
    let page = german.text().await.unwrap();
    assert!(page.contains("<html lang=\"de\" dir=\"ltr\">"), "{page}");
    assert!(page.contains("Zu zahlender Betrag") && page.contains("50,00 USD"));

    // Chosen on the page: Arabic, right to left, and kept for this phone.
    let chosen = h
        .http
        .get(h.url(&format!("{path}?lang=ar")))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    let cookie = header(&chosen, "set-cookie");
    assert!(
        cookie.starts_with("wct_lang=ar;") && cookie.contains("Path=/pay/"),
        "{cookie}"
    );
    assert!(chosen
        .text()
        .await
        .unwrap()
        .contains("<html lang=\"ar\" dir=\"rtl\">"));
    let kept = h
        .http
        .get(h.url(&path))
        .header("accept-language", "de")
        .header("cookie", "wct_lang=ar")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(kept.contains("<html lang=\"ar\""));
    // A language we do not have, or none at all: English.
    let other = h
        .http
        .get(h.url(&format!("{path}?lang=tlh")))
        .header("accept-language", "zh-CN")
        .send()
        .await
        .unwrap();
    assert!(header(&other, "set-cookie").is_empty());
    assert!(other.text().await.unwrap().contains("<html lang=\"en\""));
    h.stop().await;
}

#[tokio::test]
async fn the_customer_page_follows_the_payment_to_paid() {
    let h = Harness::start().await;
    let created = h.create_ok(&payment_body()).await;
    let id = created["id"].as_str().expect("an id").to_string();
    let code = created["payment_code"]
        .as_str()
        .expect("a code")
        .to_string();
    h.pay(&id, created["pay_amount"].as_str().expect("an amount"))
        .await;
    h.wait_state(&id, "paid").await;
    let page = h
        .http
        .get(h.url(&format!("/pay/{code}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"paid-screen\""), "{page}");
    assert!(page.contains("data-state=\"paid\""));
    assert!(!page.contains("data-testid=\"qr\""), "nothing more to pay");
    assert!(
        page.contains(&format!("/pay/{code}/receipt")),
        "the receipt link"
    );
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
    let response = h.http.get(h.url("/history")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-security-policy").contains("default-src 'self'"));
    assert!(response.text().await.unwrap().contains("cargo xtask build"));
    // The API still works.
    assert_eq!(h.get("/api/terminal").await.status(), StatusCode::OK);
    h.stop().await;
}
