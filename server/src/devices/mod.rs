//! Paired devices. A device pairs by exchanging a one-time pairing code (short, minutes-long,
//! usable once, bound to a terminal) for a device token of its own. The token is shown once
//! and stored only as its SHA-256; a device is listed and revoked alone, and a revoked
//! device is refused at its next request and its open event streams end.
//!
//! Codes come from the server console (at start, and `wct-pos-server pair`) or from a paired
//! device (`POST /api/devices/pairing-codes`). They travel in a URL's fragment
//! (`/pair#code=…`), which browsers never send to a server, and are exchanged in a JSON body,
//! so neither a code nor a token appears in a request line or a log.

pub mod auth;
pub mod session;
pub mod terminals;

pub use auth::{Auth, StreamAuth, STREAM_COOKIE};
pub use terminals::prepare_terminals;

mod codes;
pub use codes::*;
mod callers;
pub use callers::*;
mod exchange;
pub use exchange::*;
mod handlers;
pub use handlers::*;
mod streams;
pub use streams::*;
mod console;
pub use console::*;

use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use rand::seq::SliceRandom;
use rand::RngCore;
use sqlx::AnyConnection;
use subtle::ConstantTimeEq;
use tokio_util::sync::CancellationToken;
use wct_api::clock::rfc3339;
use wct_api::pos::{
    normalize_pairing_code, ApiErrorBody, DeviceInfo, ErrorCode, NewPairingCode, PairRequest,
    PairResponse, PairingCode, PairingCodeInfo, TerminalInfo, PAIRING_CODE_ALPHABET,
    PAIRING_CODE_LEN,
};

use crate::config::{Config, DevicesCommand, PairingCodesCommand, PairingCommand};
use crate::http::error::AppError;
use crate::http::extract::{self, JSON_LIMIT};
use crate::http::serve::{client_key, PeerIp};
use crate::store::{self, Db, DeviceRow, Exchange, Terminal};
use crate::util::{now_ms, random_token, sha256_hex};
use crate::AppState;

/// Device tokens start with this, so a leaked one is recognisable (and scanners can find it).
pub const DEVICE_TOKEN_PREFIX: &str = "wctd_";
/// Random bytes in a device token.
const DEVICE_TOKEN_BYTES: usize = 32;
/// `last_seen_at` is written at most this often per device.
const LAST_SEEN_EVERY_MS: i64 = 60_000;
/// How often the database is checked for devices revoked elsewhere (the CLI, another
/// instance) whose streams are open here.
const SWEEP_EVERY: Duration = Duration::from_secs(1);
/// Unexpired codes a terminal's devices may hold at once (the console is not capped).
const LIVE_CODES_PER_TERMINAL: i64 = 10;
/// Clients tracked by the exchange limiter; beyond this, new clients wait for a slot.
const MAX_TRACKED_CLIENTS: usize = 10_000;
/// Longest device name.
const DEFAULT_DEVICE_NAME: &str = "Unnamed device";

/// The pairing side of the shared state.
pub struct Devices {
    /// How long a pairing code stays valid.
    pub code_ttl: Duration,
    pub limiter: ExchangeLimiter,
    pub streams: Arc<StreamRegistry>,
    /// Live devices a terminal may have.
    pub max_per_terminal: i64,
}

impl Devices {
    pub fn new(code_ttl: Duration, attempts_per_minute: u32, max_per_terminal: u32) -> Self {
        Self {
            code_ttl,
            limiter: ExchangeLimiter::new(attempts_per_minute, MAX_TRACKED_CLIENTS),
            streams: Arc::new(StreamRegistry::default()),
            max_per_terminal: i64::from(max_per_terminal.max(1)),
        }
    }
}

