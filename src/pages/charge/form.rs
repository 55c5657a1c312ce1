//! The charge form's state, provided as context to every part of the Charge screen, and how
//! it becomes a `NewPayment`. What the cashier typed or chose is held in signals; everything
//! else (the amount from the cart, the choices the catalogue allows, the problems) is derived.

use leptos::prelude::*;
use rust_decimal::Decimal;
use wct_api::money::{format_fixed, parse_amount};
use wct_api::pos::fiat_decimals;
use wct_api::products::Product;
use wct_api::tax::{breakdown, discount_share, validate_sale, Breakdown, Discount, TaxConfig};
use wct_api::tips::{add_tip, subtotal_of, tip_amount, TipConfig};
use wct_api::upstream::{CartItem, LineKind, PaymentFields};
use wct_api::validate::cart_total;
use wct_api::{Catalogue, FieldError};

use crate::components::tip::TipChoice;
use crate::i18n::{t, ta, Arg};
use crate::storage;

/// The catalogue product a cart line was tapped or scanned from, as it was priced then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRef {
    pub id: String,
    pub sku: Option<String>,
    pub tax_rate: Option<String>,
}

/// One cart line; each part is its own signal so typing never re-renders the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartRow {
    pub key: u32,
    pub name: RwSignal<String>,
    pub desc: RwSignal<String>,
    pub qty: RwSignal<String>,
    pub price: RwSignal<String>,
    /// As typed: `10%` or an amount (see [`parse_discount`]).
    pub discount: RwSignal<String>,
    /// None: a custom line (the default rate).
    pub product: RwSignal<Option<ProductRef>>,
    /// What changed in the catalogue since the line was added (after a `cart_stale` refusal).
    pub changed: RwSignal<Option<String>>,
    /// The product is archived or gone: the line cannot be charged until removed.
    pub gone: RwSignal<bool>,
}

impl CartRow {
    fn new(key: u32) -> Self {
        Self {
            key,
            name: RwSignal::new(String::new()),
            desc: RwSignal::new(String::new()),
            qty: RwSignal::new("1".into()),
            price: RwSignal::new(String::new()),
            discount: RwSignal::new(String::new()),
            product: RwSignal::new(None),
            changed: RwSignal::new(None),
            gone: RwSignal::new(false),
        }
    }

    fn item(&self) -> CartItem {
        // The tip is added by the tip buttons; a product line names its product so the proxy
        // can re-price it from the catalogue.
        let product = self.product.get();
        CartItem {
            kind: LineKind::Item,
            product_id: product.as_ref().map(|p| p.id.clone()),
            sku: product.as_ref().and_then(|p| p.sku.clone()),
            tax_rate: product.and_then(|p| p.tax_rate),
            discount: parse_discount(&self.discount.get()),
            ..CartItem::item(
                &self.name.get(),
                &self.desc.get(),
                &self.qty.get(),
                &self.price.get(),
            )
        }
    }
}

/// A discount as the cashier types it: `10%` (or `10 %`) is a percentage, anything else an
/// amount; a comma is read as the point. Blank: none. The number itself is checked by
/// [`wct_api::tax::breakdown`], which names the field.
pub fn parse_discount(text: &str) -> Option<Discount> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return None;
    }
    Some(match text.strip_suffix('%') {
        Some(p) => Discount::Percent(p.trim().to_string()),
        None => Discount::Amount(text),
    })
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
    ("personal_country", "Country", "text", "country", "e.g. GB"),
    ("personal_postcode", "Postcode", "text", "postal-code", ""),
    (
        "personal_mobile",
        "Mobile",
        "tel",
        "tel",
        "e.g. 07700 900123",
    ),
    // A date picker; its year-month-day value is read as the seed's YYYY/MM/DD.
    ("personal_dob", "Date of birth", "date", "bday", ""),
];

