//! A store's product catalogue: the item as the API shows it, the checks of a new or changed
//! item, the image check (by magic bytes) and the CSV import and export.
//!
//! Prices are in the store's currency (`StoreSettings::currency`), with at most its decimals,
//! entered as the store enters prices (tax-inclusive or exclusive, see [`crate::tax`]).

use serde::{Deserialize, Serialize};

use crate::report::csv_cell;
use crate::tax::TaxConfig;
use crate::validate::{check_text, is_blank, limits, FieldError, ValidationErrors};

/// Products a store may have at most (the grid, the list and an import are bounded by it).
pub const MAX_PRODUCTS: usize = 5_000;
/// Longest product name and category.
pub const MAX_NAME: usize = limits::ITEM_NAME;
pub const MAX_CATEGORY: usize = 40;
/// Largest product image (PNG, JPEG or WebP).
pub const MAX_IMAGE_BYTES: usize = 200 * 1024;
/// Largest CSV import body.
pub const MAX_CSV_BYTES: usize = 1024 * 1024;

/// One product (`GET /api/products`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    /// In the store's currency (`currency`), as a decimal string.
    pub price: String,
    pub currency: String,
    #[serde(default)]
    pub category: String,
    /// The id of one of the store's tax rates; absent: the default rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<String>,
    /// SKU or barcode, unique in the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    pub active: bool,
    /// Order on the grid, smallest first.
    pub position: i64,
    /// The image's URL (`/api/products/{id}/image?v={version}`) when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Bumped at every change: a cart line priced at an older version is stale.
    pub version: i64,
    pub updated_at: String,
}

/// Body of `POST /api/products` and `PUT /api/products/{id}` (an unknown field is refused by
/// name rather than dropped).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub name: String,
    pub price: String,
    #[serde(default)]
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// Default: active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Default: after the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
}

/// `GET /api/products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductList {
    pub products: Vec<Product>,
}

/// Body of `POST /api/products/reorder`: every product id of the store in the new order
/// (positions become 0, 1, 2, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reorder {
    pub ids: Vec<String>,
}

/// The answer to `POST /api/products/import`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportResult {
    pub created: u32,
    pub updated: u32,
}

/// A SKU or barcode: 1–64 of letters, digits and `- _ . /` (what scanners type).
pub fn check_sku(text: &str) -> Result<(), String> {
    if text.is_empty() || text.len() > limits::SKU {
        return Err(format!("use 1 to {} characters", limits::SKU));
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
    {
        return Err("use letters, digits and - _ . / only".into());
    }
    Ok(())
}

impl ProductInput {
    /// Trims what people type around (names, SKUs) before the checks.
    pub fn normalize(&mut self) {
        self.name = crate::validate::nfc(self.name.trim());
        self.category = crate::validate::nfc(self.category.trim());
        self.price = self.price.trim().to_string();
        self.sku = self
            .sku
            .take()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        self.tax_rate = self.tax_rate.take().filter(|s| !s.trim().is_empty());
    }

    /// Every problem by field, with `prefix` before each field name (`""` for the API,
    /// `lines[3].` for an import). `decimals`: of the store's currency.
    pub fn problems(&self, tax: &TaxConfig, decimals: u32, prefix: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut push = |field: &str, result: Result<(), String>| {
            if let Err(m) = result {
                errors.push(FieldError::new(format!("{prefix}{field}"), m));
            }
        };
        push(
            "name",
            if is_blank(&self.name) {
                Err("enter the product's name".into())
            } else {
                check_text(&self.name, MAX_NAME)
            },
        );
        push(
            "price",
            crate::money::parse_amount(&self.price, decimals)
                .map(|_| ())
                .map_err(|e| match e {
                    crate::MoneyError::TooManyDecimals { max } => {
                        format!("the store's currency has {max} decimals")
                    }
                    e => e.to_string(),
                }),
        );
        push("category", check_text(&self.category, MAX_CATEGORY));
        if let Some(sku) = &self.sku {
            push("sku", check_sku(sku));
        }
        if let Some(rate) = &self.tax_rate {
            push(
                "tax_rate",
                match tax.rate(rate) {
                    Some(_) => Ok(()),
                    None => Err(format!("the store has no tax rate \"{rate}\"")),
                },
            );
        }
        if self.position.is_some_and(|p| !(0..=1_000_000).contains(&p)) {
            push("position", Err("from 0 to 1000000".into()));
        }
        errors
    }
}

/// What an uploaded image is, by its first bytes. SVG (a document that can run script) is
/// never an image here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Png,
    Jpeg,
    Webp,
}

impl ImageType {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }

    pub fn from_content_type(text: &str) -> Option<Self> {
        let mime = text.split(';').next().unwrap_or("").trim();
        match mime.to_ascii_lowercase().as_str() {
            "image/png" => Some(Self::Png),
            "image/jpeg" | "image/jpg" => Some(Self::Jpeg),
            "image/webp" => Some(Self::Webp),
            _ => None,
        }
    }
}

