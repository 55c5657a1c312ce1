//! Wire shapes of the WCT Pay POS API (see `shared/wct-pay-api.md`): requests the proxy sends,
//! answers it reads, and the postbacks the upstream posts back. Deserialisation tolerates what
//! the documentation shows varying: numbers as strings, getupdate flat or wrapped in
//! `payment`, absent optional fields.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::state::StatusCode;

/// Serde helpers for fields that arrive as a string or a number.
pub mod flex {
    use super::*;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Num(serde_json::Number),
    }

    /// A string, or a JSON number kept as its text (never through a float for integers).
    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(match Raw::deserialize(d)? {
            Raw::Text(t) => t,
            Raw::Num(n) => n.to_string(),
        })
    }

    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(deserialize_with = "string")] String);
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }

    /// A non-negative integer given as a number or a string of digits.
    pub fn opt_u128<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u128>, D::Error> {
        opt_string(d)?
            .filter(|s| !s.is_empty())
            .map(|s| crate::money::parse_base_units(&s).map_err(serde::de::Error::custom))
            .transpose()
    }

    pub fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        opt_string(d)?
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<u32>().map_err(serde::de::Error::custom))
            .transpose()
    }

    pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        opt_string(d)?
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<i64>().map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// One cart line, as the seed names it: `item_name,item_desc,item_quantity,unit_price`, plus
/// the proxy's own `kind` (never sent to WCT Pay: see [`PaymentFields::for_upstream`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartItem {
    pub item_name: String,
    #[serde(default)]
    pub item_desc: String,
    /// Whole units; accepted as a number or a string of digits.
    #[serde(deserialize_with = "flex::string")]
    pub item_quantity: String,
    /// Decimal string in the settlement asset.
    pub unit_price: String,
    /// What the line is: an item (the default, so a body without `kind` still parses and an
    /// item line is written as it always was) or the tip. Only a tip line is a tip: its name
    /// does not make it one (see [`crate::tips`]).
    #[serde(default, skip_serializing_if = "LineKind::is_item")]
    pub kind: LineKind,
    /// The catalogue product the line was tapped from (the proxy re-prices it from there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The product's SKU or barcode (also enough for the proxy to find it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The id of the store's tax rate; absent: the store's default (see [`crate::tax`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<String>,
    /// The line's own discount, before tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
}

impl CartItem {
    /// An item line.
    pub fn item(name: &str, desc: &str, quantity: &str, unit_price: &str) -> Self {
        Self {
            item_name: name.into(),
            item_desc: desc.into(),
            item_quantity: quantity.into(),
            unit_price: unit_price.into(),
            kind: LineKind::Item,
            product_id: None,
            sku: None,
            tax_rate: None,
            discount: None,
        }
    }
}

/// A discount before tax, on a line or the whole sale: `{"percent":"10"}` or
/// `{"amount":"2.50"}` (settlement currency). The proxy's, never sent to WCT Pay; the rules
/// are in [`crate::tax`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discount {
    Percent(String),
    Amount(String),
}

/// The kind of a cart line (`"item"` or `"tip"` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Something sold.
    #[default]
    Item,
    /// The tip, added with the tip buttons and checked against the store's tip settings.
    Tip,
}

impl LineKind {
    pub fn is_item(&self) -> bool {
        *self == Self::Item
    }
}

/// The merchant-supplied fields of a POS payment: the seed's request minus `key`, `hash` and
/// the two postback URLs. This is also the body of the proxy's `POST /api/payments`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentFields {
    pub amount: String,
    pub asset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_network: Option<String>,
    pub requested_asset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_asset_network: Option<String>,
    pub description: String,
    pub reference: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cart_items: Vec<CartItem>,
    /// A discount on the whole sale, before tax (the proxy's; never sent to WCT Pay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_discount: Option<Discount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_fname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_lname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_dob: Option<String>,
}

impl PaymentFields {
    /// The fields as WCT Pay gets them: every cart line without the proxy's `kind` (the seed
    /// knows only `item_name,item_desc,item_quantity,unit_price`).
    pub fn for_upstream(&self) -> Self {
        let mut fields = self.clone();
        fields.sale_discount = None;
        for item in &mut fields.cart_items {
            item.kind = LineKind::Item;
            item.product_id = None;
            item.sku = None;
            item.tax_rate = None;
            item.discount = None;
        }
        fields
    }