#[derive(Debug, Clone, Copy)]
pub struct ChargeForm {
    /// As typed on the keypad, with `.` as the point (the cart's total wins when it has items).
    pub typed_amount: RwSignal<String>,
    /// The cashier's choices; see [`ChargeForm::settlement`] for the one in force.
    pub settlement_choice: RwSignal<String>,
    pub settlement_network: RwSignal<String>,
    pub pay_with_choice: RwSignal<String>,
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
    pub catalogue: Signal<Catalogue>,
    /// The store's tip settings once loaded (`None`: not known yet, no tip offered).
    pub tips: RwSignal<Option<TipConfig>>,
    /// The shop's country from its settings: a customer's local mobile number takes its
    /// calling code when the customer's country is not given.
    pub store_country: RwSignal<Option<String>>,
    pub tip: RwSignal<TipChoice>,
    /// The custom tip as typed.
    pub custom_tip: RwSignal<String>,
    /// The store's tax rules (no rates until loaded: nothing taxed).
    pub tax: RwSignal<TaxConfig>,
    /// Discounts above this share of the sale (percent) need the manager PIN.
    pub max_discount: RwSignal<Option<Decimal>>,
    /// The sale discount as typed (see [`parse_discount`]).
    pub sale_discount: RwSignal<String>,
    /// The manager PIN for a large discount, sent as `X-Manager-Pin`, never stored.
    pub manager_pin: RwSignal<String>,
    /// The store's active products (the grid and the scanner).
    pub products: RwSignal<Vec<Product>>,
    /// The form's own reactive owner. A cart line's signals are made under it, not under
    /// whatever view handled the tap: a grid tile or scanner message re-rendered (when the
    /// catalogue is re-read) would otherwise dispose the lines it added.
    rows_owner: StoredValue<Owner>,
}

impl ChargeForm {
    /// A fresh form with the last settlement / pay-with choices of this device.
    pub fn new(reference: String, catalogue: Signal<Catalogue>) -> Self {
        let stored = |k| storage::get(k).unwrap_or_default();
        Self {
            typed_amount: RwSignal::new(String::new()),
            settlement_choice: RwSignal::new(stored(storage::SETTLEMENT)),
            settlement_network: RwSignal::new(stored(storage::SETTLEMENT_NETWORK)),
            pay_with_choice: RwSignal::new(stored(storage::PAY_WITH)),
            network: RwSignal::new(stored(storage::NETWORK)),
            description: RwSignal::new(String::new()),
            reference: RwSignal::new(reference),
            cart: RwSignal::new(Vec::new()),
            next_row: RwSignal::new(0),
            personal: std::array::from_fn(|_| RwSignal::new(String::new())),
            touched: RwSignal::new(Vec::new()),
            attempted: RwSignal::new(false),
            catalogue,
            tips: RwSignal::new(None),
            store_country: RwSignal::new(None),
            tip: RwSignal::new(TipChoice::None),
            custom_tip: RwSignal::new(String::new()),
            tax: RwSignal::new(TaxConfig::default()),
            max_discount: RwSignal::new(None),
            sale_discount: RwSignal::new(String::new()),
            manager_pin: RwSignal::new(String::new()),
            products: RwSignal::new(Vec::new()),
            rows_owner: StoredValue::new(Owner::current().unwrap_or_default()),
        }
    }

    /// A new cart line, its signals owned by the form (see `rows_owner`).
    fn new_row(&self) -> CartRow {
        let key = self.next_row.get_untracked();
        self.next_row.set(key + 1);
        self.rows_owner
            .with_value(|owner| owner.with(|| CartRow::new(key)))
    }

    /// The settlement currency in force: the cashier's choice when the catalogue offers it,
    /// else the catalogue's first.
    pub fn settlement(&self) -> String {
        let choice = self.settlement_choice.get();
        self.catalogue.with(|c| {
            if c.settlement(&choice).is_some() {
                choice
            } else {
                c.settlement
                    .first()
                    .map(|a| a.symbol.clone())
                    .unwrap_or_default()
            }
        })
    }

