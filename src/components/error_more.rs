use leptos::prelude::*;

/// The technical particulars of an error (which figure did not match), folded behind "More":
/// the message above it says what happened and what to do. Nothing when there are none.
#[component]
pub fn ErrorMore(#[prop(into)] detail: Option<String>) -> impl IntoView {
    detail.map(|d| {
        view! {
            <details class="error-more" data-testid="error-more">
                <summary>{crate::i18n::t("more")}</summary>
                <p class="small">{d}</p>
            </details>
        }
    })
}
