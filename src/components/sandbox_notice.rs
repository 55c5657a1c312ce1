use leptos::prelude::*;

/// Says plainly that a payment runs against the sandbox: its address is not real and no real
/// funds may be sent. The customer page and the cashier's payment screen both show it.
#[component]
pub fn SandboxNotice() -> impl IntoView {
    view! {
        <p class="notice sandbox-notice" data-testid="sandbox-notice" role="note">
            <strong>"TEST PAYMENT"</strong>" · sandbox: the address is not real. Do not send real funds."
        </p>
    }
}
