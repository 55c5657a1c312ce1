//! Alphabets of what arrives in paths and queries, checked before anything reaches the
//! database: every database refuses something (PostgreSQL a NUL byte in text, with a 500),
//! and an id outside its alphabet names nothing anyway.

use axum::body::Body;
use axum::http::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::error::AppError;
use crate::http::serve::percent_decode;

/// Longest id or code believed in a path (WCT Pay's codes have ten characters, ours fewer
/// than thirty).
pub const MAX_IDENTIFIER: usize = 64;

/// A payment id, payment code, device id or pairing-code id: 1 to 64 ASCII letters,
/// digits, `-` or `_`.
pub fn is_identifier(text: &str) -> bool {
    (1..=MAX_IDENTIFIER).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether decoded path or query bytes are text a handler may look at: UTF-8 without
/// control characters (NUL included).
fn is_clean(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|text| !text.chars().any(char::is_control))
}

/// Refuses, before routing, a request whose path or query carries a control character
/// (`%00`, `%0A`, …) or bytes that are not UTF-8 once percent-decoded: no route has a use
/// for them, and they must never reach a query. API paths answer a JSON 404 (nothing has
/// such a name), the query a 400.
pub async fn refuse_unclean(request: Request<Body>, next: Next) -> Response {
    let uri = request.uri();
    if !is_clean(&percent_decode(uri.path())) {
        return AppError::NotFound.into_response();
    }
    if let Some(query) = uri.query() {
        let decoded = percent_decode(&query.replace('+', " "));
        if !is_clean(&decoded) {
            return AppError::bad_request(
                "the query has a control character or is not UTF-8",
                None,
            )
            .into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_clean_text() {
        assert!(is_identifier("p_abcDEF123"));
        assert!(is_identifier("K7QF-2M9X"));
        for bad in ["", "a\0b", "a b", "é", "a/b", "a%00", &"x".repeat(65)] {
            assert!(!is_identifier(bad), "{bad:?}");
        }
        assert!(is_clean(b"/api/payments/p_1"));
        assert!(is_clean("/pay/é".as_bytes()));
        assert!(!is_clean(b"/api/payments/\0"));
        assert!(!is_clean(b"/a\nb"));
        assert!(!is_clean(&[0xff, 0xfe]));
    }
}
