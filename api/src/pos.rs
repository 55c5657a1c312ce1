//! The proxy's app-facing API: what `POST /api/payments` takes, what every read of a payment
//! returns, live events, and the error body. The app decodes exactly these types.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::money;
use crate::refund::{RefundBasis, RefundView};
use crate::state::PaymentState;
use crate::upstream::{CartItem, PaymentFields};
use crate::validate::FieldError;
use crate::wallet::{wallet_uri, PaymentTarget};

/// Body of `POST /api/payments` (with an `Idempotency-Key` header): the seed's fields minus
/// `key`, `hash` and the postback URLs, which the proxy supplies.
pub type NewPayment = PaymentFields;

/// Header that makes a create safe to retry.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// An idempotency key: 8–128 of letters, digits, `-` and `_` (a UUID fits).
pub fn check_idempotency_key(key: &str) -> Result<(), String> {
    if !(8..=128).contains(&key.len()) {
        return Err("the Idempotency-Key must be 8 to 128 characters".into());
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err("the Idempotency-Key may use letters, digits, - and _ only".into());
    }
    Ok(())
}

/// A payment as the terminal sees it. Amounts are decimal strings: `amount` in the settlement
/// `asset`, the `pay_*`, `received`, `missing` and `excess` amounts in `pay_asset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: String,
    pub payment_code: String,
    pub reference: String,
    pub state: PaymentState,
    pub description: String,
    pub amount: String,
    pub asset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_network: Option<String>,
    /// What the current quote asks the customer to send (after a partial payment and a
    /// re-quote, what is still missing at the new price).
    pub pay_amount: String,
    pub pay_asset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_network: Option<String>,
    pub pay_address: String,
    /// Destination tag or memo for assets that need one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_tag: Option<String>,
    /// The URI for the QR of the current quote.
    pub wallet_uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<String>,
    /// When the current quote expires, RFC 3339.
    pub expires_at: String,
    /// Bumped at every new quote, so the app can tell "price updated".
    pub quote_version: u32,
    /// The customer page URL (`{public_url}/pay/{payment_code}`).
    pub link: String,
    pub received: String,
    pub missing: String,
    pub excess: String,
    #[serde(default)]
    pub confirmations: u32,
    #[serde(default)]
    pub txids: Vec<String>,
    #[serde(default)]
    pub cart_items: Vec<CartItem>,
    /// A sentence for the cashier when something needs attention: why the payment was
    /// rejected, or that money arrived after it was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// For a `late` payment: how it had been closed (cancelled or expired).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_as: Option<PaymentState>,
    /// Customer details, only ever on the terminal's own authenticated reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<Personal>,
    /// Refunds of this payment, oldest first (no contact details in them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refunds: Vec<RefundView>,
    pub created_at: String,
    pub updated_at: String,
    /// The payment service is a sandbox: its addresses are not real and no real funds may
    /// be sent.
    #[serde(default)]
    pub sandbox: bool,
    /// The shop's decision to keep money that came in after the payment closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept: Option<KeptView>,
    /// The receipt, once the sale was paid: its gapless number, the legal particulars, net,
    /// tax and gross per rate, discounts, and its credit notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<crate::receipt::ReceiptDoc>,
}

/// "Keep as payment": the shop kept money received on a closed payment (late money, or the
/// part-payment of one that expired or was cancelled) instead of refunding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptView {
    /// What had been received when the decision was made, in the pay asset. Money arriving
    /// after it is not covered and needs a decision of its own.
    pub received: String,
    /// When, RFC 3339.
    pub at: String,
}

/// Body of `POST /api/payments/{id}/keep`: the received amount the cashier saw, so a decision
/// never covers money that arrived after the screen was drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepRequest {
    pub received: String,
}

impl PaymentView {
    /// Whether the shop's "keep" decision covers everything received so far.
    pub fn is_kept(&self) -> bool {
        self.kept.as_ref().is_some_and(|k| {
            let kept = amount(&k.received);
            !kept.is_zero() && kept >= amount(&self.received)
        })
    }

    /// Whether money sits on a closed payment waiting for the shop's decision: refund it or
    /// keep it. Late money, or a part-payment of a payment that expired or was cancelled; not
    /// once a decision covers it, nor while a refund of it is in flight or done.
    pub fn awaits_keep_or_refund(&self) -> bool {
        let received = amount(&self.received);
        let closed_with_money = matches!(
            self.state,
            PaymentState::Late | PaymentState::Expired | PaymentState::Cancelled
        ) && !received.is_zero();
        closed_with_money && !self.is_kept() && crate::refund::reserved(&self.refunds).is_zero()
    }
}

