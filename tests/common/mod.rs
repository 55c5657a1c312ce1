//! Shared test helpers: mount a view into a fresh container, act on `data-testid` nodes, wait
//! for the reactive system to settle.
#![allow(dead_code)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wct_api::pos::PaymentView;
use wct_api::PaymentState;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts `f` into a new container; the container is returned so queries stay inside it.
pub fn mount<F, N>(f: F) -> Element
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let doc = document();
    let container = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone().unchecked_into(), f);
    // The view lives as long as the test page.
    handle.forget();
    container
}

pub async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

pub fn sel(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

pub fn find(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&sel(id)).unwrap()
}

pub fn get(root: &Element, id: &str) -> Element {
    find(root, id).unwrap_or_else(|| panic!("no [data-testid={id}] in {}", root.inner_html()))
}

pub fn text(root: &Element, id: &str) -> String {
    get(root, id)
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

pub async fn click(root: &Element, id: &str) {
    get(root, id).unchecked_into::<HtmlElement>().click();
    settle().await;
}

/// Types into an input the way a person does: value set, then an `input` event.
pub async fn type_into(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = get(root, id).unchecked_into();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

pub async fn keys(root: &Element, keys: &str) {
    for c in keys.chars() {
        let id = if c == '.' {
            "key-point".to_string()
        } else {
            format!("key-{c}")
        };
        click(root, &id).await;
    }
}

/// A payment view as the proxy would send it.
pub fn payment(state: PaymentState) -> PaymentView {
    PaymentView {
        id: "pay_1".into(),
        payment_code: "1cJauhjK3n".into(),
        reference: "POS-20261125-4F7K".into(),
        state,
        description: "Two flat whites".into(),
        amount: "50.00".into(),
        asset: "USD".into(),
        asset_network: None,
        pay_amount: "0.00052632".into(),
        pay_asset: "BTC".into(),
        pay_network: None,
        pay_address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into(),
        pay_tag: None,
        wallet_uri: "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00052632".into(),
        exchange_rate: Some("95000.00".into()),
        expires_at: "2026-11-25T10:15:00Z".into(),
        quote_version: 1,
        link: "http://127.0.0.1:8088/pay/1cJauhjK3n".into(),
        received: "0".into(),
        missing: "0.00052632".into(),
        excess: "0".into(),
        confirmations: 0,
        txids: Vec::new(),
        cart_items: Vec::new(),
        alert: None,
        closed_as: None,
        personal: None,
        refunds: Vec::new(),
        created_at: "2026-11-25T10:00:00Z".into(),
        updated_at: "2026-11-25T10:00:00Z".into(),
        sandbox: false,
        kept: None,
        receipt: None,
    }
}

/// 2026-11-25T10:00:00Z, when [`payment`] was created (its quote runs 15 minutes).
pub const CREATED: i64 = 1_795_600_800;
