//! Quirk switches: the answers a real WCT Pay might give where its documentation is silent
//! (issue 10, point 7), so the proxy's tests can meet each one.
//!
//! - `expiry`: `expires_at` in the create and getupdate answers and the `posPriceUpdate`
//!   postback as absolute Unix seconds (`seconds`, the default), Unix milliseconds (`ms`), or
//!   seconds left until the quote expires (`remaining`; the seed speaks of "the time until the
//!   price expires").
//! - `omit`: fields the seed does not name that the create answer leaves out:
//!   `payment_amount_asset`, `exchange_rate`, `expires_at` (none by default).
//! - `price_postback`: where `posPriceUpdate` goes: `pos_price_update_postback_url` (the
//!   default), `postback_url` (the seed's prose says the price update "is sent to your
//!   specified postback_url"), or `both`.
//!
//! Set at start by `WCT_SANDBOX_QUIRKS` (see [`Quirks::from_str`]) and at run time through
//! `/sandbox/quirks` (JSON, see [`Quirks`]'s serde form).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How `expires_at` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ExpiryFormat {
    /// Absolute Unix seconds, rounded up (a client never acts before the quote really ended).
    #[default]
    #[serde(rename = "seconds")]
    UnixSeconds,
    /// Absolute Unix milliseconds.
    #[serde(rename = "ms")]
    UnixMillis,
    /// Whole seconds left until the quote expires, rounded up, never negative.
    #[serde(rename = "remaining")]
    SecondsLeft,
}

impl ExpiryFormat {
    pub const NAMES: &'static str = "seconds, ms, remaining";

    /// The `expires_at` value for a quote ending at `expires_at_ms`, written at `now_ms`.
    pub fn render(self, expires_at_ms: i64, now_ms: i64) -> i64 {
        let ceil_secs = |ms: i64| ms.saturating_add(999).div_euclid(1000);
        match self {
            Self::UnixSeconds => ceil_secs(expires_at_ms),
            Self::UnixMillis => expires_at_ms,
            Self::SecondsLeft => ceil_secs(expires_at_ms.saturating_sub(now_ms)).max(0),
        }
    }
}

/// A create-answer field the seed does not name, which a real upstream may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionalField {
    PaymentAmountAsset,
    ExchangeRate,
    ExpiresAt,
}

impl OptionalField {
    pub const ALL: [Self; 3] = [
        Self::PaymentAmountAsset,
        Self::ExchangeRate,
        Self::ExpiresAt,
    ];
    pub const NAMES: &'static str = "payment_amount_asset, exchange_rate, expires_at";

    /// The field's JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Self::PaymentAmountAsset => "payment_amount_asset",
            Self::ExchangeRate => "exchange_rate",
            Self::ExpiresAt => "expires_at",
        }
    }
}

/// Which optional fields the create answer leaves out. Written as a list of field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<OptionalField>", into = "Vec<OptionalField>")]
pub struct Omissions {
    pub payment_amount_asset: bool,
    pub exchange_rate: bool,
    pub expires_at: bool,
}

impl Omissions {
    pub fn contains(&self, field: OptionalField) -> bool {
        match field {
            OptionalField::PaymentAmountAsset => self.payment_amount_asset,
            OptionalField::ExchangeRate => self.exchange_rate,
            OptionalField::ExpiresAt => self.expires_at,
        }
    }

    /// The omitted fields, in a fixed order.
    pub fn fields(&self) -> impl Iterator<Item = OptionalField> + '_ {
        OptionalField::ALL.into_iter().filter(|f| self.contains(*f))
    }
}

impl From<Vec<OptionalField>> for Omissions {
    fn from(fields: Vec<OptionalField>) -> Self {
        let has = |f| fields.contains(&f);
        Self {
            payment_amount_asset: has(OptionalField::PaymentAmountAsset),
            exchange_rate: has(OptionalField::ExchangeRate),
            expires_at: has(OptionalField::ExpiresAt),
        }
    }
}