/// The customer details of a payment (all optional).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Personal {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dob: Option<String>,
}

impl Personal {
    pub fn from_fields(p: &PaymentFields) -> Option<Self> {
        p.has_personal().then(|| Self {
            fname: p.personal_fname.clone(),
            lname: p.personal_lname.clone(),
            address: p.personal_address.clone(),
            city: p.personal_city.clone(),
            state: p.personal_state.clone(),
            country: p.personal_country.clone(),
            postcode: p.personal_postcode.clone(),
            mobile: p.personal_mobile.clone(),
            dob: p.personal_dob.clone(),
        })
    }
}

/// What the public customer page (`/pay/{code}`) may see: no personal data, no reference,
/// no internal id, no cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPaymentView {
    pub payment_code: String,
    pub state: PaymentState,
    /// The shop's name, so the customer knows whom they pay.
    pub merchant: String,
    pub description: String,
    pub amount: String,
    pub asset: String,
    pub pay_amount: String,
    pub pay_asset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_network: Option<String>,
    pub pay_address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_tag: Option<String>,
    pub wallet_uri: String,
    /// Settlement units per coin of the current quote, so the customer sees roughly what is
    /// still due in their currency. Not personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<String>,
    pub expires_at: String,
    pub quote_version: u32,
    pub received: String,
    pub missing: String,
    pub excess: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_as: Option<PaymentState>,
    /// Refunds of this payment: type, amount and state only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refunds: Vec<RefundView>,
    pub updated_at: String,
    /// The payment service is a sandbox: the customer page says no real funds may be sent.
    #[serde(default)]
    pub sandbox: bool,
    /// The tip inside `amount`, in `asset`, when the sale has one: shown as "10.00 + 1.50 tip".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<String>,
}

impl PublicPaymentView {
    /// The public projection of a terminal's view.
    pub fn from_view(v: &PaymentView, merchant: &str) -> Self {
        Self {
            payment_code: v.payment_code.clone(),
            state: v.state,
            merchant: merchant.to_string(),
            description: v.description.clone(),
            amount: v.amount.clone(),
            asset: v.asset.clone(),
            pay_amount: v.pay_amount.clone(),
            pay_asset: v.pay_asset.clone(),
            pay_network: v.pay_network.clone(),
            pay_address: v.pay_address.clone(),
            pay_tag: v.pay_tag.clone(),
            wallet_uri: v.wallet_uri.clone(),
            exchange_rate: v.exchange_rate.clone(),
            expires_at: v.expires_at.clone(),
            quote_version: v.quote_version,
            received: v.received.clone(),
            missing: v.missing.clone(),
            excess: v.excess.clone(),
            alert: v.alert.clone(),
            closed_as: v.closed_as,
            refunds: v.refunds.clone(),
            updated_at: v.updated_at.clone(),
            sandbox: v.sandbox,
            tip: tip_in(&v.amount, &v.cart_items),
        }
    }
}

/// The tip lines' total of a sale of `amount` (written with its currency's decimals), when
/// there is one.
pub fn tip_in(amount: &str, items: &[CartItem]) -> Option<String> {
    let decimals = amount
        .split_once('.')
        .map_or(0, |(_, frac)| u32::try_from(frac.len()).unwrap_or(0));
    let tip = crate::tips::tip_of(items, decimals);
    (tip > Decimal::ZERO).then(|| money::format_fixed(tip, decimals))
}

/// `GET /api/public/receipts/{code}`: a settled payment's receipt for the customer, with the
/// same code-based access as the customer page. Like [`PublicPaymentView`] it carries no
/// personal data, no reference and no internal id; it adds the cart (with its "Tip" line)
/// and the transactions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicReceipt {
    pub payment_code: String,
    pub state: PaymentState,
    pub merchant: String,
    pub description: String,
    pub amount: String,
    pub asset: String,
    #[serde(default)]
    pub cart_items: Vec<CartItem>,
    pub pay_asset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_network: Option<String>,
    pub received: String,
    pub excess: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<String>,
    #[serde(default)]
    pub txids: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub sandbox: bool,
    /// Every refund of the payment with its state (type, amount, state and times only).
    #[serde(default)]
    pub refunds: Vec<RefundView>,
    /// The tax document (see [`PaymentView::receipt`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<crate::receipt::ReceiptDoc>,
}

