-- The product catalogue of each store. Prices are decimal text in the store's currency (never
-- a float). `version` goes up at every change, so a cart line priced at an older one is
-- stale. The image (PNG, JPEG or WebP, at most 200 KiB, checked by its bytes) is kept as
-- base64 text with its content type: one portable column type for SQLite and PostgreSQL.
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    store TEXT NOT NULL,
    name TEXT NOT NULL,
    price TEXT NOT NULL,
    currency TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    tax_rate TEXT,
    sku TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    position BIGINT NOT NULL DEFAULT 0,
    image_type TEXT,
    image_data TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A SKU or barcode names one product of its store (products without one: any number).
CREATE UNIQUE INDEX products_store_sku ON products (store, sku);
CREATE INDEX products_store_position ON products (store, position, id);
