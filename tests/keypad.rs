//! The amount keypad: typing (buttons and keyboard), decimals refused beyond the currency's
//! places, backspace, clear, and the locale's decimal key.

mod common;

use common::*;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen_test::*;
use wct_api::Catalogue;
use wct_pos::components::{apply_key, Key};
use wct_pos::hooks::Clock;
use wct_pos::locale::Locale;
use wct_pos::pages::ChargePage;
use wct_pos::session::{Prefs, Session, Theme};

wasm_bindgen_test_configure!(run_in_browser);

fn charge_page(locale: Locale) -> web_sys::Element {
    mount(move || {
        let session = Session::detached();
        session.catalogue.set(Some(Catalogue::default()));
        provide_context(session);
        provide_context(Prefs::new(false, Theme::System, locale));
        provide_context(Clock::manual(CREATED));
        view! { <Router><ChargePage/></Router> }
    })
}

#[wasm_bindgen_test]
fn editing_rules() {
    let typed = |keys: &[Key], decimals| {
        keys.iter()
            .fold(String::new(), |a, k| apply_key(&a, *k, decimals))
    };
    use Key::*;
    assert_eq!(
        typed(&[Digit(5), Digit(0), Point, Digit(0), Digit(0)], 2),
        "50.00"
    );
    assert_eq!(
        typed(&[Digit(1), Point, Digit(2), Digit(3), Digit(4)], 2),
        "1.23"
    );
    assert_eq!(typed(&[Point, Digit(5)], 2), "0.5");
    assert_eq!(typed(&[Digit(0), Digit(0), Digit(7)], 2), "7");
    assert_eq!(typed(&[Digit(1), Point, Point, Digit(2)], 2), "1.2");
    assert_eq!(typed(&[Digit(1), Point, Digit(2)], 0), "12");
    assert_eq!(typed(&[Digit(9), Digit(9), Back], 2), "9");
    assert_eq!(typed(&[Digit(9), Digit(9), Clear], 2), "");
    assert_eq!(typed(&[Digit(1); 12], 2), "111111111");
}

#[wasm_bindgen_test]
async fn buttons_type_refuse_a_third_decimal_backspace_and_clear() {
    let root = charge_page(Locale::default());
    settle().await;
    keys(&root, "1.234").await;
    assert_eq!(text(&root, "amount-display"), "1.23");
    click(&root, "key-back").await;
    assert_eq!(text(&root, "amount-display"), "1.2");
    click(&root, "key-clear").await;
    assert_eq!(text(&root, "amount-display"), "");
    keys(&root, "50.00").await;
    assert_eq!(text(&root, "amount-display"), "50.00");
}

#[wasm_bindgen_test]
async fn the_currency_decides_how_many_decimals() {
    let root = charge_page(Locale::default());
    settle().await;
    let select: web_sys::HtmlSelectElement =
        wasm_bindgen::JsCast::unchecked_into(get(&root, "settlement-select"));
    select.set_value("USDT");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    keys(&root, "1.1234567").await;
    assert_eq!(
        text(&root, "amount-display"),
        "1.123456",
        "USDT has 6 places"
    );
}

#[wasm_bindgen_test]
async fn the_keyboard_types_too() {
    let root = charge_page(Locale::default());
    settle().await;
    let body = common::document().body().unwrap();
    for key in ["7", ".", "2", "5", "9", "Backspace"] {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        body.dispatch_event(&ev).unwrap();
        settle().await;
    }
    assert_eq!(text(&root, "amount-display"), "7.2");
}

#[wasm_bindgen_test]
async fn the_decimal_key_follows_the_locale() {
    let root = charge_page(Locale::new(wct_pos::i18n::Lang::De));
    settle().await;
    assert_eq!(text(&root, "key-point"), ",");
    keys(&root, "12.5").await;
    assert_eq!(text(&root, "amount-display"), "12,5");
}
