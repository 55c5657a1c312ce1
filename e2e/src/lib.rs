//! `wct-e2e`: the end-to-end harness of wct-pos.
//!
//! - [`harness`]: the proxy with its embedded sandbox, started in-process on port 0 with short
//!   quotes and fast postback retries, plus a typed HTTP client for its API and the sandbox's
//!   control routes.
//! - [`browser`]: headless Chromium through ChromeDriver, with testid-based waits, screenshots
//!   at phone and tablet sizes, and DevTools commands (offline, CPU throttling).
//! - [`qr`]: decoding the QR the app drew, host-side.
//! - [`a11y`]: axe-core accessibility audits of the page shown.
//!
//! - [`load`], [`procs`], [`report`], [`stub`]: the benchmark's open-loop load generator,
//!   child processes and `/proc` readings, report with deltas, and the instant upstream stub.
//!
//! The binaries `wct-bench` (benchmarks), `wct-load` (load generator), `wct-stub-upstream`
//! (the stub as a process) and `wct-fuzz` (bounded-time fuzzing) live in `src/bin/`.

pub mod a11y;
pub mod browser;
pub mod fuzz;
pub mod harness;
pub mod load;
pub mod procs;
pub mod qr;
pub mod report;
pub mod scenario;
pub mod stub;

use std::path::PathBuf;

pub use browser::{Browser, Driver, Viewport};
pub use harness::{Api, TestServer};

/// Everything that can go wrong in a scenario, with enough said to debug it from CI output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("setup: {0}")]
    Setup(String),
    #[error("webdriver: {0}")]
    Driver(#[from] fantoccini::error::CmdError),
    #[error("cannot open a browser session: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    #[error("timed out {0}")]
    Timeout(String),
    #[error("http: {0}")]
    Http(#[from] reqwest::Error),
    #[error("unexpected answer: {0}")]
    Api(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("qr: {0}")]
    Qr(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// The workspace root (this crate sits one level below it).
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Cargo's target directory (`CARGO_TARGET_DIR` or `<workspace>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The built app: `WCT_E2E_DIST`, else `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("WCT_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"))
}
