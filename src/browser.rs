//! Small browser integrations: random ids, sharing, sound, vibration, printing, the service
//! worker. APIs that web-sys only exposes behind unstable flags (Web Share, Wake Lock) are
//! reached through `js_sys::Reflect`, and every one is optional: a missing API is a no-op.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `n` random bytes from `crypto.getRandomValues` (available outside secure contexts too).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // Only uniqueness matters for the callers (idempotency keys, references).
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8) ^ (i as u8);
        }
    }
    bytes
}

/// A random (version 4) UUID, for `Idempotency-Key`.
pub fn uuid_v4() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A fresh merchant reference like `POS-20261125-4F7K` (no 0/O/1/I to misread).
pub fn new_reference(now_unix: i64) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let date = wct_api::clock::date_of(now_unix);
    let tail: String = random_bytes::<4>()
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!(
        "POS-{:04}{:02}{:02}-{tail}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

pub fn can_share() -> bool {
    navigator().is_some_and(|n| method(&n, "share").is_some())
}

/// Opens the system share sheet; false when the Web Share API is missing or refused.
pub async fn share(title: &str, text: &str, url: &str) -> bool {
    let Some(nav) = navigator() else { return false };
    let Some(share) = method(&nav, "share") else {
        return false;
    };
    let data = js_sys::Object::new();
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"text".into(), &text.into());
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    match share.call1(&nav, &data) {
        Ok(p) => match p.dyn_into::<Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// Asks for a screen wake lock; resolves to the sentinel to release later.
pub async fn request_wake_lock() -> Option<JsValue> {
    let nav = navigator()?;
    let lock = Reflect::get(&nav, &"wakeLock".into()).ok()?;
    let request = method(&lock, "request")?;
    let promise: Promise = request
        .call1(&lock, &"screen".into())
        .ok()?
        .dyn_into()
        .ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

pub fn release_wake_lock(sentinel: &JsValue) {
    if let Some(release) = method(sentinel, "release") {
        let _ = release.call0(sentinel);
    }
}

pub fn vibrate(ms: u32) {
    if let Some(nav) = navigator() {
        let _ = nav.vibrate_with_duration(ms);
    }
}

/// Two short rising tones: "paid".
pub fn beep() {
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let start = ctx.current_time();
    for (i, freq) in [880.0_f32, 1320.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        osc.set_type(web_sys::OscillatorType::Sine);
        osc.frequency().set_value(freq);
        let at = start + 0.18 * i as f64;
        let _ = gain.gain().set_value_at_time(0.0001, at);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.3, at + 0.02);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.0001, at + 0.16);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let _ = osc.start_with_when(at);
        let _ = osc.stop_with_when(at + 0.17);
    }
}

pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Registers `/sw.js` (the app-shell cache) where service workers exist.
pub fn register_service_worker() {
    let Some(nav) = navigator() else { return };
    if Reflect::get(&nav, &"serviceWorker".into()).map_or(true, |v| v.is_undefined()) {
        return;
    }
    let _ = nav.service_worker().register("/sw.js");
}

/// Sets or clears an attribute on `<html>` (theme).
pub fn set_root_attr(name: &str, value: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match value {
        Some(v) => root.set_attribute(name, v),
        None => root.remove_attribute(name),
    };
}

/// Local date and time of an RFC 3339 instant, in the chosen locale.
pub fn local_time(rfc3339: &str, locale: &str) -> String {
    let Some(secs) = wct_api::clock::parse_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    String::from(date.to_locale_string(locale, &JsValue::UNDEFINED))
}

/// Short local date and time (`11/26/26, 12:41 AM`) for lists.
pub fn short_time(rfc3339: &str, locale: &str) -> String {
    let Some(secs) = wct_api::clock::parse_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"short".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string(locale, &options))
}
