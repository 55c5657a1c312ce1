//! Telling a tip line from an item line: by its kind ([`is_tip_line`]), and refusing an item
//! line named like a tip ([`looks_like_tip`]). Below both `tips` and `validate`, which use it.

use crate::upstream::{CartItem, LineKind};

/// Whether a cart line is the tip: its kind, never its name.
pub fn is_tip_line(item: &CartItem) -> bool {
    item.kind == LineKind::Tip
}

/// Default-ignorable code points (Unicode's `Default_Ignorable_Code_Point`, 16.0): invisible
/// characters a name may hide in a word.
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// What a tip's name reduces to under [`tip_keys`], in every letter case ("tip", "TIP",
/// "tIp"…: a capital I's skeleton is an l).
#[cfg(feature = "confusables")]
const TIP_KEYS: [&str; 4] = ["tip", "tips", "tlp", "tlps"];

/// The keys a name is compared with "tip" by (Unicode, the proxy's): NFKC (fullwidth and
/// mathematical letters become plain ones); default-ignorable characters and white space
/// dropped; then, for the name as written, case-folded and upper-cased, the UTS #39
/// confusables skeleton (Cyrillic і → i, Т → T, 1 and I → l), case-folded again, without
/// accents and anything but letters and digits. The skeleton runs before and after folding
/// because some look-alikes only match in one case (Cyrillic Т is T, its small т is no t).
#[cfg(feature = "confusables")]
pub(crate) fn tip_keys(name: &str) -> [String; 3] {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    use unicode_security::confusable_detection::skeleton;

    let bare: String = name
        .nfkc()
        .filter(|c| !is_default_ignorable(*c) && !c.is_whitespace())
        .collect();
    let key = |text: &str| -> String {
        let folded: String = skeleton(text).flat_map(char::to_lowercase).collect();
        folded
            .nfkd()
            .filter(|c| !is_combining_mark(*c) && c.is_alphanumeric())
            .collect()
    };
    [
        key(&bare),
        key(&bare.to_lowercase()),
        key(&bare.to_uppercase()),
    ]
}

/// Whether an item line's name reads as "tip" or "tips" in any letter case or script (see
/// [`tip_keys`]; with the `confusables` feature, which the proxy enables). Without it (the
/// app) a cheap ASCII check for instant feedback: case, spaces, and 1, l or | for the i.
pub fn looks_like_tip(name: &str) -> bool {
    #[cfg(feature = "confusables")]
    {
        tip_keys(name)
            .iter()
            .any(|k| TIP_KEYS.contains(&k.as_str()))
    }
    #[cfg(not(feature = "confusables"))]
    {
        let key: String = name
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !is_default_ignorable(*c))
            .map(|c| match c.to_ascii_lowercase() {
                '1' | 'l' | '|' => 'i',
                c => c,
            })
            .collect();
        key == "tip" || key == "tips"
    }
}

/// Why an item line named like a tip is refused, naming the line (invisible characters shown
/// as `\u{…}`).
pub fn named_like_a_tip(name: &str) -> String {
    let mut shown = String::with_capacity(name.len() + 2);
    for c in name.chars() {
        if is_default_ignorable(c) || (c.is_whitespace() && c != ' ') || c.is_control() {
            shown.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    format!(
        "the line \"{shown}\" is named like a tip: a line named like a tip must be the tip; \
         add tips with the tip buttons"
    )
}
