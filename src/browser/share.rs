//! The system share sheet (Web Share API).

use js_sys::{Promise, Reflect};
use wasm_bindgen::JsCast;

use super::{method, navigator};

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
    match share.call1(&nav, &data).map(|p| p.dyn_into::<Promise>()) {
        Ok(Ok(p)) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        _ => false,
    }
}
