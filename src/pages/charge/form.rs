//! The charge form's state and how it becomes a `NewPayment`.

use leptos::prelude::*;
use wct_api::money::format_fixed;
use wct_api::upstream::{CartItem, PaymentFields};
use wct_api::validate::{cart_total, validate_payment};
use wct_api::{Catalogue, FieldError};

use crate::storage;

/// One cart line; each part is its own signal so typing never re-renders the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartRow {
    pub key: u32,
    pub name: RwSignal<String>,
    pub desc: RwSignal<String>,
    pub qty: RwSignal<String>,
    pub price: RwSignal<String>,
}

impl CartRow {
    fn new(key: u32) -> Self {
        Self {
            key,
            name: RwSignal::new(String::new()),
            desc: RwSignal::new(String::new()),
            qty: RwSignal::new("1".into()),
            price: RwSignal::new(String::new()),
        }
    }

    fn item(&self) -> CartItem {
        CartItem {
            item_name: self.name.get(),
            item_desc: self.desc.get(),
            item_quantity: self.qty.get(),
            unit_price: self.price.get(),
        }
    }
}

/// The seed's customer fields: name, label, input type, autocomplete, placeholder.
pub const PERSONAL: [(&str, &str, &str, &str, &str); 9] = [
    ("personal_fname", "First name", "text", "given-name", ""),
    ("personal_lname", "Last name", "text", "family-name", ""),
    (
        "personal_address",
        "Street address",
        "text",
        "street-address",
        "",
    ),
    ("personal_city", "City", "text", "address-level2", ""),
    (
        "personal_state",
        "State / region",
        "text",
        "address-level1",
        "",
    ),
    (
        "personal_country",
        "Country (2 letters)",
        "text",
        "country",
        "AU",
    ),
    ("personal_postcode", "Postcode", "text", "postal-code", ""),
    ("personal_mobile", "Mobile", "tel", "tel", "+614123123123"),
    (
        "personal_dob",
        "Date of birth",
        "text",
        "bday",
        "YYYY/MM/DD",
    ),
];

#[derive(Debug, Clone, Copy)]
pub struct ChargeForm {
    /// As typed on the keypad, with `.` as the point.
    pub amount: RwSignal<String>,
    pub settlement: RwSignal<String>,
    pub settlement_network: RwSignal<String>,
    pub pay_with: RwSignal<String>,
    pub network: RwSignal<String>,
    pub description: RwSignal<String>,
    pub reference: RwSignal<String>,
    pub cart: RwSignal<Vec<CartRow>>,
    next_row: RwSignal<u32>,
    pub personal: [RwSignal<String>; 9],
    /// Fields the cashier has edited or left: their problems show at once.
    pub touched: RwSignal<Vec<String>>,
    /// After the first Charge press every problem shows.
    pub attempted: RwSignal<bool>,
    pub server_errors: RwSignal<Vec<FieldError>>,
}

impl ChargeForm {
    /// A fresh form with the last settlement / pay-with choices of this device.
    pub fn new(reference: String) -> Self {
        let stored = |k| storage::get(k).unwrap_or_default();
        Self {
            amount: RwSignal::new(String::new()),
            settlement: RwSignal::new(stored(storage::SETTLEMENT)),
            settlement_network: RwSignal::new(stored(storage::SETTLEMENT_NETWORK)),
            pay_with: RwSignal::new(stored(storage::PAY_WITH)),
            network: RwSignal::new(stored(storage::NETWORK)),
            description: RwSignal::new(String::new()),
            reference: RwSignal::new(reference),
            cart: RwSignal::new(Vec::new()),
            next_row: RwSignal::new(0),
            personal: std::array::from_fn(|_| RwSignal::new(String::new())),
            touched: RwSignal::new(Vec::new()),
            attempted: RwSignal::new(false),
            server_errors: RwSignal::new(Vec::new()),
        }
    }