impl PublicReceipt {
    /// Whether a payment in `state` has a receipt to send: once it is paid (and still after
    /// a refund, so a link already sent keeps working).
    pub fn offered(state: PaymentState) -> bool {
        matches!(
            state,
            PaymentState::Paid | PaymentState::Overpaid | PaymentState::Refunded
        )
    }

    /// The public projection of a terminal's view (personal details and reference dropped).
    pub fn from_view(v: &PaymentView, merchant: &str) -> Self {
        Self {
            payment_code: v.payment_code.clone(),
            state: v.state,
            merchant: merchant.to_string(),
            description: v.description.clone(),
            amount: v.amount.clone(),
            asset: v.asset.clone(),
            cart_items: v.cart_items.clone(),
            pay_asset: v.pay_asset.clone(),
            pay_network: v.pay_network.clone(),
            received: v.received.clone(),
            excess: v.excess.clone(),
            exchange_rate: v.exchange_rate.clone(),
            txids: v.txids.clone(),
            created_at: v.created_at.clone(),
            updated_at: v.updated_at.clone(),
            sandbox: v.sandbox,
            refunds: v.refunds.clone(),
            receipt: v.receipt.as_ref().map(crate::receipt::ReceiptDoc::public),
        }
    }
}

/// The public receipt page of a payment link (`{public_url}/pay/{code}`).
pub fn receipt_link(payment_link: &str) -> String {
    format!("{}/receipt", payment_link.trim_end_matches('/'))
}

/// A store's own settings (`GET`/`PUT /api/settings/store`, Bearer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettings {
    pub tips: crate::tips::TipConfig,
    /// IANA time zone of the store (`Europe/Berlin`): where its business day starts and ends.
    pub time_zone: String,
    /// The shop's country (ISO 3166-1 alpha-2, `GB`): a customer's mobile number written the
    /// local way gets its calling code when the customer's own country is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The store's language (a tag of `i18n::Lang`: `de`, `pt-BR`): the till's words unless a
    /// device chose its own, printed receipts and the end-of-day report. None: English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Tax rates, the default rate, inclusive or exclusive prices, whether tips are taxed.
    #[serde(default)]
    pub tax: crate::tax::TaxConfig,
    /// The legal particulars and the receipt-number prefix.
    #[serde(default)]
    pub receipt: crate::receipt::ReceiptSettings,
    /// The store's currency (a settlement asset, `EUR`): product prices are in it.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Discounts above this share of the sale (percent, `"10"`) need the manager PIN.
    #[serde(default = "default_discount_share")]
    pub max_discount_percent: String,
}

fn default_currency() -> String {
    "USD".into()
}

/// Discounts up to 10 % of a sale need no PIN until a manager says otherwise.
fn default_discount_share() -> String {
    "10".into()
}

impl StoreSettings {
    /// Every problem of the tax, receipt and discount settings, by field (the tips, time zone
    /// and country are checked by their own rules).
    pub fn validate_sale_rules(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Err(e) = self.tax.validate() {
            errors.extend(e.0);
        }
        if let Err(e) = self.receipt.validate() {
            errors.extend(e.0);
        }
        if let Err(m) = crate::receipt::parse_share(&self.max_discount_percent) {
            errors.push(FieldError::new("max_discount_percent", m));
        }
        errors
    }

    /// The share (percent) above which a discount needs the manager PIN; unreadable: 0.
    pub fn discount_share(&self) -> Decimal {
        crate::receipt::parse_share(&self.max_discount_percent).unwrap_or_default()
    }
}

/// Body of `PUT /api/settings/store`: the settings, and the manager PIN that every change of
/// them needs (they move money and the report's day).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettingsChange {
    #[serde(flatten)]
    pub settings: StoreSettings,
    /// Checked by the proxy, never stored, never logged.
    #[serde(default)]
    pub pin: String,
}

impl std::fmt::Debug for StoreSettingsChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreSettingsChange")
            .field("settings", &self.settings)
            .field("pin", &"<redacted>")
            .finish()
    }
}

