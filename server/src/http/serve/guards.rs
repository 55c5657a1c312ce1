//! Request guards (layers): body caps by path, request ids, `no-store` on the API, and
//! the percent-decoding the path checks share.

#[allow(unused_imports)]
use super::*;

/// The largest body a path accepts.
pub(crate) fn body_limit(path: &str) -> usize {
    if path.starts_with("/postback/") {
        POSTBACK_LIMIT
    } else if path == "/api/products/import" {
        wct_api::products::MAX_CSV_BYTES
    } else if path.starts_with("/api/products/") && path.ends_with("/image") {
        wct_api::products::MAX_IMAGE_BYTES
    } else {
        JSON_LIMIT
    }
}

/// 413 from `Content-Length` alone, before the body is touched: hyper sends
/// `100 Continue` only when a body is first read, so an oversized upload is refused
/// without the client ever being told to send it.
pub async fn refuse_large_bodies(request: Request<Body>, next: Next) -> axum::response::Response {
    let limit = body_limit(request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return AppError::TooLarge(limit).into_response();
    }
    next.run(request).await
}

/// Whether a client's `X-Request-Id` is kept: 1 to 64 of letters, digits, `.`, `_`, `-`.
pub fn is_safe_request_id(value: &[u8]) -> bool {
    (1..=64).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Drops a client's `X-Request-Id` unless it is one short safe token, so the id layer makes
/// a fresh one: the id goes into every log line of the request and back to the client.
pub fn sanitize_request_id(mut request: Request<Body>) -> Request<Body> {
    let values = request.headers().get_all("x-request-id");
    let mut iter = values.iter();
    let keep = match (iter.next(), iter.next()) {
        (Some(one), None) => is_safe_request_id(one.as_bytes()),
        (None, _) => true,
        _ => false,
    };
    if !keep {
        request.headers_mut().remove("x-request-id");
    }
    request
}

/// `Cache-Control: no-store` on every API answer: they carry personal data and payment
/// state that no cache may keep.
pub async fn no_store_on_api(request: Request<Body>, next: Next) -> Response<Body> {
    let path = request.uri().path();
    let api = path == "/api"
        || path.starts_with("/api/")
        || path.starts_with("/postback/")
        || path == "/healthz";
    let mut response = next.run(request).await;
    if api {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// `%XX` sequences decoded (malformed ones kept as they are).
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