    /// Whether any customer detail was given (those are personal data: never public).
    pub fn has_personal(&self) -> bool {
        [
            &self.personal_fname,
            &self.personal_lname,
            &self.personal_address,
            &self.personal_city,
            &self.personal_state,
            &self.personal_country,
            &self.personal_postcode,
            &self.personal_mobile,
            &self.personal_dob,
        ]
        .iter()
        .any(|f| f.as_deref().is_some_and(|v| !v.is_empty()))
    }
}

/// `POST payment-pos/post`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatePosPayment {
    pub key: String,
    /// MD5(key + asset + amount + secret), see [`crate::sign::create_hash`].
    pub hash: String,
    #[serde(flatten)]
    pub fields: PaymentFields,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos_price_update_postback_url: Option<String>,
}

/// Success answer of `payment-pos/post`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatePosPaymentOk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Not named by the seed: optional, checked when present.
    #[serde(
        rename = "paymentId",
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_id: Option<String>,
    /// Not named by the seed either: when absent, the proxy asks getupdate by reference,
    /// which names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_code: Option<String>,
    pub payment_address: String,
    /// Decimal string in the requested (crypto) asset.
    #[serde(deserialize_with = "flex::string")]
    pub payment_amount: String,
    /// Not named by the seed: absent means the requested asset (which is then checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount_asset: Option<String>,
    /// Not in the documentation; checked against the requested network when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount_network: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub exchange_rate: Option<String>,
    /// Unix seconds, milliseconds or seconds remaining (see [`crate::verify::expiry_to_unix`]).
    /// Decided here: the create answer carries it; when absent, call getupdate.
    #[serde(
        default,
        deserialize_with = "flex::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_payreq: Option<String>,
    /// Destination tag / memo for assets that need one (XRP).
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_tag: Option<String>,
}

/// `POST payment-pos/getupdate`: exactly one of `payment_code` or `reference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetUpdateRequest {
    pub key: String,
    /// MD5(key + payment_code + secret) or MD5(key + reference + secret).
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// The state of a POS payment as getupdate reports it (also the body of `posPriceUpdate`).
///
/// The documented fields are `paymentId` … `exchange_rate`. Decided here, and optional so a
/// real upstream that omits them still works: `payment_status` (the status code; when absent
/// it is derived from the missing amount), `payment_received_amount` (total received, in the
/// requested asset), `payment_ask_amount` (total asked across quotes: received before the
/// current quote plus the current quote's amount), `payment_txids`, `confirmations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PaymentUpdateInfo {
    #[serde(
        rename = "paymentId",
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_address: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_amount: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_missing_amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount_asset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount_network: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub exchange_rate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<StatusCode>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_received_amount: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_ask_amount: Option<String>,
    /// Comma-separated transaction ids, as postbacks carry them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_txids: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub confirmations: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_payreq: Option<String>,
    /// Decided here (the documentation is silent): the total refunded so far, in the
    /// requested asset. It confirms a partial refund, which leaves the status as it was.
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_refunded_amount: Option<String>,
    /// Decided here: the total of refunds the upstream accepted and has not yet paid out, in
    /// the requested asset. It tells a refund whose answer was lost but which WCT Pay holds
    /// from one that never reached it.
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_refund_pending_amount: Option<String>,
}

/// getupdate's success answer: the fields flat, or wrapped in `"payment": {…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GetUpdateOk(pub PaymentUpdateInfo);

impl<'de> Deserialize<'de> for GetUpdateOk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut value = serde_json::Value::deserialize(d)?;
        let inner = match value.get_mut("payment") {
            Some(p) if p.is_object() => p.take(),
            _ => value,
        };
        PaymentUpdateInfo::deserialize(inner)
            .map(GetUpdateOk)
            .map_err(serde::de::Error::custom)
    }
}

