//! The text rules every free-text field shares: no bidi controls, zero-width characters or
//! line separators; invisible-only text is empty; names and text are compared in NFC.

use time::macros::date;
use wct_api::upstream::{CartItem, PaymentFields};
use wct_api::validate::{
    check_description, check_person_name, check_text, is_blank, nfc, normalize_payment,
    validate_payment,
};
use wct_api::Catalogue;

fn valid() -> PaymentFields {
    PaymentFields {
        amount: "50.00".into(),
        asset: "USD".into(),
        requested_asset: "BTC".into(),
        description: "Two flat whites".into(),
        reference: "POS-0001".into(),
        ..Default::default()
    }
}

const BIDI: [char; 9] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];
const ZERO_WIDTH: [char; 5] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];
const SEPARATORS: [char; 2] = ['\u{2028}', '\u{2029}'];

#[test]
fn bidi_zero_width_and_separators_are_refused_in_free_text() {
    for c in BIDI.iter().chain(&ZERO_WIDTH).chain(&SEPARATORS) {
        let text = format!("Flat{c}white");
        assert!(check_text(&text, 64).is_err(), "{c:?}");
        assert!(check_description(&text).is_err(), "{c:?}");
        assert!(check_person_name(&format!("Ann{c}e")).is_err(), "{c:?}");
    }
    assert_eq!(
        check_text("a\u{202E}b", 64),
        Err("remove text-direction control characters".into())
    );
    assert_eq!(
        check_text("a\u{200B}b", 64),
        Err("remove invisible characters".into())
    );
    assert_eq!(
        check_text("a\u{2028}b", 64),
        Err("remove line breaks and control characters".into())
    );
    // Ordinary non-Latin text and emoji still pass.
    for fine in [
        "Crème brûlée",
        "日本茶",
        "Café ☕",
        "Ελληνικός καφές",
        "قهوة",
    ] {
        assert_eq!(check_text(fine, 64), Ok(()), "{fine}");
    }
}

#[test]
fn every_free_text_field_of_a_payment_applies_the_rules() {
    let today = date!(2026 - 11 - 25);
    let sneaky = "Flat\u{202E}white";
    let item = |name: &str, desc: &str| CartItem::item(name, desc, "1", "50.00");
    type Edit = Box<dyn Fn(&mut PaymentFields)>;
    let edits: Vec<(&str, Edit)> = vec![
        ("description", Box::new(|p| p.description = sneaky.into())),
        ("reference", Box::new(|p| p.reference = sneaky.into())),
        (
            "cart_items[0].item_name",
            Box::new(move |p| p.cart_items = vec![item(sneaky, "")]),
        ),
        (
            "cart_items[0].item_desc",
            Box::new(move |p| p.cart_items = vec![item("Latte", sneaky)]),
        ),
        (
            "personal_fname",
            Box::new(|p| p.personal_fname = Some(sneaky.into())),
        ),
        (
            "personal_lname",
            Box::new(|p| p.personal_lname = Some(sneaky.into())),
        ),
        (
            "personal_address",
            Box::new(|p| p.personal_address = Some(sneaky.into())),
        ),
        (
            "personal_city",
            Box::new(|p| p.personal_city = Some(sneaky.into())),
        ),
        (
            "personal_state",
            Box::new(|p| p.personal_state = Some(sneaky.into())),
        ),
    ];
    for (field, edit) in edits {
        let mut p = valid();
        edit(&mut p);
        normalize_payment(&mut p);
        let errors = validate_payment(&p, &Catalogue::default(), today).unwrap_err();
        assert!(errors.get(field).is_some(), "{field}: {errors:?}");
    }
}

#[test]
fn invisible_only_text_is_empty() {
    for blank in [
        "",
        " ",
        "\u{200B}",
        "\u{200B}\u{200C}\u{FEFF}",
        "\u{3164}",
        " \u{2800} ",
    ] {
        assert!(is_blank(blank), "{blank:?}");
        assert_eq!(check_description(blank), Err("enter a description".into()));
    }
    assert!(!is_blank("a\u{200B}"));
}

#[test]
fn decomposed_names_pass_and_are_normalised() {
    let decomposed = "Jose\u{0301}";
    assert_eq!(nfc(decomposed), "Jos\u{e9}");
    assert_eq!(check_person_name(&nfc(decomposed)), Ok(()));
    // Even before normalising, an accent on a letter is part of the name…
    assert_eq!(check_person_name(decomposed), Ok(()));
    // …but an accent on nothing is not.
    assert!(check_person_name("\u{0301}Ann").is_err());
    assert!(check_person_name("Ann \u{0301}").is_err());

    let mut p = valid();
    p.personal_fname = Some(decomposed.into());
    p.description = "Cafe\u{0301}".into();
    p.cart_items = vec![CartItem::item(
        "Cre\u{0300}me",
        "bru\u{0302}le\u{0301}e",
        "1",
        "50.00",
    )];
    normalize_payment(&mut p);
    assert_eq!(p.personal_fname.as_deref(), Some("Jos\u{e9}"));
    assert_eq!(p.description, "Caf\u{e9}");
    assert_eq!(p.cart_items[0].item_name, "Cr\u{e8}me");
    assert_eq!(p.cart_items[0].item_desc, "br\u{fb}l\u{e9}e");
    assert_eq!(
        validate_payment(&p, &Catalogue::default(), date!(2026 - 11 - 25)),
        Ok(())
    );
    // Lengths count the composed characters once normalised.
    let mut p = valid();
    p.description = "e\u{0301}".repeat(255);
    normalize_payment(&mut p);
    assert_eq!(check_description(&p.description), Ok(()));
}