    /// Fills in choices the catalogue no longer offers (or never did) with its first entries.
    pub fn fit_catalogue(&self, cat: &Catalogue) {
        let settle = self.settlement.get_untracked();
        if cat.settlement(&settle).is_none() {
            if let Some(a) = cat.settlement.first() {
                self.settlement.set(a.symbol.clone());
            }
        }
        let pay = self.pay_with.get_untracked();
        if !pay.is_empty() && cat.crypto(&pay).is_none() {
            self.pay_with.set(String::new());
        }
        if self.pay_with.get_untracked().is_empty() {
            if let Some(a) = cat.crypto.first() {
                self.pay_with.set(a.symbol.clone());
            }
        }
    }

    pub fn add_row(&self) {
        let key = self.next_row.get_untracked();
        self.next_row.set(key + 1);
        self.cart.update(|rows| rows.push(CartRow::new(key)));
    }

    pub fn remove_row(&self, key: u32) {
        self.cart.update(|rows| rows.retain(|r| r.key != key));
    }

    pub fn touch(&self, field: &str) {
        if !self
            .touched
            .with_untracked(|t| t.iter().any(|f| f == field))
        {
            self.touched.update(|t| t.push(field.to_string()));
        }
    }

    /// Settlement decimals (2 until the catalogue is known).
    pub fn decimals(&self, cat: Option<&Catalogue>) -> u32 {
        cat.and_then(|c| c.decimals_of(&self.settlement.get()))
            .unwrap_or(2)
    }

    pub fn cart_items(&self) -> Vec<CartItem> {
        self.cart
            .with(|rows| rows.iter().map(CartRow::item).collect())
    }

    /// The cart's total as the amount text, when the cart has items.
    pub fn cart_amount(&self, decimals: u32) -> Option<String> {
        let items = self.cart_items();
        if items.is_empty() {
            return None;
        }
        let total = cart_total(&items, decimals);
        Some(if total.is_zero() {
            String::new()
        } else {
            format_fixed(total, decimals)
        })
    }

    /// The request body (reactive: tracks every field).
    pub fn fields(&self) -> PaymentFields {
        let opt = |s: RwSignal<String>| Some(s.get().trim().to_string()).filter(|v| !v.is_empty());
        let p = &self.personal;
        PaymentFields {
            // The keypad can leave a trailing point ("12."), which means "12".
            amount: self.amount.get().trim_end_matches('.').to_string(),
            asset: self.settlement.get(),
            asset_network: opt(self.settlement_network),
            requested_asset: self.pay_with.get(),
            requested_asset_network: opt(self.network),
            description: self.description.get(),
            reference: self.reference.get(),
            cart_items: self.cart_items(),
            personal_fname: opt(p[0]),
            personal_lname: opt(p[1]),
            personal_address: opt(p[2]),
            personal_city: opt(p[3]),
            personal_state: opt(p[4]),
            personal_country: opt(p[5]),
            personal_postcode: opt(p[6]),
            personal_mobile: opt(p[7]),
            personal_dob: opt(p[8]),
        }
    }

    /// Every problem of the form as it stands.
    pub fn problems(&self, cat: &Catalogue, today: time::Date) -> Vec<FieldError> {
        validate_payment(&self.fields(), cat, today)
            .err()
            .map(|e| e.0)
            .unwrap_or_default()
    }

    /// Clears the sale but keeps the asset choices for the next customer.
    pub fn reset(&self, reference: String) {
        self.amount.set(String::new());
        self.description.set(String::new());
        self.reference.set(reference);
        self.cart.set(Vec::new());
        for p in self.personal {
            p.set(String::new());
        }
        self.touched.set(Vec::new());
        self.attempted.set(false);
        self.server_errors.set(Vec::new());
    }

    /// Keeps the asset choices for this device's next sale.
    pub fn remember_choices(&self) {
        storage::set(storage::SETTLEMENT, &self.settlement.get_untracked());
        storage::set(
            storage::SETTLEMENT_NETWORK,
            &self.settlement_network.get_untracked(),
        );
        storage::set(storage::PAY_WITH, &self.pay_with.get_untracked());
        storage::set(storage::NETWORK, &self.network.get_untracked());
    }
}
