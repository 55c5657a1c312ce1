//! The accounting export (`GET /api/exports/sales`): one row per sale line of every receipt,
//! and one per credit note, in CSV (formula-safe) or JSON. The rows are the receipts' own
//! figures, so a rate's rows add up exactly to the rate's totals on the receipt and on the
//! Z-report (see [`crate::tax`]).

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::money::format_fixed;
use crate::receipt::{CreditNote, ReceiptDoc};
use crate::report::csv_cell;

/// The longest range one export covers (inclusive days).
pub const MAX_DAYS: i64 = 366;

/// One row of the export. Amounts are decimal strings: the sale's in `currency`,
/// `crypto_received` in `pay_asset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    /// The receipt's or credit note's number.
    pub number: String,
    /// `receipt` or `credit_note`.
    pub kind: String,
    /// A credit note's receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<String>,
    /// Time of supply (a credit note: when it was issued), RFC 3339.
    pub time: String,
    pub terminal: String,
    pub item: String,
    pub sku: String,
    pub quantity: String,
    pub unit_price: String,
    /// The line's discount and its share of the sale discount.
    pub discount: String,
    /// The rate in percent ("" for an untaxed line).
    pub tax_rate: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
    pub currency: String,
    pub pay_asset: String,
    /// What the whole sale received (repeated on each of its lines); a credit note: the
    /// amount refunded, negative.
    pub crypto_received: String,
    pub exchange_rate: String,
    pub payment_code: String,
}

/// The CSV columns, in order.
pub const COLUMNS: [&str; 19] = [
    "number",
    "kind",
    "refers_to",
    "time",
    "terminal",
    "item",
    "sku",
    "quantity",
    "unit_price",
    "discount",
    "tax_rate",
    "net",
    "tax",
    "gross",
    "currency",
    "pay_asset",
    "crypto_received",
    "exchange_rate",
    "payment_code",
];

/// The rows of one receipt (`decimals`: of its currency).
pub fn receipt_rows(doc: &ReceiptDoc, payment_code: &str, decimals: u32) -> Vec<ExportRow> {
    let number = doc.number.clone().unwrap_or_default();
    doc.items
        .iter()
        .zip(&doc.lines)
        .map(|(item, line)| ExportRow {
            number: number.clone(),
            kind: "receipt".into(),
            refers_to: None,
            time: doc.supplied_at.clone().unwrap_or_default(),
            terminal: doc.terminal.clone(),
            item: item.item_name.clone(),
            sku: item.sku.clone().unwrap_or_default(),
            quantity: item.item_quantity.clone(),
            unit_price: item.unit_price.clone(),
            discount: format_fixed(line.line_discount + line.sale_discount, decimals),
            tax_rate: if line.rate.is_some() {
                line.percent.normalize().to_string()
            } else {
                String::new()
            },
            net: format_fixed(line.net, decimals),
            tax: format_fixed(line.tax, decimals),
            gross: format_fixed(line.gross, decimals),
            currency: doc.currency.clone(),
            pay_asset: doc.pay_asset.clone(),
            crypto_received: doc.crypto_received.clone(),
            exchange_rate: doc.exchange_rate.clone().unwrap_or_default(),
            payment_code: payment_code.to_string(),
        })
        .collect()
}

/// The row of a credit note of `doc`'s sale.
pub fn credit_note_row(note: &CreditNote, doc: &ReceiptDoc, payment_code: &str) -> ExportRow {
    ExportRow {
        number: note.number.clone(),
        kind: "credit_note".into(),
        refers_to: Some(note.receipt_number.clone()),
        time: note.issued_at.clone(),
        terminal: doc.terminal.clone(),
        item: format!("Refund of receipt {}", note.receipt_number),
        sku: String::new(),
        quantity: "1".into(),
        unit_price: String::new(),
        discount: String::new(),
        tax_rate: String::new(),
        net: String::new(),
        tax: String::new(),
        gross: String::new(),
        currency: doc.currency.clone(),
        pay_asset: note.asset.clone(),
        crypto_received: format!("-{}", note.amount),
        exchange_rate: doc.exchange_rate.clone().unwrap_or_default(),
        payment_code: payment_code.to_string(),
    }
}

