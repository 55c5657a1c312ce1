//! Pairing codes as typed and as carried by a link's fragment, the suggested device name, and
//! the pairing screen's messages and address bar.

mod common;

use common::*;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wct_api::pos::{ApiErrorBody, ErrorCode};
use wct_pos::api::ApiError;
use wct_pos::components::pairing::{
    check_code, check_device_name, code_from_hash, device_name_from_user_agent, format_code_input,
    name_from_hash, CodeProblem,
};
use wct_pos::pages::pair::pair_error_text;
use wct_pos::pages::PairPage;
use wct_pos::session::Session;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn typed_codes_are_shown_in_capitals_with_the_dash() {
    assert_eq!(format_code_input("k7qf"), "K7QF");
    assert_eq!(format_code_input("k7qf2"), "K7QF-2");
    assert_eq!(format_code_input("k7qf2m9x"), "K7QF-2M9X");
    assert_eq!(format_code_input("K7QF - 2M9X"), "K7QF-2M9X");
    // A dash typed by hand after four characters is not doubled.
    assert_eq!(format_code_input("K7QF-"), "K7QF");
    assert_eq!(format_code_input(""), "");
}

#[wasm_bindgen_test]
fn a_code_is_eight_characters_of_the_alphabet() {
    assert_eq!(check_code("k7qf-2m9x").as_deref(), Ok("K7QF-2M9X"));
    assert_eq!(check_code("K7QF 2M9X").as_deref(), Ok("K7QF-2M9X"));
    assert_eq!(check_code(""), Err(CodeProblem::Empty));
    assert_eq!(check_code("K7QF-2M"), Err(CodeProblem::TooShort));
    assert_eq!(check_code("K7QF-2M9XA"), Err(CodeProblem::TooLong));
    // The look-alikes are never in a code: say which one was typed.
    assert_eq!(
        check_code("K7QF-2M9O"),
        Err(CodeProblem::NotInAlphabet('O'))
    );
    assert_eq!(
        check_code("K0QF-2M9X"),
        Err(CodeProblem::NotInAlphabet('0'))
    );
    assert_eq!(
        check_code("k7lf-2m9x"),
        Err(CodeProblem::NotInAlphabet('L'))
    );
    // Unfinished is not wrong: only wrong characters and too many are shown while typing.
    assert!(!CodeProblem::TooShort.is_instant());
    assert!(!CodeProblem::Empty.is_instant());
    assert!(CodeProblem::TooLong.is_instant());
    assert!(CodeProblem::NotInAlphabet('1').is_instant());
    assert!(CodeProblem::NotInAlphabet('1').to_string().contains("“1”"));
}

#[wasm_bindgen_test]
fn the_code_comes_from_the_fragment_of_a_pairing_link() {
    assert_eq!(
        code_from_hash("#code=K7QF-2M9X").as_deref(),
        Some("K7QF-2M9X")
    );
    assert_eq!(
        code_from_hash("#code=k7qf2m9x").as_deref(),
        Some("K7QF-2M9X")
    );
    assert_eq!(
        code_from_hash("#x=1&code=K7QF%2D2M9X").as_deref(),
        Some("K7QF-2M9X")
    );
    assert_eq!(
        code_from_hash("code=K7QF-2M9X").as_deref(),
        Some("K7QF-2M9X")
    );
    assert_eq!(code_from_hash(""), None);
    assert_eq!(code_from_hash("#"), None);
    assert_eq!(code_from_hash("#code="), None);
    assert_eq!(code_from_hash("#token=abc"), None);
}

#[wasm_bindgen_test]
fn the_suggested_device_name_names_browser_and_system() {
    let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
    let ipad = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    let firefox =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0";
    let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0";
    let samsung = "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36";
    assert_eq!(device_name_from_user_agent(android), "Chrome on Android");
    assert_eq!(device_name_from_user_agent(ipad), "Safari on iPad");
    assert_eq!(device_name_from_user_agent(firefox), "Firefox on Windows");
    assert_eq!(device_name_from_user_agent(edge), "Edge on Windows");
    assert_eq!(
        device_name_from_user_agent(samsung),
        "Samsung Internet on Android"
    );
    assert_eq!(device_name_from_user_agent(""), "This device");
    // Whatever it suggests passes the server's rules.
    for ua in [android, ipad, firefox, edge, samsung, ""] {
        assert!(check_device_name(&device_name_from_user_agent(ua)).is_ok());
    }
}

