//! Request extractors: bearer tokens, `Last-Event-ID`, and JSON bodies whose every failure
//! names its field. (Who a token belongs to is `devices::auth`'s business.)

use std::cell::RefCell;

use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::http::error::AppError;

/// Largest JSON body the app may send.
pub const JSON_LIMIT: usize = 64 * 1024;
/// Largest postback body stored.
pub const POSTBACK_LIMIT: usize = 16 * 1024;

pub(crate) fn bearer(parts: &Parts) -> Option<&str> {
    bearer_of(&parts.headers)
}

pub(crate) fn bearer_of(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

#[derive(Deserialize)]
struct StreamQuery {
    last_event_id: Option<String>,
}

/// `Last-Event-ID` header or `?last_event_id=`.
pub struct LastEventId(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for LastEventId {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let from_header = parts
            .headers
            .get("last-event-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let from_query = Query::<StreamQuery>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|q| q.0.last_event_id);
        Ok(Self(match from_header.or(from_query) {
            None => None,
            Some(text) if text.trim().is_empty() => None,
            // An id this server never issued (garbage, negative, past i64) is treated like
            // one from the future: the stream says `resync` instead of refusing, since an
            // EventSource refused once never reconnects.
            Some(text) => Some(
                text.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .unwrap_or(i64::MAX),
            ),
        }))
    }
}

/// Maps a body-buffering failure: over the limit → 413.
pub fn body_error(rejection: BytesRejection, limit: usize) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge(limit)
    } else {
        AppError::bad_request(rejection.body_text(), None)
    }
}

fn require_json(headers: &HeaderMap) -> Result<(), AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json")) {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType)
    }
}

pub(crate) fn parse_object(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, AppError> {
    require_json(headers)?;
    let duplicate = RefCell::new(None);
    let seed = UniqueKeys {
        path: String::new(),
        duplicate: &duplicate,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let parsed = seed
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    if let Some((key, path)) = duplicate.into_inner() {
        return Err(AppError::bad_request(
            format!("the key {key:?} appears more than once"),
            Some(path.as_str()),
        ));
    }
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(AppError::bad_request(
            "the body must be a JSON object",
            None,
        )),
        Err(e) => Err(AppError::bad_request(
            format!("the body is not valid JSON: {e}"),
            None,
        )),
    }
}

/// Parses a JSON value like `serde_json::Value` does, but refuses an object that repeats a
/// key (at any depth) instead of silently keeping the last one: two `amount`s in one body
/// mean the client and the proxy may disagree about which one counts. The first repeated
/// key and its path (`cart_items[0].item_name`) are left in `duplicate`.
struct UniqueKeys<'a> {
    path: String,
    duplicate: &'a RefCell<Option<(String, String)>>,
}

impl UniqueKeys<'_> {
    fn child(&self, path: String) -> Self {
        UniqueKeys {
            path,
            duplicate: self.duplicate,
        }
    }
}

impl<'de> DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(self.child(format!("{}[{}]", self.path, items.len())))?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if object.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some((key, path));
                return Err(serde::de::Error::custom("duplicate key"));
            }
            let value = map.next_value_seed(self.child(path))?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Decodes a value into `T`; a wrong type answers 422 naming the field's path.
pub(crate) fn decode<T: DeserializeOwned>(value: Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        if path == "." {
            AppError::bad_request(inner, None)
        } else {
            AppError::Invalid {
                message: format!("wrong type: {inner}"),
                field: path,
            }
        }
    })
}

/// A JSON body of any shape `T` (for small requests such as `SandboxPay`).
pub fn json_body<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, AppError> {
    decode(Value::Object(parse_object(headers, body)?))
}

/// The `Idempotency-Key` of a request that creates something (a payment, a refund): required,
/// and a short token of safe characters.
pub fn idempotency_key(headers: &HeaderMap) -> Result<&str, AppError> {
    let key = headers
        .get(wct_api::pos::IDEMPOTENCY_HEADER)
        .map(|v| v.to_str().unwrap_or("\u{fffd}"))
        .ok_or_else(|| {
            AppError::bad_request(
                "send an Idempotency-Key header",
                Some(wct_api::pos::IDEMPOTENCY_HEADER),
            )
        })?;
    wct_api::pos::check_idempotency_key(key)
        .map_err(|m| AppError::bad_request(m, Some(wct_api::pos::IDEMPOTENCY_HEADER)))?;
    Ok(key)
}
