//! The edge: what every request passes through, knowing no feature. The accept loop, its caps
//! and timeouts (`serve`), HTTPS (`tls`), the body and header extractors, `AppError`, the
//! throttles, static files and the CSP (`web`), request hygiene (`valid`) and metrics.
//! Features import from here; nothing here imports a feature (authentication is `devices`'
//! extractor, which the edge never names).

pub mod error;
pub mod extract;
pub mod metrics;
pub mod serve;
pub mod throttle;
pub mod tls;
pub mod valid;
pub mod web;