    /// The asset the customer pays with: the cashier's choice when offered, else the first.
    pub fn pay_with(&self) -> String {
        let choice = self.pay_with_choice.get();
        self.catalogue.with(|c| {
            if c.crypto(&choice).is_some() {
                choice
            } else {
                c.crypto
                    .first()
                    .map(|a| a.symbol.clone())
                    .unwrap_or_default()
            }
        })
    }

    pub fn choose_settlement(&self, symbol: String) {
        self.settlement_choice.set(symbol);
        self.settlement_network.set(String::new());
        // A different currency may take fewer decimals: start the amount again.
        self.typed_amount.set(String::new());
    }

    pub fn choose_pay_with(&self, symbol: String) {
        if self.pay_with().as_str() != symbol {
            self.pay_with_choice.set(symbol);
            self.network.set(String::new());
        }
    }

    pub fn add_row(&self) {
        let row = self.new_row();
        self.cart.update(|rows| rows.push(row));
    }

    /// One more of `product`: its line's quantity goes up, or a new line at its price.
    pub fn add_product(&self, product: &Product) {
        if self.cart.with_untracked(Vec::is_empty)
            && untrack(|| self.settlement()) != product.currency
        {
            // Products are priced in the store's currency: the sale takes it.
            let offered = self
                .catalogue
                .with_untracked(|c| c.settlement(&product.currency).is_some());
            if offered {
                self.choose_settlement(product.currency.clone());
            }
        }
        let existing = self.cart.with_untracked(|rows| {
            rows.iter()
                .find(|r| {
                    r.product
                        .with_untracked(|p| p.as_ref().is_some_and(|p| p.id == product.id))
                })
                .copied()
        });
        if let Some(row) = existing {
            row.qty.update(|q| {
                let n = q.trim().parse::<u32>().unwrap_or(0);
                *q = n.saturating_add(1).to_string();
            });
            return;
        }
        let row = self.new_row();
        row.name.set(product.name.clone());
        row.price.set(product.price.clone());
        row.product.set(Some(ProductRef {
            id: product.id.clone(),
            sku: product.sku.clone(),
            tax_rate: product.tax_rate.clone(),
        }));
        self.cart.update(|rows| rows.push(row));
    }

