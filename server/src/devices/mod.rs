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

pub use auth::{Auth, StreamAuth, STREAM_COOKIE};

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

// ---- tokens and codes ----------------------------------------------------------------------

/// A new device token: the prefix and 32 random bytes, base64url.
pub fn new_device_token() -> String {
    let mut bytes = [0u8; DEVICE_TOKEN_BYTES];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!(
        "{DEVICE_TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// Whether `token` has a device token's shape: the prefix and 43 base64url characters.
pub fn is_device_token_shaped(token: &str) -> bool {
    token.strip_prefix(DEVICE_TOKEN_PREFIX).is_some_and(|body| {
        body.len() == 43
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// A new pairing code in its canonical form (`K7QF-2M9X`).
pub fn new_pairing_code() -> String {
    let alphabet = PAIRING_CODE_ALPHABET.as_bytes();
    let mut rng = rand::thread_rng();
    let raw: String = (0..PAIRING_CODE_LEN)
        .map(|_| char::from(*alphabet.choose(&mut rng).unwrap_or(&b'2')))
        .collect();
    normalize_pairing_code(&raw).unwrap_or(raw)
}

/// What is stored for a token or a code: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// The pairing URL for `code`: the code in the fragment, never in the request line.
pub fn pairing_url(public_url: &str, code: &str) -> String {
    format!("{}/pair#code={code}", public_url.trim_end_matches('/'))
}

/// The pairing link with the name the new device is to have, so the pairing screen shows it
/// (in the fragment, like the code: never sent to a server).
pub fn pairing_url_named(public_url: &str, code: &str, name: Option<&str>) -> String {
    let url = pairing_url(public_url, code);
    match name {
        Some(name) => format!("{url}&name={}", encode_fragment(name)),
        None => url,
    }
}

/// Percent-encodes all but unreserved ASCII (RFC 3986), for a fragment parameter.
fn encode_fragment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A code just issued, with what the console or the app shows.
pub struct IssuedCode {
    pub code: String,
    pub url: String,
    pub expires_at_ms: i64,
    pub terminal: Terminal,
}

impl std::fmt::Debug for IssuedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IssuedCode({:?}, <code>)", self.terminal)
    }
}

/// Issues a code for `terminal` (`issued_by`: the device asking; `None` for the console or
/// a configured terminal token), on `conn` (the writer's, or the console's own). With
/// `cap`, refused (`Ok(Err(_))`) when the terminal already holds that many unused codes,
/// counted in the same write; refused too when the terminal or the device asking is no
/// longer live.
pub async fn issue_code(
    conn: &mut AnyConnection,
    terminal: &Terminal,
    issued_by: Option<&str>,
    public_url: &str,
    ttl: Duration,
    cap: Option<i64>,
    device_name: Option<&str>,
) -> Result<Result<IssuedCode, store::Issue>, sqlx::Error> {
    let code = new_pairing_code();
    let now = now_ms();
    let expires_at_ms = now.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
    let id = format!("pc_{}", random_token(12));
    let issue = store::insert_pairing_code(
        conn,
        &store::NewPairingCode {
            id: &id,
            code_hash: &token_hash(&code),
            terminal_id: &terminal.id,
            issued_by,
            created_at: now,
            expires_at: expires_at_ms,
            device_name,
        },
        cap,
    )
    .await?;
    if issue != store::Issue::Issued {
        return Ok(Err(issue));
    }
    // The code's row id, never the code (nor its hash: 40 bits are quickly brute-forced).
    tracing::info!(pairing_code = %id, terminal = %terminal.id, issued_by, "pairing code issued");
    Ok(Ok(IssuedCode {
        url: pairing_url_named(public_url, &code, device_name),
        code,
        expires_at_ms,
        terminal: terminal.clone(),
    }))
}

// ---- authentication ------------------------------------------------------------------------

/// Who is calling: a terminal, and the paired device when the token is a device's (a token
/// from `WCT_POS_TERMINALS` has none).
#[derive(Debug, Clone)]
pub struct Caller {
    pub terminal: Terminal,
    pub device_id: Option<String>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let token = extract::bearer(parts).map(str::to_string);
        auth::throttled_caller(parts, state, token.as_deref()).await
    }
}

/// The configured terminals by the SHA-256 of their token. Terminals change only at start
/// (from `WCT_POS_TERMINALS` or the stored ones), so this map never goes stale within a
/// process, and a request with a terminal token costs no database read.
pub struct TerminalTokens(HashMap<String, Terminal>);

impl TerminalTokens {
    pub fn new(terminals: &[Terminal]) -> Self {
        Self(
            terminals
                .iter()
                .map(|t| (token_hash(&t.token), t.clone()))
                .collect(),
        )
    }

    fn by_hash(&self, hash: &str) -> Option<&Terminal> {
        self.0
            .get_key_value(hash)
            .filter(|(known, _)| bool::from(known.as_bytes().ct_eq(hash.as_bytes())))
            .map(|(_, terminal)| terminal)
    }
}

/// The caller `token` authenticates, if any: a configured terminal's token from memory, or a
/// device token looked up by its hash (read from the database every time, so a revocation
/// counts at the next request, on every instance), the hashes compared in constant time.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Option<Caller>, sqlx::Error> {
    let hash = token_hash(token);
    if let Some(terminal) = state.terminal_tokens.by_hash(&hash) {
        return Ok(Some(Caller {
            terminal: terminal.clone(),
            device_id: None,
        }));
    }
    // Only a token of a device's shape is worth a database read.
    if !is_device_token_shaped(token) {
        return Ok(None);
    }
    let Some(row) = store::device_by_token_hash(&state.db, &hash).await? else {
        return Ok(None);
    };
    if !bool::from(row.token_hash.as_bytes().ct_eq(hash.as_bytes())) {
        return Ok(None);
    }
    let now = now_ms();
    if row
        .last_seen_at
        .is_none_or(|seen| now.saturating_sub(seen) >= LAST_SEEN_EVERY_MS)
    {
        // Off the request's path: the request does not wait for the writer's commit.
        let (writer, id) = (state.writer.clone(), row.device_id.clone());
        tokio::spawn(async move {
            let touched = writer
                .run(move |conn| Box::pin(async move { store::touch_device(conn, &id, now).await }))
                .await;
            if let Err(e) = touched {
                tracing::warn!(error = %e, "cannot note when a device was last seen");
            }
        });
    }
    Ok(Some(Caller {
        terminal: Terminal {
            id: row.terminal_id,
            name: row.terminal_name,
            token: String::new(),
            store: row.store,
            device_id: Some(row.device_id.clone()),
        },
        device_id: Some(row.device_id),
    }))
}

// ---- errors --------------------------------------------------------------------------------

/// Why a pairing request was refused.
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    #[error("this pairing code is not known; check it, or ask for a new one")]
    Unknown,
    #[error("this pairing code has already been used; ask for a new one")]
    Used,
    #[error("this pairing code has expired; ask for a new one")]
    Expired,
    #[error("a pairing code is 8 letters and digits, like K7QF-2M9X")]
    Malformed,
    #[error("too many pairing attempts from this address; try again in {0} seconds")]
    TooManyAttempts(u64),
    #[error("this terminal already has {LIVE_CODES_PER_TERMINAL} unused pairing codes; use one, cancel one under Settings → Devices, or wait until they expire")]
    TooManyCodes,
    #[error("this terminal already has {0} paired devices, the most it may have; revoke one under Settings → Devices (or `wct-pos-server devices revoke`), then pair again with this code")]
    TooManyDevices(i64),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for PairError {
    fn from(e: sqlx::Error) -> Self {
        Self::App(AppError::Db(e))
    }
}

impl IntoResponse for PairError {
    fn into_response(self) -> Response {
        let (status, code) = match self {
            Self::App(e) => return e.into_response(),
            Self::Unknown => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            Self::Used => (StatusCode::GONE, ErrorCode::PairingCodeUsed),
            Self::Expired => (StatusCode::GONE, ErrorCode::PairingCodeExpired),
            Self::Malformed => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest),
            Self::TooManyAttempts(_) | Self::TooManyCodes => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited)
            }
            Self::TooManyDevices(_) => (StatusCode::CONFLICT, ErrorCode::DeviceLimit),
        };
        let mut body = ApiErrorBody::new(code, self.to_string());
        if matches!(self, Self::Malformed) {
            body.error.field = Some("code".into());
        }
        let mut response = (status, Json(body)).into_response();
        let retry_after = match self {
            Self::TooManyAttempts(secs) => Some(secs),
            Self::TooManyCodes => Some(60),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        }
        response
    }
}