/// The terminal's details, the stream session, pairing and the device list.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/terminal", get(session::terminal_show))
        .route("/api/session", post(session::session_open))
        .route("/api/pair", post(pair_exchange))
        .route("/api/devices", get(devices_index))
        .route(
            "/api/devices/pairing-codes",
            get(pairing_codes_index).post(pairing_codes_create),
        )
        .route(
            "/api/devices/pairing-codes/{id}/cancel",
            post(pairing_codes_cancel),
        )
        .route("/api/devices/{id}/revoke", post(devices_revoke))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_tokens_are_long_random_and_url_safe() {
        let a = new_device_token();
        let b = new_device_token();
        assert_ne!(a, b);
        let body = a.strip_prefix(DEVICE_TOKEN_PREFIX).expect("prefixed");
        assert_eq!(body.len(), 43, "32 bytes in base64url");
        assert!(body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert!(is_device_token_shaped(&a));
        assert!(!is_device_token_shaped(&a[..a.len() - 1]));
        assert!(!is_device_token_shaped("wctd_\0"));
        assert!(!is_device_token_shaped(TEST_SHAPED_TERMINAL_TOKEN));
    }

    const TEST_SHAPED_TERMINAL_TOKEN: &str = "test-terminal-token-0123456789";

    #[test]
    fn pairing_codes_use_the_unambiguous_alphabet_in_two_groups() {
        for _ in 0..200 {
            let code = new_pairing_code();
            assert_eq!(
                normalize_pairing_code(&code).as_deref(),
                Some(code.as_str())
            );
            assert_eq!(code.len(), 9);
            assert_eq!(&code[4..5], "-");
        }
    }

    #[test]
    fn the_pairing_url_carries_the_code_in_the_fragment() {
        assert_eq!(
            pairing_url("http://h:8080/", "K7QF-2M9X"),
            "http://h:8080/pair#code=K7QF-2M9X"
        );
    }

    #[test]
    fn the_limiter_counts_per_client_and_stays_bounded() {
        let limiter = ExchangeLimiter::new(3, 2);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let c: IpAddr = "10.0.0.3".parse().unwrap();
        assert!((0..3).all(|_| limiter.attempt(a).is_ok()));
        let wait = limiter.attempt(a).expect_err("fourth attempt refused");
        assert!((1..=60).contains(&wait));
        assert!(
            limiter.attempt(b).is_ok(),
            "another client has its own budget"
        );
        assert!(
            limiter.attempt(c).is_ok(),
            "a full map makes room for a stranger"
        );
        assert_eq!(limiter.tracked(), 2);
        // One /64 is one client.
        let v6a: IpAddr = "2001:db8::1".parse().unwrap();
        let v6b: IpAddr = "2001:db8::2".parse().unwrap();
        let limiter = ExchangeLimiter::new(1, 10);
        assert!(limiter.attempt(v6a).is_ok());
        assert!(limiter.attempt(v6b).is_err());
    }

    #[test]
    fn the_terminal_qr_is_square_half_blocks() {
        let text = qr_text("http://192.168.1.20:8080/pair#code=K7QF-2M9X", false).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let width = lines[0].chars().count();
        assert!(width >= 25);
        assert!(lines.iter().all(|l| l.chars().count() == width));
        assert_eq!(lines.len(), width.div_ceil(2));
        assert!(lines[0].chars().all(|c| c == '█'), "quiet zone on top");
        assert!(text.contains('▀') || text.contains('▄'));
        let colored = qr_text("x", true).unwrap();
        assert!(colored.starts_with("\x1b[97;40m"));
    }

    #[test]
    fn the_terminal_qr_draws_exactly_the_code_modules() {
        let url = "http://127.0.0.1:8080/pair#code=K7QF-2M9X";
        let qr = wct_api::qr::QrMatrix::encode(url).unwrap();
        let text = qr_text(url, false).unwrap();
        // Back from half blocks to rows of light (true) and dark modules.
        let mut rows: Vec<Vec<bool>> = Vec::new();
        for line in text.lines() {
            let (top, bottom): (Vec<bool>, Vec<bool>) = line
                .chars()
                .map(|c| match c {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    _ => (false, false),
                })
                .unzip();
            rows.push(top);
            rows.push(bottom);
        }
        let quiet = (rows[0].len() - qr.width) / 2;
        for y in 0..qr.width {
            for x in 0..qr.width {
                assert_eq!(
                    rows[y + quiet][x + quiet],
                    !qr.is_dark(x, y),
                    "module {x},{y}"
                );
            }
        }
        assert!(rows[..quiet].iter().flatten().all(|light| *light));
        assert!(rows.iter().all(|r| r[..quiet].iter().all(|light| *light)));
    }

    #[test]
    fn registry_entries_go_with_their_last_stream_and_revocation_cancels() {
        let registry = Arc::new(StreamRegistry::default());
        let (token_a, watch_a) = registry.watch("d1");
        let (_, watch_b) = registry.watch("d1");
        assert_eq!(registry.open_streams("d1"), 2);
        drop(watch_b);
        assert_eq!(registry.open_streams("d1"), 1);
        registry.revoke("d1");
        assert!(token_a.is_cancelled());
        assert!(registry.watched().is_empty());
        // A stream registered after the revocation is a new entry; the old watch leaving
        // does not touch it.
        let (token_c, _watch_c) = registry.watch("d1");
        drop(watch_a);
        assert_eq!(registry.open_streams("d1"), 1);
        assert!(!token_c.is_cancelled());
    }
}
