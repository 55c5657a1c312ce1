//! Request bodies as WCT Pay takes them: JSON, or form-encoded (where cart items arrive as a
//! JSON string in `cart_items`, or PHP-style as `cart_items[0][item_name]`).

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::FromRequest;
use axum::http::{header, Request};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// The body's fields, normalised: numbers become their text (amounts are hashed exactly as
/// sent) and nulls are dropped, so "absent" has one meaning.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = ApiError;

    async fn from_request(req: Request<axum::body::Body>, state: &S) -> Result<Self, ApiError> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::Malformed(format!("cannot read the body: {e}")))?;
        let map = if is_form {
            from_form(&bytes)?
        } else {
            from_json(&bytes)?
        };
        Ok(Self(normalise(map)))
    }
}

fn from_json(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::Malformed("the body must be a JSON object".into())),
        Err(e) => Err(ApiError::Malformed(format!(
            "the body is not valid JSON: {e}"
        ))),
    }
}

fn from_form(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes)
        .map_err(|e| ApiError::Malformed(format!("the form body cannot be read: {e}")))?;
    let mut map = Map::new();
    // Keyed by index, so `cart_items[999999999][…]` costs one entry, not a billion (the seed
    // sets no item count, so neither does the sandbox).
    let mut items: BTreeMap<usize, Map<String, Value>> = BTreeMap::new();
    for (key, value) in pairs {
        if let Some((index, field)) = php_item(&key) {
            items
                .entry(index)
                .or_default()
                .insert(field.to_string(), Value::String(value));
        } else if key == "cart_items" {
            let parsed = serde_json::from_str::<Value>(&value).map_err(|_| {
                ApiError::nok("cart_items must be a JSON array of items (item_name, item_desc, item_quantity, unit_price)")
            })?;
            map.insert(key, parsed);
        } else {
            map.insert(key, Value::String(value));
        }
    }
    if !items.is_empty() {
        map.insert(
            "cart_items".into(),
            Value::Array(items.into_values().map(Value::Object).collect()),
        );
    }
    Ok(map)
}

/// `cart_items[3][unit_price]` → (3, "unit_price").
fn php_item(key: &str) -> Option<(usize, &str)> {
    let rest = key.strip_prefix("cart_items[")?;
    let (index, rest) = rest.split_once("][")?;
    let field = rest.strip_suffix(']')?;
    Some((index.parse().ok()?, field))
}

fn normalise(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
        .filter_map(|(k, v)| normalise_value(v).map(|v| (k, v)))
        .collect()
}

fn normalise_value(value: Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::Number(n) => Some(Value::String(n.to_string())),
        Value::Array(items) => Some(Value::Array(
            items.into_iter().filter_map(normalise_value).collect(),
        )),
        Value::Object(map) => Some(Value::Object(normalise(map))),
        other => Some(other),
    }
}

impl Fields {
    /// A non-empty text field.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// The first of `names` that is missing or empty.
    pub fn first_missing<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names.iter().copied().find(|n| self.text(n).is_none())
    }

    /// Reads the fields as `T`; a field of the wrong type is named in the refusal.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_value(Value::Object(self.0.clone()))
            .map_err(|e| ApiError::nok(format!("Invalid request: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_with_cart_as_json_or_php_style() {
        let json_cart = from_form(
            b"amount=80&cart_items=%5B%7B%22item_name%22%3A%22DVD1%22%2C%22item_quantity%22%3A1%2C%22unit_price%22%3A%2280%22%7D%5D",
        )
        .unwrap();
        let cart = normalise(json_cart);
        assert_eq!(cart["cart_items"][0]["item_quantity"], "1");
        assert_eq!(cart["amount"], "80");
        let php =
            from_form(b"cart_items%5B1%5D%5Bitem_name%5D=B&cart_items%5B0%5D%5Bitem_name%5D=A")
                .unwrap();
        assert_eq!(php["cart_items"][0]["item_name"], "A");
        assert_eq!(php["cart_items"][1]["item_name"], "B");
        let sparse = from_form(b"cart_items%5B999999999%5D%5Bitem_name%5D=Z").unwrap();
        assert_eq!(sparse["cart_items"].as_array().map(Vec::len), Some(1));
        assert!(from_form(b"cart_items=not-json").is_err());
    }

    #[test]
    fn json_numbers_become_text_and_nulls_vanish() {
        let map = normalise(from_json(br#"{"amount":50.5,"x":null,"n":"a"}"#).unwrap());
        assert_eq!(map["amount"], "50.5");
        assert!(!map.contains_key("x"));
        assert!(from_json(b"[1]").is_err());
        assert!(from_json(b"{").is_err());
        assert!(from_json(b"").unwrap().is_empty());
    }
}
