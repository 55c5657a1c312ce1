//! The till in the reader's language: the store's language changes the words, a device's own
//! choice wins, Arabic turns the page right to left, server error codes are worded by the app
//! (a known code translated, an unknown one generic), and the German keypad shows a comma
//! while the amount it types keeps a point.

mod common;

use common::*;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wct_api::pos::ErrorCode;
use wct_api::Catalogue;
use wct_pos::api::{error_from_body, ApiError};
use wct_pos::components::{apply_key, Key};
use wct_pos::hooks::Clock;
use wct_pos::i18n::{add_language, text_in, I18n, InLanguage, Lang};
use wct_pos::locale::Locale;
use wct_pos::pages::ChargePage;
use wct_pos::session::{Prefs, Session, Theme};

wasm_bindgen_test_configure!(run_in_browser);

/// What a fetch of the language files would bring (the test page has no build to fetch from).
fn languages() {
    add_language(Lang::De, include_str!("../api/locales/app/de.ftl"));
    add_language(Lang::Fr, include_str!("../api/locales/app/fr.ftl"));
    add_language(Lang::Ar, include_str!("../api/locales/app/ar.ftl"));
}

/// The Charge screen inside the till's language switch, with the app's language signals.
fn till() -> (web_sys::Element, I18n) {
    languages();
    let i18n = I18n::detached();
    let root = mount(move || {
        let session = Session::detached();
        session.catalogue.set(Some(Catalogue::default()));
        provide_context(session);
        provide_context(Prefs::new(false, Theme::System, Locale::default()));
        provide_context(Clock::manual(CREATED));
        provide_context(i18n);
        let lang = Signal::derive(move || i18n.till());
        let print = Signal::derive(move || i18n.store.get());
        view! { <Router><InLanguage lang=lang print=print><ChargePage/></InLanguage></Router> }
    });
    (root, i18n)
}

fn html_attr(name: &str) -> String {
    common::document()
        .document_element()
        .and_then(|e| e.get_attribute(name))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_stores_language_changes_the_tills_words_and_the_devices_choice_wins() {
    let (root, i18n) = till();
    settle().await;
    assert_eq!(text(&root, "charge-submit"), "Charge");
    assert_eq!(text(&root, "key-clear"), "Clear");

    i18n.store.set(Lang::De);
    settle().await;
    assert_eq!(text(&root, "charge-submit"), "Kassieren");
    assert_eq!(text(&root, "key-clear"), "Löschen");
    assert_eq!(html_attr("lang"), "de");

    // This device's own choice wins over the store's.
    i18n.device.set(Some(Lang::Fr));
    settle().await;
    assert_eq!(text(&root, "charge-submit"), "Encaisser");
    assert_eq!(html_attr("lang"), "fr");

    // Back to the store's.
    i18n.device.set(None);
    settle().await;
    assert_eq!(text(&root, "charge-submit"), "Kassieren");
    i18n.store.set(Lang::En);
    settle().await;
}

#[wasm_bindgen_test]
async fn arabic_turns_the_page_right_to_left() {
    let (root, i18n) = till();
    settle().await;
    assert_eq!(html_attr("dir"), "ltr");
    i18n.device.set(Some(Lang::Ar));
    settle().await;
    assert_eq!(html_attr("dir"), "rtl");
    assert_eq!(html_attr("lang"), "ar");
    assert_eq!(text(&root, "charge-submit"), "تحصيل");
    i18n.device.set(None);
    settle().await;
    assert_eq!(html_attr("dir"), "ltr");
}

#[wasm_bindgen_test]
async fn the_german_keypad_shows_a_comma_and_the_amount_keeps_a_point() {
    let (root, i18n) = till();
    i18n.store.set(Lang::De);
    settle().await;
    assert_eq!(text(&root, "key-point"), ",");
    keys(&root, "12.5").await;
    assert_eq!(text(&root, "amount-display"), "12,5");
    // The same keys make the text the form sends: a point, whatever the screen shows.
    let typed = [Key::Digit(1), Key::Digit(2), Key::Point, Key::Digit(5)]
        .iter()
        .fold(String::new(), |a, k| apply_key(&a, *k, 2));
    assert_eq!(typed, "12.5");
    let label = text(&root, "charge-submit");
    assert!(label.contains("12,50"), "{label}");
    i18n.store.set(Lang::En);
    settle().await;
}

fn refusal(status: u16, json: &str) -> ApiError {
    let body = js_sys::JSON::parse(json).unwrap_or(JsValue::NULL);
    error_from_body(status, Some(body), None)
}

#[wasm_bindgen_test]
async fn server_codes_are_worded_by_the_app_and_an_unknown_code_gets_the_generic_message() {
    let (_root, i18n) = till();
    i18n.store.set(Lang::De);
    settle().await;
    let known = refusal(
        401,
        r#"{"error":{"code":"pin_wrong","message":"wrong manager PIN; 4 tries left"}}"#,
    );
    assert_eq!(known.code(), Some(ErrorCode::PinWrong));
    assert_eq!(known.to_string(), "Falsche Manager-PIN.");
    // The server's own sentence stays reachable behind "More".
    assert!(known.detail().unwrap_or_default().contains("4 tries left"));

    // A code this app does not know (a newer server): the generic message, translated.
    let unknown = refusal(
        409,
        r#"{"error":{"code":"stock_exhausted","message":"out of stock"}}"#,
    );
    assert_eq!(unknown, ApiError::Status(409));
    assert_eq!(unknown.to_string(), text_in(Lang::De, "error-generic", &[]));
    assert!(unknown.to_string().starts_with("Beim Server"));

    // In English the server's sentence is shown as it is.
    i18n.store.set(Lang::En);
    settle().await;
    assert_eq!(known.to_string(), "wrong manager PIN; 4 tries left");
}
