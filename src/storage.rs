//! localStorage: the terminal token, cached terminal details and the cashier's preferences.
//! Storage can be missing or full (private mode); that degrades to "not remembered" rather
//! than breaking the till, so every function here swallows storage errors.

pub const TOKEN: &str = "wct-pos.token";
/// The server's id of this device (from pairing), to sign it out there as well.
pub const DEVICE_ID: &str = "wct-pos.device-id";
pub const TERMINAL: &str = "wct-pos.terminal";
pub const CATALOGUE: &str = "wct-pos.catalogue";
pub const SETTLEMENT: &str = "wct-pos.settlement";
pub const SETTLEMENT_NETWORK: &str = "wct-pos.settlement-network";
pub const PAY_WITH: &str = "wct-pos.pay-with";
pub const NETWORK: &str = "wct-pos.network";
pub const SOUND: &str = "wct-pos.sound";
pub const THEME: &str = "wct-pos.theme";
/// The store's language as last read from the server (so an offline start is in it).
pub const STORE_LANG: &str = "wct-pos.store-lang";
/// This device's own language, when it differs from the store's.
pub const DEVICE_LANG: &str = "wct-pos.lang";

fn store() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    store()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = store() {
        let _ = s.remove_item(key);
    }
}

/// A JSON value cached under `key` (ignored when it no longer decodes).
pub fn get_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    crate::json::from_str(&get(key)?).ok()
}

pub fn set_json<T: serde::Serialize>(key: &str, value: &T) {
    if let Ok(text) = crate::json::to_string(value) {
        set(key, &text);
    }
}