// ---- the exchange limiter ------------------------------------------------------------------

/// Counts `POST /api/pair` attempts per client address (IPv6 by /64) in one-minute windows.
/// Every attempt counts, right or wrong, before the code is looked at, so guessing codes
/// costs a minute per ten and an answer never tells a guess apart from the limit. The map is
/// bounded, and a full map makes room instead of refusing: the window that started first
/// (and so frees soonest) is forgotten, so addresses filling it can never lock a stranger
/// with a live code out.
pub struct ExchangeLimiter {
    per_minute: u32,
    max_clients: usize,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl ExchangeLimiter {
    pub fn new(per_minute: u32, max_clients: usize) -> Self {
        Self {
            per_minute: per_minute.max(1),
            max_clients: max_clients.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt from `ip`; `Err(seconds)` when it is over the limit.
    pub fn attempt(&self, ip: IpAddr) -> Result<(), u64> {
        let key = client_key(ip);
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() >= self.max_clients && !windows.contains_key(&key) {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            while windows.len() >= self.max_clients {
                let Some(oldest) = windows
                    .iter()
                    .min_by_key(|(_, (start, _))| *start)
                    .map(|(ip, _)| *ip)
                else {
                    break;
                };
                windows.remove(&oldest);
            }
        }
        let (start, count) = windows.entry(key).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(*start));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        *count += 1;
        Ok(())
    }

    /// Clients tracked now.
    pub fn tracked(&self) -> usize {
        self.windows.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

// ---- handlers ------------------------------------------------------------------------------

fn terminal_info(state: &AppState, terminal: &Terminal) -> TerminalInfo {
    TerminalInfo {
        id: terminal.id.clone(),
        name: terminal.name.clone(),
        merchant: state.merchant.clone(),
        sandbox: state.sandbox_url.is_some(),
    }
}

/// A device name as given (NFC, trimmed, checked), or `None` when none was given.
fn device_name(requested: Option<&str>) -> Result<Option<String>, AppError> {
    let name = wct_api::validate::nfc(requested.unwrap_or("").trim());
    if wct_api::validate::is_blank(&name) {
        return Ok(None);
    }
    wct_api::validate::check_text(&name, wct_api::validate::limits::DEVICE_NAME).map_err(
        |message| AppError::Invalid {
            message,
            field: "device_name".into(),
        },
    )?;
    Ok(Some(name))
}

/// `POST /api/pair` (no token): `{"code", "device_name"?}` → 201 `PairResponse`.
pub async fn pair_exchange(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<PairResponse>), PairError> {
    // Counted before anything is read, so malformed guesses cost the same as wrong ones.
    state
        .devices
        .limiter
        .attempt(ip)
        .map_err(PairError::TooManyAttempts)?;
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let request: PairRequest = extract::json_body(&headers, &body)?;
    let code = normalize_pairing_code(&request.code).ok_or(PairError::Malformed)?;
    let name = device_name(request.device_name.as_deref())?;
    let token = new_device_token();
    let device_id = format!("d_{}", random_token(12));
    let (code_hash, hash, id) = (token_hash(&code), token_hash(&token), device_id.clone());
    let max_devices = state.devices.max_per_terminal;
    let outcome = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let device = store::NewDevice {
                    id: &id,
                    name: name.as_deref(),
                    default_name: DEFAULT_DEVICE_NAME,
                    token_hash: &hash,
                };
                store::exchange_pairing_code(conn, &code_hash, &device, now_ms(), max_devices).await
            })
        })
        .await?;
    match outcome {
        Exchange::Paired { code_id, terminal } => {
            tracing::info!(
                device = %device_id, terminal = %terminal.id, pairing_code = %code_id,
                "device paired"
            );
            Ok((
                StatusCode::CREATED,
                Json(PairResponse {
                    token,
                    device_id,
                    terminal: terminal_info(&state, &terminal),
                }),
            ))
        }
        Exchange::Unknown => Err(PairError::Unknown),
        Exchange::Used => Err(PairError::Used),
        Exchange::Expired => Err(PairError::Expired),
        Exchange::Full { cap } => {
            tracing::info!(cap, "pairing refused: the terminal has its cap of devices");
            Err(PairError::TooManyDevices(cap))
        }
    }
}

