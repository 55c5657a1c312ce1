//! Bad requests to `POST /api/payments`, one table: every field missing, empty, too long, of
//! the wrong type or format, injection strings, huge and broken bodies, wrong content types,
//! bad idempotency keys and auth. Each must get its own specific 4xx — exact status,
//! `error.code`, and `error.field` where a field is concerned — and nothing may be stored.

mod common;

use common::{answer, fresh_key, headers, payment_body};
use reqwest::StatusCode;
use serde_json::{json, Value};
use wct_pos_server::TEST_TOKEN;

/// What is sent.
enum Send {
    /// The valid body with one edit, sent as JSON with token and key.
    Edit(fn(&mut Value)),
    /// A raw body with this content type (token and key set).
    Raw(&'static str, Vec<u8>),
    /// The valid body with these headers only (auth and key as given).
    Headers(Vec<(&'static str, String)>),
}

struct Case {
    name: &'static str,
    send: Send,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
}

fn case(
    name: &'static str,
    send: Send,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
) -> Case {
    Case {
        name,
        send,
        status,
        code,
        field,
    }
}

/// A validation error on `field` (422).
fn invalid(name: &'static str, field: &'static str, edit: fn(&mut Value)) -> Case {
    case(name, Send::Edit(edit), 422, "validation", Some(field))
}

/// An unknown field refused by name (400).
fn unknown(name: &'static str, field: &'static str, edit: fn(&mut Value)) -> Case {
    case(name, Send::Edit(edit), 400, "bad_request", Some(field))
}

fn bearer() -> (&'static str, String) {
    ("authorization", format!("Bearer {TEST_TOKEN}"))
}

fn json_ct() -> (&'static str, String) {
    ("content-type", "application/json".into())
}

fn cart(v: &mut Value, items: Value) {
    v["cart_items"] = items;
}

fn item(qty: Value, price: Value) -> Value {
    json!({"item_name": "Latte", "item_desc": "", "item_quantity": qty, "unit_price": price})
}

fn table() -> Vec<Case> {
    let big = {
        let mut v = payment_body();
        v["description"] = json!("x".repeat(70 * 1024));
        v.to_string().into_bytes()
    };
    let valid_bytes = payment_body().to_string().into_bytes();
    vec![
        // ----- authentication -----
        case(
            "no token",
            Send::Headers(vec![json_ct(), ("idempotency-key", fresh_key())]),
            401,
            "unauthorized",
            None,
        ),
        case(
            "wrong token",
            Send::Headers(vec![
                json_ct(),
                ("idempotency-key", fresh_key()),
                ("authorization", "Bearer wrong-token-0123456789".into()),
            ]),
            401,
            "unauthorized",
            None,
        ),
        case(
            "basic auth",
            Send::Headers(vec![
                json_ct(),
                ("idempotency-key", fresh_key()),
                ("authorization", "Basic dXNlcjpwYXNz".into()),
            ]),
            401,
            "unauthorized",
            None,
        ),
        case(
            "empty bearer",
            Send::Headers(vec![
                json_ct(),
                ("idempotency-key", fresh_key()),
                ("authorization", "Bearer ".into()),
            ]),
            401,
            "unauthorized",
            None,
        ),
        // ----- idempotency key -----
        case(
            "no idempotency key",
            Send::Headers(vec![json_ct(), bearer()]),
            400,
            "bad_request",
            Some("Idempotency-Key"),
        ),
        case(
            "short idempotency key",
            Send::Headers(vec![json_ct(), bearer(), ("idempotency-key", "abc".into())]),
            400,
            "bad_request",
            Some("Idempotency-Key"),
        ),
        case(
            "idempotency key with spaces",
            Send::Headers(vec![
                json_ct(),
                bearer(),
                ("idempotency-key", "has spaces in it".into()),
            ]),
            400,
            "bad_request",
            Some("Idempotency-Key"),
        ),
        case(
            "idempotency key too long",
            Send::Headers(vec![
                json_ct(),
                bearer(),
                ("idempotency-key", "k".repeat(129)),
            ]),
            400,
            "bad_request",
            Some("Idempotency-Key"),
        ),
        case(
            "idempotency key with slashes",
            Send::Headers(vec![
                json_ct(),
                bearer(),
                ("idempotency-key", "../../etc/passwd".into()),
            ]),
            400,
            "bad_request",
            Some("Idempotency-Key"),
        ),
        case(
            "empty idempotency key",
            Send::Headers(vec![
                json_ct(),
                bearer(),
                ("idempotency-key", String::new()),
            ]),
            400,
            "bad_request",
            Some("Idempotency-Key"),
        ),
        // ----- content type -----
        case(
            "text/plain",
            Send::Raw("text/plain", valid_bytes.clone()),
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            "no content type",
            Send::Raw("", valid_bytes.clone()),
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            "form encoded",
            Send::Raw(
                "application/x-www-form-urlencoded",
                b"amount=50.00&asset=USD".to_vec(),
            ),
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            "multipart",
            Send::Raw("multipart/form-data; boundary=x", valid_bytes.clone()),
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            "xml",
            Send::Raw("application/xml", b"<payment/>".to_vec()),
            415,
            "unsupported_media_type",
            None,
        ),
        // ----- broken bodies -----
        case(
            "invalid json",
            Send::Raw("application/json", b"{".to_vec()),
            400,
            "bad_request",
            None,
        ),
        case(
            "empty body",
            Send::Raw("application/json", Vec::new()),
            400,
            "bad_request",
            None,
        ),
        case(
            "json array",
            Send::Raw("application/json", b"[1,2,3]".to_vec()),
            400,
            "bad_request",
            None,
        ),
        case(
            "json string",
            Send::Raw("application/json", b"\"pay me\"".to_vec()),
            400,
            "bad_request",
            None,
        ),
        case(
            "json null",
            Send::Raw("application/json", b"null".to_vec()),
            400,
            "bad_request",
            None,
        ),
        case(
            "truncated json",
            Send::Raw(
                "application/json",
                valid_bytes[..valid_bytes.len() / 2].to_vec(),
            ),
            400,
            "bad_request",
            None,
        ),
        case(
            "trailing garbage",
            Send::Raw(
                "application/json",
                [valid_bytes.clone(), b"xyz".to_vec()].concat(),
            ),
            400,
            "bad_request",
            None,
        ),
        case(
            "invalid utf-8",
            Send::Raw("application/json", b"{\"amount\":\"\xff\xfe\"}".to_vec()),
            400,
            "bad_request",
            None,
        ),
        case(
            "huge body",
            Send::Raw("application/json", big),
            413,
            "payload_too_large",
            None,
        ),
        // ----- fields the proxy supplies itself, or that do not exist -----
        unknown("key supplied", "key", |v| v["key"] = json!("T123")),
        unknown("hash supplied", "hash", |v| {
            v["hash"] = json!("0123456789abcdef0123456789abcdef")
        }),
        unknown("postback_url supplied", "postback_url", |v| {
            v["postback_url"] = json!("http://evil.example/x")
        }),
        unknown(
            "price postback supplied",
            "pos_price_update_postback_url",
            |v| v["pos_price_update_postback_url"] = json!("http://evil.example/p"),
        ),
        unknown("field name in the wrong case", "Amount", |v| {
            v["Amount"] = json!("50.00")
        }),
        unknown("__proto__", "__proto__", |v| {
            v["__proto__"] = json!({"admin": true})
        }),
        unknown("unknown cart item field", "cart_items[0].price", |v| {
            v["cart_items"] = json!([{"item_name": "A", "item_quantity": "1", "unit_price": "50.00", "price": "1"}])
        }),
        // ----- wrong JSON types -----
        invalid("amount as a number", "amount", |v| v["amount"] = json!(50)),
        invalid("amount null", "amount", |v| v["amount"] = Value::Null),
        invalid("asset as a number", "asset", |v| v["asset"] = json!(840)),
        invalid("requested_asset as a bool", "requested_asset", |v| {
            v["requested_asset"] = json!(true)
        }),
        invalid("description as an array", "description", |v| {
            v["description"] = json!(["a", "b"])
        }),
        invalid("reference as an object", "reference", |v| {
            v["reference"] = json!({"id": 1})
        }),
        invalid("cart_items as an object", "cart_items", |v| {
            v["cart_items"] = json!({"a": 1})
        }),
        invalid("unit_price as a number", "cart_items[0].unit_price", |v| {
            cart(v, json!([item(json!("1"), json!(50.0))]))
        }),
        invalid("personal_fname as a number", "personal_fname", |v| {
            v["personal_fname"] = json!(7)
        }),
        invalid("network as an array", "requested_asset_network", |v| {
            v["requested_asset_network"] = json!(["ERC20"])
        }),
        // ----- missing required fields -----
        invalid("missing amount", "amount", |v| {
            v.as_object_mut().map(|m| m.remove("amount"));
        }),
        invalid("missing asset", "asset", |v| {
            v.as_object_mut().map(|m| m.remove("asset"));
        }),
        invalid("missing requested_asset", "requested_asset", |v| {
            v.as_object_mut().map(|m| m.remove("requested_asset"));
        }),
        invalid("description with angle brackets", "description", |v| {
            v["description"] = json!("<script>")
        }),
        invalid("missing reference", "reference", |v| {
            v.as_object_mut().map(|m| m.remove("reference"));
        }),
        // ----- empty -----
        invalid("empty amount", "amount", |v| v["amount"] = json!("")),
        invalid("empty asset", "asset", |v| v["asset"] = json!("")),
        invalid("empty requested_asset", "requested_asset", |v| {
            v["requested_asset"] = json!("")
        }),
        invalid("description with a line break", "description", |v| {
            v["description"] = json!("Tea\nand cake")
        }),
        invalid("empty reference", "reference", |v| {
            v["reference"] = json!("")
        }),
        invalid("empty cart item name", "cart_items[0].item_name", |v| {
            v["cart_items"] =
                json!([{"item_name": "", "item_quantity": "1", "unit_price": "50.00"}])
        }),
        // ----- amounts -----
        invalid("three decimals in USD", "amount", |v| {
            v["amount"] = json!("50.001")
        }),
        invalid("negative amount", "amount", |v| {
            v["amount"] = json!("-5.00")
        }),
        invalid("zero amount", "amount", |v| v["amount"] = json!("0")),
        invalid("exponent", "amount", |v| v["amount"] = json!("1e3")),
        invalid("comma decimal", "amount", |v| v["amount"] = json!("5,00")),
        invalid("leading space", "amount", |v| v["amount"] = json!(" 5.00")),
        invalid("plus sign", "amount", |v| v["amount"] = json!("+5.00")),
        invalid("letters", "amount", |v| v["amount"] = json!("fifty")),
        invalid("hex", "amount", |v| v["amount"] = json!("0x32")),
        invalid("NaN", "amount", |v| v["amount"] = json!("NaN")),
        invalid("amount too long", "amount", |v| {
            v["amount"] = json!("1".repeat(40))
        }),
        // ----- assets and networks -----
        invalid("unknown settlement currency", "asset", |v| {
            v["asset"] = json!("XYZ")
        }),
        invalid("lower-case currency", "asset", |v| {
            v["asset"] = json!("usd")
        }),
        invalid("crypto as settlement", "asset", |v| {
            v["asset"] = json!("BTC")
        }),
        invalid("unknown crypto", "requested_asset", |v| {
            v["requested_asset"] = json!("DOGECOIN")
        }),
        invalid("asset symbol too long", "requested_asset", |v| {
            v["requested_asset"] = json!("B".repeat(500))
        }),
        invalid("USDT without network", "requested_asset_network", |v| {
            v["requested_asset"] = json!("USDT")
        }),
        invalid(
            "USDT on an unknown network",
            "requested_asset_network",
            |v| {
                v["requested_asset"] = json!("USDT");
                v["requested_asset_network"] = json!("BEP2");
            },
        ),
        invalid("network for BTC", "requested_asset_network", |v| {
            v["requested_asset_network"] = json!("ERC20")
        }),
        invalid("network for USD", "asset_network", |v| {
            v["asset_network"] = json!("TRC20")
        }),
        // ----- too long -----
        invalid("description too long", "description", |v| {
            v["description"] = json!("d".repeat(256))
        }),
        invalid("reference too long", "reference", |v| {
            v["reference"] = json!("R".repeat(65))
        }),
        invalid("first name too long", "personal_fname", |v| {
            v["personal_fname"] = json!("N".repeat(65))
        }),
        invalid("address too long", "personal_address", |v| {
            v["personal_address"] = json!("A".repeat(129))
        }),
        invalid("city too long", "personal_city", |v| {
            v["personal_city"] = json!("C".repeat(65))
        }),
        invalid("postcode too long", "personal_postcode", |v| {
            v["personal_postcode"] = json!("1".repeat(13))
        }),
        invalid("too many cart items", "cart_items", |v| {
            let items: Vec<Value> = (0..101).map(|_| item(json!("1"), json!("0.50"))).collect();
            v["cart_items"] = Value::Array(items);
        }),
        // ----- injection and control characters -----
        invalid("script in description", "description", |v| {
            v["description"] = json!("<script>alert(1)</script>")
        }),
        invalid("sql in reference", "reference", |v| {
            v["reference"] = json!("R1'; DROP TABLE payments;--")
        }),
        invalid("sql in first name", "personal_fname", |v| {
            v["personal_fname"] = json!("Robert'); DROP TABLE payments;--")
        }),
        invalid("html in city", "personal_city", |v| {
            v["personal_city"] = json!("<img src=x onerror=alert(1)>")
        }),
        invalid("newline in description", "description", |v| {
            v["description"] = json!("line one\nline two")
        }),
        invalid("NUL in description", "description", |v| {
            v["description"] = json!("a\u{0}b")
        }),
        invalid("non-ascii reference", "reference", |v| {
            v["reference"] = json!("RÉF-1")
        }),
        invalid("spaces in reference", "reference", |v| {
            v["reference"] = json!("R1 OR 1=1")
        }),
        invalid("template in address", "personal_address", |v| {
            v["personal_address"] = json!("${jndi:ldap://x/a} <b>")
        }),
        // ----- customer details -----
        invalid("country not assigned", "personal_country", |v| {
            v["personal_country"] = json!("XX")
        }),
        invalid("country of three letters", "personal_country", |v| {
            v["personal_country"] = json!("AUS")
        }),
        invalid("country name", "personal_country", |v| {
            v["personal_country"] = json!("Australia")
        }),
        invalid("mobile without +", "personal_mobile", |v| {
            v["personal_mobile"] = json!("0412123123")
        }),
        invalid("mobile with letters", "personal_mobile", |v| {
            v["personal_mobile"] = json!("+61 412 ABC 123")
        }),
        invalid("mobile too short", "personal_mobile", |v| {
            v["personal_mobile"] = json!("+1234")
        }),
        invalid("dob with dots", "personal_dob", |v| {
            v["personal_dob"] = json!("17.05.1990")
        }),
        invalid("dob in the future", "personal_dob", |v| {
            v["personal_dob"] = json!("2199/01/01")
        }),
        invalid("dob not a date", "personal_dob", |v| {
            v["personal_dob"] = json!("1990/02/30")
        }),
        invalid("dob absurdly old", "personal_dob", |v| {
            v["personal_dob"] = json!("1800/01/01")
        }),
        invalid("name with digits", "personal_lname", |v| {
            v["personal_lname"] = json!("Smith2")
        }),
        invalid("postcode with symbols", "personal_postcode", |v| {
            v["personal_postcode"] = json!("1234;DROP")
        }),
        // ----- cart -----
        invalid("cart does not add up", "cart_items", |v| {
            cart(v, json!([item(json!("2"), json!("20.00"))]))
        }),
        invalid("zero quantity", "cart_items[0].item_quantity", |v| {
            cart(v, json!([item(json!("0"), json!("50.00"))]))
        }),
        invalid("fractional quantity", "cart_items[0].item_quantity", |v| {
            cart(v, json!([item(json!("1.5"), json!("50.00"))]))
        }),
        invalid("negative unit price", "cart_items[0].unit_price", |v| {
            cart(v, json!([item(json!("1"), json!("-50.00"))]))
        }),
        invalid(
            "unit price with three decimals",
            "cart_items[0].unit_price",
            |v| cart(v, json!([item(json!("1"), json!("50.001"))])),
        ),
        invalid("quantity too large", "cart_items[0].item_quantity", |v| {
            cart(v, json!([item(json!("10000"), json!("0.01"))]))
        }),
    ]
}

#[tokio::test]
async fn every_bad_create_gets_its_specific_4xx_and_nothing_is_stored() {
    let server = common::Harness::start().await;
    let cases = table();
    assert!(cases.len() >= 60, "the table has {} cases", cases.len());
    let mut wrong = Vec::new();
    for c in &cases {
        let got = match &c.send {
            Send::Edit(edit) => {
                let mut body = payment_body();
                edit(&mut body);
                answer(server.create(&body).await).await
            }
            Send::Raw(content_type, bytes) => {
                let mut h = headers(&[("idempotency-key", &fresh_key())]);
                h.insert(
                    "authorization",
                    format!("Bearer {TEST_TOKEN}").parse().expect("header"),
                );
                if !content_type.is_empty() {
                    h.insert("content-type", content_type.parse().expect("header"));
                }
                server.create_raw(h, bytes.clone()).await
            }
            Send::Headers(pairs) => {
                let pairs: Vec<(&str, &str)> =
                    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                server
                    .create_raw(headers(&pairs), payment_body().to_string().into_bytes())
                    .await
            }
        };
        let ok = got.status == StatusCode::from_u16(c.status).expect("status")
            && got.code() == Some(c.code)
            && got.field() == c.field
            && !got.body["error"]["message"]
                .as_str()
                .unwrap_or("")
                .is_empty();
        if !ok {
            let shown: String = got.text.chars().take(300).collect();
            wrong.push(format!(
                "{}: expected {} {} {:?}, got {} {shown}",
                c.name, c.status, c.code, c.field, got.status
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases answered wrongly:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
    assert!(
        server.list_all().await.is_empty(),
        "a refused create left a payment behind"
    );
    server.stop().await;
}

#[tokio::test]
async fn customer_details_as_people_write_them_are_stored_in_the_seeds_form() {
    let server = common::Harness::start().await;
    let mut body = payment_body();
    body["description"] = json!("");
    body["personal_country"] = json!("uk");
    body["personal_mobile"] = json!("07700 900123");
    body["personal_dob"] = json!("1990-05-17");
    let stored = server.create_ok(&body).await;
    assert_eq!(stored["description"], "Sale");
    assert_eq!(stored["personal"]["country"], "GB");
    assert_eq!(stored["personal"]["mobile"], "+447700900123");
    assert_eq!(stored["personal"]["dob"], "1990/05/17");
    // "+61 412 123 123" and "au": spaces and case are not errors.
    let mut body = payment_body();
    body["personal_country"] = json!("au");
    body["personal_mobile"] = json!("+61 412 123 123");
    let stored = server.create_ok(&body).await;
    assert_eq!(stored["personal"]["country"], "AU");
    assert_eq!(stored["personal"]["mobile"], "+61412123123");
    server.stop().await;
}

#[tokio::test]
async fn a_reused_reference_or_a_reused_key_with_another_body_is_a_conflict() {
    let server = common::Harness::start().await;
    let body = payment_body();
    let first = answer(server.create(&body).await).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);

    let mut again = body.clone();
    again["amount"] = json!("60.00");
    let dup = answer(server.create(&again).await).await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.text);
    assert_eq!(
        (dup.code(), dup.field()),
        (Some("conflict"), Some("reference"))
    );

    // Same key + same body: the same payment; same key + another body: a conflict.
    let key = fresh_key();
    let send = |b: Value| {
        let h = headers(&[
            ("idempotency-key", key.as_str()),
            ("content-type", "application/json"),
            ("authorization", &format!("Bearer {TEST_TOKEN}")),
        ]);
        server.create_raw(h, b.to_string().into_bytes())
    };
    let fresh = payment_body();
    let a = send(fresh.clone()).await;
    let b = send(fresh.clone()).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    assert!(
        b.status == StatusCode::OK || b.status == StatusCode::CREATED,
        "{}",
        b.text
    );
    assert_eq!(a.body["id"], b.body["id"]);
    let mut other = fresh.clone();
    other["description"] = json!("Something else");
    let c = send(other).await;
    assert_eq!(c.status, StatusCode::CONFLICT, "{}", c.text);
    assert_eq!(c.code(), Some("conflict"));

    assert_eq!(
        server.list_all().await.len(),
        2,
        "exactly the two accepted payments"
    );
    server.stop().await;
}