impl From<Omissions> for Vec<OptionalField> {
    fn from(o: Omissions) -> Self {
        o.fields().collect()
    }
}

/// Where the `posPriceUpdate` postback is sent (each URL the merchant gave; none if it gave
/// none of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PriceUpdateTarget {
    #[default]
    #[serde(rename = "pos_price_update_postback_url")]
    PriceUpdateUrl,
    #[serde(rename = "postback_url")]
    PostbackUrl,
    #[serde(rename = "both")]
    Both,
}

impl PriceUpdateTarget {
    pub const NAMES: &'static str = "pos_price_update_postback_url, postback_url, both";

    /// The URLs a price update goes to, from the payment's two postback URLs.
    pub fn urls<'a>(
        self,
        price_url: Option<&'a str>,
        postback_url: Option<&'a str>,
    ) -> Vec<&'a str> {
        let chosen = match self {
            Self::PriceUpdateUrl => [price_url, None],
            Self::PostbackUrl => [postback_url, None],
            Self::Both => [price_url, postback_url],
        };
        chosen.into_iter().flatten().collect()
    }
}

/// The active quirks. [`Quirks::default`] is the sandbox's usual behaviour.
///
/// JSON form (a switch not named takes its default):
/// `{"expiry":"ms","omit":["payment_amount_asset","exchange_rate"],"price_postback":"both"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quirks {
    #[serde(default)]
    pub expiry: ExpiryFormat,
    #[serde(default)]
    pub omit: Omissions,
    #[serde(default)]
    pub price_postback: PriceUpdateTarget,
}

/// A `WCT_SANDBOX_QUIRKS` item that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QuirksError(String);

/// Reads one word as the serde name of `T`.
fn word<T: serde::de::DeserializeOwned>(
    switch: &str,
    value: &str,
    names: &str,
) -> Result<T, QuirksError> {
    serde_json::from_value(serde_json::Value::String(value.to_string()))
        .map_err(|_| QuirksError(format!("{switch}: {value:?} is not one of {names}")))
}

impl FromStr for Quirks {
    type Err = QuirksError;

    /// The environment form: comma-separated `switch=value` items, e.g.
    /// `expiry=ms,omit=payment_amount_asset+exchange_rate,price_postback=postback_url`.
    /// `omit` lists fields joined by `+` (`omit=none` or `omit=` for none). Empty text is the
    /// default set.
    fn from_str(text: &str) -> Result<Self, QuirksError> {
        let mut quirks = Self::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((switch, value)) = item.split_once('=') else {
                return Err(QuirksError(format!(
                    "{item:?}: write switch=value (expiry, omit or price_postback)"
                )));
            };
            let value = value.trim();
            match switch.trim() {
                "expiry" => quirks.expiry = word(switch, value, ExpiryFormat::NAMES)?,
                "price_postback" => {
                    quirks.price_postback = word(switch, value, PriceUpdateTarget::NAMES)?
                }
                "omit" => {
                    let fields = value
                        .split('+')
                        .map(str::trim)
                        .filter(|f| !f.is_empty() && *f != "none")
                        .map(|f| word(switch, f, OptionalField::NAMES))
                        .collect::<Result<Vec<OptionalField>, _>>()?;
                    quirks.omit = fields.into();
                }
                other => {
                    return Err(QuirksError(format!(
                        "{other:?} is not a quirk; use expiry, omit or price_postback"
                    )))
                }
            }
        }
        Ok(quirks)
    }
}

