//! Prometheus metrics at `/metrics`, for operators: request latency per route, upstream calls
//! and errors per endpoint, postbacks received and confirmed, open streams, the reconciler's
//! lag and queue, the writer's batch sizes. Recorded with the `metrics` facade and rendered by
//! `metrics-exporter-prometheus`; the route answers only with `WCT_POS_METRICS_TOKEN` as a
//! bearer token (and does not exist without one).

use std::sync::OnceLock;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Latency buckets in seconds: from a cached read to a slow upstream.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process-wide recorder (one per process: several servers in one test process share it).
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .map_err(|e| tracing::warn!(error = %e, "metrics buckets refused"))
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            match metrics::set_global_recorder(recorder) {
                Ok(()) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "another metrics recorder is installed");
                    None
                }
            }
        })
        .as_ref()
}

/// Records each request's latency under its route pattern (never the raw path: ids and
/// tokens stay out of the labels).
pub async fn track(request: Request<Body>, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics::histogram!(
        "http_request_duration_seconds",
        "route" => route,
        "method" => method,
        "status" => response.status().as_u16().to_string(),
    )
    .record(started.elapsed().as_secs_f64());
    response
}

/// What `/metrics` reads from the app's state (the wiring implements it for `AppState`).
pub trait MetricsSource: Clone + Send + Sync + 'static {
    /// The bearer token of `/metrics` (none: no metrics route).
    fn metrics_token(&self) -> Option<&str>;
    /// Event streams open now.
    fn open_streams(&self) -> usize;
    /// When the reconciler last finished a round (Unix ms).
    fn reconciler_beat(&self) -> i64;
}

/// `GET /metrics`: 404 without a configured token, 401 with the wrong one.
pub async fn metrics_show<S: MetricsSource>(
    State(state): State<S>,
    headers: HeaderMap,
) -> Response {
    let Some(expected) = state.metrics_token() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Some(handle) = handle() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    metrics::gauge!("sse_streams_open").set(state.open_streams() as f64);
    let beat = state.reconciler_beat();
    metrics::gauge!("reconciler_last_round_age_seconds")
        .set(crate::util::now_ms().saturating_sub(beat) as f64 / 1000.0);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