    /// After a `cart_stale` refusal: every product line is brought up to the catalogue as it
    /// is now, and says what changed; a line whose product is gone stays, marked, and blocks
    /// Charge until removed. Nothing is charged at the old price.
    pub fn refresh_from_catalogue(&self, products: &[Product], currency: &str) {
        for row in self.cart.get_untracked() {
            let Some(reference) = row.product.get_untracked() else {
                continue;
            };
            let name = row.name.get_untracked();
            let Some(now) = products.iter().find(|p| p.id == reference.id && p.active) else {
                row.gone.set(true);
                row.changed
                    .set(Some(ta("cart-stale-gone", &[("name", Arg::Text(&name))])));
                continue;
            };
            let old_price = row.price.get_untracked();
            let repriced = now.price != old_price || now.currency != currency;
            let retaxed = now.tax_rate != reference.tax_rate;
            if repriced {
                row.price.set(now.price.clone());
                row.changed.set(Some(ta(
                    "cart-stale-price",
                    &[
                        ("name", Arg::Text(&name)),
                        ("old", Arg::Text(&old_price)),
                        ("new", Arg::Text(&now.price)),
                        ("currency", Arg::Text(&now.currency)),
                    ],
                )));
            } else if retaxed {
                row.changed
                    .set(Some(ta("cart-stale-tax", &[("name", Arg::Text(&name))])));
            }
            if repriced || retaxed {
                row.product.set(Some(ProductRef {
                    id: now.id.clone(),
                    sku: now.sku.clone(),
                    tax_rate: now.tax_rate.clone(),
                }));
            }
        }
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

    /// Settlement decimals (2 until the catalogue knows the currency).
    pub fn decimals(&self) -> u32 {
        let settlement = self.settlement();
        self.catalogue.with(|c| fiat_decimals(Some(c), &settlement))
    }

    pub fn cart_items(&self) -> Vec<CartItem> {
        self.cart
            .with(|rows| rows.iter().map(CartRow::item).collect())
    }

    /// The sale discount, when the cart has items to take it from.
    pub fn sale_discount_value(&self) -> Option<Discount> {
        if self.cart.with(Vec::is_empty) {
            return None;
        }
        parse_discount(&self.sale_discount.get())
    }

    /// The exact breakdown (per rate, discounts, tax) of what will be charged, tip included,
    /// by `wct_api::tax`; `None` while the cart is empty or has a problem.
    pub fn breakdown(&self) -> Option<Breakdown> {
        let fields = self.fields();
        if fields.cart_items.is_empty() {
            return None;
        }
        breakdown(
            &fields.cart_items,
            fields.sale_discount.as_ref(),
            &self.tax.get(),
            self.decimals(),
        )
        .ok()
    }

    /// The cart's gross total (tax and discounts applied) as amount text, when the cart has
    /// items. While a line cannot be read yet, the plain sum of the lines stands in (the
    /// line's problem is shown beside it).
    pub fn cart_amount(&self) -> Option<String> {
        let items = self.cart_items();
        if items.is_empty() {
            return None;
        }
        let decimals = self.decimals();
        let discount = self.sale_discount_value();
        let total = breakdown(&items, discount.as_ref(), &self.tax.get(), decimals)
            .map(|b| b.gross)
            .unwrap_or_else(|_| cart_total(&items, decimals));
        Some(if total.is_zero() {
            String::new()
        } else {
            format_fixed(total, decimals)
        })
    }

    /// Whether the discounts take more of the sale than the store allows without the manager.
    pub fn needs_pin(&self) -> bool {
        let Some(limit) = self.max_discount.get() else {
            return false;
        };
        self.breakdown()
            .is_some_and(|b| !b.discount.is_zero() && discount_share(&b) > limit)
    }

    /// The amount to charge: the cart's total when it has items, else what was typed.
    pub fn amount(&self) -> String {
        self.cart_amount()
            .unwrap_or_else(|| self.typed_amount.get())
    }

    /// What a tip is a percentage of: the items' prices as entered (before discounts and
    /// tax, as the proxy checks it), or the typed amount.
    pub fn subtotal(&self) -> Option<Decimal> {
        let items = self.cart_items();
        if !items.is_empty() {
            return Some(subtotal_of(&items, self.decimals()));
        }
        parse_amount(self.amount().trim_end_matches('.'), self.decimals()).ok()
    }

    /// The tip settings when the store offers tips.
    pub fn tip_config(&self) -> Option<TipConfig> {
        self.tips.get().filter(|t| t.enabled)
    }

    /// The tip chosen and its label ("15 %", "Custom"), when there is one.
    pub fn tip_value(&self) -> Option<(Decimal, String)> {
        let config = self.tip_config()?;
        let decimals = self.decimals();
        match self.tip.get() {
            TipChoice::None => None,
            TipChoice::Percent(p) => Some((
                tip_amount(self.subtotal()?, p, config.rounding, decimals),
                format!("{} %", p.normalize()),
            )),
            TipChoice::Custom if config.custom => {
                let typed = self.custom_tip.get();
                let tip = parse_amount(typed.trim().trim_end_matches('.'), decimals).ok()?;
                Some((tip, "Custom".into()))
            }
            TipChoice::Custom => None,
        }
    }

    /// What will be charged: the sale plus the tip.
    pub fn total(&self) -> String {
        self.fields().amount
    }

    /// The request body (reactive: tracks every field), with the tip as a "Tip" cart line.
    pub fn fields(&self) -> PaymentFields {
        let mut fields = self.sale_fields();
        // What is validated and sent is what the proxy would make of it ("uk" is GB, a local
        // mobile number gets the customer's country code, the date picker's dashes are
        // slashes), so the cashier is never asked to retype what can be read.
        wct_api::validate::read_as_typed(&mut fields, self.store_country.get().as_deref());
        if let Some((tip, label)) = self.tip_value() {
            let decimals = self.decimals();
            add_tip(&mut fields, tip, &label, decimals);
            // A taxed tip (exclusive prices) or a discount moves the total: it is the gross.
            if let Ok(b) = breakdown(
                &fields.cart_items,
                fields.sale_discount.as_ref(),
                &self.tax.get(),
                decimals,
            ) {
                fields.amount = b.amount_text(decimals);
            }
        }
        fields
    }

    fn sale_fields(&self) -> PaymentFields {
        let opt = |s: RwSignal<String>| Some(s.get().trim().to_string()).filter(|v| !v.is_empty());
        let p = &self.personal;
        PaymentFields {
            // The keypad can leave a trailing point ("12."), which means "12".
            amount: self.amount().trim_end_matches('.').to_string(),
            asset: self.settlement(),
            asset_network: opt(self.settlement_network),
            requested_asset: self.pay_with(),
            requested_asset_network: opt(self.network),
            // Blank is filled in by `read_as_typed` in `fields()`: the cart, or "Sale".
            description: self.description.get(),
            reference: self.reference.get(),
            cart_items: self.cart_items(),
            sale_discount: self.sale_discount_value(),
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

    /// Whether the amount to charge is zero (or not typed yet).
    pub fn is_zero(&self) -> bool {
        let amount = self.total();
        wct_api::money::parse_amount(amount.trim_end_matches('.'), self.decimals())
            .map_or(true, |v| v.is_zero())
    }

    /// Every problem of the form as it stands: the fields, the cart under the store's tax
    /// rules, lines whose product is gone, and a missing manager PIN.
    pub fn problems(&self, today: time::Date) -> Vec<FieldError> {
        let fields = self.fields();
        let tax = self.tax.get();
        let mut problems = self.catalogue.with(|c| {
            validate_sale(&fields, c, today, &tax)
                .err()
                .map(|e| e.0)
                .unwrap_or_default()
        });
        self.cart.with(|rows| {
            for (i, row) in rows.iter().enumerate() {
                if row.gone.get() {
                    problems.push(FieldError::new(
                        format!("cart_items[{i}].item_name"),
                        t("cart-stale-remove"),
                    ));
                }
            }
        });
        if self.needs_pin() && self.manager_pin.with(|p| p.trim().is_empty()) {
            problems.push(FieldError::new("manager_pin", t("cart-pin-needed")));
        }
        problems
    }

    /// Clears the sale but keeps the asset choices for the next customer.
    pub fn reset(&self, reference: String) {
        self.typed_amount.set(String::new());
        self.description.set(String::new());
        self.reference.set(reference);
        self.cart.set(Vec::new());
        for p in self.personal {
            p.set(String::new());
        }
        self.touched.set(Vec::new());
        self.attempted.set(false);
        self.tip.set(TipChoice::None);
        self.custom_tip.set(String::new());
        self.sale_discount.set(String::new());
        self.manager_pin.set(String::new());
    }

    /// Keeps the asset choices for this device's next sale.
    pub fn remember_choices(&self) {
        let (settlement, pay_with) = untrack(|| (self.settlement(), self.pay_with()));
        storage::set(storage::SETTLEMENT, &settlement);
        storage::set(
            storage::SETTLEMENT_NETWORK,
            &self.settlement_network.get_untracked(),
        );
        storage::set(storage::PAY_WITH, &pay_with);
        storage::set(storage::NETWORK, &self.network.get_untracked());
    }
}

/// The Charge screen's shared state, provided as context: the form and the problems to show
/// beside its fields.
#[derive(Debug, Clone, Copy)]
pub struct ChargeContext {
    pub form: ChargeForm,
    pub errors: Signal<Vec<FieldError>>,
}

/// The Charge screen's context (only its own parts call this).
pub fn use_charge() -> ChargeContext {
    expect_context()
}
