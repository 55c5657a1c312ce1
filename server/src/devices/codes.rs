//! Device tokens and pairing codes: their shapes, hashes, pairing URLs, and issuing a code.

#[allow(unused_imports)]
use super::*;

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
pub(crate) fn encode_fragment(text: &str) -> String {
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
