//! Serving the app: `dist/` with the SPA fallback, cache rules for Trunk's hashed files, and
//! the Content-Security-Policy whose script hashes come from `dist/index.html` at start.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>wct-pos: app not built</title></head><body style=\"font-family:sans-serif;margin:2rem\">\
<h1>The app is not built yet</h1><p>The server is running, but it found no <code>dist/</code> \
directory. Run <code>cargo xtask build</code> (or point <code>WCT_POS_DIST</code> at Trunk's \
output) and reload.</p></body></html>";

/// The policy the app runs under; `script_hashes` are `'sha256-…'` sources for the inline
/// loader Trunk writes into index.html.
pub fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for h in script_hashes {
        script_src.push(' ');
        script_src.push_str(h);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; \
         worker-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `'sha256-…'` of every inline `<script>` (one without `src`) in an HTML document.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| i + from) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let tag = &lower[start..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        if !tag.contains(" src=") && !tag.contains("\nsrc=") {
            let body = &html[tag_end + 1..close];
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        from = close;
    }
    hashes
}

/// Trunk names hashed files `name-<16 hex>.ext`; `cargo xtask build` puts the split app's
/// files (whose names wasm-split chooses) in a folder `app-<16 hex>/`, hashed as a whole.
pub fn is_hashed_asset(path: &str) -> bool {
    let mut parts = path.trim_start_matches('/').split('/');
    if let (Some(folder), Some(file), None) = (parts.next(), parts.next(), parts.next()) {
        if is_hash_named(folder) && !file.is_empty() {
            return true;
        }
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    // wasm-bindgen appends `_bg` after Trunk's hash.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    is_hash_named(stem)
}

/// `name-<16 hex>`.
fn is_hash_named(stem: &str) -> bool {
    stem.rsplit_once('-').is_some_and(|(name, tail)| {
        !name.is_empty() && tail.len() == 16 && tail.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// What `static_app` found in `dist/`: the router, the CSP (index.html's inline scripts and
/// `more_scripts`), and the app's stylesheet (which the server-rendered customer page links).
pub struct StaticApp {
    pub router: Router,
    pub csp: String,
    pub stylesheet: Option<String>,
}

/// The app's files, or a page explaining how to build them.
pub fn static_app(dist: &Path, more_scripts: &[String]) -> StaticApp {
    let index = dist.join("index.html");
    match std::fs::read_to_string(&index) {
        Ok(html) => {
            let mut hashes = inline_script_hashes(&html);
            hashes.extend_from_slice(more_scripts);
            let csp = content_security_policy(&hashes);
            let files = ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(
                    ServeFile::new(&index)
                        .precompressed_br()
                        .precompressed_gzip(),
                );
            let router = Router::new()
                .fallback_service(files)
                .layer(middleware::from_fn(cache_control))
                .layer(middleware::from_fn(guard_paths));
            StaticApp {
                router,
                csp,
                stylesheet: stylesheet_href(&html),
            }
        }
        Err(e) => {
            tracing::warn!(dist = %dist.display(), error = %e, "no app build found; serving a placeholder page");
            StaticApp {
                router: Router::new().fallback(not_built),
                csp: content_security_policy(more_scripts),
                stylesheet: None,
            }
        }
    }
}

/// The `href` of the first `<link rel=stylesheet>` in index.html that names a file of this
/// server (Trunk's hashed CSS). Trunk minifies the page, so attributes may be unquoted.
pub fn stylesheet_href(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<link").map(|i| i + from) {
        let end = lower[start..].find('>').map(|i| i + start)?;
        from = end;
        let attrs = attributes(&html[start + "<link".len()..end]);
        let is_stylesheet = attrs
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("rel") && v.eq_ignore_ascii_case("stylesheet"));
        let href = attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("href"))
            .map(|(_, v)| v.as_str());
        if let (true, Some(href)) = (is_stylesheet, href) {
            if href.starts_with('/') && !href.starts_with("//") {
                return Some(href.to_string());
            }
        }
    }
    None
}

/// A tag's `name=value` pairs: values double-, single- or unquoted.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let stop = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..stop], &after[stop..])
                }
            };
            rest = tail.trim_start();
            value
        } else {
            rest = rest.trim_start_matches('/').trim_start();
            ""
        };
        if !name.is_empty() {
            out.push((name.to_string(), value.to_string()));
        }
    }
    out
}

async fn not_built() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, NO_CACHE)], Html(NOT_BUILT))
}