/// Why an image upload was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("an image is at most {} KiB", MAX_IMAGE_BYTES / 1024)]
    TooLarge,
    #[error("send a PNG, JPEG or WebP image (SVG is not accepted)")]
    UnsupportedType,
    #[error("the file is not the {claimed} it claims to be")]
    NotWhatItClaims { claimed: &'static str },
}

/// Checks an upload: its declared `content_type` must be PNG, JPEG or WebP and its bytes must
/// be that type.
pub fn check_image(content_type: &str, bytes: &[u8]) -> Result<ImageType, ImageError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let claimed = ImageType::from_content_type(content_type).ok_or(ImageError::UnsupportedType)?;
    match ImageType::sniff(bytes) {
        Some(found) if found == claimed => Ok(found),
        _ => Err(ImageError::NotWhatItClaims {
            claimed: claimed.content_type(),
        }),
    }
}

/// The columns of the CSV import and export, in order.
pub const CSV_COLUMNS: [&str; 7] = [
    "sku", "name", "price", "category", "tax_rate", "active", "position",
];

/// One row of an import, with its line number in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: usize,
    pub sku: String,
    pub input: ProductInput,
}

/// Splits RFC 4180 CSV into records of fields (quoted fields may hold commas, quotes and line
/// breaks), each with the line it starts on. An unterminated quote is an error of its line.
/// A CSV record: the line it starts on and its fields.
type Record = (usize, Vec<String>);

fn records(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut record = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
                any = false;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err((start, "a quoted field is not closed".into()));
    }
    if any {
        record.push(field);
        out.push((start, record));
    }
    Ok(out)
}

/// A cell as exported: a leading `'` that the export put before `= + - @` is taken off again,
/// so an export imports unchanged.
fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Reads an import: a header naming the columns (any order; `sku`, `name` and `price`
/// required), then one product per line. Every bad row is reported by its line number and
/// field (`lines[3].price`); a SKU twice in the file is an error of the later line. Blank lines
/// are skipped. `decimals`: of the store's currency.
pub fn parse_import(
    text: &str,
    tax: &TaxConfig,
    decimals: u32,
) -> Result<Vec<ImportRow>, ValidationErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let one = |field: String, m: &str| ValidationErrors(vec![FieldError::new(field, m)]);
    let records = records(text).map_err(|(line, m)| one(format!("lines[{line}]"), &m))?;
    let mut rows = records.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(one("csv".into(), "the file is empty"));
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut errors = Vec::new();
    for required in ["sku", "name", "price"] {
        if col(required).is_none() {
            errors.push(FieldError::new(
                "lines[1]",
                format!("the header has no column \"{required}\""),
            ));
        }
    }
    if let Some(unknown) = header.iter().find(|h| !CSV_COLUMNS.contains(&h.as_str())) {
        errors.push(FieldError::new(
            "lines[1]",
            format!("unknown column \"{unknown}\""),
        ));
    }
    if !errors.is_empty() {
        return Err(ValidationErrors(errors));
    }
    let mut out: Vec<ImportRow> = Vec::new();
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if out.len() >= MAX_PRODUCTS {
            errors.push(FieldError::new(
                format!("lines[{line}]"),
                format!("at most {MAX_PRODUCTS} products per import"),
            ));
            break;
        }
        let at = |f: &str| format!("lines[{line}].{f}");
        let get = |name: &str| {
            col(name)
                .and_then(|i| cells.get(i))
                .map(|c| unescape(c.trim()).to_string())
                .unwrap_or_default()
        };
        if cells.len() != header.len() {
            errors.push(FieldError::new(
                format!("lines[{line}]"),
                format!("{} fields, the header has {}", cells.len(), header.len()),
            ));
            continue;
        }
        let active = match get("active").to_ascii_lowercase().as_str() {
            "" | "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => {
                errors.push(FieldError::new(at("active"), "use true or false"));
                None
            }
        };
        let position = match get("position").as_str() {
            "" => None,
            p => match p.parse::<i64>() {
                Ok(p) => Some(p),
                Err(_) => {
                    errors.push(FieldError::new(at("position"), "use a whole number"));
                    None
                }
            },
        };
        let sku = get("sku");
        let mut input = ProductInput {
            name: get("name"),
            price: get("price"),
            category: get("category"),
            tax_rate: Some(get("tax_rate")),
            sku: Some(sku.clone()),
            active,
            position,
        };
        input.normalize();
        errors.extend(input.problems(tax, decimals, &format!("lines[{line}].")));
        match input.sku.as_deref() {
            None => errors.push(FieldError::new(
                at("sku"),
                "every row needs a SKU (the import updates by it)",
            )),
            Some(s) => {
                if let Some(first) = out.iter().find(|r| r.sku == s) {
                    errors.push(FieldError::new(
                        at("sku"),
                        format!("the SKU is already on line {}", first.line),
                    ));
                }
            }
        }
        out.push(ImportRow {
            line,
            sku: input.sku.clone().unwrap_or_default(),
            input,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ValidationErrors(errors))
    }
}