impl Default for StoreSettings {
    fn default() -> Self {
        Self {
            tips: crate::tips::TipConfig::default(),
            time_zone: "UTC".into(),
            country: None,
            language: None,
            tax: crate::tax::TaxConfig::default(),
            receipt: crate::receipt::ReceiptSettings::default(),
            currency: default_currency(),
            max_discount_percent: default_discount_share(),
        }
    }
}

/// Settlement decimals of `asset`: the catalogue's, or 2 (cents) when the catalogue is not
/// known yet or does not list it.
pub fn fiat_decimals(catalogue: Option<&Catalogue>, asset: &str) -> u32 {
    catalogue.and_then(|c| c.decimals_of(asset)).unwrap_or(2)
}

/// A decimal string from the proxy; anything unreadable counts as zero (display only).
fn amount(text: &str) -> Decimal {
    money::parse_non_negative(text, money::MAX_PRECISION).unwrap_or_default()
}

/// What the payment screens show, written once for the terminal and the customer page.
impl PublicPaymentView {
    /// Decimals of the settlement amount (`amount`, `asset`).
    pub fn fiat_decimals(&self, catalogue: Option<&Catalogue>) -> u32 {
        fiat_decimals(catalogue, &self.asset)
    }

    /// When the current quote expires, Unix seconds (0 when unreadable: already expired).
    pub fn expires_at_unix(&self) -> i64 {
        crate::clock::parse_rfc3339(&self.expires_at).unwrap_or(0)
    }

    pub fn received_amount(&self) -> Decimal {
        amount(&self.received)
    }

    pub fn missing_amount(&self) -> Decimal {
        amount(&self.missing)
    }

    /// What the customer should send now: the remainder once something was received.
    pub fn due(&self) -> &str {
        if self.state == PaymentState::Underpaid && self.missing_amount() > Decimal::ZERO {
            &self.missing
        } else {
            &self.pay_amount
        }
    }

    /// Roughly what is still due in the settlement currency (missing × the quote's rate),
    /// unrounded; `None` when not underpaid or without a usable rate.
    pub fn fiat_still_due(&self) -> Option<Decimal> {
        if self.state != PaymentState::Underpaid {
            return None;
        }
        self.fiat_value(self.missing_amount())
    }

    /// The sale and its tip (both in `asset`) when the amount includes a tip.
    pub fn sale_and_tip(&self) -> Option<(Decimal, Decimal)> {
        let tip = amount(self.tip.as_deref()?);
        let sale = amount(&self.amount).checked_sub(tip)?;
        (tip > Decimal::ZERO && sale >= Decimal::ZERO).then_some((sale, tip))
    }

    /// The price in the sale's currency, with its tip when it has one: "11.50 USD (10.00 +
    /// 1.50 tip)", so the customer sees what the tip added wherever the total is shown.
    /// `fiat` writes a settlement amount in the viewer's number format.
    pub fn price_text(&self, fiat: impl Fn(Decimal) -> String) -> String {
        let total = match money::parse_non_negative(&self.amount, money::MAX_PRECISION) {
            Ok(v) => format!("{} {}", fiat(v), self.asset),
            Err(_) => format!("{} {}", self.amount, self.asset),
        };
        match self.sale_and_tip() {
            Some((sale, tip)) => format!("{total} ({} + {} tip)", fiat(sale), fiat(tip)),
            None => total,
        }
    }

    /// "≈ 5.00 USD", roughly what is still due when underpaid and the quote's rate says.
    pub fn fiat_still_due_text(&self, fiat: impl Fn(Decimal) -> String) -> Option<String> {
        self.fiat_still_due()
            .map(|due| format!("≈ {} {}", fiat(due), self.asset))
    }

    /// The line under the amount on the QR: the price, or once underpaid what is still due
    /// ("≈ 5.00 USD still due", or "the rest of the price" without a rate).
    pub fn qr_fiat_text(&self, fiat: impl Fn(Decimal) -> String) -> String {
        match self.fiat_still_due_text(&fiat) {
            Some(due) => format!("{due} still due"),
            None if self.state == PaymentState::Underpaid => "the rest of the price".to_string(),
            None => self.price_text(fiat),
        }
    }