/// `POST /api/devices/pairing-codes` (body optional: `{"device_name"}`): a code for another
/// device of the caller's terminal, with the name that device is to have.
pub async fn pairing_codes_create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<PairingCode>), PairError> {
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let request: NewPairingCode = if body.iter().all(u8::is_ascii_whitespace) {
        NewPairingCode::default()
    } else {
        extract::json_body(&headers, &body)?
    };
    let name = device_name(request.device_name.as_deref())?;
    let (terminal, by) = (caller.terminal, caller.device_id);
    let (url, ttl) = (state.public_url.clone(), state.devices.code_ttl);
    let cap = Some(LIVE_CODES_PER_TERMINAL);
    let issued = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let (by, name) = (by.as_deref(), name.as_deref());
                issue_code(conn, &terminal, by, &url, ttl, cap, name).await
            })
        })
        .await?;
    let issued = match issued {
        Ok(issued) => issued,
        Err(store::Issue::Full) => return Err(PairError::TooManyCodes),
        // Revoked (or its terminal removed) while the request was on its way.
        Err(_) => return Err(AppError::Unauthorized.into()),
    };
    Ok((
        StatusCode::CREATED,
        Json(PairingCode {
            code: issued.code,
            url: issued.url,
            expires_at: rfc3339(issued.expires_at_ms.div_euclid(1000)),
        }),
    ))
}

