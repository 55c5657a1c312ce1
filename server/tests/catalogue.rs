//! The till's rules through the proxy: the store's tax, receipt and discount settings (PIN
//! and field checks), the product catalogue (SKUs, prices, images, CSV import and export),
//! and a create that recomputes the cart against both (mixed basket, stale prices, discounts
//! above the store's share).

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use wct_pos_server::TEST_TOKEN;

const PIN: &str = "2468";

fn with_pin(c: &mut wct_pos_server::Config) {
    use wct_pos_server::refunds::{hash_pin_with_cost, PinHash};
    c.manager_pin_hash = Some(PinHash::parse(&hash_pin_with_cost(PIN, 64, 1).unwrap()).unwrap());
}

async fn start() -> Harness {
    Harness::start_with(with_pin).await
}

/// The store's rules of the reference basket: 19 %, 7 %, 0 %, prices as `prices`.
fn tax_settings(prices: &str) -> Value {
    json!({
        "tips": {"enabled": false, "percentages": ["10"], "custom": true, "rounding": "exact"},
        "time_zone": "UTC",
        "currency": "USD",
        "tax": {
            "rates": [
                {"id": "standard", "name": "VAT 19 %", "percent": "19"},
                {"id": "reduced", "name": "VAT 7 %", "percent": "7"},
                {"id": "zero", "name": "VAT 0 %", "percent": "0"}
            ],
            "default_rate": "standard",
            "prices": prices,
            "tips_taxed": false
        },
        "receipt": {
            "legal_name": "Corner Café GmbH",
            "address": ["Hauptstr. 1", "10115 Berlin"],
            "tax_id": "DE123456789",
            "footer": "Danke!",
            "number_prefix": "R-"
        },
        "max_discount_percent": "30"
    })
}

async fn put_settings(h: &Harness, body: &Value, pin: &str) -> reqwest::Response {
    let mut body = body.clone();
    body["pin"] = json!(pin);
    h.http
        .put(h.url("/api/settings/store"))
        .bearer_auth(TEST_TOKEN)
        .json(&body)
        .send()
        .await
        .expect("PUT settings")
}

async fn put(h: &Harness, path: &str, body: &Value) -> reqwest::Response {
    h.http
        .put(h.url(path))
        .bearer_auth(TEST_TOKEN)
        .json(body)
        .send()
        .await
        .expect("PUT")
}

/// The reference basket as the app sends it: a 19 % line with a 10 % line discount, a 7 %
/// line, a 0 % line and a sale discount of 5.00 (gross totals hand-computed in
/// `wct_api::tax`'s tests: 29.70 inclusive, 33.79 exclusive).
fn basket(amount: &str) -> Value {
    let mut body = payment_body();
    body["amount"] = json!(amount);
    body["cart_items"] = json!([
        {"item_name": "Wine", "item_quantity": "2", "unit_price": "12.50",
         "tax_rate": "standard", "discount": {"percent": "10"}},
        {"item_name": "Bread", "item_quantity": "3", "unit_price": "2.40", "tax_rate": "reduced"},
        {"item_name": "Stamps", "item_quantity": "1", "unit_price": "5.00", "tax_rate": "zero"}
    ]);
    body["sale_discount"] = json!({"amount": "5.00"});
    body
}