/// The CSV header line of an export (CRLF line ends, as the reports).
pub fn csv_header() -> String {
    format!("{}\r\n", CSV_COLUMNS.join(","))
}

/// One product as an export line, every cell safe against spreadsheet formulas.
pub fn csv_line(p: &Product) -> String {
    let cells = [
        p.sku.clone().unwrap_or_default(),
        p.name.clone(),
        p.price.clone(),
        p.category.clone(),
        p.tax_rate.clone().unwrap_or_default(),
        p.active.to_string(),
        p.position.to_string(),
    ];
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tax() -> TaxConfig {
        TaxConfig {
            rates: vec![crate::tax::TaxRate {
                id: "reduced".into(),
                name: "VAT 7 %".into(),
                percent: "7".into(),
            }],
            default_rate: Some("reduced".into()),
            ..TaxConfig::default()
        }
    }

    #[test]
    fn a_bad_import_names_every_bad_row_by_line_and_field() {
        let csv = "sku,name,price,tax_rate\r\n\
                   A-1,Flat white,3.20,reduced\r\n\
                   A-2,,3.205,\r\n\
                   \r\n\
                   A-1,Again,1.00,luxury\r\n\
                   \"B,3\",\"Cake, \"\"big\"\"\",4.50,\r\n";
        let e = parse_import(csv, &tax(), 2).unwrap_err();
        assert!(e.get("lines[3].name").is_some());
        assert_eq!(
            e.get("lines[3].price"),
            Some("the store's currency has 2 decimals")
        );
        assert_eq!(e.get("lines[5].sku"), Some("the SKU is already on line 2"));
        assert!(e.get("lines[5].tax_rate").is_some());
        assert!(
            e.get("lines[6].sku").is_some(),
            "a comma is no SKU character"
        );
        assert!(e.get("lines[2].name").is_none());
    }

    #[test]
    fn an_export_imports_unchanged_and_is_formula_safe() {
        let p = Product {
            id: "pr_1".into(),
            name: "=HYPERLINK(\"x\")".into(),
            price: "3.20".into(),
            currency: "EUR".into(),
            category: "Drinks, hot".into(),
            tax_rate: Some("reduced".into()),
            sku: Some("A-1".into()),
            active: false,
            position: 4,
            image_url: None,
            version: 1,
            updated_at: String::new(),
        };
        let csv = format!("{}{}", csv_header(), csv_line(&p));
        assert!(csv.contains("'=HYPERLINK"));
        let rows = parse_import(&csv, &tax(), 2).unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0].input;
        assert_eq!(r.name, "=HYPERLINK(\"x\")");
        assert_eq!(r.category, "Drinks, hot");
        assert_eq!((r.active, r.position), (Some(false), Some(4)));
    }

    #[test]
    fn images_are_what_their_bytes_say() {
        let png = b"\x89PNG\r\n\x1a\n0000";
        assert_eq!(check_image("image/png", png), Ok(ImageType::Png));
        assert_eq!(
            check_image("image/jpeg", png),
            Err(ImageError::NotWhatItClaims {
                claimed: "image/jpeg"
            })
        );
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>";
        assert_eq!(
            check_image("image/svg+xml", svg),
            Err(ImageError::UnsupportedType)
        );
        assert!(check_image("image/png", svg).is_err());
        assert_eq!(
            check_image("image/webp", b"RIFF\0\0\0\0WEBPVP8 "),
            Ok(ImageType::Webp)
        );
        let big = vec![0xFF; MAX_IMAGE_BYTES + 1];
        assert_eq!(check_image("image/jpeg", &big), Err(ImageError::TooLarge));
    }

    #[test]
    fn prices_follow_the_currency_and_rates_the_store() {
        let mut p = ProductInput {
            name: " Tea ".into(),
            price: "2.5".into(),
            tax_rate: Some("reduced".into()),
            sku: Some(" T-1 ".into()),
            ..ProductInput::default()
        };
        p.normalize();
        assert_eq!((p.name.as_str(), p.sku.as_deref()), ("Tea", Some("T-1")));
        assert!(p.problems(&tax(), 2, "").is_empty());
        assert_eq!(p.problems(&tax(), 0, "")[0].field, "price");
        p.tax_rate = Some("standard".into());
        assert_eq!(p.problems(&tax(), 2, "")[0].field, "tax_rate");
    }
}
