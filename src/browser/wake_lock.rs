//! The Screen Wake Lock API (the hook that uses it is `hooks::wake_lock`).

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{method, navigator};

/// Asks for a screen wake lock; resolves to the sentinel to release later.
pub async fn request() -> Option<JsValue> {
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

pub fn release(sentinel: &JsValue) {
    if let Some(release) = method(sentinel, "release") {
        let _ = release.call0(sentinel);
    }
}
