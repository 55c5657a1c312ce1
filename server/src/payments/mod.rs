//! Payments: create, show, refresh, cancel and keep (`handlers`, `create`), the customer's
//! public page (`public_page/` with its script `public_page.js`), postback intake
//! (`postbacks`), the reconciler (`reconcile`), the event streams (`events`), and turning
//! stored rows and upstream answers into views (`rows`). `state` holds the payment side of
//! the shared state: the event bus, per-payment locks, nudges and the create limiter.

pub mod body;
pub mod cancel;
pub mod catalogue;
pub mod create;
pub mod events;
pub mod handlers;
pub mod postbacks;
pub mod public;
pub mod public_page;
pub mod receipts;
pub mod reconcile;
pub mod rows;
pub mod state;
pub mod sync;

pub use create::AlsoWrite;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::http::extract::POSTBACK_LIMIT;
use crate::AppState;

/// The terminal's payment routes, the public payment and receipt, the sandbox's pay button
/// and `/healthz` (the reconciler's heartbeat).
pub fn routes() -> Router<AppState> {
    use handlers::*;
    Router::new()
        .route("/api/payments", get(payments_index).post(payments_create))
        .route("/api/payments/{id}", get(payments_show))
        .route("/api/payments/{id}/refresh", post(payments_refresh))
        .route("/api/payments/{id}/cancel", post(payments_cancel))
        .route("/api/payments/{id}/keep", post(payments_keep))
        .route("/api/assets", get(assets_index))
        .route(
            "/api/public/payments/{code}",
            get(public::public_payments_show),
        )
        .route("/api/sandbox/pay", post(sandbox_pay))
        .route(
            "/api/public/receipts/{code}",
            get(public::public_receipt_show),
        )
        .route("/healthz", get(healthz))
}

/// The upstream's postbacks (their own body cap).
pub fn postback_routes() -> Router<AppState> {
    Router::new()
        .route("/postback/{token}", post(postbacks::receive))
        .route("/postback/price/{token}", post(postbacks::receive))
        .layer(DefaultBodyLimit::max(POSTBACK_LIMIT))
}

/// The event streams: the terminal's, a payment's and the customer page's.
pub fn stream_routes() -> Router<AppState> {
    Router::new()
        .route("/api/events", get(handlers::terminal_events))
        .route("/api/payments/{id}/events", get(handlers::payment_events))
        .route(
            "/api/public/payments/{code}/events",
            get(public::public_payment_events),
        )
}
