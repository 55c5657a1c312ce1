//! What a request's log line shows: its span (method, redacted URI, request id, client), with
//! tokens, codes and anything unknown in the path or query hidden.

use axum::body::Body;
use axum::http::{Request, Uri};

pub fn request_span(request: &Request<Body>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // The client as believed: a trusted proxy's X-Forwarded-For, else the socket's peer.
    let client = request.extensions().get::<super::serve::ClientAddr>();
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %redact_uri(request.uri()),
        request_id = %id,
        client = %client.map_or_else(|| "-".to_string(), |c| c.ip.to_string()),
        https = client.is_some_and(|c| c.https),
    )
}

/// The URI as logged. Only short numbers and state names are shown from the query; any
/// other parameter is hidden, its name too unless it is a known one, so a token sent under
/// any name, case or encoding (`access_token`, `access%5Ftoken`, `ACCESS_TOKEN`, the app's
/// `/pair?token=`, a bare `?<token>`) never reaches a log line. Postback tokens in the path
/// are hidden too.
pub fn redact_uri(uri: &Uri) -> String {
    let path = redact_path(uri.path());
    let Some(query) = uri.query() else {
        return path;
    };
    let shown: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let short = value.len() <= 20;
            let shown = match key {
                "last_event_id" | "limit" => short && value.bytes().all(|b| b.is_ascii_digit()),
                "state" => short && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                _ => false,
            };
            if shown {
                pair.to_string()
            } else if matches!(
                key,
                "last_event_id" | "limit" | "state" | "before" | "access_token" | "token"
            ) {
                format!("{key}=<redacted>")
            } else {
                "<redacted>".to_string()
            }
        })
        .collect();
    format!("{path}?{}", shown.join("&"))
}

/// Path segments shown in logs as they are: the routes' own words (the app's pages too).
const SHOWN_SEGMENTS: [&str; 30] = [
    "api",
    "payments",
    "events",
    "refresh",
    "cancel",
    "refunds",
    "assets",
    "terminal",
    "session",
    "pair",
    "devices",
    "pairing-codes",
    "revoke",
    "public",
    "sandbox",
    "pay",
    "settings",
    "store",
    "reports",
    "daily",
    "receipts",
    "receipt",
    "healthz",
    "metrics",
    "postback",
    "price",
    "setup",
    "history",
    "charge",
    "new",
];

/// An id this server makes (`p_…`, `d_…`, `pc_…`, `t_…`): a short lowercase prefix, `_`,
/// then 8 to 24 letters and digits. Ids name rows; they grant nothing.
fn is_own_id(segment: &str) -> bool {
    let Some((prefix, rest)) = segment.split_once('_') else {
        return false;
    };
    (1..=3).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_lowercase())
        && (8..=24).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The path as logged: the routes' own words, our ids and file names (tokens and codes
/// never have a dot) are shown; every other segment may be a token, a pairing code or a
/// payment code someone put in a path, and is hidden (after a `postback` segment, however
/// encoded or cased, as `<token>`).
fn redact_path(path: &str) -> String {
    let mut after_postback = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            if segment.is_empty() {
                return String::new();
            }
            let decoded =
                String::from_utf8_lossy(&super::serve::percent_decode(segment)).into_owned();
            let lower = decoded.to_ascii_lowercase();
            if after_postback && lower != "price" {
                return "<token>".to_string();
            }
            if lower == "postback" {
                after_postback = true;
            }
            let file = decoded.contains('.')
                && decoded.len() <= 128
                && decoded
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
            if SHOWN_SEGMENTS.contains(&lower.as_str()) || is_own_id(&decoded) || file {
                segment.to_string()
            } else {
                "<redacted>".to_string()
            }
        })
        .collect();
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_uris_hide_tokens() {
        let uri: Uri = "/api/events?last_event_id=3&access_token=secret-token-123"
            .parse()
            .unwrap();
        let shown = redact_uri(&uri);
        assert!(!shown.contains("secret-token-123"));
        assert!(shown.contains("last_event_id=3"));
        let uri: Uri = "/postback/price/abcdefTOKEN".parse().unwrap();
        assert_eq!(redact_uri(&uri), "/postback/price/<token>");
        for uri in [
            "/api/events?access%5Ftoken=secret-token-123",
            "/api/events?ACCESS_TOKEN=secret-token-123&last_event_id=1",
            "/pair?token=secret-token-123",
            "/api/events?secret-token-123",
            "/api/events?last_event_id=secret-token-123",
            "/api/payments?before=secret-token-123&state=secret-token-123",
            "/%70ostback/secret-token-123",
            "//POSTBACK/secret-token-123",
        ] {
            let shown = redact_uri(&uri.parse().unwrap());
            assert!(!shown.contains("secret-token-123"), "{uri} → {shown}");
        }
        // Token- and code-shaped path segments, anywhere.
        let device = "wctd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        for (uri, shown) in [
            (
                format!("/api/payments/{device}"),
                "/api/payments/<redacted>",
            ),
            ("/pair/K7QF-2M9X".to_string(), "/pair/<redacted>"),
            ("/pair/k7qf2m9x".to_string(), "/pair/<redacted>"),
            (
                "/api/public/payments/AbCdEf1234/events".to_string(),
                "/api/public/payments/<redacted>/events",
            ),
            (
                "/api/payments/p_abcdefghij0123456789/refresh".to_string(),
                "/api/payments/p_abcdefghij0123456789/refresh",
            ),
            ("/wct-pos-1a2b_bg.wasm".to_string(), "/wct-pos-1a2b_bg.wasm"),
            (
                "/api/devices/pairing-codes".to_string(),
                "/api/devices/pairing-codes",
            ),
        ] {
            assert_eq!(redact_uri(&uri.parse().unwrap()), shown, "{uri}");
        }
    }
}
