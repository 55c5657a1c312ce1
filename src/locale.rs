//! Number formatting per locale: which characters group thousands and mark decimals. The
//! digits themselves always come from `wct_api::money`, so nothing is ever a float.

use rust_decimal::Decimal;
use wct_api::money;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    EnUs,
    EnGb,
    DeDe,
    FrFr,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Self::EnUs, Self::EnGb, Self::DeDe, Self::FrFr];

    pub fn code(self) -> &'static str {
        match self {
            Self::EnUs => "en-US",
            Self::EnGb => "en-GB",
            Self::DeDe => "de-DE",
            Self::FrFr => "fr-FR",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::EnUs => "English (US) — 1,234.56",
            Self::EnGb => "English (UK) — 1,234.56",
            Self::DeDe => "Deutsch — 1.234,56",
            Self::FrFr => "Français — 1 234,56",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn group(self) -> char {
        match self {
            Self::EnUs | Self::EnGb => ',',
            Self::DeDe => '.',
            // French groups with a narrow no-break space.
            Self::FrFr => '\u{202f}',
        }
    }

    pub fn point(self) -> char {
        match self {
            Self::EnUs | Self::EnGb => '.',
            Self::DeDe | Self::FrFr => ',',
        }
    }

    pub fn format(self, value: Decimal, decimals: u32) -> String {
        money::format_display(value, decimals, self.group(), self.point())
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
}

/// Dates and times are the browser's (`Intl`), in the cashier's locale and time zone.
impl Locale {
    /// Local date and time of an RFC 3339 instant (receipts); text that does not parse is
    /// shown as is.
    pub fn date_time(self, rfc3339: &str) -> String {
        to_locale_string(rfc3339, self.code(), None)
    }

    /// Short local date and time (`11/26/26, 12:41 AM`) for lists.
    pub fn short_date_time(self, rfc3339: &str) -> String {
        to_locale_string(rfc3339, self.code(), Some("short"))
    }
}

fn to_locale_string(rfc3339: &str, locale: &str, style: Option<&str>) -> String {
    use js_sys::Reflect;
    use wasm_bindgen::JsValue;
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