fn device_info(row: &DeviceRow, current: Option<&str>) -> DeviceInfo {
    DeviceInfo {
        id: row.id.clone(),
        name: row.name.clone(),
        terminal: row.terminal_name.clone(),
        terminal_id: row.terminal_id.clone(),
        created_at: rfc3339(row.created_at.div_euclid(1000)),
        last_seen_at: row.last_seen_at.map(|ms| rfc3339(ms.div_euclid(1000))),
        revoked: row.revoked_at.is_some(),
        current: current == Some(row.id.as_str()),
    }
}

/// `GET /api/devices`: the devices of the caller's store, oldest first.
pub async fn devices_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<DeviceInfo>>, AppError> {
    let rows = store::list_devices(&state.db, Some(&caller.terminal.store)).await?;
    let current = caller.device_id.as_deref();
    Ok(Json(rows.iter().map(|r| device_info(r, current)).collect()))
}

/// `POST /api/devices/{id}/revoke`: a device of the caller's store (itself included) is
/// refused from its next request, and its open streams end now.
pub async fn devices_revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DeviceInfo>, AppError> {
    if !crate::http::valid::is_identifier(&id) {
        return Err(AppError::NotFound);
    }
    let found = store::device(&state.db, &id).await?;
    if found
        .as_ref()
        .is_none_or(|d| d.store != caller.terminal.store)
    {
        return Err(AppError::NotFound);
    }
    let (revoking, by) = (id.clone(), caller.device_id.clone());
    let row = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                // A device revoked meanwhile revokes nothing (revoking itself twice is fine).
                if let Some(by) = by.as_deref().filter(|by| *by != revoking) {
                    if !store::device_live(conn, by).await? {
                        return Err(AppError::Unauthorized);
                    }
                }
                Ok(store::revoke_device(conn, &revoking, now_ms()).await?)
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    state.devices.streams.revoke(&id);
    tracing::info!(device = %id, by = ?caller.device_id, "device revoked");
    Ok(Json(device_info(&row, caller.device_id.as_deref())))
}

fn code_info(row: &store::PairingCodeRow) -> PairingCodeInfo {
    PairingCodeInfo {
        id: row.id.clone(),
        terminal: row.terminal_name.clone(),
        terminal_id: row.terminal_id.clone(),
        issued_by: row.issued_by.clone(),
        created_at: rfc3339(row.created_at.div_euclid(1000)),
        expires_at: rfc3339(row.expires_at.div_euclid(1000)),
    }
}

/// `GET /api/devices/pairing-codes`: the unused codes of the caller's store (ids, never
/// the codes), oldest first.
pub async fn pairing_codes_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<PairingCodeInfo>>, AppError> {
    let rows = store::list_pairing_codes(&state.db, Some(&caller.terminal.store), now_ms()).await?;
    Ok(Json(rows.iter().map(code_info).collect()))
}

