//! The cart: products from the grid or the scanner, and custom lines (the default rate), each
//! with its quantity and an optional discount; a sale discount; the totals per tax rate as
//! `wct_api::tax` computes them. Its gross total becomes the amount.

use leptos::prelude::*;

use super::form::{use_charge, CartRow};
use crate::components::{FieldErrorText, TaxTable};
use crate::i18n::{t, ta, Arg};
use crate::session::use_prefs;

#[component]
pub fn CartEditor() -> impl IntoView {
    let form = use_charge().form;
    let total = move || form.cart_amount().unwrap_or_default();
    let currency = move || form.settlement();
    let count = move || form.cart.with(Vec::len);
    // The cart opens by itself when the first item arrives from the grid or the scanner.
    let open = RwSignal::new(false);
    Effect::new(move |before: Option<usize>| {
        let now = count();
        if before == Some(0) && now > 0 {
            open.set(true);
        }
        now
    });
    let summary = move || match count() {
        0 => t("cart-empty"),
        n => ta("cart-count", &[("count", Arg::Count(n as i64))]),
    };
    let stale = move || {
        form.cart
            .with(|rows| rows.iter().any(|r| r.changed.with(Option::is_some)))
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
                {move || stale().then(|| view! {
                    <p class="notice warn" role="alert" data-testid="cart-stale">{t("cart-stale-notice")}</p>
                })}
                <For each=move || form.cart.get() key=|row| row.key let:row>
                    <CartLine row=row/>
                </For>
                <FieldErrorText field="cart_items"/>
                <div class="cart-footer">
                    <button type="button" class="btn btn-secondary" data-testid="cart-add"
                        on:click=move |_| form.add_row()>{t("cart-add")}</button>
                    {move || (count() > 0).then(|| view! { <SaleDiscount/> })}
                    <CartTotals/>
                    <p class="cart-total">{t("cart-total")} " "
                        <bdi class="mono" dir="ltr" data-testid="cart-total">{total}</bdi>
                        " " {currency}
                    </p>
                </div>
            </div>
        </section>
    }
}

/// The sale discount and, when the discounts need it, the manager PIN.
#[component]
fn SaleDiscount() -> impl IntoView {
    let form = use_charge().form;
    let errors = use_charge().errors;
    let pin_asked =
        move || form.needs_pin() || errors.with(|e| e.iter().any(|e| e.field == "manager_pin"));
    view! {
        <div class="sale-discount">
            <label>
                <span>{t("cart-sale-discount")}</span>
                <input type="text" inputmode="decimal" data-testid="sale-discount"
                    placeholder=t("cart-discount-hint")
                    prop:value=move || form.sale_discount.get()
                    on:input=move |ev| form.sale_discount.set(event_target_value(&ev))/>
            </label>
            <FieldErrorText field="sale_discount"/>
            {move || pin_asked().then(|| view! {
                <label class="manager-pin">
                    <span>{t("cart-pin")}</span>
                    <input type="password" inputmode="numeric" autocomplete="off" data-testid="manager-pin"
                        prop:value=move || form.manager_pin.get()
                        on:input=move |ev| form.manager_pin.set(event_target_value(&ev))/>
                </label>
                <FieldErrorText field="manager_pin"/>
            })}
        </div>
    }
}

/// Discounts, net, tax and gross per rate, before charging (only when the store taxes or a
/// discount is given: an untaxed cart without discounts just adds up).
#[component]
fn CartTotals() -> impl IntoView {
    let form = use_charge().form;
    let prefs = use_prefs();
    let breakdown = Memo::new(move |_| form.breakdown());
    let shown = move || {
        breakdown.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.rates.iter().any(|r| r.rate.is_some()) || !b.discount.is_zero())
        })
    };
    let decimals = Signal::derive(move || form.decimals());
    let rates = Signal::derive(move || {
        breakdown.with(|b| b.as_ref().map(|b| b.rates.clone()).unwrap_or_default())
    });
    let has_discount = Signal::derive(move || {
        breakdown.with(|b| b.as_ref().is_some_and(|b| !b.discount.is_zero()))
    });
    let discount = move || {
        let d = breakdown.with(|b| b.as_ref().map(|b| b.discount).unwrap_or_default());
        prefs.locale.get().format(d, decimals.get())
    };
    move || {
        shown().then(|| {
            view! {
                <div class="cart-totals" data-testid="cart-totals">
                    <TaxTable rates=rates decimals=decimals discounts=has_discount/>
                    {move || has_discount.get().then(|| view! {
                        <p class="muted">{t("cart-discount-total")} " "
                            <bdi class="mono" dir="ltr" data-testid="cart-discount">{discount}</bdi>
                        </p>
                    })}
                </div>
            }
        })
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
    let from_catalogue = move || row.product.with(Option::is_some);
    let tid = move |part: &'static str| move || format!("cart-{part}-{}", index.get());
    let input = move |part: &'static str,
                      field: &'static str,
                      value: RwSignal<String>,
                      label: String,
                      mode: &'static str,
                      fixed: bool| {
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
        // A product's name and price come from the catalogue: the proxy re-prices them.
        let readonly = move || fixed && from_catalogue();
        view! {
            <div class=format!("cart-cell cart-{part}")>
                <input type="text" inputmode=mode aria-label=label.clone() placeholder=label data-testid=tid(part)
                    readonly=readonly
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                {move || view! { <FieldErrorText field=field_name.get() errors=err/> }}
            </div>
        }
    };
    let step = move |by: i64| {
        row.qty.update(|q| {
            let n = q.trim().parse::<i64>().unwrap_or(0) + by;
            *q = n.max(1).to_string();
        })
    };
    let number = move || Arg::Count(index.get() as i64 + 1);
    view! {
        <div class="cart-row" class:cart-row-product=from_catalogue class:cart-row-changed=move || row.changed.with(Option::is_some)
            role="group" aria-label=move || ta("cart-item", &[("number", number())])>
            {input("name", "item_name", row.name, t("cart-item-name"), "text", true)}
            {move || (!from_catalogue()).then(|| input("desc", "item_desc", row.desc, t("cart-item-description"), "text", false))}
            <div class="cart-qty-step">
                <button type="button" class="btn btn-ghost" data-testid=tid("minus")
                    aria-label=move || ta("cart-qty-less", &[("number", number())])
                    on:click=move |_| step(-1)>"−"</button>
                {input("qty", "item_quantity", row.qty, t("cart-item-quantity"), "numeric", false)}
                <button type="button" class="btn btn-ghost" data-testid=tid("plus")
                    aria-label=move || ta("cart-qty-more", &[("number", number())])
                    on:click=move |_| step(1)>"+"</button>
            </div>
            {input("price", "unit_price", row.price, t("cart-item-price"), "decimal", true)}
            {input("discount", "discount", row.discount, t("cart-item-discount"), "decimal", false)}
            <button type="button" class="btn btn-ghost cart-remove" data-testid=tid("remove")
                aria-label=move || ta("cart-item-remove", &[("number", number())])
                on:click=move |_| form.remove_row(row.key)>"✕"</button>
            {move || row.changed.get().map(|m| view! {
                <p class="cart-changed" data-testid=tid("changed")>{m}</p>
            })}
        </div>
    }
}