    /// The words between what is due in fiat and the price: underpaid, the price alone would
    /// read as if the remainder were the whole price.
    pub fn fiat_lead(&self) -> &'static str {
        match (
            self.state == PaymentState::Underpaid,
            self.fiat_still_due().is_some(),
        ) {
            (false, _) => "for ",
            (true, true) => " still due of ",
            (true, false) => "of ",
        }
    }

    /// Roughly what `crypto` of the pay asset is worth in the settlement currency at the
    /// quote's rate, unrounded; `None` without a usable rate (or on overflow).
    pub fn fiat_value(&self, crypto: Decimal) -> Option<Decimal> {
        let rate = amount(self.exchange_rate.as_deref()?);
        if rate.is_zero() {
            return None;
        }
        crypto.checked_mul(rate)
    }

    /// The URI for the QR: the proxy's `wallet_uri` asks for the current quote; when
    /// underpaid and the quote still asks for more than is missing, the remainder's. `None`
    /// when nothing may be paid to this payment any more (closed, rejected or late).
    pub fn qr_uri(&self, catalogue: &Catalogue) -> Option<String> {
        if !self.state.is_open() || self.wallet_uri.is_empty() {
            return None;
        }
        let missing = self.missing_amount();
        let quote_asks_missing = amount(&self.pay_amount) == missing;
        let lightning = self.wallet_uri.starts_with("lightning:");
        if self.state != PaymentState::Underpaid
            || missing.is_zero()
            || quote_asks_missing
            || lightning
        {
            return Some(self.wallet_uri.clone());
        }
        let Some(asset) = catalogue.crypto(&self.pay_asset) else {
            return Some(self.wallet_uri.clone());
        };
        Some(wallet_uri(&PaymentTarget {
            scheme: asset.uri_scheme(self.pay_network.as_deref()),
            address: &self.pay_address,
            amount: missing,
            decimals: asset.decimals,
            payreq: None,
            tag: self.pay_tag.as_deref(),
        }))
    }
}

/// One page of `GET /api/payments` (newest first). Pass `next_cursor` as `?before=` for the
/// next page; absent when this is the last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentPage {
    pub payments: Vec<PaymentView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Why an event was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Updated,
    Requoted,
}

/// One Server-Sent Event: its `id:` line carries `seq` (for `Last-Event-ID`), its `event:`
/// line is `payment`, its `data:` line this JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentEvent {
    pub seq: u64,
    pub kind: EventKind,
    pub payment: PaymentView,
}

/// The public stream's event: the same, with the public view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPaymentEvent {
    pub seq: u64,
    pub kind: EventKind,
    pub payment: PublicPaymentView,
}

/// The words of every test mark: what it is, and that the money is not real. Screens and
/// paper that could pass for a real sale (a full-screen Paid, receipts, the Z-report) carry it.
pub const TEST_MARK: &str = "TEST — sandbox, not real money";

/// The SSE event name used on every stream.
pub const SSE_EVENT: &str = "payment";

/// SSE event telling the client to refetch what it shows (its `Last-Event-ID` was not one
/// this server knows, e.g. newer than the newest event). Its data is `{}`.
pub const SSE_RESYNC: &str = "resync";

/// SSE keep-alive, as a named event so an `EventSource` can see the stream is alive.
pub const SSE_PING: &str = "ping";

/// `GET /api/terminal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalInfo {
    pub id: String,
    pub name: String,
    /// The shop's name shown on receipts and the customer page.
    pub merchant: String,
    /// True when the upstream is the embedded sandbox (demo controls may be shown).
    pub sandbox: bool,
}

/// The characters of a pairing code: digits and capitals without the look-alikes 0, 1, I,
/// L and O, so a code read off a screen is typed right.
pub const PAIRING_CODE_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Characters in a pairing code (shown in two groups of four: `K7QF-2M9X`).
pub const PAIRING_CODE_LEN: usize = 8;

/// A pairing code as typed (any case, with or without the dash and spaces) in its canonical
/// form `K7QF-2M9X`, or `None` when it cannot be one.
pub fn normalize_pairing_code(text: &str) -> Option<String> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != PAIRING_CODE_LEN || !chars.iter().all(|c| PAIRING_CODE_ALPHABET.contains(*c))
    {
        return None;
    }
    let (first, second) = chars.split_at(PAIRING_CODE_LEN / 2);
    Some(format!(
        "{}-{}",
        first.iter().collect::<String>(),
        second.iter().collect::<String>()
    ))
}

/// `POST /api/pair` (no token): exchanges a one-time pairing code for this device's own token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRequest {
    /// As shown (`K7QF-2M9X`); case, dashes and spaces do not matter.
    pub code: String,
    /// How the device is listed under Settings → Devices (default "Unnamed device").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