#[wasm_bindgen_test]
fn device_names_follow_the_free_text_rules() {
    assert_eq!(
        check_device_name("  Counter tablet ").as_deref(),
        Ok("Counter tablet")
    );
    // Typed in decomposed form: accepted (the server stores it composed).
    assert!(check_device_name("Jose\u{301}").is_ok());
    assert!(check_device_name("").is_err());
    assert!(check_device_name("\u{200B}\u{200B}").is_err());
    assert!(check_device_name("Till \u{202E}1").is_err());
    assert!(check_device_name("Till<script>").is_err());
    assert_eq!(
        check_device_name(&"x".repeat(61)),
        Err("At most 60 characters.".to_string())
    );
    assert!(check_device_name(&"x".repeat(60)).is_ok());
}

fn api_error(status: u16, code: ErrorCode, retry_after: Option<u64>) -> ApiError {
    ApiError::Api {
        status,
        body: Box::new(ApiErrorBody::new(code, "from the server")),
        retry_after,
    }
}

#[wasm_bindgen_test]
fn each_refusal_says_what_happened() {
    let used = pair_error_text(&api_error(410, ErrorCode::PairingCodeUsed, None));
    assert!(used.contains("already been used"), "{used}");
    let expired = pair_error_text(&api_error(410, ErrorCode::PairingCodeExpired, None));
    assert!(expired.contains("expired"), "{expired}");
    let unknown = pair_error_text(&api_error(401, ErrorCode::Unauthorized, None));
    assert!(unknown.contains("not known"), "{unknown}");
    let throttled = pair_error_text(&api_error(429, ErrorCode::RateLimited, Some(42)));
    assert!(throttled.contains("Try again in 42 s"), "{throttled}");
    let long = pair_error_text(&api_error(429, ErrorCode::RateLimited, Some(600)));
    assert!(long.contains("Try again in 10 min"), "{long}");
    let offline = pair_error_text(&ApiError::Network);
    assert!(offline.contains("could not be reached"), "{offline}");
}

fn pair_page() -> web_sys::Element {
    mount(move || {
        provide_context(Session::detached());
        view! { <Router><PairPage/></Router> }
    })
}

#[wasm_bindgen_test]
async fn a_link_fills_the_code_and_leaves_the_address_bar() {
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#code=k7qf2m9x"))
        .unwrap();
    let root = pair_page();
    settle().await;
    let code = get(&root, "pair-code").unchecked_into::<web_sys::HtmlInputElement>();
    assert_eq!(code.value(), "K7QF-2M9X");
    assert_eq!(
        window.location().hash().unwrap(),
        "",
        "the code stays in the URL"
    );
    let name = get(&root, "device-name").unchecked_into::<web_sys::HtmlInputElement>();
    assert!(!name.value().is_empty(), "a device name is suggested");
}

#[wasm_bindgen_test]
async fn a_wrong_character_is_flagged_while_typing_and_a_short_code_on_submit() {
    let root = pair_page();
    settle().await;
    type_into(&root, "pair-code", "k7q").await;
    assert!(
        find(&root, "pair-error").is_none(),
        "unfinished is not an error"
    );
    type_into(&root, "pair-code", "k7qo").await;
    assert!(text(&root, "pair-error").contains("“O”"));
    type_into(&root, "pair-code", "k7qf2").await;
    assert_eq!(
        get(&root, "pair-code")
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value(),
        "K7QF-2"
    );
    assert!(find(&root, "pair-error").is_none());
    click(&root, "pair-submit").await;
    assert!(text(&root, "pair-error").contains("8 letters and digits"));
    type_into(&root, "device-name", "").await;
    click(&root, "pair-submit").await;
    assert!(text(&root, "error-device-name").contains("name"));
}

#[wasm_bindgen_test]
fn a_link_can_carry_the_name_the_new_device_is_given() {
    assert_eq!(
        name_from_hash("#code=K7QF-2M9X&name=Till%202").as_deref(),
        Some("Till 2")
    );
    assert_eq!(
        name_from_hash("#code=K7QF-2M9X&name=Caf%C3%A9").as_deref(),
        Some("Café")
    );
    assert_eq!(name_from_hash("#code=K7QF-2M9X"), None);
    assert_eq!(name_from_hash("#code=K7QF-2M9X&name="), None);
    // A broken escape is no name rather than a garbled one.
    assert_eq!(name_from_hash("#code=K7QF-2M9X&name=%E0%A4%A"), None);
}