impl fmt::Display for Quirks {
    /// The environment form, which [`Quirks::from_str`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        let omit: Vec<&str> = self.omit.fields().map(OptionalField::name).collect();
        write!(
            f,
            "expiry={},omit={},price_postback={}",
            name(serde_json::to_value(self.expiry).unwrap_or_default()),
            if omit.is_empty() {
                "none".to_string()
            } else {
                omit.join("+")
            },
            name(serde_json::to_value(self.price_postback).unwrap_or_default()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expiry_formats_have_their_magnitudes() {
        let now = 1_764_547_200_123; // 2025-12-01T00:00:00.123Z
        let ends = now + 900_000;
        assert_eq!(ExpiryFormat::UnixSeconds.render(ends, now), 1_764_548_101);
        assert_eq!(ExpiryFormat::UnixMillis.render(ends, now), ends);
        assert_eq!(ExpiryFormat::SecondsLeft.render(ends, now), 900);
        assert_eq!(
            ExpiryFormat::SecondsLeft.render(now + 1, now),
            1,
            "rounded up"
        );
        assert_eq!(ExpiryFormat::SecondsLeft.render(now - 5_000, now), 0);
    }

    #[test]
    fn environment_form() {
        assert_eq!("".parse::<Quirks>().unwrap(), Quirks::default());
        let q: Quirks = "expiry=ms, omit=payment_amount_asset+exchange_rate ,price_postback=both"
            .parse()
            .unwrap();
        assert_eq!(q.expiry, ExpiryFormat::UnixMillis);
        assert!(q.omit.payment_amount_asset && q.omit.exchange_rate && !q.omit.expires_at);
        assert_eq!(q.price_postback, PriceUpdateTarget::Both);
        assert_eq!(q.to_string().parse::<Quirks>().unwrap(), q);
        let q: Quirks = "expiry=remaining,omit=none,price_postback=postback_url"
            .parse()
            .unwrap();
        assert_eq!(q.expiry, ExpiryFormat::SecondsLeft);
        assert_eq!(q.omit, Omissions::default());
        assert_eq!(q.price_postback, PriceUpdateTarget::PostbackUrl);
        assert_eq!(
            Quirks::default().to_string(),
            "expiry=seconds,omit=none,price_postback=pos_price_update_postback_url"
        );
        for (bad, named) in [
            ("expiry=minutes", "seconds, ms, remaining"),
            ("omit=payment_code", "payment_amount_asset"),
            ("price_postback=email", "postback_url, both"),
            ("speed=fast", "not a quirk"),
            ("expiry", "switch=value"),
        ] {
            let err = bad.parse::<Quirks>().unwrap_err().to_string();
            assert!(err.contains(named), "{bad}: {err}");
        }
    }

    #[test]
    fn json_form() {
        let q: Quirks = serde_json::from_value(json!({
            "expiry": "remaining", "omit": ["expires_at"], "price_postback": "postback_url"
        }))
        .unwrap();
        assert_eq!(
            serde_json::to_value(q).unwrap(),
            json!({"expiry": "remaining", "omit": ["expires_at"], "price_postback": "postback_url"})
        );
        let partial: Quirks = serde_json::from_value(json!({"expiry": "ms"})).unwrap();
        assert_eq!(partial.omit, Omissions::default());
        assert_eq!(partial.price_postback, PriceUpdateTarget::PriceUpdateUrl);
        assert!(serde_json::from_value::<Quirks>(json!({"expiry": "hours"})).is_err());
        assert!(serde_json::from_value::<Quirks>(json!({"expires": "ms"})).is_err());
        assert!(serde_json::from_value::<Quirks>(json!({"omit": ["paymentId"]})).is_err());
    }

    #[test]
    fn price_update_targets() {
        let (price, post) = (Some("http://p/price"), Some("http://p/post"));
        assert_eq!(
            PriceUpdateTarget::PriceUpdateUrl.urls(price, post),
            ["http://p/price"]
        );
        assert_eq!(
            PriceUpdateTarget::PostbackUrl.urls(price, post),
            ["http://p/post"]
        );
        assert_eq!(
            PriceUpdateTarget::Both.urls(price, post),
            ["http://p/price", "http://p/post"]
        );
        assert_eq!(PriceUpdateTarget::Both.urls(None, post), ["http://p/post"]);
        assert!(PriceUpdateTarget::PostbackUrl.urls(price, None).is_empty());
    }
}
