//! `wct-api`: the WCT Pay POS contract, written once and shared by the app (wasm), the signing
//! proxy and the sandbox (native).
//!
//! Pure functions and types only — no I/O, no async, no clock: anything that needs "now" takes
//! it as an argument so the same rules run identically in the browser, the proxy and tests.
//!
//! - [`upstream`]: the wire shapes of WCT Pay's `payment-pos/*` endpoints and postbacks.
//! - [`pos`]: the proxy's app-facing API (payment views, events, error bodies), and the
//!   display rules of a payment (amount due, QR URI, fiat still due, settlement decimals).
//! - [`validate`]: field-by-field validation of a new payment.
//! - [`refund`]: refunds: offers by state, validation, confirmation by the upstream.
//! - [`verify`]: every upstream answer checked against the order before it is believed.
//! - [`sign`]: the MD5 request hashes.
//! - [`money`]: strict decimal parsing, base units, display formatting.
//! - [`catalogue`]: settlement currencies and crypto assets with their networks.
//! - [`state`]: payment states and the never-backwards rule.
//! - [`wallet`]: wallet URIs (BIP21, EIP-681, Solana Pay, Ripple, lightning) for the QR.
//! - [`address`]: deposit-address checkers (and encoders) for each address family.
//! - [`qr`]: the QR code as a crisp SVG.
//! - [`clock`]: RFC 3339 / Unix time conversions and calendar dates.
//! - [`tips`]: tip settings, tip maths and the "Tip" cart line.
//! - [`tax`]: tax rates, discounts and a sale's exact net/tax/gross per rate.
//! - [`products`]: the product catalogue: items, their checks, images, CSV import and export.
//! - [`receipt`]: legal particulars, receipt and credit-note numbers, the receipt document.
//! - [`export`]: the accounting export's rows (one per sale line and credit note), CSV.
//! - [`report`]: the end-of-day report, its buckets, exact sums and CSV.

pub mod address;
pub mod catalogue;
pub mod clock;
pub mod country;
pub mod export;
pub mod html;
#[cfg(feature = "i18n")]
pub mod i18n;
pub mod money;
pub mod pos;
pub mod products;
pub mod qr;
pub mod receipt;
pub mod refund;
pub mod report;
pub mod sign;
pub mod state;
pub mod tax;
pub mod tip_names;
pub mod tips;
pub mod upstream;
pub mod validate;
pub mod verify;
pub mod wallet;

pub use catalogue::{Asset, Catalogue, Network, UriScheme};
pub use money::{Money, MoneyError};
pub use state::{PaymentState, StatusCode};
pub use validate::{FieldError, ValidationErrors};
