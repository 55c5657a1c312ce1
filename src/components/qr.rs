//! The payment QR as inline SVG, rendered in wasm. The SVG is a memo of the URI, so a
//! countdown ticking beside it never rebuilds it.

use leptos::prelude::*;

#[component]
pub fn Qr(#[prop(into)] uri: Signal<String>, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let uri = Memo::new(move |_| uri.get());
    let svg = Memo::new(move |_| {
        let uri = uri.get();
        if uri.is_empty() {
            return String::new();
        }
        wct_api::qr::qr_svg(&uri, &label.get_untracked())
            .unwrap_or_else(|_| "<p>This payment is too long for a QR code.</p>".into())
    });
    view! { <div class="qr" data-testid="qr" data-uri=move || uri.get() inner_html=move || svg.get()></div> }
}
