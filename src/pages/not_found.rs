use leptos::prelude::*;

use crate::i18n::t_or;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::remove_skeleton();
    view! {
        <section class="page narrow" data-testid="not-found">
            <div class="card center">
                <h1>{t_or("not-found-title", "Page not found")}</h1>
                <p class="muted">{t_or("not-found-text", "There is nothing at this address.")}</p>
                <a class="btn btn-primary" href="/">{t_or("not-found-go", "Go to Charge")}</a>
            </div>
        </section>
    }
}
