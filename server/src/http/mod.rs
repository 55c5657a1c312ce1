//! The edge: what every request passes through, knowing no feature. The listeners and the
//! accept loop with its caps and timeouts (`listen`, `serve`), HTTPS (`tls`), the body and
//! header extractors, `AppError`, the throttles, static files and the CSP (`web`), request
//! hygiene (`valid`), log lines (`log`) and metrics. Features import from here; nothing here
//! imports a feature (authentication is `devices::auth`'s extractor, which the edge never
//! names).

pub mod error;
pub mod extract;
pub mod listen;
pub mod log;
pub mod metrics;
pub mod serve;
pub mod throttle;
pub mod tls;
pub mod valid;
pub mod web;

use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Requests other than event streams must finish within this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Routes that must answer within [`REQUEST_TIMEOUT`], compressed. Not for event streams:
/// they live as long as the client stays, and are never compressed (an encoder would hold
/// events back; its response body is boxed for the response's life and, with a Brotli
/// encoder's state inline, weighs about 6 KiB even when it compresses nothing: on 10,000
/// open streams that was 57 MiB).
pub fn timed<S: Clone + Send + Sync + 'static>(routes: Router<S>) -> Router<S> {
    routes
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CompressionLayer::new())
}

/// The app behind the edge: the app's files (compressed) for every path no route takes, and
/// the layers every request passes through: request id, trace span, security headers with
/// `csp`, `no-store` on the API, body caps and the path and header checks.
pub fn edge(app: Router, static_files: Router, csp: &str) -> Router {
    let static_files = static_files.layer(CompressionLayer::new());
    let csp = HeaderValue::from_str(csp)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    // Outermost first: the request id is checked and exists before the trace span reads it.
    let layers = ServiceBuilder::new()
        .map_request(serve::sanitize_request_id)
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(log::request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(middleware::from_fn(serve::no_store_on_api))
        .layer(middleware::from_fn(serve::refuse_large_bodies))
        .layer(middleware::from_fn(valid::refuse_unclean));
    app.fallback_service(static_files).layer(layers)
}
