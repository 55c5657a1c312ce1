//! The app-shell cache.

use js_sys::Reflect;

/// Registers `/sw.js` where service workers exist, except on the customer's pages
/// (`/pay/…`): a customer's phone has no use for the till's precached chunks.
pub fn register() {
    let public = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|p| p.starts_with("/pay/"));
    if public {
        return;
    }
    let Some(nav) = super::navigator() else {
        return;
    };
    if Reflect::get(&nav, &"serviceWorker".into()).map_or(true, |v| v.is_undefined()) {
        return;
    }
    let _ = nav.service_worker().register("/sw.js");
}