#[tokio::test]
async fn tax_and_receipt_settings_need_the_pin_and_are_checked_by_field() {
    let h = start().await;
    let before: Value = h.get("/api/settings/store").await.json().await.unwrap();
    assert_eq!(before["max_discount_percent"], "10");
    assert_eq!(before["tax"]["prices"], "inclusive");

    let (status, body) = error_of(put_settings(&h, &tax_settings("inclusive"), "1111").await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"]["code"], "pin_wrong");

    let mut bad = tax_settings("inclusive");
    bad["tax"]["rates"][0]["percent"] = json!("-1");
    bad["tax"]["rates"][1]["percent"] = json!("100.5");
    bad["tax"]["default_rate"] = json!("luxury");
    bad["receipt"]["number_prefix"] = json!("R 1");
    bad["max_discount_percent"] = json!("101");
    bad["currency"] = json!("XYZ");
    let (status, body) = error_of(put_settings(&h, &bad, PIN).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for field in [
        "tax.rates[0].percent",
        "tax.rates[1].percent",
        "tax.default_rate",
        "receipt.number_prefix",
        "max_discount_percent",
        "currency",
    ] {
        assert!(fields.contains(&field), "{field} missing in {fields:?}");
    }
    let unchanged: Value = h.get("/api/settings/store").await.json().await.unwrap();
    assert_eq!(unchanged, before);

    let response = put_settings(&h, &tax_settings("exclusive"), PIN).await;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: Value = h.get("/api/settings/store").await.json().await.unwrap();
    assert_eq!(saved["tax"]["prices"], "exclusive");
    assert_eq!(saved["receipt"]["tax_id"], "DE123456789");
    // Who changed what is on record.
    let what: String = sqlx::query_scalar(
        "SELECT what FROM settings_changes ORDER BY changed_at DESC, id DESC LIMIT 1",
    )
    .fetch_one(&h.running.state().db)
    .await
    .unwrap();
    assert!(what.contains("tax:") && what.contains("receipt:"), "{what}");
    // An app that knows only tips and the time zone keeps the tax and receipt settings.
    let old_app = json!({
        "tips": {"enabled": true, "percentages": ["10"], "custom": true, "rounding": "exact"},
        "time_zone": "UTC"
    });
    assert_eq!(
        put_settings(&h, &old_app, PIN).await.status(),
        StatusCode::OK
    );
    let kept: Value = h.get("/api/settings/store").await.json().await.unwrap();
    assert_eq!(
        (&kept["tax"], &kept["receipt"]),
        (&saved["tax"], &saved["receipt"])
    );
    assert_eq!(kept["tips"]["enabled"], true);
    h.stop().await;
}

#[tokio::test]
async fn the_mixed_basket_is_charged_at_its_gross_total_in_both_modes() {
    let h = start().await;
    assert_eq!(
        put_settings(&h, &tax_settings("inclusive"), PIN)
            .await
            .status(),
        StatusCode::OK
    );
    // The plain sum of the lines (37.20) or the exclusive total are not this store's total.
    for wrong in ["37.20", "33.79"] {
        let (status, body) = error_of(h.create(&basket(wrong)).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("29.70"));
    }
    let view = h.create_ok(&basket("29.70")).await;
    assert_eq!(view["amount"], "29.70");
    assert!(view["wallet_uri"].as_str().unwrap().starts_with("bitcoin:"));

    put_settings(&h, &tax_settings("exclusive"), PIN).await;
    let view = h.create_ok(&basket("33.79")).await;
    assert_eq!(view["amount"], "33.79");
    h.stop().await;
}

#[tokio::test]
async fn a_discount_above_the_stores_share_needs_the_manager_pin() {
    let h = start().await;
    put_settings(&h, &tax_settings("inclusive"), PIN).await;
    // 50 % off one line: above the 30 % the store allows.
    let mut body = payment_body();
    body["amount"] = json!("5.00");
    body["cart_items"] = json!([{"item_name": "Cake", "item_quantity": "1",
        "unit_price": "10.00", "discount": {"percent": "50"}}]);
    let (status, answer) = error_of(h.create(&body).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(answer["error"]["code"], "discount_needs_pin");
    let with_pin = h
        .http
        .post(h.url("/api/payments"))
        .bearer_auth(TEST_TOKEN)
        .header("Idempotency-Key", fresh_key())
        .header("X-Manager-Pin", PIN)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(with_pin.status(), StatusCode::CREATED);
    // 20 % needs none.
    body["reference"] = json!(unique_reference());
    body["amount"] = json!("8.00");
    body["cart_items"][0]["discount"] = json!({"percent": "20"});
    h.create_ok(&body).await;
    h.stop().await;
}

async fn add_product(h: &Harness, body: &Value) -> Value {
    let response = h.post("/api/products", body).await;
    let status = response.status();
    let view: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{view}");
    view
}

#[tokio::test]
async fn products_are_checked_and_a_stale_cart_is_refused() {
    let h = start().await;
    put_settings(&h, &tax_settings("inclusive"), PIN).await;
    let tea = add_product(
        &h,
        &json!({"name": "Tea", "price": "2.5", "category": "Drinks", "tax_rate": "reduced",
                "sku": "4006381333931"}),
    )
    .await;
    assert_eq!(tea["price"], "2.50");
    assert_eq!(tea["active"], true);
    let cake = add_product(&h, &json!({"name": "Cake", "price": "3.00", "sku": "C-1"})).await;
    assert!(cake["position"].as_i64() > tea["position"].as_i64());

    // Bad input: every field named; a duplicate SKU is a conflict; nothing is added.
    let (status, body) = error_of(
        h.post(
            "/api/products",
            &json!({"name": "", "price": "1.005", "tax_rate": "luxury", "sku": "a b"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "price", "sku", "tax_rate"]);
    let (status, body) = error_of(
        h.post(
            "/api/products",
            &json!({"name": "Tea 2", "price": "1", "sku": "4006381333931"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["field"], "sku");
    let list: Value = h.get("/api/products").await.json().await.unwrap();
    assert_eq!(list["products"].as_array().unwrap().len(), 2);
    // A scanned barcode finds its product; an unknown one finds none.
    let scanned: Value = h
        .get("/api/products?sku=4006381333931")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(scanned["products"][0]["id"], tea["id"]);
    let unknown: Value = h.get("/api/products?sku=0000").await.json().await.unwrap();
    assert_eq!(unknown["products"], json!([]));

    // A cart at the catalogue's price passes; after a reprice and an archive it is refused,
    // naming both lines, and nothing is charged.
    let cart = |reference: String| {
        json!({
            "amount": "8.00", "asset": "USD", "requested_asset": "BTC",
            "description": "Tea and cake", "reference": reference,
            "cart_items": [
                {"item_name": "Tea", "item_quantity": "2", "unit_price": "2.50",
                 "tax_rate": "reduced", "product_id": tea["id"]},
                {"item_name": "Cake", "item_quantity": "1", "unit_price": "3.00", "sku": "C-1"}
            ]
        })
    };
    h.create_ok(&cart(unique_reference())).await;
    let id = tea["id"].as_str().unwrap();
    let repriced = put(
        &h,
        &format!("/api/products/{id}"),
        &json!({"name": "Tea", "price": "2.80", "tax_rate": "reduced", "sku": "4006381333931"}),
    )
    .await;
    assert_eq!(repriced.status(), StatusCode::OK);
    let archived = h
        .post(
            &format!("/api/products/{}/archive", cake["id"].as_str().unwrap()),
            &json!({}),
        )
        .await;
    assert_eq!(archived.status(), StatusCode::OK);
    let reference = unique_reference();
    let (status, body) = error_of(h.create(&cart(reference.clone())).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "cart_stale");
    let stale = body["error"]["fields"].as_array().unwrap();
    assert_eq!(stale[0]["field"], "cart_items[0]");
    assert!(stale[0]["message"].as_str().unwrap().contains("2.80"));
    assert_eq!(stale[1]["field"], "cart_items[1]");
    assert!(stale[1]["message"].as_str().unwrap().contains("archived"));
    assert_eq!(h.row_state(&reference).await, None);
    // Archived ones leave the grid but stay in the full list.
    let list: Value = h.get("/api/products").await.json().await.unwrap();
    assert_eq!(list["products"].as_array().unwrap().len(), 1);
    let all: Value = h
        .get("/api/products?archived=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["products"].as_array().unwrap().len(), 2);
    h.stop().await;
}

#[tokio::test]
async fn images_are_checked_by_their_bytes_and_served_with_their_type() {
    let h = start().await;
    let p = add_product(&h, &json!({"name": "Tea", "price": "2.50"})).await;
    let path = format!("/api/products/{}/image", p["id"].as_str().unwrap());
    let upload = |ty: &'static str, bytes: Vec<u8>| {
        h.http
            .put(h.url(&path))
            .bearer_auth(TEST_TOKEN)
            .header("content-type", ty)
            .body(bytes)
            .send()
    };
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec();
    let (status, body) = error_of(upload("image/svg+xml", svg.clone()).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = error_of(upload("image/png", svg).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not the image/png"));
    let big = [b"\x89PNG\r\n\x1a\n".to_vec(), vec![0; 200 * 1024]].concat();
    let response = upload("image/png", big).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let png = [b"\x89PNG\r\n\x1a\n".to_vec(), vec![7; 1000]].concat();
    let saved: Value = upload("image/png", png.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(saved["image_url"].as_str().unwrap().starts_with(&path));
    let served = h.get(&path).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);
    h.stop().await;
}

async fn import(h: &Harness, csv: &str) -> reqwest::Response {
    h.http
        .post(h.url("/api/products/import"))
        .bearer_auth(TEST_TOKEN)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_bad_import_imports_nothing_and_a_good_one_is_idempotent_by_sku() {
    let h = start().await;
    put_settings(&h, &tax_settings("inclusive"), PIN).await;
    let bad = "sku,name,price,category,tax_rate\n\
               T-1,Tea,2.50,Drinks,reduced\n\
               T-2,Coffee,3.205,Drinks,\n\
               T-1,Tea again,2.50,Drinks,luxury\n";
    let (status, body) = error_of(import(&h, bad).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["lines[3].price", "lines[4].tax_rate", "lines[4].sku"]
    );
    let list: Value = h
        .get("/api/products?archived=true")
        .await
        .json()
        .await
        .unwrap();
    assert!(list["products"].as_array().unwrap().is_empty());

    let good = "sku,name,price,category,tax_rate\n\
                T-1,Tea,2.50,Drinks,reduced\n\
                T-2,=cmd|' /C calc'!A0,3.20,Drinks,\n";
    let first: Value = import(&h, good).await.json().await.unwrap();
    assert_eq!(first, json!({"created": 2, "updated": 0}));
    let again: Value = import(&h, good).await.json().await.unwrap();
    assert_eq!(again, json!({"created": 0, "updated": 2}));
    let list: Value = h.get("/api/products").await.json().await.unwrap();
    assert_eq!(list["products"].as_array().unwrap().len(), 2);

    let export = h.get("/api/products/export").await;
    assert_eq!(export.headers()["content-type"], "text/csv; charset=utf-8");
    let text = export.text().await.unwrap();
    assert!(text.contains("'=cmd"), "{text}");
    // The export imports back unchanged.
    let round: Value = import(&h, &text).await.json().await.unwrap();
    assert_eq!(round, json!({"created": 0, "updated": 2}));
    let list: Value = h.get("/api/products").await.json().await.unwrap();
    assert_eq!(list["products"][1]["name"], "=cmd|' /C calc'!A0");
    h.stop().await;
}