/// `POST /api/devices/pairing-codes/{id}/cancel`: an unused code of the caller's store no
/// longer pairs; 204, or 404 when there is no such unused code.
pub async fn pairing_codes_cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    if !crate::http::valid::is_identifier(&id) {
        return Err(AppError::NotFound);
    }
    let (cancelling, store_name, by) = (
        id.clone(),
        caller.terminal.store.clone(),
        caller.device_id.clone(),
    );
    let cancelled = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                if let Some(by) = by.as_deref() {
                    if !store::device_live(conn, by).await? {
                        return Err(AppError::Unauthorized);
                    }
                }
                Ok(
                    store::cancel_pairing_code(conn, &cancelling, Some(&store_name), now_ms())
                        .await?,
                )
            })
        })
        .await?;
    if !cancelled {
        return Err(AppError::NotFound);
    }
    tracing::info!(pairing_code = %id, by = ?caller.device_id, "pairing code cancelled");
    Ok(StatusCode::NO_CONTENT)
}

// ---- open streams of devices ----------------------------------------------------------------

/// The open event streams of each device, so a revocation can end them. One cancellation
/// token per device, shared by its streams; the entry goes when its last stream does.
#[derive(Default)]
pub struct StreamRegistry {
    live: Mutex<HashMap<String, Watched>>,
    generation: AtomicU64,
}

struct Watched {
    token: CancellationToken,
    streams: usize,
    generation: u64,
}

/// Held by a stream of a device; leaving it unregisters the stream.
pub struct StreamWatch {
    registry: Arc<StreamRegistry>,
    device: String,
    generation: u64,
}

impl StreamRegistry {
    fn watch(self: &Arc<Self>, device: &str) -> (CancellationToken, StreamWatch) {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        let entry = live.entry(device.to_string()).or_insert_with(|| Watched {
            token: CancellationToken::new(),
            streams: 0,
            generation: self.generation.fetch_add(1, Ordering::Relaxed),
        });
        entry.streams += 1;
        (
            entry.token.clone(),
            StreamWatch {
                registry: self.clone(),
                device: device.to_string(),
                generation: entry.generation,
            },
        )
    }

    /// Ends every open stream of `device`.
    pub fn revoke(&self, device: &str) {
        let removed = self
            .live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(device);
        if let Some(watched) = removed {
            watched.token.cancel();
            tracing::info!(
                device,
                streams = watched.streams,
                "closed the streams of a revoked device"
            );
        }
    }

    /// Devices with an open stream here.
    pub fn watched(&self) -> Vec<String> {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect()
    }

    /// Open streams of `device` here.
    pub fn open_streams(&self, device: &str) -> usize {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(device)
            .map_or(0, |w| w.streams)
    }
}

impl Drop for StreamWatch {
    fn drop(&mut self) {
        let mut live = self.registry.live.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(watched) = live.get_mut(&self.device) {
            if watched.generation == self.generation {
                watched.streams = watched.streams.saturating_sub(1);
                if watched.streams == 0 {
                    live.remove(&self.device);
                }
            }
        }
    }
}

/// `response` (an event stream), ended when `device` is revoked. Streams of configured
/// terminal tokens (no device) are returned as they are.
pub fn end_on_revoke(state: &AppState, device: Option<&str>, response: Response) -> Response {
    let Some(device) = device else {
        return response;
    };
    let (token, watch) = state.devices.streams.watch(device);
    crate::http::serve::ends_when(response, token.cancelled_owned(), watch)
}

