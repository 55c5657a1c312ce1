//! Payments: create, show, refresh, cancel and keep (`handlers`, `create`), the customer's
//! public page (`public_page.rs` with its script `public_page.js`), postback intake
//! (`postbacks`), the reconciler (`reconcile`), the event streams (`events`), and turning
//! stored rows and upstream answers into views (`rows`). `state` holds the payment side of
//! the shared state: the event bus, per-payment locks, nudges and the create limiter.

pub mod create;
pub mod events;
pub mod handlers;
pub mod postbacks;
pub mod public;
pub mod public_page;
pub mod reconcile;
pub mod rows;
pub mod state;

pub use create::AlsoWrite;