/// Whether any segment of `path` (percent-decoded, as the file server decodes it) starts
/// with a dot: `.env`, `.git/config`, `%2e%2e`, `/a%2F.hidden`.
pub fn has_dot_segment(path: &str) -> bool {
    crate::http::serve::percent_decode(path)
        .split(|b| *b == b'/' || *b == b'\\')
        .any(|segment| segment.first() == Some(&b'.'))
}

/// A `Location` a browser would read as another host: `//host/…`, or `/\host/…` (browsers
/// treat `\` as `/`), or anything with a scheme.
pub fn is_off_site(location: &[u8]) -> bool {
    let starts = |p: &[u8]| location.len() >= 2 && location[..2] == *p;
    !location.starts_with(b"/") || starts(b"//") || starts(b"/\\") || location.contains(&b'\\')
}

/// No dotfiles from `dist/` (404, not the SPA page), and no redirect off the site: the file
/// server answers a directory without its slash with `Location: {path}/`, which for `//sub`
/// would be the protocol-relative `//sub/`.
async fn guard_paths(request: Request<Body>, next: Next) -> Response<Body> {
    if has_dot_segment(request.uri().path()) {
        return not_found();
    }
    let response = next.run(request).await;
    let off_site = response.status().is_redirection()
        && response
            .headers()
            .get(header::LOCATION)
            .is_some_and(|l| is_off_site(l.as_bytes()));
    if off_site {
        return not_found();
    }
    response
}

fn not_found() -> Response<Body> {
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, NO_CACHE)],
        "not found",
    )
        .into_response()
}