/// `POST validate`: `hash` = MD5(secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidateRequest {
    pub key: String,
    pub hash: String,
}

/// How a refund is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefundType {
    Full,
    Partial,
    Underpaid,
    Overpaid,
}

/// `POST payment/refund`: `hash` = MD5(key + asset + amount + secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRequest {
    pub key: String,
    pub hash: String,
    pub payment_code: String,
    pub refund_type: RefundType,
    pub asset: String,
    pub amount: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// `payment/refund`'s success answer. Only `status: ok` is documented; `refund_id` and
/// `refund_status` are decided here and optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RefundOk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub refund_id: Option<String>,
}

/// The refund postback (decided here): `fn: "paymentRefund"`, a nudge like the others.
pub const REFUND_POSTBACK_FN: &str = "paymentRefund";

/// The failure envelope: `{"status":"nok","error":"…","message"?,"validated"?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nok {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validated: Option<bool>,
}

impl Nok {
    pub fn new(error: impl Into<String>) -> Self {
        Self {
            error: Some(error.into()),
            message: None,
            validated: None,
        }
    }

    /// The most specific sentence available.
    pub fn reason(&self) -> &str {
        self.error
            .as_deref()
            .or(self.message.as_deref())
            .unwrap_or("the upstream refused the request without saying why")
    }
}

/// Why an upstream answer could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("the upstream answered with something that is not JSON")]
    NotJson,
    #[error("the upstream refused: {}", .0.reason())]
    Nok(Nok),
    #[error("the upstream answer has no status ok/nok")]
    NoStatus,
    #[error("the upstream answer is missing or has malformed fields: {0}")]
    Shape(String),
}

/// Reads an `ok`/`nok` envelope: the body of `T` when `status` is `ok`, the `nok` otherwise.
pub fn parse_reply<T: DeserializeOwned>(body: &[u8]) -> Result<T, ReplyError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| ReplyError::NotJson)?;
    match value.get("status").and_then(|s| s.as_str()) {
        Some(s) if s.eq_ignore_ascii_case("ok") => {
            serde_json::from_value(value).map_err(|e| ReplyError::Shape(e.to_string()))
        }
        Some(_) => Err(ReplyError::Nok(
            serde_json::from_value(value).unwrap_or_else(|_| Nok::new("unreadable error")),
        )),
        None => Err(ReplyError::NoStatus),
    }
}

/// Builds a success envelope: `{"status":"ok", …body}`.
pub fn ok_envelope<T: Serialize>(body: &T) -> serde_json::Value {
    let mut value = serde_json::to_value(body).unwrap_or_else(|_| serde_json::json!({}));
    if let Some(map) = value.as_object_mut() {
        map.insert("status".into(), "ok".into());
    }
    value
}

/// Builds a failure envelope: `{"status":"nok","error":…}`.
pub fn nok_envelope(nok: &Nok) -> serde_json::Value {
    let mut value = serde_json::to_value(nok).unwrap_or_else(|_| serde_json::json!({}));
    if let Some(map) = value.as_object_mut() {
        map.insert("status".into(), "nok".into());
    }
    value
}

/// `fn: "paymentUpdate"`: amounts are integer base units with `precision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PaymentUpdate {
    pub payment_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Received so far, base units.
    #[serde(
        default,
        deserialize_with = "flex::opt_u128",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<u128>,
    /// Asked, base units.
    #[serde(
        default,
        deserialize_with = "flex::opt_u128",
        skip_serializing_if = "Option::is_none"
    )]
    pub ask_amount: Option<u128>,
    #[serde(
        default,
        deserialize_with = "flex::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub precision: Option<u32>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub original_amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub txid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_txids: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub confirmations: Option<u32>,
    #[serde(
        default,
        deserialize_with = "flex::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub block_confirmations: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_symbol: Option<String>,
    /// "partial", "completed", …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<StatusCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reference: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub terminal_id: Option<String>,
    /// Milliseconds since the epoch.
    #[serde(
        default,
        deserialize_with = "flex::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<serde_json::Value>,
}