/// Body of `POST /api/devices/pairing-codes` (optional): the name the new device is to have,
/// so two devices of the same browser can be told apart. Checked like a device's own name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPairingCode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

/// The answer to `POST /api/pair`. `token` is shown this once: the server keeps only its
/// hash. The app sends it as `Authorization: Bearer`, and to event streams as the cookie
/// `POST /api/session` sets (never in a URL).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairResponse {
    pub token: String,
    pub device_id: String,
    pub terminal: TerminalInfo,
}

impl std::fmt::Debug for PairResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairResponse")
            .field("token", &"<redacted>")
            .field("device_id", &self.device_id)
            .field("terminal", &self.terminal)
            .finish()
    }
}

/// `POST /api/devices/pairing-codes`: a one-time code for another device of the caller's
/// terminal. `url` is `{public_url}/pair#code={code}` (the code rides in the fragment, which
/// browsers never send to a server).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingCode {
    pub code: String,
    pub url: String,
    /// RFC 3339; the code is refused after this, and once it has been used.
    pub expires_at: String,
}

impl std::fmt::Debug for PairingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairingCode")
            .field("code", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// One unused pairing code, in `GET /api/devices/pairing-codes` (never the code itself:
/// the server keeps only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingCodeInfo {
    pub id: String,
    /// The terminal the code pairs as (its name).
    pub terminal: String,
    pub terminal_id: String,
    /// The device that asked for it; `None`: the console or a configured terminal token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_by: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// One paired device, in `GET /api/devices` (the devices of the caller's store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub id: String,
    pub name: String,
    /// The terminal the device acts as (its name).
    pub terminal: String,
    pub terminal_id: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; `None` before its first request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<String>,
    pub revoked: bool,
    /// The device making this request.
    #[serde(default)]
    pub current: bool,
}

/// `POST /api/sandbox/pay` (sandbox mode only): simulate the customer sending `amount` of
/// the paid asset to payment `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxPay {
    pub id: String,
    pub amount: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmations: Option<u32>,
}

/// Machine-readable error codes of the app-facing API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    BadRequest,
    Unauthorized,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    UpstreamRejected,
    UpstreamUnavailable,
    UpstreamTimeout,
    UpstreamInvalid,
    /// The create's outcome is unknown (the answer was cut off): retry with the same
    /// Idempotency-Key, which resolves it rather than creating again.
    UpstreamUnknown,
    /// The payment service's answer failed the checks against the order; it was refused.
    UpstreamMismatch,
    /// `POST /api/pair`: the code was right but has run out (410).
    PairingCodeExpired,
    /// `POST /api/pair`: the code was right but has already paired a device (410).
    PairingCodeUsed,
    /// `POST /api/pair`: the terminal already has its cap of live devices (409); revoke one
    /// first. The code stays unused.
    DeviceLimit,
    /// A refund's manager PIN was wrong (401); `retry_after` is absent, the message says how
    /// many tries are left.
    PinWrong,
    /// Too many wrong PINs from this device or this store: refunds and PIN-guarded settings
    /// are locked for `retry_after` seconds (423).
    RefundsLocked,
    /// An earlier refund of the payment is still waiting for WCT Pay, or needs a person: no
    /// new refund until it is settled (409).
    RefundOnHold,
    /// The payment has money in it (or WCT Pay could not confirm it has none): it cannot be
    /// cancelled (409).
    PaymentHasMoney,
    /// The server has no manager PIN hash configured, so it refuses every refund (503).
    RefundsNotConfigured,
    /// `POST /api/payments`: a cart line tapped from the catalogue no longer matches it
    /// (archived, repriced, re-taxed or gone) (409). `fields` names each line
    /// (`cart_items[2]`) with what changed; nothing was charged.
    CartStale,
    /// `POST /api/payments`: the sale's discounts are above the share the store allows
    /// without the manager PIN; send it in the `X-Manager-Pin` header (403).
    DiscountNeedsPin,
    Internal,
}

