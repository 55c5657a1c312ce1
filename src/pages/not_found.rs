use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::remove_skeleton();
    view! {
        <section class="page narrow" data-testid="not-found">
            <div class="card center">
                <h1>"Page not found"</h1>
                <p class="muted">"There is nothing at this address."</p>
                <a class="btn btn-primary" href="/">"Go to Charge"</a>
            </div>
        </section>
    }
}
