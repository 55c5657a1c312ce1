//! Validation messages appear beside their fields, and nothing is sent while invalid.

mod common;

use common::*;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wct_api::Catalogue;
use wct_pos::hooks::Clock;
use wct_pos::locale::Locale;
use wct_pos::pages::ChargePage;
use wct_pos::session::{Prefs, Session, Theme};

wasm_bindgen_test_configure!(run_in_browser);

fn charge_page() -> web_sys::Element {
    mount(move || {
        let session = Session::detached();
        session.catalogue.set(Some(Catalogue::default()));
        provide_context(session);
        provide_context(Prefs::new(false, Theme::System, Locale::default()));
        provide_context(Clock::manual(CREATED));
        view! { <Router><ChargePage/></Router> }
    })
}

/// The message's parent also holds the control it is about.
fn beside(root: &web_sys::Element, field: &str, control: &str) -> String {
    let error = get(root, &format!("error-{field}"));
    let parent = error.parent_element().unwrap();
    assert!(
        parent.contains(Some(&get(root, control))),
        "error-{field} is not beside {control}"
    );
    error.text_content().unwrap_or_default()
}

fn submit_enabled(root: &web_sys::Element) -> bool {
    !get(root, "charge-submit")
        .unchecked_into::<web_sys::HtmlButtonElement>()
        .disabled()
}

#[wasm_bindgen_test]
async fn an_amount_alone_can_be_charged_and_zero_cannot() {
    let root = charge_page();
    settle().await;
    // Nothing typed: off, and the reason is under the button.
    assert!(!submit_enabled(&root));
    assert!(text(&root, "charge-why").contains("Enter an amount"));
    keys(&root, "12.5").await;
    click(&root, "pay-with-BTC").await;
    assert!(submit_enabled(&root), "no description needed");
    assert!(find(&root, "charge-why").is_none());
    let description: web_sys::HtmlInputElement = get(&root, "description").unchecked_into();
    assert_eq!(description.placeholder(), "Sale");
}

#[wasm_bindgen_test]
async fn a_bad_description_is_explained_and_blocks_charging() {
    let root = charge_page();
    settle().await;
    keys(&root, "12.5").await;
    click(&root, "pay-with-BTC").await;
    type_into(&root, "description", "<script>").await;
    assert!(
        find(&root, "error-description").is_none(),
        "no message before trying"
    );
    click(&root, "charge-submit").await;
    let message = beside(&root, "description", "description");
    assert!(message.contains('<'), "{message}");
    assert!(!submit_enabled(&root));
    assert!(text(&root, "charge-why").contains("Fix the fields"));

    type_into(&root, "description", "Croissant").await;
    assert!(find(&root, "error-description").is_none());
    assert!(submit_enabled(&root));
}

#[wasm_bindgen_test]
async fn tether_is_one_button_per_network() {
    let root = charge_page();
    settle().await;
    keys(&root, "25").await;
    assert!(
        find(&root, "pay-with-USDT").is_none(),
        "no network-less Tether"
    );
    assert!(find(&root, "network-select").is_none());
    click(&root, "pay-with-USDT-TRC20").await;
    let pressed = |id: &str| get(&root, id).get_attribute("aria-pressed");
    assert_eq!(pressed("pay-with-USDT-TRC20").as_deref(), Some("true"));
    assert_eq!(pressed("pay-with-USDT-ERC20").as_deref(), Some("false"));
    click(&root, "pay-with-USDT-ERC20").await;
    assert_eq!(pressed("pay-with-USDT-TRC20").as_deref(), Some("false"));
    assert_eq!(pressed("pay-with-USDT-ERC20").as_deref(), Some("true"));
    assert!(submit_enabled(&root));
}

#[wasm_bindgen_test]
async fn customer_details_are_checked_as_they_are_typed() {
    let root = charge_page();
    settle().await;
    click(&root, "customer-toggle").await;
    // Without a country a local number cannot be placed: it asks for the + form.
    type_into(&root, "personal_mobile", "0412 123 123").await;
    assert!(beside(&root, "personal_mobile", "personal_mobile").contains('+'));
    // With one, it is read as that country's number; "uk" is Great Britain.
    type_into(&root, "personal_country", "uk").await;
    assert!(find(&root, "error-personal_country").is_none());
    assert!(find(&root, "error-personal_mobile").is_none());
    type_into(&root, "personal_country", "XX").await;
    let country = beside(&root, "personal_country", "personal_country");
    assert!(
        country.contains("two-letter code") && !country.contains("ISO"),
        "{country}"
    );
    // The date of birth is a date picker.
    type_into(&root, "personal_dob", "2199-01-01").await;
    assert!(beside(&root, "personal_dob", "personal_dob").contains("past"));
    type_into(&root, "personal_dob", "1990-02-01").await;
    assert!(find(&root, "error-personal_dob").is_none());
    type_into(&root, "personal_mobile", "+614123123123").await;
    assert!(find(&root, "error-personal_mobile").is_none());
}

#[wasm_bindgen_test]
async fn the_cart_total_becomes_the_amount() {
    let root = charge_page();
    settle().await;
    click(&root, "cart-toggle").await;
    click(&root, "cart-add").await;
    type_into(&root, "cart-name-0", "Flat white").await;
    type_into(&root, "cart-qty-0", "2").await;
    type_into(&root, "cart-price-0", "4.50").await;
    click(&root, "cart-add").await;
    type_into(&root, "cart-name-1", "Croissant").await;
    type_into(&root, "cart-price-1", "3.25").await;
    assert_eq!(text(&root, "cart-total"), "12.25");
    assert_eq!(text(&root, "amount-display"), "12.25");
    click(&root, "cart-remove-0").await;
    assert_eq!(text(&root, "amount-display"), "3.25");
    assert!(find(&root, "cart-name-1").is_none(), "rows renumber");
}