/// `{"error":{"code","message","field"?,"fields"?}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The first field concerned, for a single-field error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field's problem, for validation errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Seconds until a lock or limit ends, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The technical particulars behind `message` (which figure did not match), for the app's
    /// "More" disclosure: `message` alone says what happened and what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl ApiErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ApiError {
                code,
                message: message.into(),
                field: None,
                fields: Vec::new(),
                retry_after: None,
                detail: None,
            },
        }
    }

    pub fn validation(errors: &crate::validate::ValidationErrors) -> Self {
        let first = errors.0.first();
        Self {
            error: ApiError {
                code: ErrorCode::Validation,
                message: first.map_or_else(
                    || "invalid request".into(),
                    |e| format!("{}: {}", e.field, e.message),
                ),
                field: first.map(|e| e.field.clone()),
                fields: errors.0.clone(),
                retry_after: None,
                detail: None,
            },
        }
    }
}

/// The refund side of a terminal's view (here, so `refund` needs nothing of `pos`).
impl RefundBasis {
    /// The basis of a terminal's view (`decimals`: of its paid asset).
    pub fn of(view: &PaymentView, decimals: u32) -> Self {
        Self {
            state: view.state,
            received: crate::refund::dec(&view.received),
            excess: crate::refund::dec(&view.excess),
            already: crate::refund::reserved(&view.refunds),
            decimals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(state: PaymentState) -> PublicPaymentView {
        PublicPaymentView {
            payment_code: "1cJauhjK3n".into(),
            state,
            merchant: "Corner Café".into(),
            description: "Two flat whites".into(),
            amount: "50.00".into(),
            asset: "USD".into(),
            pay_amount: "0.00052632".into(),
            pay_asset: "BTC".into(),
            pay_network: None,
            pay_address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into(),
            pay_tag: None,
            wallet_uri: "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00052632"
                .into(),
            exchange_rate: Some("95000.00".into()),
            expires_at: "2026-11-25T10:15:00Z".into(),
            quote_version: 1,
            received: "0".into(),
            missing: "0.00052632".into(),
            excess: "0".into(),
            alert: None,
            closed_as: None,
            refunds: Vec::new(),
            updated_at: "2026-11-25T10:00:00Z".into(),
            tip: None,
            sandbox: false,
        }
    }

    fn underpaid(received: &str, missing: &str) -> PublicPaymentView {
        PublicPaymentView {
            received: received.into(),
            missing: missing.into(),
            ..public(PaymentState::Underpaid)
        }
    }

    #[test]
    fn a_tip_inside_the_amount_is_split_out_for_the_screens() {
        use crate::upstream::CartItem;
        let items = vec![
            CartItem::item("Sale", "", "1", "10.00"),
            crate::tips::tip_line(Decimal::new(150, 2), "15 %", 2),
        ];
        assert_eq!(tip_in("11.50", &items).as_deref(), Some("1.50"));
        assert_eq!(tip_in("10.00", &items[..1]), None);
        let view = PublicPaymentView {
            amount: "11.50".into(),
            tip: tip_in("11.50", &items),
            ..public(PaymentState::Awaiting)
        };
        assert_eq!(
            view.sale_and_tip(),
            Some((Decimal::new(1000, 2), Decimal::new(150, 2)))
        );
        assert_eq!(public(PaymentState::Awaiting).sale_and_tip(), None);
    }

    #[test]
    fn the_amount_due_is_the_quote_until_something_arrived_then_the_rest() {
        assert_eq!(public(PaymentState::Awaiting).due(), "0.00052632");
        assert_eq!(underpaid("0.0002", "0.00032632").due(), "0.00032632");
        // Underpaid but nothing readable missing: the quote's amount, never "0".
        assert_eq!(underpaid("0.0002", "0").due(), "0.00052632");
    }

    #[test]
    fn the_qr_asks_for_the_remainder_when_the_quote_still_asks_for_everything() {
        let cat = Catalogue::default();
        assert_eq!(
            public(PaymentState::Awaiting).qr_uri(&cat).as_deref(),
            Some("bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00052632")
        );
        assert_eq!(
            underpaid("0.0002", "0.00032632").qr_uri(&cat).as_deref(),
            Some("bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00032632")
        );
        // After a re-quote the quote itself asks for the rest: its URI is used as is.
        let requoted = PublicPaymentView {
            pay_amount: "0.00032632".into(),
            wallet_uri: "bitcoin:X?amount=0.00032632".into(),
            ..underpaid("0.0002", "0.00032632")
        };
        assert_eq!(
            requoted.qr_uri(&cat).as_deref(),
            Some("bitcoin:X?amount=0.00032632")
        );
        let lightning = PublicPaymentView {
            wallet_uri: "lightning:lnbc1".into(),
            ..underpaid("0.0002", "0.00032632")
        };
        assert_eq!(lightning.qr_uri(&cat).as_deref(), Some("lightning:lnbc1"));
    }

    #[test]
    fn no_qr_once_nothing_may_be_paid() {
        let cat = Catalogue::default();
        for state in PaymentState::ALL.into_iter().filter(|s| !s.is_open()) {
            assert_eq!(public(state).qr_uri(&cat), None, "{state}");
        }
    }

    #[test]
    fn fiat_still_due_is_missing_times_rate_only_when_underpaid() {
        let v = PublicPaymentView {
            exchange_rate: Some("84.3357".into()),
            ..underpaid("0.251", "0.249")
        };
        assert_eq!(v.fiat_still_due(), Some("20.9995893".parse().unwrap()));
        let no_rate = PublicPaymentView {
            exchange_rate: None,
            ..underpaid("0.251", "0.249")
        };
        assert_eq!(no_rate.fiat_still_due(), None);
        let zero_rate = PublicPaymentView {
            exchange_rate: Some("0".into()),
            ..underpaid("0.251", "0.249")
        };
        assert_eq!(zero_rate.fiat_still_due(), None);
        assert_eq!(public(PaymentState::Awaiting).fiat_still_due(), None);
    }

    #[test]
    fn settlement_decimals_fall_back_to_two() {
        let cat = Catalogue::default();
        let v = public(PaymentState::Awaiting);
        assert_eq!(v.fiat_decimals(Some(&cat)), 2);
        assert_eq!(fiat_decimals(Some(&cat), "USDT"), 6);
        assert_eq!(fiat_decimals(None, "USDT"), 2);
        assert_eq!(fiat_decimals(Some(&cat), "XYZ"), 2);
        assert_eq!(v.expires_at_unix(), 1_795_601_700);
        let garbled = PublicPaymentView {
            expires_at: "soon".into(),
            ..public(PaymentState::Awaiting)
        };
        assert_eq!(garbled.expires_at_unix(), 0);
    }

    #[test]
    fn idempotency_keys() {
        assert!(check_idempotency_key("0b6f3c1e-8d2a-4c8e-9a51-2f1f0e6c7b11").is_ok());
        for bad in [
            "",
            "short",
            "has space in it",
            &"x".repeat(129),
            "ünïcödé-key",
        ] {
            assert!(check_idempotency_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validation_error_body() {
        let errors = crate::validate::ValidationErrors(vec![
            FieldError::new("amount", "enter an amount"),
            FieldError::new("reference", "enter a reference"),
        ]);
        let body = serde_json::to_value(ApiErrorBody::validation(&errors)).unwrap();
        assert_eq!(body["error"]["code"], "validation");
        assert_eq!(body["error"]["field"], "amount");
        assert_eq!(body["error"]["fields"][1]["field"], "reference");
    }

    #[test]
    fn pairing_codes_are_read_however_they_are_typed() {
        assert_eq!(
            normalize_pairing_code("k7qf 2m9x").as_deref(),
            Some("K7QF-2M9X")
        );
        assert_eq!(
            normalize_pairing_code(" K7QF-2M9X ").as_deref(),
            Some("K7QF-2M9X")
        );
        for bad in [
            "",
            "K7QF-2M9",
            "K7QF-2M9XX",
            "K7QF-2M0X",
            "K7QF-2MIX",
            "K7QF_2M9X",
            "K7QF-2M9É",
        ] {
            assert_eq!(normalize_pairing_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn pairing_secrets_are_hidden_from_debug() {
        let code = PairingCode {
            code: "K7QF-2M9X".into(),
            url: "http://h/pair#code=K7QF-2M9X".into(),
            expires_at: "2026-01-01T00:00:00Z".into(),
        };
        assert!(!format!("{code:?}").contains("2M9X"));
        let paired = PairResponse {
            token: "wctd_secret".into(),
            device_id: "d_1".into(),
            terminal: TerminalInfo {
                id: "t".into(),
                name: "Till".into(),
                merchant: "Shop".into(),
                sandbox: true,
            },
        };
        assert!(!format!("{paired:?}").contains("wctd_secret"));
        assert_eq!(
            serde_json::to_value(ErrorCode::PairingCodeExpired).unwrap(),
            "pairing_code_expired"
        );
    }
}
