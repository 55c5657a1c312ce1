//! Products: the catalogue rows of each store (the image's bytes are read on their own).

#[allow(unused_imports)]
use super::*;

/// The columns of a product row, without its image's bytes.
const PRODUCT_COLUMNS: &str = "id, store, name, price, currency, category, tax_rate, sku, active,
    position, image_type, version, created_at, updated_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: String,
    pub store: String,
    pub name: String,
    pub price: String,
    pub currency: String,
    pub category: String,
    pub tax_rate: Option<String>,
    pub sku: Option<String>,
    pub active: i64,
    pub position: i64,
    pub image_type: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Why a product write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ProductWriteError {
    #[error("another product of the store has this SKU")]
    DuplicateSku,
    #[error("the store has {0} products, the most it may have")]
    TooMany(usize),
    #[error("no such product")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<crate::store::writer::WriteError> for ProductWriteError {
    fn from(e: crate::store::writer::WriteError) -> Self {
        Self::Db(e.into())
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

fn write_error(e: sqlx::Error) -> ProductWriteError {
    if is_unique_violation(&e) {
        ProductWriteError::DuplicateSku
    } else {
        ProductWriteError::Db(e)
    }
}

/// The store's products by position (archived too when `archived`), at most `limit`.
pub async fn products(
    db: &Db,
    store: &str,
    archived: bool,
    limit: usize,
) -> Result<Vec<ProductRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE store = $1 AND ($2 = 1 OR active = 1)
         ORDER BY position, id LIMIT $3"
    ))
    .bind(store)
    .bind(i64::from(archived))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await
}

pub async fn product(db: &Db, store: &str, id: &str) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE store = $1 AND id = $2"
    ))
    .bind(store)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The products of `store` named by id or SKU (a cart's lines), at most `ids.len() +
/// skus.len()` rows.
pub async fn products_named(
    db: &Db,
    store: &str,
    ids: &[String],
    skus: &[String],
) -> Result<Vec<ProductRow>, sqlx::Error> {
    let mut found = Vec::new();
    // One lookup per name: a cart has at most 100 lines, and `IN` lists are not portable
    // through the Any driver's binds.
    for id in ids {
        if let Some(row) = product(db, store, id).await? {
            found.push(row);
        }
    }
    for sku in skus {
        let row: Option<ProductRow> = sqlx::query_as(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM products WHERE store = $1 AND sku = $2"
        ))
        .bind(store)
        .bind(sku)
        .fetch_optional(db)
        .await?;
        found.extend(row);
    }
    Ok(found)
}

/// The image of a product: content type and base64 bytes.
pub async fn product_image(
    db: &Db,
    store: &str,
    id: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT image_type, image_data FROM products WHERE store = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(t, d)| Some((t?, d?))))
}

async fn count(conn: &mut AnyConnection, store: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE store = $1")
        .bind(store)
        .fetch_one(&mut *conn)
        .await
}

async fn next_position(conn: &mut AnyConnection, store: &str) -> Result<i64, sqlx::Error> {
    let max: Option<i64> =
        sqlx::query_scalar("SELECT MAX(position) FROM products WHERE store = $1")
            .bind(store)
            .fetch_one(&mut *conn)
            .await?;
    Ok(max.map_or(0, |m| m + 1))
}

/// Inserts `row` (its position `None`: after the last), refusing a store that is full.
pub async fn insert_product(
    conn: &mut AnyConnection,
    row: &ProductRow,
    position: Option<i64>,
    max: usize,
) -> Result<ProductRow, ProductWriteError> {
    if usize::try_from(count(conn, &row.store).await?).unwrap_or(usize::MAX) >= max {
        return Err(ProductWriteError::TooMany(max));
    }
    let position = match position {
        Some(p) => p,
        None => next_position(conn, &row.store).await?,
    };
    sqlx::query(
        "INSERT INTO products (id, store, name, price, currency, category, tax_rate, sku, active,
            position, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11)",
    )
    .bind(&row.id)
    .bind(&row.store)
    .bind(&row.name)
    .bind(&row.price)
    .bind(&row.currency)
    .bind(&row.category)
    .bind(&row.tax_rate)
    .bind(&row.sku)
    .bind(row.active)
    .bind(position)
    .bind(row.updated_at)
    .execute(&mut *conn)
    .await
    .map_err(write_error)?;
    Ok(ProductRow {
        position,
        version: 1,
        created_at: row.updated_at,
        ..row.clone()
    })
}

/// Writes the editable columns of `row` (by store and id), bumping its version.
pub async fn update_product(
    conn: &mut AnyConnection,
    row: &ProductRow,
) -> Result<(), ProductWriteError> {
    let done = sqlx::query(
        "UPDATE products SET name = $1, price = $2, currency = $3, category = $4, tax_rate = $5,
            sku = $6, active = $7, position = $8, version = version + 1, updated_at = $9
         WHERE store = $10 AND id = $11",
    )
    .bind(&row.name)
    .bind(&row.price)
    .bind(&row.currency)
    .bind(&row.category)
    .bind(&row.tax_rate)
    .bind(&row.sku)
    .bind(row.active)
    .bind(row.position)
    .bind(row.updated_at)
    .bind(&row.store)
    .bind(&row.id)
    .execute(&mut *conn)
    .await
    .map_err(write_error)?;
    if done.rows_affected() == 0 {
        return Err(ProductWriteError::NotFound);
    }
    Ok(())
}

/// The product of `store` with this SKU, on the writer's connection.
pub async fn product_by_sku_in(
    conn: &mut AnyConnection,
    store: &str,
    sku: &str,
) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE store = $1 AND sku = $2"
    ))
    .bind(store)
    .bind(sku)
    .fetch_optional(&mut *conn)
    .await
}

/// Sets positions 0, 1, 2, … in the order of `ids`; false when one is not the store's.
pub async fn reorder_products(
    conn: &mut AnyConnection,
    store: &str,
    ids: &[String],
    now: i64,
) -> Result<bool, sqlx::Error> {
    for (position, id) in ids.iter().enumerate() {
        let done = sqlx::query(
            "UPDATE products SET position = $1, updated_at = $2 WHERE store = $3 AND id = $4",
        )
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(now)
        .bind(store)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Sets (or with `None`, removes) a product's image; false when there is no such product.
pub async fn set_product_image(
    conn: &mut AnyConnection,
    store: &str,
    id: &str,
    image: Option<(&str, &str)>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE products SET image_type = $1, image_data = $2, version = version + 1,
            updated_at = $3 WHERE store = $4 AND id = $5",
    )
    .bind(image.map(|i| i.0))
    .bind(image.map(|i| i.1))
    .bind(now)
    .bind(store)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
