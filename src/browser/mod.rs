//! Small browser integrations, one module per concern. APIs that web-sys only exposes behind
//! unstable flags (Web Share, Wake Lock) are reached through `js_sys::Reflect`, and every one
//! is optional: a missing API is a no-op.

pub mod ids;
pub mod print;
pub mod service_worker;
pub mod share;
pub mod sound;
pub mod theme;
pub mod wake_lock;

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// `target[name]` when it is a function.
fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
}

/// Resolves after `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
