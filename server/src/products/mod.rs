//! The product catalogue of a store: `GET/POST /api/products`, `PUT /api/products/{id}`,
//! archive, reorder, the image (PNG, JPEG or WebP by their bytes, served with its own type and
//! `nosniff`), and the CSV import (all or nothing, idempotent by SKU) and export. The rules
//! (what a product may be, the CSV) are `wct_api::products`'; this file stores and serves.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use wct_api::pos::fiat_decimals;
use wct_api::products::{
    self, check_image, ImportResult, Product, ProductInput, ProductList, Reorder, MAX_CSV_BYTES,
    MAX_IMAGE_BYTES, MAX_PRODUCTS,
};
use wct_api::{FieldError, ValidationErrors};

use crate::devices::{Auth, StreamAuth};
use crate::http::error::{AppError, AppResult};
use crate::http::extract::{self, JSON_LIMIT};
use crate::store::{self, ProductRow, ProductWriteError};
use crate::util::{now_ms, random_token};
use crate::AppState;

mod catalogue;
pub use catalogue::{check_cart_against_catalogue, StaleLine};

impl From<ProductWriteError> for AppError {
    fn from(e: ProductWriteError) -> Self {
        match e {
            ProductWriteError::DuplicateSku => AppError::conflict(
                "another product of this store has this SKU or barcode",
                Some("sku"),
            ),
            ProductWriteError::TooMany(max) => {
                AppError::conflict(format!("a store has at most {max} products"), None)
            }
            ProductWriteError::NotFound => AppError::NotFound,
            ProductWriteError::Db(e) => e.into(),
        }
    }
}

/// A row as the API shows it.
pub fn product_view(row: &ProductRow) -> Product {
    Product {
        id: row.id.clone(),
        name: row.name.clone(),
        price: row.price.clone(),
        currency: row.currency.clone(),
        category: row.category.clone(),
        tax_rate: row.tax_rate.clone(),
        sku: row.sku.clone(),
        active: row.active != 0,
        position: row.position,
        image_url: row
            .image_type
            .as_ref()
            .map(|_| format!("/api/products/{}/image?v={}", row.id, row.version)),
        version: row.version,
        updated_at: wct_api::clock::rfc3339(row.updated_at / 1000),
    }
}

/// The store's rules a product is checked against: its tax rates and its currency's decimals.
async fn rules(state: &AppState, store: &str) -> AppResult<(wct_api::tax::TaxConfig, String, u32)> {
    let settings = crate::reports::store_settings(state, store).await?;
    let decimals = fiat_decimals(Some(&state.catalogue), &settings.currency);
    Ok((settings.tax, settings.currency, decimals))
}

