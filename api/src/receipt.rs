//! What a receipt the law accepts carries: the store's legal particulars (part of
//! `StoreSettings`), the gapless receipt and credit-note numbers, and the receipt document the
//! proxy serves (`GET /api/payments/{id}` as `receipt`, `GET /api/public/receipts/{code}`).
//!
//! A number is `{prefix}{n}`, `n` counting from 1 per store with no gap: the proxy draws it
//! in the transaction that first makes a payment paid or overpaid, and for a confirmed
//! refund's credit note, from the same sequence.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::tax::{LineTotals, PriceMode, RateTotals};
use crate::upstream::CartItem;
use crate::validate::{check_text, is_blank, FieldError, ValidationErrors};

/// Longest legal name, tax ID, footer and prefix.
pub const MAX_LEGAL_NAME: usize = 100;
pub const MAX_ADDRESS_LINE: usize = 80;
pub const MAX_ADDRESS_LINES: usize = 4;
pub const MAX_TAX_ID: usize = 32;
pub const MAX_FOOTER: usize = 200;
pub const MAX_PREFIX: usize = 12;

/// The store's legal particulars for its receipts (all optional until a shop fills them in;
/// a receipt without them says so on screen).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReceiptSettings {
    /// The legal name of the business (`Corner Café GmbH`).
    #[serde(default)]
    pub legal_name: String,
    /// The address, one line per element (at most 4 lines).
    #[serde(default)]
    pub address: Vec<String>,
    /// Tax or VAT ID (`DE123456789`).
    #[serde(default)]
    pub tax_id: String,
    /// Printed under the receipt ("Thank you!").
    #[serde(default)]
    pub footer: String,
    /// Put before every receipt and credit-note number (`R-`, `2026/`): letters, digits and
    /// `- / . _`. Changing it never restarts the count.
    #[serde(default)]
    pub number_prefix: String,
}

impl ReceiptSettings {
    /// Every problem, by field (`receipt.legal_name`, `receipt.address[1]`, …).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let mut text = |field: String, value: &str, max: usize| {
            if let Err(m) = check_text(value, max) {
                errors.push(FieldError::new(field, m));
            }
        };
        text(
            "receipt.legal_name".into(),
            &self.legal_name,
            MAX_LEGAL_NAME,
        );
        text("receipt.tax_id".into(), &self.tax_id, MAX_TAX_ID);
        text("receipt.footer".into(), &self.footer, MAX_FOOTER);
        for (i, line) in self.address.iter().enumerate() {
            text(format!("receipt.address[{i}]"), line, MAX_ADDRESS_LINE);
        }
        if self.address.len() > MAX_ADDRESS_LINES {
            errors.push(FieldError::new(
                "receipt.address",
                format!("at most {MAX_ADDRESS_LINES} address lines"),
            ));
        }
        if self.address.iter().any(|l| is_blank(l)) {
            errors.push(FieldError::new(
                "receipt.address",
                "remove the empty address lines",
            ));
        }
        if self.number_prefix.chars().count() > MAX_PREFIX
            || !self
                .number_prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-/._".contains(c))
        {
            errors.push(FieldError::new(
                "receipt.number_prefix",
                format!("use at most {MAX_PREFIX} letters, digits and - / . _"),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }
}

/// A receipt or credit-note number as printed: the prefix at the time, then the count.
pub fn number_text(prefix: &str, n: i64) -> String {
    format!("{prefix}{n}")
}

/// The discount share a cashier may give without the manager PIN: 0 ≤ p ≤ 100, at most two
/// decimals.
pub fn parse_share(text: &str) -> Result<Decimal, String> {
    let p = crate::money::parse_non_negative(text.trim(), 2)
        .map_err(|_| "use a percentage from 0 to 100, such as 10".to_string())?;
    if p > Decimal::ONE_HUNDRED {
        return Err("at most 100 %".into());
    }
    Ok(p.normalize())
}

/// The legal particulars as printed on one receipt (a copy of the settings at the time of
/// sale, so a later change of address does not rewrite old receipts).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Issuer {
    pub legal_name: String,
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub tax_id: String,
    #[serde(default)]
    pub footer: String,
}

impl From<&ReceiptSettings> for Issuer {
    fn from(s: &ReceiptSettings) -> Self {
        Self {
            legal_name: s.legal_name.clone(),
            address: s.address.clone(),
            tax_id: s.tax_id.clone(),
            footer: s.footer.clone(),
        }
    }
}

/// A credit note: a confirmed refund's document, numbered from the receipts' sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditNote {
    /// Its own number (`R-42`).
    pub number: String,
    /// The refund it documents (not on the public receipt).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub refund_id: String,
    /// The receipt it refers to (`R-17`).
    pub receipt_number: String,
    /// The refund's amount in the pay asset, and the asset.
    pub amount: String,
    pub asset: String,
    /// When it was issued (the refund's confirmation), RFC 3339.
    pub issued_at: String,
}

/// The tax document of a paid sale: `receipt` in `GET /api/payments/{id}` and in
/// `GET /api/public/receipts/{code}`. Amounts are decimal strings in the settlement currency
/// (`currency`), except `crypto_received` in `pay_asset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptDoc {
    /// Gapless per store (`R-17`); absent until the sale is paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub issuer: Issuer,
    /// The time of supply: when the sale became paid, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplied_at: Option<String>,
    /// The terminal's name (the till).
    pub terminal: String,
    /// The terminal's id (its serial number for KassenSichV); not on the public receipt.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub terminal_id: String,
    pub currency: String,
    pub prices: PriceMode,
    pub items: Vec<CartItem>,
    /// One per cart line, in order.
    pub lines: Vec<LineTotals>,
    pub rates: Vec<RateTotals>,
    pub sale_discount: String,
    pub discount: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
    pub pay_asset: String,
    pub crypto_received: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credit_notes: Vec<CreditNote>,
}

impl ReceiptDoc {
    /// What the customer's receipt link shows: no internal ids (the terminal's, the
    /// refunds').
    pub fn public(&self) -> Self {
        let mut doc = self.clone();
        doc.terminal_id.clear();
        for note in &mut doc.credit_notes {
            note.refund_id.clear();
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_particulars_are_checked_by_field() {
        let ok = ReceiptSettings {
            legal_name: "Corner Café GmbH".into(),
            address: vec!["Hauptstr. 1".into(), "10115 Berlin".into()],
            tax_id: "DE123456789".into(),
            footer: "Danke!".into(),
            number_prefix: "R-2026/".into(),
        };
        assert!(ok.validate().is_ok());
        let bad = ReceiptSettings {
            legal_name: "x".repeat(101),
            address: vec!["a\nb".into(), String::new()],
            number_prefix: "R 1".into(),
            ..ok
        };
        let e = bad.validate().unwrap_err();
        assert!(e.get("receipt.legal_name").is_some());
        assert!(e.get("receipt.address[0]").is_some());
        assert_eq!(
            e.get("receipt.address"),
            Some("remove the empty address lines")
        );
        assert!(e.get("receipt.number_prefix").is_some());
        assert_eq!(number_text("R-", 7), "R-7");
        assert!(parse_share("100.5").is_err());
        assert_eq!(parse_share("10").unwrap(), Decimal::TEN);
    }
}