/// Hashed files are cached forever; everything else (index.html, sw.js, the manifest, the
/// SPA fallback) is revalidated so a new build is picked up.
async fn cache_control(request: Request<Body>, next: Next) -> Response<Body> {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if hashed && !is_html && response.status().is_success() {
        IMMUTABLE
    } else {
        NO_CACHE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    /// `cargo xtask build` writes `.br` and `.gz` beside each file; a browser that accepts
    /// them gets those bytes as they are, with the matching `Content-Encoding` and the
    /// original file's type, and one that accepts neither gets the plain file.
    #[tokio::test]
    async fn precompressed_files_are_served_with_their_encoding() {
        let dist =
            std::env::temp_dir().join(format!("wct-web-precompressed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html><title>t</title>").unwrap();
        std::fs::write(dist.join("index.html.br"), b"BR-INDEX").unwrap();
        // A chunk of the split app: its folder, not its name, carries the build's hash.
        let wasm = "/app-0123456789abcdef/chunk_3.wasm";
        std::fs::create_dir_all(dist.join("app-0123456789abcdef")).unwrap();
        std::fs::write(dist.join(&wasm[1..]), b"\0asm-plain").unwrap();
        std::fs::write(dist.join(format!("{}.br", &wasm[1..])), b"BR-WASM").unwrap();
        std::fs::write(dist.join(format!("{}.gz", &wasm[1..])), b"GZ-WASM").unwrap();
        let router = static_app(&dist, &[]).router;

        let get = |path: &str, accept: &str| {
            let mut request = Request::builder().uri(path);
            if !accept.is_empty() {
                request = request.header(header::ACCEPT_ENCODING, accept);
            }
            router.clone().oneshot(request.body(Body::empty()).unwrap())
        };
        let body = |r: Response<Body>| async move {
            axum::body::to_bytes(r.into_body(), 1 << 20)
                .await
                .unwrap()
                .to_vec()
        };
        let encoding = |r: &Response<Body>| {
            r.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_string())
        };

        let br = get(wasm, "gzip, br").await.unwrap();
        assert_eq!(encoding(&br).as_deref(), Some("br"));
        assert_eq!(br.headers()[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(br.headers()[header::CACHE_CONTROL], IMMUTABLE);
        assert_eq!(body(br).await, b"BR-WASM");

        let gz = get(wasm, "gzip").await.unwrap();
        assert_eq!(encoding(&gz).as_deref(), Some("gzip"));
        assert_eq!(body(gz).await, b"GZ-WASM");

        let plain = get(wasm, "").await.unwrap();
        assert_eq!(encoding(&plain), None);
        assert_eq!(body(plain).await, b"\0asm-plain");

        // A client route falls back to the pre-compressed index.html.
        let page = get("/payments/p_1", "br").await.unwrap();
        assert_eq!(encoding(&page).as_deref(), Some("br"));
        assert!(page.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(body(page).await, b"BR-INDEX");
        let _ = std::fs::remove_dir_all(&dist);
    }

    #[test]
    fn finds_the_local_stylesheet() {
        let html = "<head><link rel=\"manifest\" href=\"/m.json\">\
                    <link rel=\"stylesheet\" href=\"https://cdn.example/x.css\">\
                    <link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\" integrity=\"x\"></head>";
        assert_eq!(
            stylesheet_href(html).as_deref(),
            Some("/main-0123456789abcdef.css")
        );
        assert_eq!(stylesheet_href("<head></head>"), None);
        // Trunk's minified page: unquoted attributes.
        let minified = "<meta charset=utf-8><link href=/main-cfb5a9e0aebcbe97.css integrity=sha384-1w+Ol rel=stylesheet><link href=/x.js rel=modulepreload>";
        assert_eq!(
            stylesheet_href(minified).as_deref(),
            Some("/main-cfb5a9e0aebcbe97.css")
        );
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<html><head><script src="/x.js"></script>
<script type="module">import init from '/app-0123456789abcdef.js';init();</script></head></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(
            b"import init from '/app-0123456789abcdef.js';init();",
        ));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        assert!(content_security_policy(&hashes).contains(&hashes[0]));
    }

    #[test]
    fn dot_segments_and_off_site_locations() {
        for path in [
            "/.env",
            "/.git/config",
            "/a/.hidden",
            "/%2eenv",
            "/a%2F.x",
            "/..",
        ] {
            assert!(has_dot_segment(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/pay/abc",
            "/wct-pos-0123456789abcdef.js",
            "/a.b/c",
        ] {
            assert!(!has_dot_segment(path), "{path}");
        }
        for location in ["//sub/", "/\\evil/", "https://evil/", "/a\\b"] {
            assert!(is_off_site(location.as_bytes()), "{location}");
        }
        assert!(!is_off_site(b"/sub/"));
    }

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed_asset("/wct-pos-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/wct-pos-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("/style-0011223344556677.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/pay/abc"));
    }

    /// The split app's folder carries the hash, its files (main module, chunks, loader) not.
    #[test]
    fn files_of_the_hashed_app_folder_are_recognised() {
        assert!(is_hashed_asset("/app-916385af78435676/wct_pos_bg.wasm"));
        assert!(is_hashed_asset("/app-916385af78435676/wct_pos.js"));
        assert!(is_hashed_asset("/app-916385af78435676/__wasm_split.js"));
        assert!(is_hashed_asset("/app-916385af78435676/chunk_3.wasm"));
        assert!(!is_hashed_asset("/app-916385af78435676/"));
        assert!(!is_hashed_asset("/app-nothex0000000000/chunk_3.wasm"));
        assert!(!is_hashed_asset("/app-916385af7843567/chunk_3.wasm"));
        assert!(!is_hashed_asset("/pay/abc/receipt"));
        assert!(!is_hashed_asset("/a/app-916385af78435676/x.wasm"));
    }
}

// ---- HTTPS set-up: the local CA page and the plain-HTTP listener ----------------------------

/// `/setup` with `WCT_POS_TLS=local`: the CA certificate to install, a QR of its download
/// link, and the steps per platform. Reachable over plain HTTP (`WCT_POS_HTTP_BIND`), since
/// a tablet that does not trust the CA yet cannot open the HTTPS side without a warning.
#[derive(Clone)]
pub struct SetupPage {
    ca: std::sync::Arc<crate::http::tls::local::CaCert>,
    /// Where tablets download the CA (plain HTTP when the listener is there).
    download_url: String,
    /// The app, once the CA is trusted.
    app_url: String,
}

/// `application/x-x509-ca-cert`: what Android, iOS, Windows and macOS open as "install a CA".
pub const CA_CONTENT_TYPE: &str = "application/x-x509-ca-cert";

impl SetupPage {
    pub fn new(
        ca: std::sync::Arc<crate::http::tls::local::CaCert>,
        public_url: &str,
        http: Option<&tokio::net::TcpListener>,
    ) -> Self {
        let http_port = http.and_then(|l| l.local_addr().ok()).map(|a| a.port());
        let download_url = match (http_port, reqwest::Url::parse(public_url)) {
            (Some(port), Ok(mut url)) => {
                let _ = url.set_scheme("http");
                let _ = url.set_port((port != 80).then_some(port));
                url.set_path("/setup/ca.crt");
                url.to_string()
            }
            _ => format!("{public_url}/setup/ca.crt"),
        };
        Self {
            ca,
            download_url,
            app_url: public_url.to_string(),
        }
    }

    fn html(&self) -> String {
        let qr = wct_api::qr::qr_svg(
            &self.download_url,
            "Link to download the shop's certificate",
        )
        .unwrap_or_default();
        let download = wct_api::html::escape(&self.download_url);
        let app = wct_api::html::escape(&self.app_url);
        let fingerprint = wct_api::html::escape(&self.ca.fingerprint);
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Set up this tablet for wct-pos</title>\
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;max-width:40rem;line-height:1.45}}\
svg{{width:14rem;height:14rem}}code{{word-break:break-all}}h2{{margin-top:1.5rem}}</style></head>\
<body><h1>Set up this device for wct-pos</h1>\
<p>This shop's till runs on its own network and signs its HTTPS certificate itself. Install \
the shop's certificate once on each tablet, phone or computer; then open \
<a href=\"{app}\"><code>{app}</code></a> and install the app from the browser.</p>\
<p><a id=\"ca-download\" href=\"{download}\"><strong>Download the shop's certificate</strong></a> \
or scan:</p><div id=\"ca-qr\">{qr}</div>\
<p>Fingerprint (SHA-256), to compare with what the device shows:<br><code id=\"ca-fingerprint\">{fingerprint}</code></p>\
<h2>Android</h2><ol><li>Open the link above (or scan the code) and let the file download.</li>\
<li>Settings → Security &amp; privacy → More security settings → Encryption &amp; credentials → \
Install a certificate → <em>CA certificate</em> → Install anyway, and pick the downloaded file.</li>\
<li>Open <code>{app}</code> in Chrome.</li></ol>\
<h2>iPhone and iPad</h2><ol><li>Open the link in Safari (or scan the code with the Camera) and \
allow the profile download.</li><li>Settings → Profile Downloaded → Install.</li>\
<li>Settings → General → About → Certificate Trust Settings → turn on full trust for \
“wct-pos local CA”.</li><li>Open <code>{app}</code> in Safari.</li></ol>\
<h2>Windows</h2><ol><li>Download the certificate and open it → Install Certificate.</li>\
<li>Choose <em>Place all certificates in the following store</em> → <em>Trusted Root \
Certification Authorities</em> → Finish.</li><li>Restart the browser and open <code>{app}</code>.</li></ol>\
<h2>macOS</h2><ol><li>Download the certificate and open it: Keychain Access adds it.</li>\
<li>Double-click “wct-pos local CA” → Trust → <em>When using this certificate: Always Trust</em>.</li>\
<li>Open <code>{app}</code>.</li></ol>\
<p>Only install this certificate for this shop's till: it lets the till's computer vouch \
for names on your network.</p></body></html>"
        )
    }
}

const SETUP_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                         base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `/setup` and `/setup/ca.crt`.
pub fn setup_routes(page: SetupPage) -> Router {
    use axum::routing::get;
    let html = page.html();
    let der = page.ca.der.clone();
    Router::new()
        .route(
            "/setup",
            get(move || async move {
                (
                    [
                        (header::CONTENT_SECURITY_POLICY, SETUP_CSP),
                        (header::CACHE_CONTROL, NO_CACHE),
                    ],
                    Html(html),
                )
            }),
        )
        .route(
            "/setup/ca.crt",
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, CA_CONTENT_TYPE),
                        (
                            header::CONTENT_DISPOSITION,
                            "attachment; filename=\"wct-pos-ca.crt\"",
                        ),
                        (header::CACHE_CONTROL, NO_CACHE),
                    ],
                    der,
                )
            }),
        )
}

/// The plain-HTTP listener beside HTTPS: `/setup` (local CA) and, for everything else, a
/// permanent redirect to the same path on the public URL. The target's host comes from
/// the configuration, never from the request's `Host`, so it cannot redirect off site.
pub fn plain_http_app(public_url: &str, setup: Option<SetupPage>) -> Router {
    let base = public_url.trim_end_matches('/').to_string();
    let redirect = move |request: Request<Body>| {
        let base = base.clone();
        async move {
            let path = request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_string();
            // An absolute-form or odd target still yields a path on our own host.
            let path = if path.starts_with('/') {
                path
            } else {
                "/".to_string()
            };
            let location = format!("{base}{path}");
            match HeaderValue::from_str(&location) {
                Ok(value) => {
                    (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, value)]).into_response()
                }
                Err(_) => StatusCode::BAD_REQUEST.into_response(),
            }
        }
    };
    let router = match setup {
        Some(page) => setup_routes(page),
        None => Router::new(),
    };
    router.fallback(redirect)
}
