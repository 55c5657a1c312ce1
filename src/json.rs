//! JSON through the browser's own `JSON.parse`/`JSON.stringify`: serde_json's parser and
//! printer, monomorphised for every type the app reads, were a large part of the wasm.

use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not the expected JSON")]
pub struct JsonError;

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    let value = js_sys::JSON::parse(text).map_err(|_| JsonError)?;
    serde_wasm_bindgen::from_value(value).map_err(|_| JsonError)
}

pub fn to_string<T: Serialize>(value: &T) -> Result<String, JsonError> {
    // JSON-compatible: maps as plain objects, `None` as null, numbers as numbers.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|_| JsonError)?;
    js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(JsonError)
}
