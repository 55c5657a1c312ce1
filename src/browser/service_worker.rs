//! The app-shell cache.

use js_sys::Reflect;

/// Registers `/sw.js` where service workers exist.
pub fn register() {
    let Some(nav) = super::navigator() else {
        return;
    };
    if Reflect::get(&nav, &"serviceWorker".into()).map_or(true, |v| v.is_undefined()) {
        return;
    }
    let _ = nav.service_worker().register("/sw.js");
}