/// `fn: "paymentUnconfirmed"`: seen in the mempool, not yet confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PaymentUnconfirmed {
    pub payment_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(
        default,
        deserialize_with = "flex::opt_u128",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<u128>,
    #[serde(
        default,
        deserialize_with = "flex::opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub precision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub txid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_symbol: Option<String>,
}

/// `fn: "paymentCreated"` / `fn: "paymentFailed"`: only the code matters to us.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PaymentNotice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Every postback the upstream sends, told apart by its `fn` field. Postbacks are unsigned:
/// they are nudges, and the proxy confirms with getupdate before believing any of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fn")]
pub enum Postback {
    #[serde(rename = "paymentUpdate")]
    PaymentUpdate(PaymentUpdate),
    #[serde(rename = "paymentUnconfirmed")]
    PaymentUnconfirmed(PaymentUnconfirmed),
    #[serde(rename = "paymentCreated")]
    PaymentCreated(PaymentNotice),
    #[serde(rename = "paymentFailed")]
    PaymentFailed(PaymentNotice),
    #[serde(rename = "posPriceUpdate")]
    PosPriceUpdate(PaymentUpdateInfo),
    /// Decided here: a refund of the payment was completed ([`REFUND_POSTBACK_FN`]).
    #[serde(rename = "paymentRefund")]
    PaymentRefund(PaymentNotice),
}

impl Postback {
    /// Parses a postback body (JSON).
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }

    pub fn payment_code(&self) -> Option<&str> {
        match self {
            Self::PaymentUpdate(p) => Some(&p.payment_code),
            Self::PaymentUnconfirmed(p) => Some(&p.payment_code),
            Self::PaymentCreated(p) | Self::PaymentFailed(p) | Self::PaymentRefund(p) => {
                p.payment_code.as_deref()
            }
            Self::PosPriceUpdate(p) => p.payment_code.as_deref(),
        }
    }
}

