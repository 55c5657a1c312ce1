//! Numbers, amounts, dates and times in a language's own way, through the browser's `Intl`.
//! Amounts reach `Intl.NumberFormat` as decimal strings (which it formats exactly), never as
//! floats; where a browser cannot format a string, `wct_api::money` writes it with the
//! language's separators. Digits stay Latin in every language (Arabic included): amounts are
//! compared with wallets and addresses, which are Latin.

use rust_decimal::Decimal;
use wasm_bindgen::{JsCast, JsValue};
use wct_api::i18n::Lang;
use wct_api::money;

/// How one language writes numbers and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Locale(pub Lang);

impl Locale {
    pub fn new(lang: Lang) -> Self {
        Self(lang)
    }

    /// The tag handed to `Intl`: the language, with Latin digits.
    pub fn intl_tag(self) -> String {
        format!("{}-u-nu-latn", self.0.code())
    }

    /// The decimal mark (the keypad's point key).
    pub fn point(self) -> char {
        self.0.separators().1
    }

    /// `value` with exactly `decimals` places.
    pub fn format(self, value: Decimal, decimals: u32) -> String {
        let exact = value.round_dp(decimals);
        intl_number(
            &self.intl_tag(),
            &format!("{exact:.prec$}", prec = decimals as usize),
            decimals,
        )
        .unwrap_or_else(|| {
            let (group, point) = self.0.separators();
            money::format_display(value, decimals, group, point)
        })
    }

    /// Formats a decimal string from the server; text that does not parse is shown as is.
    pub fn format_str(self, text: &str, decimals: u32) -> String {
        match money::parse_non_negative(text, money::MAX_PRECISION) {
            Ok(v) => self.format(v, decimals),
            Err(_) => text.to_string(),
        }
    }

    /// Formats an amount keeping the places it came with (crypto quotes are exact strings).
    pub fn format_exact(self, text: &str) -> String {
        let places = text.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        self.format_str(text, places)
    }

    /// An amount being typed (`12.5`, `0.`), with this language's decimal mark: no grouping
    /// and no padding, so what is on screen is what was typed.
    pub fn typed(self, text: &str) -> String {
        text.replace('.', &self.point().to_string())
    }

    /// A fiat currency's name in this language (`Intl.DisplayNames`), e.g. "Dólar
    /// estadounidense" for `USD`; `None` in English (the catalogue's own name is English),
    /// for a code the browser does not know (`USDT`), or without `Intl.DisplayNames`.
    pub fn currency_name(self, code: &str) -> Option<String> {
        if self.0 == Lang::En {
            return None;
        }
        display_name(self.0.code(), "currency", code)
    }

    /// Local date and time of an RFC 3339 instant (receipts); text that does not parse is
    /// shown as is.
    pub fn date_time(self, rfc3339: &str) -> String {
        to_locale_string(rfc3339, &self.intl_tag(), None)
    }

    /// Short local date and time for lists.
    pub fn short_date_time(self, rfc3339: &str) -> String {
        to_locale_string(rfc3339, &self.intl_tag(), Some("short"))
    }
}

/// `Intl.NumberFormat(tag, {min/maxFractionDigits}).format("1234.50")`; `None` when the
/// browser does not take a string exactly (it would go through a float) or fails.
fn intl_number(tag: &str, decimal: &str, decimals: u32) -> Option<String> {
    use js_sys::Reflect;
    let options = js_sys::Object::new();
    let places = JsValue::from(decimals.min(20));
    Reflect::set(&options, &"minimumFractionDigits".into(), &places).ok()?;
    Reflect::set(&options, &"maximumFractionDigits".into(), &places).ok()?;
    let locales = js_sys::Array::of1(&tag.into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &options);
    let function: js_sys::Function = format.format().dyn_into().ok()?;
    let text = function.call1(&format, &decimal.into()).ok()?.as_string()?;
    // A browser that formats strings as floats would round long crypto amounts: check that
    // every digit came through.
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    (digits(&text) == digits(decimal)).then_some(text)
}

/// `new Intl.DisplayNames([tag], {type, fallback: "none"}).of(code)`, looked up by name so a
/// browser without it simply has no name.
fn display_name(tag: &str, kind: &str, code: &str) -> Option<String> {
    use js_sys::Reflect;
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: js_sys::Function = Reflect::get(&intl, &"DisplayNames".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"type".into(), &kind.into()).ok()?;
    Reflect::set(&options, &"fallback".into(), &"none".into()).ok()?;
    let args = js_sys::Array::of2(&js_sys::Array::of1(&tag.into()), &options);
    let names = Reflect::construct(&constructor, &args).ok()?;
    let of: js_sys::Function = Reflect::get(&names, &"of".into()).ok()?.dyn_into().ok()?;
    of.call1(&names, &code.into()).ok()?.as_string()
}

fn to_locale_string(rfc3339: &str, locale: &str, style: Option<&str>) -> String {
    use js_sys::Reflect;
    let Some(secs) = wct_api::clock::parse_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    let options = match style {
        Some(style) => {
            let options = js_sys::Object::new();
            let _ = Reflect::set(&options, &"dateStyle".into(), &style.into());
            let _ = Reflect::set(&options, &"timeStyle".into(), &style.into());
            options.into()
        }
        None => JsValue::UNDEFINED,
    };
    String::from(date.to_locale_string(locale, &options))
}
