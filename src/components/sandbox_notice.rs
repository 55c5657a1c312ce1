use leptos::prelude::*;

/// Says plainly that a payment runs against the sandbox: its address is not real and no real
/// funds may be sent. The customer page and the cashier's payment screen both show it.
#[component]
pub fn SandboxNotice() -> impl IntoView {
    view! {
        <p class="notice sandbox-notice" data-testid="sandbox-notice" role="note">
            <strong>{t("sandbox-notice-strong")}</strong>" · "{t("sandbox-notice-text")}
        </p>
    }
}

use crate::i18n::{print_lang, t, text_in};
pub use wct_api::pos::TEST_MARK;

/// A bold stripe on screens and paper that could otherwise pass for a real sale (the
/// full-screen Paid, receipts, the Z-report): staff must never hand over goods for it. It
/// prints too (black on white, bordered), so a test slip never looks real.
#[component]
pub fn TestMark() -> impl IntoView {
    view! {
        <p class="test-mark" data-testid="test-mark" role="note">{text_in(print_lang(), "test-mark", &[])}</p>
    }
}