/// Checks and normalises an input; the row it makes for `store` (new id unless `id`).
async fn checked_row(
    state: &AppState,
    store: &str,
    mut input: ProductInput,
    id: Option<String>,
) -> AppResult<(ProductRow, Option<i64>)> {
    input.normalize();
    let (tax, currency, decimals) = rules(state, store).await?;
    let errors = input.problems(&tax, decimals, "");
    if !errors.is_empty() {
        return Err(AppError::Validation(ValidationErrors(errors)));
    }
    let now = now_ms();
    let row = ProductRow {
        id: id.unwrap_or_else(|| format!("pr_{}", random_token(16))),
        store: store.to_string(),
        name: input.name,
        price: wct_api::money::format_fixed(
            wct_api::money::parse_amount(&input.price, decimals).unwrap_or_default(),
            decimals,
        ),
        currency,
        category: input.category,
        tax_rate: input.tax_rate,
        sku: input.sku,
        active: i64::from(input.active.unwrap_or(true)),
        position: input.position.unwrap_or(0),
        image_type: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Ok((row, input.position))
}

#[derive(Deserialize)]
pub struct ListParams {
    archived: Option<bool>,
    sku: Option<String>,
}

/// `GET /api/products[?archived=true][?sku=CODE]`: by position; archived ones only when
/// asked. With `sku` (a scanned barcode): the active product with that code, or none.
pub async fn products_list(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Query(params): Query<ListParams>,
) -> AppResult<Json<ProductList>> {
    if let Some(sku) = params.sku.as_deref() {
        let sku = sku.trim();
        products::check_sku(sku).map_err(|m| AppError::bad_request(m, Some("sku")))?;
        let found =
            store::products_named(&state.db, &terminal.store, &[], &[sku.to_string()]).await?;
        return Ok(Json(ProductList {
            products: found
                .iter()
                .filter(|p| p.active != 0)
                .map(product_view)
                .collect(),
        }));
    }
    let rows = store::products(
        &state.db,
        &terminal.store,
        params.archived.unwrap_or(false),
        MAX_PRODUCTS,
    )
    .await?;
    Ok(Json(ProductList {
        products: rows.iter().map(product_view).collect(),
    }))
}

/// `POST /api/products`.
pub async fn products_create(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, Json<Product>)> {
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let input: ProductInput = extract::json_body(&headers, &body)?;
    let (row, position) = checked_row(&state, &terminal.store, input, None).await?;
    let saved = state
        .writer
        .run(move |conn| {
            Box::pin(async move { store::insert_product(conn, &row, position, MAX_PRODUCTS).await })
        })
        .await?;
    tracing::info!(store = %terminal.store, product = %saved.id, "product added");
    Ok((StatusCode::CREATED, Json(product_view(&saved))))
}

/// `PUT /api/products/{id}`: every field as given (an absent `active` keeps it, an absent
/// `position` keeps it).
pub async fn products_update(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Json<Product>> {
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let input: ProductInput = extract::json_body(&headers, &body)?;
    let before = store::product(&state.db, &terminal.store, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let keep_active = input.active.is_none();
    let (mut row, position) = checked_row(&state, &terminal.store, input, Some(id)).await?;
    if keep_active {
        row.active = before.active;
    }
    row.position = position.unwrap_or(before.position);
    save(&state, row).await
}

/// `POST /api/products/{id}/archive`: off the grid, kept for the books; `PUT` with
/// `"active": true` brings it back.
pub async fn products_archive(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Product>> {
    let mut row = store::product(&state.db, &terminal.store, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    row.active = 0;
    row.updated_at = now_ms();
    save(&state, row).await
}

async fn save(state: &AppState, row: ProductRow) -> AppResult<Json<Product>> {
    let (store_name, id) = (row.store.clone(), row.id.clone());
    state
        .writer
        .run(move |conn| Box::pin(async move { store::update_product(conn, &row).await }))
        .await?;
    let saved = store::product(&state.db, &store_name, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    tracing::info!(store = %store_name, product = %id, version = saved.version, "product changed");
    Ok(Json(product_view(&saved)))
}

/// `POST /api/products/reorder`: `{"ids": [...]}`, positions 0, 1, 2, … in that order.
pub async fn products_reorder(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Json<ProductList>> {
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let order: Reorder = extract::json_body(&headers, &body)?;
    if order.ids.len() > MAX_PRODUCTS {
        return Err(AppError::bad_request(
            format!("at most {MAX_PRODUCTS} ids"),
            Some("ids"),
        ));
    }
    let store_name = terminal.store.clone();
    let ids = order.ids;
    let all_found = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let ok = store::reorder_products(conn, &store_name, &ids, now_ms()).await?;
                // One unknown id undoes the whole reorder (the writer's savepoint).
                if ok {
                    Ok(true)
                } else {
                    Err(ProductWriteError::NotFound)
                }
            })
        })
        .await;
    match all_found {
        Ok(_) => {}
        Err(ProductWriteError::NotFound) => {
            return Err(AppError::bad_request(
                "an id is not a product of this store",
                Some("ids"),
            ))
        }
        Err(e) => return Err(e.into()),
    }
    let rows = store::products(&state.db, &terminal.store, true, MAX_PRODUCTS).await?;
    Ok(Json(ProductList {
        products: rows.iter().map(product_view).collect(),
    }))
}

/// `PUT /api/products/{id}/image`: the body is the image, `Content-Type` its type.
pub async fn image_put(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Json<Product>> {
    let body = body.map_err(|r| extract::body_error(r, MAX_IMAGE_BYTES))?;
    let claimed = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let kind = check_image(claimed, &body).map_err(|e| match e {
        products::ImageError::TooLarge => AppError::TooLarge(MAX_IMAGE_BYTES),
        e => AppError::Invalid {
            message: e.to_string(),
            field: "image".into(),
        },
    })?;
    let data = base64::engine::general_purpose::STANDARD.encode(&body);
    set_image(
        &state,
        &terminal.store,
        &id,
        Some((kind.content_type(), data)),
    )
    .await
}

/// `DELETE /api/products/{id}/image`.
pub async fn image_delete(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Product>> {
    set_image(&state, &terminal.store, &id, None).await
}

async fn set_image(
    state: &AppState,
    store_name: &str,
    id: &str,
    image: Option<(&'static str, String)>,
) -> AppResult<Json<Product>> {
    let (s, i) = (store_name.to_string(), id.to_string());
    let found = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let image = image.as_ref().map(|(t, d)| (*t, d.as_str()));
                store::set_product_image(conn, &s, &i, image, now_ms()).await
            })
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    let row = store::product(&state.db, store_name, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(product_view(&row)))
}

/// `GET /api/products/{id}/image` (Bearer or the stream cookie, so an `<img>` can load it):
/// the stored type, never sniffed by the browser.
pub async fn image_get(
    State(state): State<AppState>,
    auth: StreamAuth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (kind, data) = store::product_image(&state.db, &auth.terminal.store, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| AppError::Internal(format!("product image: {e}")))?;
    // Only the three stored types are ever sent (what was checked on the way in).
    let content_type = match kind.as_str() {
        "image/png" | "image/jpeg" | "image/webp" => {
            HeaderValue::from_str(&kind).map_err(|e| AppError::Internal(e.to_string()))?
        }
        _ => return Err(AppError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=86400"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /api/products/export`: every product (archived too) as CSV, safe for spreadsheets.
pub async fn products_export(
    State(state): State<AppState>,
    Auth(terminal): Auth,
) -> AppResult<Response> {
    let rows = store::products(&state.db, &terminal.store, true, MAX_PRODUCTS).await?;
    let mut csv = products::csv_header();
    for row in &rows {
        csv.push_str(&products::csv_line(&product_view(row)));
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"products.csv\""),
            ),
        ],
        csv,
    )
        .into_response())
}

/// `POST /api/products/import` (`text/csv`): all rows or none. A row whose SKU the store has
/// updates that product; the others are added. Running the same file again changes nothing
/// but versions.
pub async fn products_import(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Json<ImportResult>> {
    let body = body.map_err(|r| extract::body_error(r, MAX_CSV_BYTES))?;
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim().to_ascii_lowercase().starts_with("text/csv"));
    if !is_csv {
        return Err(AppError::UnsupportedMediaType);
    }
    let text = std::str::from_utf8(&body).map_err(|_| {
        AppError::Validation(ValidationErrors(vec![FieldError::new(
            "csv",
            "the file is not UTF-8 text",
        )]))
    })?;
    let (tax, currency, decimals) = rules(&state, &terminal.store).await?;
    let rows = products::parse_import(text, &tax, decimals).map_err(AppError::Validation)?;
    let store_name = terminal.store.clone();
    let now = now_ms();
    let result = state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                let mut result = ImportResult {
                    created: 0,
                    updated: 0,
                };
                for r in rows {
                    let price = wct_api::money::format_fixed(
                        wct_api::money::parse_amount(&r.input.price, decimals).unwrap_or_default(),
                        decimals,
                    );
                    let existing = store::product_by_sku_in(conn, &store_name, &r.sku).await?;
                    let mut row = ProductRow {
                        id: format!("pr_{}", random_token(16)),
                        store: store_name.clone(),
                        name: r.input.name,
                        price,
                        currency: currency.clone(),
                        category: r.input.category,
                        tax_rate: r.input.tax_rate,
                        sku: Some(r.sku),
                        active: i64::from(r.input.active.unwrap_or(true)),
                        position: r.input.position.unwrap_or(0),
                        image_type: None,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    };
                    match existing {
                        Some(old) => {
                            row.id = old.id;
                            row.position = r.input.position.unwrap_or(old.position);
                            store::update_product(conn, &row).await?;
                            result.updated += 1;
                        }
                        None => {
                            store::insert_product(conn, &row, r.input.position, MAX_PRODUCTS)
                                .await?;
                            result.created += 1;
                        }
                    }
                }
                Ok::<_, ProductWriteError>(result)
            })
        })
        .await?;
    tracing::info!(
        store = %terminal.store, created = result.created, updated = result.updated,
        "products imported"
    );
    Ok(Json(result))
}

/// The catalogue's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/products", get(products_list).post(products_create))
        .route("/api/products/export", get(products_export))
        .route(
            "/api/products/import",
            post(products_import).layer(DefaultBodyLimit::max(MAX_CSV_BYTES)),
        )
        .route("/api/products/reorder", post(products_reorder))
        .route("/api/products/{id}", put(products_update))
        .route("/api/products/{id}/archive", post(products_archive))
        .route(
            "/api/products/{id}/image",
            get(image_get)
                .put(image_put)
                .delete(image_delete)
                .layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES)),
        )
}