/// The answer a postback receiver must give for a delivery to count.
pub fn postback_ack() -> serde_json::Value {
    serde_json::json!({ "status": "ok" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_request_serialises_seed_names() {
        let req = CreatePosPayment {
            key: "T1".into(),
            hash: "h".into(),
            fields: PaymentFields {
                amount: "50.00".into(),
                asset: "USD".into(),
                requested_asset: "BTC".into(),
                description: "Coffee".into(),
                reference: "R1".into(),
                personal_country: Some("AU".into()),
                cart_items: vec![CartItem::item("DVD1", "Movie Name", "1", "80")],
                ..Default::default()
            },
            postback_url: Some("http://x/postback/t".into()),
            pos_price_update_postback_url: None,
        };
        let v = serde_json::to_value(&req).unwrap();
        assert_eq!(v["amount"], "50.00");
        assert_eq!(v["personal_country"], "AU");
        assert_eq!(v["cart_items"][0]["item_name"], "DVD1");
        assert!(v.get("asset_network").is_none());
        let back: CreatePosPayment = serde_json::from_value(v).unwrap();
        assert_eq!(back, req);
    }

    #[test]
    fn a_lines_kind_is_the_proxys_and_defaults_to_item() {
        // A body without `kind` (an older app) parses; an item line is written as before.
        let old: CartItem = serde_json::from_value(
            json!({"item_name": "Tea", "item_quantity": 2, "unit_price": "1.50"}),
        )
        .unwrap();
        assert_eq!(old.kind, LineKind::Item);
        assert_eq!(
            serde_json::to_value(&old).unwrap(),
            json!({"item_name": "Tea", "item_desc": "", "item_quantity": "2",
                   "unit_price": "1.50"})
        );
        let tip: CartItem = serde_json::from_value(json!({"item_name": "Tip",
            "item_quantity": "1", "unit_price": "1.00", "kind": "tip"}))
        .unwrap();
        assert_eq!(tip.kind, LineKind::Tip);
        assert_eq!(serde_json::to_value(&tip).unwrap()["kind"], "tip");
        assert!(
            serde_json::from_value::<CartItem>(json!({"item_name": "Tip",
            "item_quantity": "1", "unit_price": "1.00", "kind": "gift"}))
            .is_err()
        );
        // WCT Pay never sees the kind.
        let fields = PaymentFields {
            cart_items: vec![old.clone(), tip.clone()],
            ..Default::default()
        };
        let sent = serde_json::to_value(fields.for_upstream()).unwrap();
        assert!(sent["cart_items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|line| line.get("kind").is_none()));
        assert_eq!(sent["cart_items"][1]["item_name"], "Tip");
    }

    #[test]
    fn create_answer_documented_shape() {
        let body = br#"{"status":"ok","message":"Create POS Payment Successfully","paymentId":1234,
            "payment_code":"1cJauhjK3n","payment_address":"bc1qxyz","payment_amount":"0.00039304",
            "payment_amount_asset":"BTC","exchange_rate":127213.5}"#;
        let ok: CreatePosPaymentOk = parse_reply(body).unwrap();
        assert_eq!(ok.payment_id.as_deref(), Some("1234"));
        assert_eq!(ok.payment_amount, "0.00039304");
        assert_eq!(ok.exchange_rate.as_deref(), Some("127213.5"));
        assert_eq!(ok.expires_at, None);
    }

    #[test]
    fn nok_is_an_error_with_its_sentence() {
        let err = parse_reply::<CreatePosPaymentOk>(
            br#"{"status":"nok","error":"The asset not allow for POS create payment"}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the upstream refused: The asset not allow for POS create payment"
        );
        assert_eq!(
            parse_reply::<CreatePosPaymentOk>(b"<html>502</html>"),
            Err(ReplyError::NotJson)
        );
        assert_eq!(
            parse_reply::<CreatePosPaymentOk>(b"{\"x\":1}"),
            Err(ReplyError::NoStatus)
        );
        assert!(matches!(
            parse_reply::<CreatePosPaymentOk>(br#"{"status":"ok"}"#),
            Err(ReplyError::Shape(_))
        ));
    }

    #[test]
    fn getupdate_flat_or_wrapped() {
        let flat = json!({"status":"ok","payment_code":"c1","payment_amount":"0.1","payment_missing_amount":"0.05","expires_at":"1795000000","payment_status":"2"});
        let wrapped = json!({"status":"ok","message":"m","payment":{"payment_code":"c1","payment_amount":"0.1","payment_missing_amount":"0.05","expires_at":1795000000,"payment_status":2}});
        let a: GetUpdateOk = parse_reply(flat.to_string().as_bytes()).unwrap();
        let b: GetUpdateOk = parse_reply(wrapped.to_string().as_bytes()).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.0.expires_at, Some(1_795_000_000));
        assert_eq!(a.0.payment_status, Some(StatusCode::Partial));
    }

    #[test]
    fn postbacks_by_fn() {
        let update = json!({"fn":"paymentUpdate","payment_code":"c1","address":"a","amount":"19652",
            "ask_amount":39304,"precision":8,"status":"partial","payment_status":"2","timestamp":1795000000123u64,
            "all_txids":"t1,t2","confirmations":1,"personal":{"fname":"A"}});
        let Postback::PaymentUpdate(p) = Postback::parse(update.to_string().as_bytes()).unwrap()
        else {
            panic!("wrong variant")
        };
        assert_eq!(p.amount, Some(19_652));
        assert_eq!(p.ask_amount, Some(39_304));
        assert_eq!(p.payment_status, Some(StatusCode::Partial));

        let unconfirmed = json!({"fn":"paymentUnconfirmed","payment_code":"c1","amount":"5","precision":"8","txid":"t"});
        assert!(matches!(
            Postback::parse(unconfirmed.to_string().as_bytes()).unwrap(),
            Postback::PaymentUnconfirmed(_)
        ));
        let price = json!({"fn":"posPriceUpdate","payment_code":"c1","payment_amount":"0.2","expires_at":1});
        assert_eq!(
            Postback::parse(price.to_string().as_bytes())
                .unwrap()
                .payment_code(),
            Some("c1")
        );
        assert!(Postback::parse(br#"{"fn":"somethingElse"}"#).is_err());
        assert!(
            Postback::parse(br#"{"fn":"paymentUpdate","payment_code":"c","amount":"-5"}"#).is_err()
        );
    }
}
