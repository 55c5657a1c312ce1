use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_clipboard;

use crate::browser::share;
use crate::i18n::t;

/// The customer link, with the system share sheet (or copy), SMS, WhatsApp and e-mail.
/// `receipt`: the same for the receipt link ("Send receipt").
#[component]
pub fn SharePanel(
    #[prop(into)] link: Signal<String>,
    #[prop(into)] text: Signal<String>,
    #[prop(optional)] receipt: bool,
    /// Keep the link's raw address off the screen (the buttons still send it).
    #[prop(optional)]
    hide_link: bool,
) -> impl IntoView {
    let (title, action, link_id, share_id) = if receipt {
        (
            t("share-receipt-title"),
            t("share-receipt"),
            "receipt-share-link",
            "share-receipt",
        )
    } else {
        (
            t("share-payment-title"),
            t("share-payment"),
            "payment-link",
            "share",
        )
    };
    let clip = use_clipboard();
    let copied = clip.copied;
    let copy = clip.copy.clone();
    let share_title = title.clone();
    let on_share = move |_| {
        let (link, text) = (link.get_untracked(), text.get_untracked());
        let copy = copy.clone();
        let title = share_title.clone();
        spawn_local(async move {
            if !share::share(&title, &text, &link).await {
                copy(&link);
            }
        });
    };
    let encoded = move || {
        String::from(js_sys::encode_uri_component(&format!(
            "{} {}",
            text.get(),
            link.get()
        )))
    };
    let subject = move || String::from(js_sys::encode_uri_component(&text.get()));
    let link_enc = move || String::from(js_sys::encode_uri_component(&link.get()));
    view! {
        <div class="share">
            <p class="label" hidden=hide_link>{title}</p>
            <a class="payment-link mono" data-testid=link_id href=move || link.get()
                target="_blank" rel="noopener" hidden=hide_link>{move || link.get()}</a>
            <div class="share-buttons">
                <button type="button" class="btn btn-secondary" data-testid=share_id on:click=on_share>
                    {move || if copied.get() { t("share-copied") } else { action.clone() }}
                </button>
                <a class="btn btn-ghost" href=move || format!("sms:?&body={}", encoded())>"SMS"</a>
                <a class="btn btn-ghost" href=move || format!("https://wa.me/?text={}", encoded())
                    target="_blank" rel="noopener">"WhatsApp"</a>
                <a class="btn btn-ghost" href=move || format!("mailto:?subject={}&body={}", subject(), link_enc())>{t("share-email")}</a>
            </div>
        </div>
    }
}