/// The CSV header line (CRLF).
pub fn csv_header() -> String {
    format!("{}\r\n", COLUMNS.join(","))
}

/// One row as a CSV line, every cell safe against spreadsheet formulas.
pub fn csv_line(r: &ExportRow) -> String {
    let cells = [
        &r.number,
        &r.kind,
        r.refers_to.as_deref().unwrap_or(""),
        &r.time,
        &r.terminal,
        &r.item,
        &r.sku,
        &r.quantity,
        &r.unit_price,
        &r.discount,
        &r.tax_rate,
        &r.net,
        &r.tax,
        &r.gross,
        &r.currency,
        &r.pay_asset,
        &r.crypto_received,
        &r.exchange_rate,
        &r.payment_code,
    ];
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Why an export range was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("write the {0} date as YYYY-MM-DD")]
    BadDate(&'static str),
    #[error("the range ends before it starts")]
    EndsBeforeStart,
    #[error("an export covers at most {MAX_DAYS} days; split the range")]
    TooLong,
}

impl RangeError {
    /// The query parameter concerned.
    pub fn field(&self) -> &'static str {
        match self {
            Self::BadDate(which) => which,
            Self::EndsBeforeStart | Self::TooLong => "to",
        }
    }
}

fn parse_day(text: &str, which: &'static str) -> Result<Date, RangeError> {
    let bad = || RangeError::BadDate(which);
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    let d: u8 = d.parse().map_err(|_| bad())?;
    let month = Month::try_from(m).map_err(|_| bad())?;
    Date::from_calendar_date(y, month, d).map_err(|_| bad())
}

/// Checks `from`..=`to` (`YYYY-MM-DD`, inclusive): it must not end before it starts nor span
/// more than [`MAX_DAYS`] days.
pub fn check_range(from: &str, to: &str) -> Result<(Date, Date), RangeError> {
    let (from, to) = (parse_day(from, "from")?, parse_day(to, "to")?);
    if to < from {
        return Err(RangeError::EndsBeforeStart);
    }
    if (to - from).whole_days() + 1 > MAX_DAYS {
        return Err(RangeError::TooLong);
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_checked() {
        assert!(check_range("2026-01-01", "2026-12-31").is_ok());
        assert!(
            check_range("2024-01-01", "2024-12-31").is_ok(),
            "a leap year fits"
        );
        assert_eq!(
            check_range("2026-02-01", "2026-01-31"),
            Err(RangeError::EndsBeforeStart)
        );
        assert_eq!(
            check_range("2025-01-01", "2026-01-02"),
            Err(RangeError::TooLong)
        );
        assert_eq!(
            check_range("2026-02-30", "2026-03-01"),
            Err(RangeError::BadDate("from"))
        );
        assert_eq!(
            check_range("2026-01-01", "26-1-1"),
            Err(RangeError::BadDate("to"))
        );
    }

    #[test]
    fn rows_are_formula_safe() {
        let row = ExportRow {
            number: "R-1".into(),
            kind: "receipt".into(),
            refers_to: None,
            time: "2026-11-25T10:00:00Z".into(),
            terminal: "Till".into(),
            item: "=1+1".into(),
            sku: "-5".into(),
            quantity: "1".into(),
            unit_price: "1.00".into(),
            discount: "0.00".into(),
            tax_rate: "19".into(),
            net: "0.84".into(),
            tax: "0.16".into(),
            gross: "1.00".into(),
            currency: "EUR".into(),
            pay_asset: "BTC".into(),
            crypto_received: "0.00001".into(),
            exchange_rate: "100000".into(),
            payment_code: "abc".into(),
        };
        let line = csv_line(&row);
        assert!(line.contains(",'=1+1,'-5,"), "{line}");
        assert_eq!(csv_header().trim_end().split(',').count(), COLUMNS.len());
    }
}
