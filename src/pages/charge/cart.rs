//! The optional cart: items with name, description, quantity and unit price; its total
//! becomes the amount.

use leptos::prelude::*;

use super::form::{use_charge, CartRow};
use crate::components::FieldErrorText;
use crate::i18n::{t, ta, Arg};

#[component]
pub fn CartEditor() -> impl IntoView {
    let form = use_charge().form;
    let total = move || form.cart_amount().unwrap_or_default();
    let currency = move || form.settlement();
    let open = RwSignal::new(false);
    let count = move || form.cart.with(Vec::len);
    let summary = move || match count() {
        0 => t("cart-empty"),
        n => ta("cart-count", &[("count", Arg::Count(n as i64))]),
    };
    view! {
        <section class="card collapsible">
            <button type="button" class="collapse-toggle" data-testid="cart-toggle"
                aria-expanded=move || if open.get() { "true" } else { "false" } aria-controls="cart-body"
                on:click=move |_| open.update(|o| *o = !*o)>
                <span>{t("cart-title")}</span>
                <span class="muted">{summary}</span>
            </button>
            <div id="cart-body" class="collapse-body" hidden=move || !open.get()>
                <For each=move || form.cart.get() key=|row| row.key let:row>
                    <CartLine row=row/>
                </For>
                <FieldErrorText field="cart_items"/>
                <div class="cart-footer">
                    <button type="button" class="btn btn-secondary" data-testid="cart-add"
                        on:click=move |_| form.add_row()>{t("cart-add")}</button>
                    <p class="cart-total">{t("cart-total")} " "
                        <bdi class="mono" data-testid="cart-total">{total}</bdi>
                        " " {currency}
                    </p>
                </div>
            </div>
        </section>
    }
}

#[component]
fn CartLine(row: CartRow) -> impl IntoView {
    let charge = use_charge();
    let (form, errors) = (charge.form, charge.errors);
    let index = Memo::new(move |_| {
        form.cart
            .with(|rows| rows.iter().position(|r| r.key == row.key))
            .unwrap_or(0)
    });
    let tid = move |part: &'static str| move || format!("cart-{part}-{}", index.get());
    let input = move |part: &'static str,
                      field: &'static str,
                      value: RwSignal<String>,
                      label: String,
                      mode: &'static str| {
        let err = Signal::derive(move || {
            let name = format!("cart_items[{}].{field}", index.get());
            errors.with(|e| {
                e.iter()
                    .filter(|e| e.field == name)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        let field_name = Memo::new(move |_| format!("cart_items[{}].{field}", index.get()));
        view! {
            <div class=format!("cart-cell cart-{part}")>
                <input type="text" inputmode=mode aria-label=label.clone() placeholder=label data-testid=tid(part)
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                {move || view! { <FieldErrorText field=field_name.get() errors=err/> }}
            </div>
        }
    };
    view! {
        <div class="cart-row" role="group" aria-label=move || ta("cart-item", &[("number", Arg::Count(index.get() as i64 + 1))])>
            {input("name", "item_name", row.name, t("cart-item-name"), "text")}
            {input("desc", "item_desc", row.desc, t("cart-item-description"), "text")}
            {input("qty", "item_quantity", row.qty, t("cart-item-quantity"), "numeric")}
            {input("price", "unit_price", row.price, t("cart-item-price"), "decimal")}
            <button type="button" class="btn btn-ghost cart-remove" data-testid=tid("remove")
                aria-label=move || ta("cart-item-remove", &[("number", Arg::Count(index.get() as i64 + 1))])
                on:click=move |_| form.remove_row(row.key)>"✕"</button>
        </div>
    }
}
