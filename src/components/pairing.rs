//! Pairing codes as a cashier types them, the code a pairing link carries in its fragment,
//! and the name a new device suggests for itself. Pure functions, so the wasm tests can
//! check them without a server.

use crate::i18n::{t, ta, Arg};
use wct_api::pos::{normalize_pairing_code, PAIRING_CODE_ALPHABET, PAIRING_CODE_LEN};
use wct_api::validate::limits;

/// Why what was typed is not (yet) a pairing code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeProblem {
    #[error("{}", t("pair-code-empty"))]
    Empty,
    #[error("{}", t("pair-code-short"))]
    TooShort,
    #[error("{}", t("pair-code-long"))]
    TooLong,
    #[error("{}", ta("pair-code-bad-char", &[("char", Arg::Text(&.0.to_string()))]))]
    NotInAlphabet(char),
}

impl CodeProblem {
    /// Worth showing while the cashier is still typing (a short code is just unfinished).
    pub fn is_instant(self) -> bool {
        matches!(self, Self::TooLong | Self::NotInAlphabet(_))
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}')
}

/// What was typed, shown the way codes are printed: capitals, a dash after the fourth
/// character (`k7qf2m` → `K7QF-2M`). Characters that cannot be in a code stay, so the
/// cashier sees what the message is about.
pub fn format_code_input(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !is_separator(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let half = PAIRING_CODE_LEN / 2;
    let mut out = String::with_capacity(chars.len() + 1);
    for (i, c) in chars.iter().enumerate() {
        if i == half {
            out.push('-');
        }
        out.push(*c);
    }
    out
}

/// The canonical code (`K7QF-2M9X`) in what was typed, or the first problem with it.
pub fn check_code(text: &str) -> Result<String, CodeProblem> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !is_separator(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.is_empty() {
        return Err(CodeProblem::Empty);
    }
    if let Some(c) = chars.iter().find(|c| !PAIRING_CODE_ALPHABET.contains(**c)) {
        return Err(CodeProblem::NotInAlphabet(*c));
    }
    match chars.len().cmp(&PAIRING_CODE_LEN) {
        std::cmp::Ordering::Less => Err(CodeProblem::TooShort),
        std::cmp::Ordering::Greater => Err(CodeProblem::TooLong),
        std::cmp::Ordering::Equal => normalize_pairing_code(text).ok_or(CodeProblem::TooShort),
    }
}

/// The `code` of a pairing link's fragment (`#code=K7QF-2M9X`, other parameters allowed),
/// formatted for the code field. The fragment never reaches a server; the app reads it here.
pub fn code_from_hash(hash: &str) -> Option<String> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    fragment
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "code")
        .map(|(_, value)| {
            // The code alphabet needs no escaping; a link that escaped the dash still works.
            format_code_input(&value.replace("%2D", "-").replace("%2d", "-"))
        })
        .filter(|code| !code.is_empty())
}

/// The `name` a pairing link's fragment carries (`#code=…&name=Till%202`): what the device
/// that made the code called this one. Decoded; `None` when absent, empty or not decodable.
pub fn name_from_hash(hash: &str) -> Option<String> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    fragment
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "name")
        .and_then(|(_, value)| js_sys::decode_uri_component(value).ok())
        .map(String::from)
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
}

/// A name for this device from its browser's user agent: "Chrome on Android", "Safari on
/// iPad". The cashier can change it before pairing.
pub fn device_name_from_user_agent(ua: &str) -> String {
    let browser = if ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/") {
        "Edge"
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        "Opera"
    } else if ua.contains("SamsungBrowser/") {
        "Samsung Internet"
    } else if ua.contains("Firefox/") || ua.contains("FxiOS/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        ""
    };
    let system = if ua.contains("iPad") {
        "iPad"
    } else if ua.contains("iPhone") {
        "iPhone"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Macintosh") || ua.contains("Mac OS X") {
        "Mac"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, system) {
        ("", "") => t("settings-this-device"),
        (b, "") => b.into(),
        ("", s) => s.into(),
        (b, s) => ta(
            "device-name-default",
            &[("browser", Arg::Text(b)), ("system", Arg::Text(s))],
        ),
    }
}

/// The device name as it will be sent, or why it cannot be (the server's rules: trimmed,
/// `wct_api::validate::check_text`, at most [`limits::DEVICE_NAME`] characters). The server puts
/// it into NFC; the app does not, as the Unicode tables would add about 90 KiB of gzipped wasm,
/// and a decomposed name only differs in length here.
pub fn check_device_name(text: &str) -> Result<String, String> {
    let name = text.trim().to_string();
    if wct_api::validate::is_blank(&name) {
        return Err(t("pair-name-empty"));
    }
    wct_api::validate::check_text(&name, limits::DEVICE_NAME).map_err(|m| capitalise(&m))?;
    Ok(name)
}

/// `wct-api`'s messages start in lower case ASCII; ASCII only, so no Unicode case tables end
/// up in the wasm.
fn capitalise(message: &str) -> String {
    let mut out = message.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out.push('.');
    out
}

/// "3 min", "45 s": a wait the server asked for, in words.
pub fn wait_text(secs: u64) -> String {
    if secs >= 90 {
        ta(
            "wait-minutes",
            &[("minutes", Arg::Count(secs.div_ceil(60) as i64))],
        )
    } else {
        ta("wait-seconds", &[("seconds", Arg::Count(secs as i64))])
    }
}
