//! The colour theme, as an attribute on `<html>` that the stylesheet reads.

/// Sets or clears an attribute on `<html>`.
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
