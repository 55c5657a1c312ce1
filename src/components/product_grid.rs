//! The tap grid of the store's products on Charge: category tabs, a search, one big button
//! per product. A tap adds one; quantities are changed in the cart.

use leptos::prelude::*;
use wct_api::products::Product;

use crate::i18n::{t, ta, Arg};
use crate::session::use_prefs;

/// Which products a tab and a search show: by category (`None`: all), then by a name or SKU
/// containing the search (ASCII case folded: `to_lowercase` would pull Unicode tables into
/// the wasm).
pub fn visible(products: &[Product], category: Option<&str>, search: &str) -> Vec<Product> {
    let search = search.trim().to_ascii_lowercase();
    products
        .iter()
        .filter(|p| p.active)
        .filter(|p| category.is_none_or(|c| p.category == c))
        .filter(|p| {
            search.is_empty()
                || p.name.to_ascii_lowercase().contains(&search)
                || p.sku
                    .as_deref()
                    .is_some_and(|s| s.to_ascii_lowercase().contains(&search))
        })
        .cloned()
        .collect()
}

/// The categories in the order their first product comes on the grid.
pub fn categories(products: &[Product]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in products
        .iter()
        .filter(|p| p.active && !p.category.is_empty())
    {
        if !out.contains(&p.category) {
            out.push(p.category.clone());
        }
    }
    out
}

#[component]
pub fn ProductGrid(
    #[prop(into)] products: Signal<Vec<Product>>,
    /// Decimals of the products' currency, for their prices.
    #[prop(into)]
    decimals: Signal<u32>,
    on_add: Callback<Product>,
) -> impl IntoView {
    let prefs = use_prefs();
    let category = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());
    let tabs = Memo::new(move |_| products.with(|p| categories(p)));
    let shown =
        Memo::new(move |_| products.with(|p| visible(p, category.get().as_deref(), &search.get())));
    let tab = move |value: Option<String>, label: String, testid: String| {
        let v = value.clone();
        let selected = move || category.get() == v;
        view! {
            <button type="button" role="tab" class="grid-tab" data-testid=testid
                aria-selected=move || if selected() { "true" } else { "false" }
                on:click=move |_| category.set(value.clone())>{label}</button>
        }
    };
    let price = move |p: &Product| {
        let text = prefs.locale.get().format_str(&p.price, decimals.get());
        format!("{text} {}", p.currency)
    };
    view! {
        <section class="card product-grid" aria-label=t("grid-title") data-testid="product-grid">
            <div class="grid-head">
                <div class="grid-tabs" role="tablist" aria-label=t("grid-categories")>
                    {tab(None, t("grid-all"), "grid-tab-all".into())}
                    {move || tabs.get().into_iter().enumerate().map(|(i, c)| {
                        tab(Some(c.clone()), c, format!("grid-tab-{i}"))
                    }).collect_view()}
                </div>
                <input type="search" class="grid-search" data-testid="grid-search"
                    aria-label=t("grid-search") placeholder=t("grid-search")
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            <div class="grid-items">
                <For each=move || shown.get() key=|p| (p.id.clone(), p.version) let:p>
                    {
                        let label = ta("grid-add", &[("name", Arg::Text(&p.name))]);
                        let text = price(&p);
                        let image = p.image_url.clone();
                        let testid = format!("grid-item-{}", p.sku.clone().unwrap_or_else(|| p.id.clone()));
                        let name = p.name.clone();
                        view! {
                            <button type="button" class="grid-item" data-testid=testid aria-label=label
                                on:click=move |_| on_add.run(p.clone())>
                                {image.map(|src| view! { <img src=src alt="" loading="lazy"/> })}
                                <span class="grid-name">{name}</span>
                                <bdi class="grid-price mono" dir="ltr">{text}</bdi>
                            </button>
                        }
                    }
                </For>
                {move || shown.with(Vec::is_empty).then(|| view! {
                    <p class="muted" data-testid="grid-none">{t("grid-none")}</p>
                })}
            </div>
        </section>
    }
}
