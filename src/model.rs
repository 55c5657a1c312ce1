//! What the payment screens show, from either the terminal's view or the public one. Built
//! from `PublicPaymentView` it cannot carry personal data: the type has no place for it.

use rust_decimal::Decimal;
use wct_api::money;
use wct_api::pos::{PaymentView, PublicPaymentView};
use wct_api::wallet::{wallet_uri, PaymentTarget};
use wct_api::{Catalogue, PaymentState};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayInfo {
    pub state: PaymentState,
    pub description: String,
    pub amount: String,
    pub asset: String,
    pub pay_amount: String,
    pub pay_asset: String,
    pub pay_network: Option<String>,
    pub pay_address: String,
    pub pay_tag: Option<String>,
    pub wallet_uri: String,
    /// Settlement units per 1 coin of the current quote.
    pub exchange_rate: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
    pub quote_version: u32,
    pub received: String,
    pub missing: String,
    pub excess: String,
}

impl Default for PayInfo {
    fn default() -> Self {
        Self {
            state: PaymentState::Awaiting,
            description: String::new(),
            amount: String::new(),
            asset: String::new(),
            pay_amount: String::new(),
            pay_asset: String::new(),
            pay_network: None,
            pay_address: String::new(),
            pay_tag: None,
            wallet_uri: String::new(),
            exchange_rate: None,
            expires_at: 0,
            quote_version: 0,
            received: String::new(),
            missing: String::new(),
            excess: String::new(),
        }
    }
}

fn expiry(text: &str) -> i64 {
    wct_api::clock::parse_rfc3339(text).unwrap_or(0)
}

impl From<&PaymentView> for PayInfo {
    /// The terminal's view shows the same payment facts as the public one.
    fn from(v: &PaymentView) -> Self {
        Self::from(&PublicPaymentView::from_view(v, ""))
    }
}

impl From<&PublicPaymentView> for PayInfo {
    fn from(v: &PublicPaymentView) -> Self {
        Self {
            state: v.state,
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
            expires_at: expiry(&v.expires_at),
            quote_version: v.quote_version,
            received: v.received.clone(),
            missing: v.missing.clone(),
            excess: v.excess.clone(),
        }
    }
}

pub fn dec(text: &str) -> Decimal {
    money::parse_non_negative(text, money::MAX_PRECISION).unwrap_or_default()
}

impl PayInfo {
    pub fn missing_dec(&self) -> Decimal {
        dec(&self.missing)
    }

    pub fn received_dec(&self) -> Decimal {
        dec(&self.received)
    }

    /// Roughly what is still due in the settlement currency (missing × the quote's rate),
    /// unrounded; `None` without a usable rate.
    pub fn missing_fiat(&self) -> Option<Decimal> {
        let rate = self.exchange_rate.as_deref()?;
        let rate = money::parse_non_negative(rate, money::MAX_PRECISION).ok()?;
        if rate.is_zero() {
            return None;
        }
        self.missing_dec().checked_mul(rate)
    }

    /// What the customer should send now: the remainder once something was received.
    pub fn due(&self) -> String {
        if self.state == PaymentState::Underpaid && self.missing_dec() > Decimal::ZERO {
            self.missing.clone()
        } else {
            self.pay_amount.clone()
        }
    }

    /// The URI for the QR. The proxy's `wallet_uri` asks for the current quote; when
    /// underpaid and the quote still asks for more than is missing, build the remainder's.
    pub fn qr_uri(&self, catalogue: &Catalogue) -> String {
        let missing = self.missing_dec();
        let quote_asks_missing = dec(&self.pay_amount) == missing;
        let lightning = self.wallet_uri.starts_with("lightning:");
        if self.state != PaymentState::Underpaid
            || missing.is_zero()
            || quote_asks_missing
            || lightning
        {
            return self.wallet_uri.clone();
        }
        let Some(asset) = catalogue.crypto(&self.pay_asset) else {
            return self.wallet_uri.clone();
        };
        wallet_uri(&PaymentTarget {
            scheme: asset.uri_scheme(self.pay_network.as_deref()),
            address: &self.pay_address,
            amount: missing,
            decimals: asset.decimals,
            payreq: None,
            tag: self.pay_tag.as_deref(),
        })
    }
}