/// Every second, ends the streams of devices revoked in the database by someone else (the
/// CLI, another instance). Only devices with a stream open here are looked up.
pub async fn sweep(state: AppState) {
    let mut tick = tokio::time::interval(SWEEP_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = state.shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        let watched = state.devices.streams.watched();
        if watched.is_empty() {
            continue;
        }
        match store::revoked_among(&state.db, &watched).await {
            Ok(revoked) => {
                for device in revoked {
                    state.devices.streams.revoke(&device);
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot check devices for revocation"),
        }
    }
}

// ---- the console ---------------------------------------------------------------------------

/// The QR of `text` in Unicode half blocks, two modules rows per line, with a quiet zone.
/// Light modules are drawn (a dark terminal's foreground is light); with `ansi`, white on
/// black is set explicitly so the code scans on a light-themed terminal too.
pub fn qr_text(text: &str, ansi: bool) -> Option<String> {
    const QUIET: usize = 2;
    let qr = wct_api::qr::QrMatrix::encode(text).ok()?;
    let size = qr.width + 2 * QUIET;
    let light = |x: usize, y: usize| -> bool {
        if x < QUIET || y < QUIET || x >= QUIET + qr.width || y >= QUIET + qr.width {
            return true;
        }
        !qr.is_dark(x - QUIET, y - QUIET)
    };
    let mut out = String::new();
    for y in (0..size).step_by(2) {
        if ansi {
            out.push_str("\x1b[97;40m");
        }
        for x in 0..size {
            let top = light(x, y);
            let bottom = y + 1 >= size || light(x, y + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        if ansi {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    Some(out)
}

/// Prints a code for the console: the URL, the code, its lifetime and (unless `qr` is
/// `None`) the QR. `qr = Some(ansi)`.
pub fn print_code(
    out: &mut dyn Write,
    issued: &IssuedCode,
    qr: Option<bool>,
) -> std::io::Result<()> {
    let minutes = (issued.expires_at_ms - now_ms()).max(0) as f64 / 60_000.0;
    writeln!(
        out,
        "pair a device as terminal {:?} (store {}): open {}",
        issued.terminal.name, issued.terminal.store, issued.url
    )?;
    writeln!(
        out,
        "  or enter the code {} on its pairing screen; it works once, for {} minutes (until {})",
        issued.code,
        minutes.round(),
        rfc3339(issued.expires_at_ms.div_euclid(1000))
    )?;
    if let Some(ansi) = qr {
        if let Some(text) = qr_text(&issued.url, ansi) {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// At start: a code for every terminal without a paired device.
pub async fn codes_for_unpaired(state: &AppState) -> Result<Vec<IssuedCode>, sqlx::Error> {
    let mut issued = Vec::new();
    for terminal in store::unpaired_terminals(&state.db).await? {
        let (url, ttl) = (state.public_url.clone(), state.devices.code_ttl);
        let code = state
            .writer
            .run(move |conn| {
                Box::pin(
                    async move { issue_code(conn, &terminal, None, &url, ttl, None, None).await },
                )
            })
            .await?;
        if let Ok(code) = code {
            issued.push(code);
        }
    }
    Ok(issued)
}

/// Why a console command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no active terminal is named {name:?}; the terminals are: {known}")]
    NoTerminal { name: String, known: String },
    #[error("several terminals are named {name:?}; name one as store/name: {matches}")]
    AmbiguousTerminal { name: String, matches: String },
    #[error("no device has the id {0:?} (see `wct-pos-server devices list`)")]
    NoDevice(String),
    #[error("no unused pairing code has the id {0:?} (see `wct-pos-server pairing list`)")]
    NoCode(String),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// The terminal named `name` (or `store/name`).
async fn terminal_named(db: &Db, name: &str) -> Result<Terminal, CliError> {
    let terminals = store::active_terminals(db).await?;
    let label = |t: &Terminal| format!("{}/{}", t.store, t.name);
    let mut matches: Vec<&Terminal> = terminals.iter().filter(|t| t.name == name).collect();
    if matches.is_empty() {
        matches = terminals.iter().filter(|t| label(t) == name).collect();
    }
    match matches.as_slice() {
        [one] => Ok(Terminal {
            token: String::new(),
            device_id: None,
            ..(*one).clone()
        }),
        [] if terminals.is_empty() => Err(CliError::NoTerminal {
            name: name.into(),
            known: "none yet (start the server once)".into(),
        }),
        [] => Err(CliError::NoTerminal {
            name: name.into(),
            known: terminals.iter().map(label).collect::<Vec<_>>().join(", "),
        }),
        many => Err(CliError::AmbiguousTerminal {
            name: name.into(),
            matches: many.iter().map(|t| label(t)).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// The public URL the console shows: the configured one, else the one the server last
/// started with, else the bind address's.
async fn console_public_url(db: &Db, config: &Config) -> Result<String, sqlx::Error> {
    if let Some(url) = &config.public_url {
        return Ok(url.trim_end_matches('/').to_string());
    }
    if let Some(url) = store::setting(db, PUBLIC_URL_SETTING).await? {
        return Ok(url);
    }
    Ok(format!("http://{}", config.bind))
}

/// Where the server records the public URL it runs with, for the console commands.
pub const PUBLIC_URL_SETTING: &str = "public_url";

/// `wct-pos-server pair` and `devices …`, against the configured database (a running server
/// shares it, and notices a revocation within a second or two). `ansi`: colour the QR.
pub async fn run_command(
    config: &Config,
    command: &PairingCommand,
    out: &mut dyn Write,
    ansi: bool,
) -> Result<(), CliError> {
    let db = store::connect(&config.database_url).await?;
    let result = command_on(&db, config, command, out, ansi).await;
    db.close().await;
    result
}

/// The commands on an open database (tests call this with the server's own pool).
pub async fn command_on(
    db: &Db,
    config: &Config,
    command: &PairingCommand,
    out: &mut dyn Write,
    ansi: bool,
) -> Result<(), CliError> {
    match command {
        PairingCommand::Pair { terminal, no_qr } => {
            let terminal = terminal_named(db, terminal).await?;
            let public_url = console_public_url(db, config).await?;
            let ttl = Duration::from_secs(config.pairing_code_secs.max(1));
            let mut conn = db.acquire().await?;
            match issue_code(&mut conn, &terminal, None, &public_url, ttl, None, None).await? {
                Ok(issued) => print_code(out, &issued, (!no_qr).then_some(ansi))?,
                Err(_) => {
                    return Err(CliError::NoTerminal {
                        name: terminal.name,
                        known: "it was removed meanwhile".into(),
                    })
                }
            }
        }
        PairingCommand::Pairing {
            action: PairingCodesCommand::List,
        } => {
            let rows = store::list_pairing_codes(db, None, now_ms()).await?;
            print_codes(out, &rows)?;
        }
        PairingCommand::Pairing {
            action: PairingCodesCommand::Cancel { id },
        } => {
            let mut conn = db.acquire().await?;
            if !store::cancel_pairing_code(&mut conn, id, None, now_ms()).await? {
                return Err(CliError::NoCode(id.clone()));
            }
            tracing::info!(pairing_code = %id, "pairing code cancelled from the console");
            writeln!(
                out,
                "cancelled pairing code {id}; it no longer pairs a device"
            )?;
        }
        PairingCommand::Devices {
            action: DevicesCommand::List,
        } => {
            let rows = store::list_devices(db, None).await?;
            print_devices(out, &rows)?;
        }
        PairingCommand::Devices {
            action: DevicesCommand::Revoke { id },
        } => {
            let mut conn = db.acquire().await?;
            let row = store::revoke_device(&mut conn, id, now_ms())
                .await?
                .ok_or_else(|| CliError::NoDevice(id.clone()))?;
            tracing::info!(device = %row.id, "device revoked from the console");
            writeln!(
                out,
                "revoked device {} ({:?}, terminal {}/{}); a running server refuses it from now on",
                row.id, row.name, row.store, row.terminal_name
            )?;
        }
    }
    Ok(())
}

fn print_codes(out: &mut dyn Write, rows: &[store::PairingCodeRow]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "no unused pairing codes");
    }
    let time = |ms: i64| rfc3339(ms.div_euclid(1000));
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                format!("{}/{}", r.store, r.terminal_name),
                r.issued_by.clone().unwrap_or_else(|| "console".into()),
                time(r.created_at),
                time(r.expires_at),
            ]
        })
        .collect();
    print_table(
        out,
        ["ID", "TERMINAL", "ISSUED BY", "CREATED", "EXPIRES"],
        &table,
    )
}

fn print_table<const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    table: &[[String; N]],
) -> std::io::Result<()> {
    let mut widths = header.map(|h| h.chars().count());
    for row in table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header.map(String::from)))?;
    for row in table {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

fn print_devices(out: &mut dyn Write, rows: &[DeviceRow]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(
            out,
            "no paired devices (pair one with `wct-pos-server pair --terminal NAME`)"
        );
    }
    let time =
        |ms: Option<i64>| ms.map_or_else(|| "-".to_string(), |ms| rfc3339(ms.div_euclid(1000)));
    let table: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                format!("{}/{}", r.store, r.terminal_name),
                r.name.clone(),
                time(Some(r.created_at)),
                time(r.last_seen_at),
                match r.revoked_at {
                    Some(at) => format!("revoked {}", time(Some(at))),
                    None => "active".into(),
                },
            ]
        })
        .collect();
    let header = ["ID", "TERMINAL", "NAME", "PAIRED", "LAST SEEN", "STATUS"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header.map(String::from)))?;
    for row in &table {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
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
