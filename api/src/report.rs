//! The end-of-day report (`GET /api/reports/daily`): payments of one day in the store's time
//! zone, by state bucket, settlement currency and pay asset, with exact decimal sums, and its
//! CSV form. The proxy builds it with [`ReportBuilder`]; the app only shows it.
//!
//! A payment counts on the day it was created, and its refunds count with it, whenever they
//! were made: a refund confirmed, requested or of unknown outcome is money that went back (or
//! is on its way); a refused one moved nothing and counts nothing. So the report says what was
//! kept of the day's sales (`kept` = received − refunded per pay asset; `taken` per settlement
//! currency nets the refunds' value out of the paid and overpaid sales), and every total is the
//! sum of the lines it stands under.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::money::format_fixed;
use crate::pos::fiat_decimals;
use crate::refund::RefundState;
use crate::state::PaymentState;

/// Where a payment counts in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Paid exactly.
    Paid,
    /// Paid more than asked; the line's `excess` is the extra.
    Overpaid,
    /// Part received; the line's `outstanding` is what is still missing.
    Underpaid,
    /// Still waiting for money (awaiting, or seen and not yet confirmed).
    Open,
    /// Everything received went back: refunded in full by WCT Pay, or refunds requested (or of
    /// unknown outcome) that cover all that was received.
    Refunded,
    /// Money arrived after the payment was cancelled or had expired.
    Late,
    /// Cancelled or expired with money received before it closed (an underpaid payment that
    /// ran out): owed back to the customer, or kept.
    #[serde(rename = "received_on_closed")]
    ClosedWithMoney,
    /// Money received after the payment closed (late, or part-paid before it expired or was
    /// cancelled) that the shop decided to keep as payment.
    Kept,
    /// Cancelled or expired with nothing received.
    CancelledExpired,
    /// Refused because WCT Pay's answer did not match the sale; nothing was shown.
    Rejected,
}

impl Bucket {
    pub const ALL: [Bucket; 10] = [
        Self::Paid,
        Self::Overpaid,
        Self::Underpaid,
        Self::Open,
        Self::Refunded,
        Self::Late,
        Self::ClosedWithMoney,
        Self::Kept,
        Self::CancelledExpired,
        Self::Rejected,
    ];

    /// The bucket of a payment in `state` with nothing received and nothing refunded.
    pub fn of(state: PaymentState) -> Self {
        match state {
            PaymentState::Paid => Self::Paid,
            PaymentState::Overpaid => Self::Overpaid,
            PaymentState::Underpaid => Self::Underpaid,
            PaymentState::Awaiting | PaymentState::Pending => Self::Open,
            PaymentState::Refunded => Self::Refunded,
            PaymentState::Late => Self::Late,
            PaymentState::Cancelled | PaymentState::Expired => Self::CancelledExpired,
            PaymentState::Rejected => Self::Rejected,
        }
    }

    /// The bucket of a payment: its state's, except that a cancelled or expired one with money
    /// received is [`Bucket::ClosedWithMoney`], such money (or late money) that the shop kept
    /// is [`Bucket::Kept`], and one whose refunds (requested, unknown or confirmed) cover
    /// everything received is [`Bucket::Refunded`].
    pub fn of_payment(p: &ReportPayment) -> Self {
        let bucket = match Self::of(p.state) {
            Self::CancelledExpired if p.received > Decimal::ZERO => Self::ClosedWithMoney,
            bucket => bucket,
        };
        let bucket = match bucket {
            Self::Late | Self::ClosedWithMoney if p.kept => Self::Kept,
            bucket => bucket,
        };
        let all_back = p.received > Decimal::ZERO && p.refunded() >= p.received;
        match bucket {
            Self::Paid
            | Self::Overpaid
            | Self::Underpaid
            | Self::Late
            | Self::ClosedWithMoney
            | Self::Kept
                if all_back =>
            {
                Self::Refunded
            }
            bucket => bucket,
        }
    }

    /// Whether the sale was settled (its amount and tip were taken): paid, overpaid, or money
    /// after close that the shop kept.
    pub fn is_taken(self) -> bool {
        matches!(self, Self::Paid | Self::Overpaid | Self::Kept)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Paid => "paid",
            Self::Overpaid => "overpaid",
            Self::Underpaid => "underpaid",
            Self::Open => "open",
            Self::Refunded => "refunded",
            Self::Late => "late",
            Self::ClosedWithMoney => "received_on_closed",
            Self::Kept => "kept",
            Self::CancelledExpired => "cancelled_expired",
            Self::Rejected => "rejected",
        }
    }

    /// What the Reports screen calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Paid => "Paid",
            Self::Overpaid => "Overpaid",
            Self::Underpaid => "Underpaid (part paid)",
            Self::Open => "Still open",
            Self::Refunded => "Refunded",
            Self::Late => "Late money",
            Self::ClosedWithMoney => "Received on expired/cancelled — to refund or keep",
            Self::Kept => "Kept as payment after it closed",
            Self::CancelledExpired => "Cancelled / expired, nothing received",
            Self::Rejected => "Rejected",
        }
    }
}

/// One payment as the report needs it. Settlement amounts in `currency`, the rest in
/// `pay_asset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPayment {
    pub state: PaymentState,
    pub currency: String,
    pub amount: Decimal,
    pub tip: Decimal,
    pub pay_asset: String,
    pub received: Decimal,
    /// Received beyond what was asked (counts on an overpaid line only).
    pub excess: Decimal,
    /// Still missing (counts on an underpaid line only: a closed payment's unpaid price is
    /// not outstanding).
    pub missing: Decimal,
    /// Settlement units per coin of the payment's quote, when known.
    pub exchange_rate: Option<Decimal>,
    /// Its refunds, whenever they were made (a refund counts with its payment).
    pub refunds: Vec<ReportRefund>,
    /// The shop decided to keep everything received (see [`crate::pos::KeptView`]).
    pub kept: bool,
}

/// One refund of a payment, in the asset it was paid with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRefund {
    pub state: RefundState,
    pub amount: Decimal,
}

impl ReportPayment {
    /// What went back or is on its way: refunds confirmed, requested or of unknown outcome
    /// (a refused one moved nothing), like [`crate::refund::reserved`].
    pub fn refunded(&self) -> Decimal {
        self.refunds
            .iter()
            .filter(|r| r.state.reserves_money())
            .map(|r| r.amount)
            .sum()
    }

    /// What of the sale's amount (tip included) was taken, in `currency`, for a payment in
    /// `bucket`: nothing unless paid or overpaid; the amount less what its refunds are worth
    /// beyond the excess, at the payment's own rate, rounded half up to `decimals`; nothing
    /// once the refunds cover everything received. Without a quoted rate, the rate is the
    /// amount over the crypto that paid for it (received less the excess). Should the
    /// arithmetic overflow, nothing counts (never more than can be shown to be kept).
    pub fn taken(&self, bucket: Bucket, decimals: u32) -> Decimal {
        if !bucket.is_taken() {
            return Decimal::ZERO;
        }
        let refunded = self.refunded();
        if self.received > Decimal::ZERO && refunded >= self.received {
            return Decimal::ZERO;
        }
        if bucket == Bucket::Kept {
            // Money after close is worth what it buys at the quote's rate, never more than
            // the sale; without a rate nothing can be shown to be taken.
            let value = self
                .exchange_rate
                .filter(|r| *r > Decimal::ZERO)
                .and_then(|rate| (self.received - refunded).checked_mul(rate))
                .map(|v| {
                    v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
                });
            return value.map_or(Decimal::ZERO, |v| v.min(self.amount).max(Decimal::ZERO));
        }
        // The excess goes back first: returning it leaves the sale whole.
        let back = refunded - self.excess.min(refunded);
        if back.is_zero() {
            return self.amount;
        }
        let value = self
            .rate()
            .and_then(|rate| back.checked_mul(rate))
            .map(|v| v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero));
        match value {
            Some(v) => (self.amount - v.min(self.amount)).max(Decimal::ZERO),
            None => Decimal::ZERO,
        }
    }

    /// What is still owed on the sale, in `currency`, for a payment in `bucket`: on an
    /// underpaid one, what is missing at the quote's rate (as the payment screen says it),
    /// rounded half up to `decimals` and never more than the sale; without a rate, the sale's
    /// share that the missing coins are of all it asked. Nothing on any other bucket (a closed
    /// payment's unpaid price is not owed).
    pub fn due(&self, bucket: Bucket, decimals: u32) -> Decimal {
        if bucket != Bucket::Underpaid || self.missing <= Decimal::ZERO {
            return Decimal::ZERO;
        }
        let value = match self.exchange_rate {
            Some(rate) if rate > Decimal::ZERO => self.missing.checked_mul(rate),
            _ => self
                .received
                .checked_add(self.missing)
                .and_then(|asked| self.amount.checked_mul(self.missing)?.checked_div(asked)),
        };
        value
            .map(|v| v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero))
            .map_or(self.amount, |v| v.min(self.amount))
    }

    fn rate(&self) -> Option<Decimal> {
        match self.exchange_rate {
            Some(rate) if rate > Decimal::ZERO => Some(rate),
            _ => {
                let paid_with = self.received.checked_sub(self.excess)?;
                if paid_with <= Decimal::ZERO {
                    return None;
                }
                self.amount.checked_div(paid_with)
            }
        }
    }
}

/// Payments of one bucket, settlement currency and pay asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub bucket: Bucket,
    pub currency: String,
    pub pay_asset: String,
    pub count: u64,
    /// Sum of the sale amounts (tips included), in `currency`, before any refund.
    pub amount: String,
    /// Sum of the tips, in `currency`.
    pub tips: String,
    /// Sum received, in `pay_asset`.
    pub received: String,
    /// Sum received beyond what was asked (overpaid), in `pay_asset`.
    pub excess: String,
    /// Sum still missing (underpaid), in `pay_asset`.
    pub outstanding: String,
    /// What `outstanding` is worth: still owed on underpaid sales, in `currency` (see
    /// [`ReportPayment::due`]); zero on every other line.
    #[serde(default)]
    pub due: String,
    /// Sum of their refunds that went back or are on their way (confirmed, requested or of
    /// unknown outcome; refused ones count nothing), in `pay_asset`.
    pub refunded: String,
    /// `received` − `refunded`, in `pay_asset`.
    pub kept: String,
    /// What of `amount` was taken, in `currency`: paid and overpaid sales less the value of
    /// their refunds beyond the excess at each payment's own rate (see
    /// [`ReportPayment::taken`]); zero on every other line.
    pub taken: String,
}

/// Tips taken (paid and overpaid payments) in one settlement currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TipTotal {
    pub currency: String,
    pub count: u64,
    pub amount: String,
}

/// Refunds of the day's payments in one pay asset (refused ones left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundTotal {
    pub pay_asset: String,
    /// Refunds confirmed, requested or of unknown outcome.
    pub count: u64,
    /// Their sum: what went back or is on its way.
    pub amount: String,
    /// Of those, the ones not confirmed yet (requested, or of unknown outcome)…
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pending_count: u64,
    /// …and their sum; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One settlement currency over every bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyTotal {
    pub currency: String,
    /// Every payment of the day in this currency.
    pub count: u64,
    /// Paid and overpaid payments.
    pub taken_count: u64,
    /// What was taken: the sum of the lines' `taken` (paid and overpaid sales, tips included,
    /// less the value of their refunds; a sale refunded in full is on the refunded line and
    /// counts nothing).
    pub taken: String,
    /// The tips of the paid and overpaid lines.
    pub tips: String,
    /// Still owed on the underpaid sales (the sum of the lines' `due`).
    #[serde(default)]
    pub due: String,
}

/// One pay asset over every bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayAssetTotal {
    pub pay_asset: String,
    pub count: u64,
    /// Everything received on the day's payments, whatever their state.
    pub received: String,
    pub excess: String,
    pub outstanding: String,
    /// Their refunds that went back or are on their way (refused ones count nothing).
    pub refunded: String,
    /// What was kept: `received` − `refunded`.
    pub kept: String,
}

/// `GET /api/reports/daily`. Every total is the sum of the lines above it: currencies and pay
/// assets sum `lines`, the refunds sum the refunds of the lines' payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyReport {
    /// `YYYY-MM-DD` in `time_zone`.
    pub date: String,
    /// IANA name, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// The day's first and last instant, RFC 3339 UTC (`to` is exclusive).
    pub from: String,
    pub to: String,
    pub store: String,
    /// The terminal's name for a one-terminal report; absent for the whole store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal: Option<String>,
    pub lines: Vec<ReportLine>,
    pub tips: Vec<TipTotal>,
    pub refunds: Vec<RefundTotal>,
    pub currencies: Vec<CurrencyTotal>,
    pub pay_assets: Vec<PayAssetTotal>,
    /// The payments ran against the sandbox: test money, marked as such on screen, on the
    /// printed Z-report and in every CSV row (`mode` = `test`).
    #[serde(default)]
    pub sandbox: bool,
    /// Net, tax and gross per currency and tax rate of the day's receipts (sales that became
    /// paid), with their discounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tax: Vec<TaxTotal>,
    /// The first and last receipt number among the day's sales.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_receipt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_receipt: Option<String>,
    /// Credit notes issued during the day (confirmed refunds), by number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credit_notes: Vec<crate::receipt::CreditNote>,
}

/// One currency's and rate's totals of the day's receipts. Amounts in `currency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxTotal {
    pub currency: String,
    /// The rate's id; absent: untaxed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    pub name: String,
    pub percent: String,
    /// Receipts with a line at this rate.
    pub count: u64,
    pub discount: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
}

/// Currency, rate id and percent: one line of the Z-report's tax section.
type RateKey = (String, String, String);
/// The rate's name, receipts, sums (discount, net, tax, gross) and the currency's decimals.
type RateSums = (String, u64, [Decimal; 4], u32);

/// Adds up the day's receipts per currency and rate, and finds their first and last number.
#[derive(Default)]
pub struct ReceiptBook {
    rates: BTreeMap<RateKey, RateSums>,
    numbers: Vec<(i64, String)>,
}

impl ReceiptBook {
    /// Adds receipt `no` (`doc.number` is its text); `decimals`: of its currency.
    pub fn add(&mut self, no: i64, doc: &crate::receipt::ReceiptDoc, decimals: u32) {
        if let Some(text) = &doc.number {
            self.numbers.push((no, text.clone()));
        }
        for r in &doc.rates {
            let key = (
                doc.currency.clone(),
                r.rate.clone().unwrap_or_default(),
                r.percent.normalize().to_string(),
            );
            let e = self
                .rates
                .entry(key)
                .or_insert_with(|| (r.name.clone(), 0, [Decimal::ZERO; 4], decimals));
            e.1 += 1;
            e.2[0] += r.discount;
            e.2[1] += r.net;
            e.2[2] += r.tax;
            e.2[3] += r.gross;
        }
    }

    /// Puts the totals and the first and last number into `report`.
    pub fn finish(mut self, report: &mut DailyReport) {
        self.numbers.sort();
        report.first_receipt = self.numbers.first().map(|n| n.1.clone());
        report.last_receipt = self.numbers.last().map(|n| n.1.clone());
        report.tax = self
            .rates
            .into_iter()
            .map(
                |((currency, rate, percent), (name, count, sums, d))| TaxTotal {
                    currency,
                    rate: (!rate.is_empty()).then_some(rate),
                    name,
                    percent,
                    count,
                    discount: format_fixed(sums[0], d),
                    net: format_fixed(sums[1], d),
                    tax: format_fixed(sums[2], d),
                    gross: format_fixed(sums[3], d),
                },
            )
            .collect();
    }
}

#[derive(Default, Clone, Copy)]
struct Sums {
    count: u64,
    amount: Decimal,
    tips: Decimal,
    received: Decimal,
    excess: Decimal,
    missing: Decimal,
    refunded: Decimal,
    taken: Decimal,
    due: Decimal,
    /// Payments with a tip.
    tipped: u64,
}

impl Sums {
    fn add_line(&mut self, s: &Sums) {
        self.count += s.count;
        self.amount += s.amount;
        self.tips += s.tips;
        self.received += s.received;
        self.excess += s.excess;
        self.missing += s.missing;
        self.refunded += s.refunded;
        self.taken += s.taken;
        self.due += s.due;
        self.tipped += s.tipped;
    }
}

#[derive(Default)]
struct RefundSums {
    count: u64,
    amount: Decimal,
    pending_count: u64,
    pending: Decimal,
}

/// Sums payments (with their refunds) into a [`DailyReport`].
#[derive(Default)]
pub struct ReportBuilder {
    lines: BTreeMap<(Bucket, String, String), Sums>,
    refunds: BTreeMap<String, RefundSums>,
}

impl ReportBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a payment and its refunds; `decimals` are its settlement currency's (what
    /// `taken` is rounded to).
    pub fn add(&mut self, p: &ReportPayment, decimals: u32) {
        let bucket = Bucket::of_payment(p);
        let line = self
            .lines
            .entry((bucket, p.currency.clone(), p.pay_asset.clone()))
            .or_default();
        line.count += 1;
        if p.tip > Decimal::ZERO {
            line.tipped += 1;
        }
        line.amount += p.amount;
        line.tips += p.tip;
        line.received += p.received;
        if bucket == Bucket::Overpaid {
            line.excess += p.excess;
        }
        if bucket == Bucket::Underpaid {
            line.missing += p.missing;
        }
        line.refunded += p.refunded();
        line.taken += p.taken(bucket, decimals);
        line.due += p.due(bucket, decimals);
        for r in p.refunds.iter().filter(|r| r.state.reserves_money()) {
            let sums = self.refunds.entry(p.pay_asset.clone()).or_default();
            sums.count += 1;
            sums.amount += r.amount;
            if r.state.is_pending() {
                sums.pending_count += 1;
                sums.pending += r.amount;
            }
        }
    }

    /// The report, amounts written with the catalogue's decimals (settlement: 2 when
    /// unknown; pay assets: 8 when unknown).
    pub fn finish(self, catalogue: &Catalogue, header: ReportHeader) -> DailyReport {
        let fiat = |c: &str, v: Decimal| format_fixed(v, fiat_decimals(Some(catalogue), c));
        let pay_decimals = |a: &str| catalogue.crypto(a).map_or(8, |a| a.decimals);
        let coin = |a: &str, v: Decimal| format_fixed(v, pay_decimals(a));
        // Per currency: every payment's count, the taken lines' sums, and what is still owed.
        let mut currencies: BTreeMap<String, (u64, Sums, Decimal)> = BTreeMap::new();
        let mut assets: BTreeMap<String, Sums> = BTreeMap::new();
        let mut lines = Vec::new();
        for ((bucket, currency, pay_asset), s) in &self.lines {
            let c = currencies.entry(currency.clone()).or_default();
            c.0 += s.count;
            c.2 += s.due;
            if bucket.is_taken() {
                c.1.add_line(s);
            }
            assets.entry(pay_asset.clone()).or_default().add_line(s);
            lines.push(ReportLine {
                bucket: *bucket,
                currency: currency.clone(),
                pay_asset: pay_asset.clone(),
                count: s.count,
                amount: fiat(currency, s.amount),
                tips: fiat(currency, s.tips),
                received: coin(pay_asset, s.received),
                excess: coin(pay_asset, s.excess),
                outstanding: coin(pay_asset, s.missing),
                due: fiat(currency, s.due),
                refunded: coin(pay_asset, s.refunded),
                kept: coin(pay_asset, s.received - s.refunded),
                taken: fiat(currency, s.taken),
            });
        }
        let tips = currencies
            .iter()
            .map(|(currency, (_, taken, _))| TipTotal {
                currency: currency.clone(),
                count: taken.tipped,
                amount: fiat(currency, taken.tips),
            })
            .collect();
        let refunds = self
            .refunds
            .iter()
            .map(|(asset, r)| RefundTotal {
                pay_asset: asset.clone(),
                count: r.count,
                amount: coin(asset, r.amount),
                pending_count: r.pending_count,
                pending: (r.pending_count > 0).then(|| coin(asset, r.pending)),
            })
            .collect();
        DailyReport {
            date: header.date,
            time_zone: header.time_zone,
            from: header.from,
            to: header.to,
            store: header.store,
            terminal: header.terminal,
            sandbox: header.sandbox,
            lines,
            tips,
            refunds,
            tax: Vec::new(),
            first_receipt: None,
            last_receipt: None,
            credit_notes: Vec::new(),
            currencies: currencies
                .into_iter()
                .map(|(currency, (count, taken, due))| CurrencyTotal {
                    taken: fiat(&currency, taken.taken),
                    tips: fiat(&currency, taken.tips),
                    due: fiat(&currency, due),
                    taken_count: taken.count,
                    count,
                    currency,
                })
                .collect(),
            pay_assets: assets
                .into_iter()
                .map(|(asset, s)| PayAssetTotal {
                    count: s.count,
                    received: coin(&asset, s.received),
                    excess: coin(&asset, s.excess),
                    outstanding: coin(&asset, s.missing),
                    refunded: coin(&asset, s.refunded),
                    kept: coin(&asset, s.received - s.refunded),
                    pay_asset: asset,
                })
                .collect(),
        }
    }
}

/// What the report is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportHeader {
    pub date: String,
    pub time_zone: String,
    pub from: String,
    pub to: String,
    pub store: String,
    pub terminal: Option<String>,
    pub sandbox: bool,
}

/// The CSV's first line; its columns never change order (new ones only ever go at the end:
/// `kept` and `taken`, then `due` and `mode` came last). `mode` is `test` on a sandbox's
/// report, `live` otherwise: a test file must never pass for the books.
pub const CSV_HEADER: &str = "date,time_zone,store,terminal,section,bucket,currency,pay_asset,\
count,amount,tips,received,excess,outstanding,refunded,kept,taken,due,mode,rate,percent,net,tax,\
gross,discount,number";

/// One CSV cell: a cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, tab or carriage return) gets a leading `'`; a cell with a comma, quote or line break
/// is quoted.
pub fn csv_cell(text: &str) -> String {
    let mut cell = String::with_capacity(text.len() + 3);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        cell.push('\'');
    }
    cell.push_str(text);
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[derive(Default)]
struct CsvRow<'a> {
    section: &'a str,
    bucket: &'a str,
    currency: &'a str,
    pay_asset: &'a str,
    count: Option<u64>,
    amount: &'a str,
    tips: &'a str,
    received: &'a str,
    excess: &'a str,
    outstanding: &'a str,
    refunded: &'a str,
    kept: &'a str,
    taken: &'a str,
    due: &'a str,
    rate: &'a str,
    percent: &'a str,
    net: &'a str,
    tax: &'a str,
    gross: &'a str,
    discount: &'a str,
    number: &'a str,
}

impl DailyReport {
    /// The report as CSV (RFC 4180, CRLF line ends): one row per payment line (section
    /// `payments`, the bucket's name), then the tips, the refunds (bucket empty: all that
    /// count; `pending`: those not confirmed yet) and the totals. Amounts are decimal strings
    /// with their currency's decimals.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(CSV_HEADER);
        out.push_str("\r\n");
        let terminal = self.terminal.as_deref().unwrap_or("");
        let mode = if self.sandbox { "test" } else { "live" };
        let mut row = |r: CsvRow<'_>| {
            let count = r.count.map(|c| c.to_string()).unwrap_or_default();
            let cells = [
                self.date.as_str(),
                &self.time_zone,
                &self.store,
                terminal,
                r.section,
                r.bucket,
                r.currency,
                r.pay_asset,
                &count,
                r.amount,
                r.tips,
                r.received,
                r.excess,
                r.outstanding,
                r.refunded,
                r.kept,
                r.taken,
                r.due,
                mode,
                r.rate,
                r.percent,
                r.net,
                r.tax,
                r.gross,
                r.discount,
                r.number,
            ];
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        };
        for l in &self.lines {
            row(CsvRow {
                section: "payments",
                bucket: l.bucket.as_str(),
                currency: &l.currency,
                pay_asset: &l.pay_asset,
                count: Some(l.count),
                amount: &l.amount,
                tips: &l.tips,
                received: &l.received,
                excess: &l.excess,
                outstanding: &l.outstanding,
                refunded: &l.refunded,
                kept: &l.kept,
                taken: &l.taken,
                due: &l.due,
                ..CsvRow::default()
            });
        }
        for t in &self.tips {
            row(CsvRow {
                section: "tips",
                currency: &t.currency,
                count: Some(t.count),
                tips: &t.amount,
                ..CsvRow::default()
            });
        }
        for r in &self.refunds {
            row(CsvRow {
                section: "refunds",
                pay_asset: &r.pay_asset,
                count: Some(r.count),
                refunded: &r.amount,
                ..CsvRow::default()
            });
            if let Some(pending) = &r.pending {
                row(CsvRow {
                    section: "refunds",
                    bucket: "pending",
                    pay_asset: &r.pay_asset,
                    count: Some(r.pending_count),
                    refunded: pending,
                    ..CsvRow::default()
                });
            }
        }
        for c in &self.currencies {
            row(CsvRow {
                section: "currency_total",
                bucket: "taken",
                currency: &c.currency,
                count: Some(c.taken_count),
                amount: &c.taken,
                tips: &c.tips,
                taken: &c.taken,
                due: &c.due,
                ..CsvRow::default()
            });
            row(CsvRow {
                section: "currency_total",
                bucket: "all",
                currency: &c.currency,
                count: Some(c.count),
                ..CsvRow::default()
            });
        }
        for a in &self.pay_assets {
            row(CsvRow {
                section: "pay_asset_total",
                pay_asset: &a.pay_asset,
                count: Some(a.count),
                received: &a.received,
                excess: &a.excess,
                outstanding: &a.outstanding,
                refunded: &a.refunded,
                kept: &a.kept,
                ..CsvRow::default()
            });
        }
        for t in &self.tax {
            row(CsvRow {
                section: "tax",
                currency: &t.currency,
                count: Some(t.count),
                rate: t.rate.as_deref().unwrap_or(""),
                percent: &t.percent,
                net: &t.net,
                tax: &t.tax,
                gross: &t.gross,
                discount: &t.discount,
                ..CsvRow::default()
            });
        }
        for (bucket, number) in [("first", &self.first_receipt), ("last", &self.last_receipt)] {
            if let Some(number) = number {
                row(CsvRow {
                    section: "receipts",
                    bucket,
                    number,
                    ..CsvRow::default()
                });
            }
        }
        for c in &self.credit_notes {
            row(CsvRow {
                section: "credit_notes",
                bucket: &c.receipt_number,
                pay_asset: &c.asset,
                refunded: &c.amount,
                number: &c.number,
                ..CsvRow::default()
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn payment(state: PaymentState, amount: &str, tip: &str, received: &str) -> ReportPayment {
        ReportPayment {
            state,
            currency: "USD".into(),
            amount: d(amount),
            tip: d(tip),
            pay_asset: "BTC".into(),
            received: d(received),
            excess: Decimal::ZERO,
            missing: Decimal::ZERO,
            exchange_rate: None,
            refunds: Vec::new(),
            kept: false,
        }
    }

    #[test]
    fn late_money_kept_counts_as_taken_at_its_rate_and_never_beyond_the_sale() {
        let late = |kept: bool, received: &str| ReportPayment {
            kept,
            exchange_rate: Some(d("100000")),
            ..payment(PaymentState::Late, "25.00", "0", received)
        };
        // Undecided late money is not taken.
        let undecided = late(false, "0.0002");
        assert_eq!(Bucket::of_payment(&undecided), Bucket::Late);
        assert_eq!(undecided.taken(Bucket::Late, 2), Decimal::ZERO);
        // Kept: 0.0002 BTC at 100,000 is 20.00 of the 25.00 sale.
        let kept = late(true, "0.0002");
        assert_eq!(Bucket::of_payment(&kept), Bucket::Kept);
        assert_eq!(kept.taken(Bucket::Kept, 2), d("20.00"));
        // More than the sale is worth still takes the sale, not more.
        assert_eq!(late(true, "0.001").taken(Bucket::Kept, 2), d("25.00"));
        // An expired part-payment that was kept is kept too.
        let expired = ReportPayment {
            kept: true,
            exchange_rate: Some(d("100000")),
            ..payment(PaymentState::Expired, "25.00", "0", "0.0001")
        };
        assert_eq!(Bucket::of_payment(&expired), Bucket::Kept);
        assert_eq!(expired.taken(Bucket::Kept, 2), d("10.00"));
        // Refunded in full afterwards: refunded, nothing taken.
        let back = ReportPayment {
            refunds: vec![refund(RefundState::Refunded, "0.0002")],
            ..late(true, "0.0002")
        };
        assert_eq!(Bucket::of_payment(&back), Bucket::Refunded);
        // In the totals, kept money is taken.
        let mut b = ReportBuilder::new();
        b.add(&kept, 2);
        let report = b.finish(&Catalogue::default(), header());
        assert_eq!(report.currencies[0].taken, "20.00");
    }

    fn refund(state: RefundState, amount: &str) -> ReportRefund {
        ReportRefund {
            state,
            amount: d(amount),
        }
    }

    fn header() -> ReportHeader {
        ReportHeader {
            date: "2026-11-25".into(),
            time_zone: "Europe/Berlin".into(),
            from: "2026-11-24T23:00:00Z".into(),
            to: "2026-11-25T23:00:00Z".into(),
            store: "default".into(),
            terminal: Some("=HYPERLINK(\"x\")".into()),
            sandbox: false,
        }
    }

    #[test]
    fn every_state_has_one_bucket() {
        use PaymentState as S;
        let expect = [
            (S::Awaiting, Bucket::Open),
            (S::Pending, Bucket::Open),
            (S::Underpaid, Bucket::Underpaid),
            (S::Paid, Bucket::Paid),
            (S::Overpaid, Bucket::Overpaid),
            (S::Expired, Bucket::CancelledExpired),
            (S::Cancelled, Bucket::CancelledExpired),
            (S::Refunded, Bucket::Refunded),
            (S::Rejected, Bucket::Rejected),
            (S::Late, Bucket::Late),
        ];
        assert_eq!(expect.len(), PaymentState::ALL.len());
        for (state, bucket) in expect {
            assert_eq!(Bucket::of(state), bucket, "{state}");
            // With nothing received, a payment's bucket is its state's.
            assert_eq!(
                Bucket::of_payment(&payment(state, "1.00", "0", "0")),
                bucket,
                "{state}"
            );
        }
        let taken: Vec<Bucket> = Bucket::ALL.into_iter().filter(|b| b.is_taken()).collect();
        assert_eq!(taken, [Bucket::Paid, Bucket::Overpaid, Bucket::Kept]);
        let names: std::collections::BTreeSet<&str> =
            Bucket::ALL.iter().map(|b| b.as_str()).collect();
        assert_eq!(names.len(), Bucket::ALL.len());
        for b in Bucket::ALL {
            assert_eq!(serde_json::to_value(b).unwrap().as_str(), Some(b.as_str()));
        }
    }

    #[test]
    fn money_on_a_closed_payment_has_its_own_bucket() {
        for state in [PaymentState::Expired, PaymentState::Cancelled] {
            let with = payment(state, "30.00", "0", "0.00002334");
            assert_eq!(Bucket::of_payment(&with), Bucket::ClosedWithMoney);
            let without = payment(state, "30.00", "0", "0");
            assert_eq!(Bucket::of_payment(&without), Bucket::CancelledExpired);
        }
        assert_eq!(Bucket::ClosedWithMoney.as_str(), "received_on_closed");
        assert_eq!(
            Bucket::ClosedWithMoney.label(),
            "Received on expired/cancelled — to refund or keep"
        );
        // Refunded in full (or being), it is no longer to refund or keep.
        let back = ReportPayment {
            refunds: vec![refund(RefundState::Requested, "0.00002334")],
            ..payment(PaymentState::Expired, "30.00", "0", "0.00002334")
        };
        assert_eq!(Bucket::of_payment(&back), Bucket::Refunded);
        let mut b = ReportBuilder::new();
        b.add(
            &payment(PaymentState::Expired, "30.00", "0", "0.00002334"),
            2,
        );
        b.add(&payment(PaymentState::Expired, "6.00", "0", "0"), 2);
        let r = b.finish(&Catalogue::default(), header());
        let buckets: Vec<(Bucket, u64, &str)> = r
            .lines
            .iter()
            .map(|l| (l.bucket, l.count, l.received.as_str()))
            .collect();
        assert_eq!(
            buckets,
            [
                (Bucket::ClosedWithMoney, 1, "0.00002334"),
                (Bucket::CancelledExpired, 1, "0.00000000"),
            ]
        );
        assert_eq!(r.currencies[0].taken, "0.00");
        assert_eq!(r.pay_assets[0].kept, "0.00002334");
    }

    #[test]
    fn refunds_that_cover_what_was_received_make_a_payment_refunded() {
        let paid = payment(PaymentState::Paid, "12.50", "0", "0.00013135");
        let with = |refunds: Vec<ReportRefund>| ReportPayment {
            refunds,
            ..paid.clone()
        };
        for state in [
            RefundState::Refunded,
            RefundState::Requested,
            RefundState::Unknown,
        ] {
            let all = with(vec![refund(state, "0.00013135")]);
            assert_eq!(Bucket::of_payment(&all), Bucket::Refunded, "{state:?}");
            assert_eq!(all.taken(Bucket::of_payment(&all), 2), Decimal::ZERO);
        }
        // A refused refund moved nothing.
        let refused = with(vec![refund(RefundState::Failed, "0.00013135")]);
        assert_eq!(refused.refunded(), Decimal::ZERO);
        assert_eq!(Bucket::of_payment(&refused), Bucket::Paid);
        assert_eq!(refused.taken(Bucket::Paid, 2), d("12.50"));
        // Two parts that add up to everything.
        let parts = with(vec![
            refund(RefundState::Refunded, "0.00002000"),
            refund(RefundState::Requested, "0.00011135"),
        ]);
        assert_eq!(Bucket::of_payment(&parts), Bucket::Refunded);
    }

    #[test]
    fn taken_nets_out_refunds_at_the_payments_own_rate() {
        // 12.50 USD at 95,000 USD/BTC: 0.00013158 BTC (rounded up by the quote).
        let paid = ReportPayment {
            exchange_rate: Some(d("95000")),
            ..payment(PaymentState::Paid, "12.50", "0", "0.00013158")
        };
        // 0.00002000 BTC back is 1.90 USD.
        let partial = ReportPayment {
            refunds: vec![refund(RefundState::Refunded, "0.00002000")],
            ..paid.clone()
        };
        assert_eq!(partial.taken(Bucket::Paid, 2), d("10.60"));
        // 0.00001001 BTC is 0.95095 USD: half up to 0.95.
        let small = ReportPayment {
            refunds: vec![refund(RefundState::Unknown, "0.00001001")],
            ..paid.clone()
        };
        assert_eq!(small.taken(Bucket::Paid, 2), d("11.55"));
        // 0.0000101 BTC is 0.9595 USD: 0.96.
        let half = ReportPayment {
            refunds: vec![refund(RefundState::Requested, "0.0000101")],
            ..paid.clone()
        };
        assert_eq!(half.taken(Bucket::Paid, 2), d("11.54"));
        // A currency without decimals rounds to whole units.
        let yen = ReportPayment {
            amount: d("2000"),
            exchange_rate: Some(d("15000000")),
            received: d("0.00013334"),
            refunds: vec![refund(RefundState::Refunded, "0.00000010")],
            ..paid.clone()
        };
        // 0.0000001 × 15,000,000 = 1.5 → 2.
        assert_eq!(yen.taken(Bucket::Paid, 0), d("1998"));
        // Without a quoted rate: the amount over what paid for it.
        let no_rate = ReportPayment {
            exchange_rate: None,
            received: d("0.0002"),
            refunds: vec![refund(RefundState::Refunded, "0.00005")],
            ..paid.clone()
        };
        // 0.00005 × 62,500 = 3.125, half up to 3.13.
        assert_eq!(no_rate.taken(Bucket::Paid, 2), d("9.37"));
        // Never below zero, never for an unsettled bucket.
        let odd = ReportPayment {
            exchange_rate: Some(d("10000000")),
            refunds: vec![refund(RefundState::Refunded, "0.0001")],
            ..paid.clone()
        };
        assert_eq!(odd.taken(Bucket::Paid, 2), Decimal::ZERO);
        assert_eq!(paid.taken(Bucket::Late, 2), Decimal::ZERO);
        assert_eq!(paid.taken(Bucket::Paid, 2), d("12.50"));
    }

    #[test]
    fn returning_the_excess_leaves_the_sale_taken() {
        let over = ReportPayment {
            exchange_rate: Some(d("100000")),
            excess: d("0.0001"),
            ..payment(PaymentState::Overpaid, "20.00", "0", "0.0003")
        };
        let excess_back = ReportPayment {
            refunds: vec![refund(RefundState::Refunded, "0.0001")],
            ..over.clone()
        };
        assert_eq!(excess_back.taken(Bucket::Overpaid, 2), d("20.00"));
        // 0.00005 beyond the excess is 5.00.
        let more = ReportPayment {
            refunds: vec![
                refund(RefundState::Refunded, "0.0001"),
                refund(RefundState::Requested, "0.00005"),
                refund(RefundState::Failed, "0.0001"),
            ],
            ..over.clone()
        };
        assert_eq!(more.taken(Bucket::Overpaid, 2), d("15.00"));
        assert_eq!(more.refunded(), d("0.00015"));
    }

    #[test]
    fn sums_are_exact_per_bucket_currency_and_asset() {
        let mut b = ReportBuilder::new();
        // 0.1 + 0.2 is exactly 0.3 here, as it must be for money.
        b.add(&payment(PaymentState::Paid, "0.10", "0", "0.00000100"), 2);
        b.add(
            &payment(PaymentState::Paid, "0.20", "0.02", "0.00000200"),
            2,
        );
        b.add(
            &ReportPayment {
                excess: d("0.00000050"),
                refunds: vec![refund(RefundState::Refunded, "0.00000050")],
                ..payment(PaymentState::Overpaid, "10.00", "1.50", "0.00010050")
            },
            2,
        );
        b.add(
            &ReportPayment {
                missing: d("0.0003"),
                ..payment(PaymentState::Underpaid, "5.00", "0", "0.0002")
            },
            2,
        );
        b.add(&payment(PaymentState::Late, "3.00", "0", "0.00003"), 2);
        b.add(&payment(PaymentState::Cancelled, "4.00", "0", "0"), 2);
        b.add(&payment(PaymentState::Expired, "6.00", "0", "0"), 2);
        b.add(
            &ReportPayment {
                currency: "EUR".into(),
                pay_asset: "ETH".into(),
                ..payment(PaymentState::Paid, "7.00", "0.70", "0.002")
            },
            2,
        );
        let r = b.finish(&Catalogue::default(), header());
        let line = |bucket: Bucket, cur: &str| {
            r.lines
                .iter()
                .find(|l| l.bucket == bucket && l.currency == cur)
                .unwrap()
                .clone()
        };
        let paid = line(Bucket::Paid, "USD");
        assert_eq!((paid.count, paid.amount.as_str()), (2, "0.30"));
        assert_eq!(paid.tips, "0.02");
        assert_eq!(paid.received, "0.00000300");
        assert_eq!(paid.taken, "0.30");
        let over = line(Bucket::Overpaid, "USD");
        assert_eq!(over.excess, "0.00000050");
        assert_eq!(over.refunded, "0.00000050");
        assert_eq!(over.kept, "0.00010000");
        assert_eq!(over.taken, "10.00");
        assert_eq!(line(Bucket::Underpaid, "USD").outstanding, "0.00030000");
        // Still owed: the missing 0.0003 of the 0.0005 asked, of 5.00 (no rate known).
        assert_eq!(line(Bucket::Underpaid, "USD").due, "3.00");
        assert_eq!(line(Bucket::Underpaid, "USD").taken, "0.00");
        assert_eq!(line(Bucket::Late, "USD").received, "0.00003000");
        let closed = line(Bucket::CancelledExpired, "USD");
        assert_eq!((closed.count, closed.amount.as_str()), (2, "10.00"));
        let usd = r.currencies.iter().find(|c| c.currency == "USD").unwrap();
        assert_eq!((usd.count, usd.taken_count), (7, 3));
        assert_eq!((usd.taken.as_str(), usd.tips.as_str()), ("10.30", "1.52"));
        assert_eq!(usd.due, "3.00");
        let usd_tips = r.tips.iter().find(|t| t.currency == "USD").unwrap();
        assert_eq!((usd_tips.count, usd_tips.amount.as_str()), (2, "1.52"));
        let btc = r.pay_assets.iter().find(|a| a.pay_asset == "BTC").unwrap();
        assert_eq!(btc.count, 7);
        assert_eq!(btc.received, "0.00033350");
        assert_eq!(btc.refunded, "0.00000050");
        assert_eq!(btc.kept, "0.00033300");
        let eth = r.pay_assets.iter().find(|a| a.pay_asset == "ETH").unwrap();
        assert_eq!(eth.refunded, "0.000000000000000000");
        assert_eq!(
            r.refunds,
            [RefundTotal {
                pay_asset: "BTC".into(),
                count: 1,
                amount: "0.00000050".into(),
                pending_count: 0,
                pending: None,
            }]
        );
        assert_reproducible(&r);
    }

    #[test]
    fn what_is_still_owed_is_the_missing_coins_at_the_quotes_rate() {
        let under = ReportPayment {
            missing: d("0.00025000"),
            exchange_rate: Some(d("100000")),
            ..payment(PaymentState::Underpaid, "50.00", "0", "0.00025000")
        };
        // 0.00025 BTC at 100 000 is 25.00: the half still due, not the whole 50.00 sale.
        assert_eq!(under.due(Bucket::Underpaid, 2), d("25.00"));
        assert_eq!(under.due(Bucket::Paid, 2), Decimal::ZERO);
        // Never more than the sale, whatever the rate did.
        let moved = ReportPayment {
            exchange_rate: Some(d("1000000")),
            ..under.clone()
        };
        assert_eq!(moved.due(Bucket::Underpaid, 2), d("50.00"));
        // Rounded half up to the currency's decimals.
        let odd = ReportPayment {
            missing: d("0.00000005"),
            ..under
        };
        assert_eq!(odd.due(Bucket::Underpaid, 2), d("0.01"));
    }

    /// Every total is the sum of the lines (what an outside recomputation does).
    fn assert_reproducible(r: &DailyReport) {
        let sum = |f: &dyn Fn(&ReportLine) -> Option<&str>| -> Decimal {
            r.lines.iter().filter_map(f).map(d).sum()
        };
        for l in &r.lines {
            assert_eq!(d(&l.kept), d(&l.received) - d(&l.refunded), "{l:?}");
            if !l.bucket.is_taken() {
                assert!(d(&l.taken).is_zero(), "{l:?}");
            }
        }
        for c in &r.currencies {
            let mine = |l: &ReportLine| l.currency == c.currency;
            let taken = sum(&|l| (mine(l) && l.bucket.is_taken()).then_some(l.taken.as_str()));
            assert_eq!(d(&c.taken), taken, "{c:?}");
            let tips = sum(&|l| (mine(l) && l.bucket.is_taken()).then_some(l.tips.as_str()));
            assert_eq!(d(&c.tips), tips, "{c:?}");
            let count: u64 = r.lines.iter().filter(|l| mine(l)).map(|l| l.count).sum();
            assert_eq!(c.count, count);
        }
        for a in &r.pay_assets {
            let mine = |l: &ReportLine| l.pay_asset == a.pay_asset;
            assert_eq!(
                d(&a.received),
                sum(&|l| mine(l).then_some(l.received.as_str()))
            );
            assert_eq!(
                d(&a.refunded),
                sum(&|l| mine(l).then_some(l.refunded.as_str()))
            );
            assert_eq!(d(&a.kept), d(&a.received) - d(&a.refunded));
            let refunds: Decimal = r
                .refunds
                .iter()
                .filter(|t| t.pay_asset == a.pay_asset)
                .map(|t| d(&t.amount))
                .sum();
            assert_eq!(d(&a.refunded), refunds, "{a:?}");
        }
    }

    #[test]
    fn a_day_with_refunds_adds_up_from_its_lines() {
        let rate = Some(d("95000"));
        let mut b = ReportBuilder::new();
        let sale = |amount: &str, received: &str, refunds: Vec<ReportRefund>| ReportPayment {
            exchange_rate: rate,
            refunds,
            ..payment(PaymentState::Paid, amount, "0", received)
        };
        b.add(&sale("12.50", "0.00013158", vec![]), 2);
        b.add(
            &sale(
                "12.50",
                "0.00013158",
                vec![
                    refund(RefundState::Failed, "0.00002000"),
                    refund(RefundState::Refunded, "0.00002000"),
                ],
            ),
            2,
        );
        b.add(
            &sale(
                "9.50",
                "0.0001",
                vec![refund(RefundState::Unknown, "0.0001")],
            ),
            2,
        );
        b.add(
            &ReportPayment {
                refunds: vec![refund(RefundState::Requested, "0.00001")],
                ..payment(PaymentState::Expired, "30.00", "0", "0.00002334")
            },
            2,
        );
        let r = b.finish(&Catalogue::default(), header());
        let usd = &r.currencies[0];
        // 12.50 + (12.50 − 1.90); the one refunded in full counts nothing.
        assert_eq!((usd.taken.as_str(), usd.taken_count), ("23.10", 2));
        let refunded = r
            .lines
            .iter()
            .find(|l| l.bucket == Bucket::Refunded)
            .unwrap();
        assert_eq!((refunded.count, refunded.kept.as_str()), (1, "0.00000000"));
        let closed = r
            .lines
            .iter()
            .find(|l| l.bucket == Bucket::ClosedWithMoney)
            .unwrap();
        assert_eq!(closed.kept, "0.00001334");
        assert_eq!(
            r.refunds,
            [RefundTotal {
                pay_asset: "BTC".into(),
                count: 3,
                amount: "0.00013000".into(),
                pending_count: 2,
                pending: Some("0.00011000".into()),
            }]
        );
        assert_eq!(r.pay_assets[0].kept, "0.00025650");
        assert_reproducible(&r);
        let csv = r.to_csv();
        assert!(
            csv.contains(",refunds,pending,,BTC,2,,,,,,0.00011000,,,,live,,,,,,,\r\n"),
            "{csv}"
        );
        assert!(
            csv.contains(",payments,received_on_closed,USD,BTC,1,30.00,0.00,0.00002334,"),
            "{csv}"
        );
    }

    #[test]
    fn the_csv_has_a_stable_header_and_no_formulas() {
        // The columns before `kept` are where they always were.
        assert!(CSV_HEADER.starts_with(
            "date,time_zone,store,terminal,section,bucket,currency,pay_asset,count,amount,tips,\
             received,excess,outstanding,refunded,"
        ));
        let mut b = ReportBuilder::new();
        b.add(&payment(PaymentState::Paid, "12.50", "1.25", "0.0001"), 2);
        let csv = b.finish(&Catalogue::default(), header()).to_csv();
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some(CSV_HEADER));
        let first = lines.next().unwrap();
        assert_eq!(
            first,
            "2026-11-25,Europe/Berlin,default,\"'=HYPERLINK(\"\"x\"\")\",payments,paid,USD,BTC,\
             1,12.50,1.25,0.00010000,0.00000000,0.00000000,0.00000000,0.00010000,12.50,0.00,live,\
             ,,,,,,"
        );
        assert!(csv.contains(",tips,,USD,,1,,1.25,"));
        assert!(
            csv.contains(",currency_total,taken,USD,,1,12.50,1.25,,,,,,12.50,0.00,live,,,,,,,\r\n")
        );
        // A sandbox's file says so on every row.
        let mut b = ReportBuilder::new();
        b.add(&payment(PaymentState::Paid, "12.50", "1.25", "0.0001"), 2);
        let test = b
            .finish(
                &Catalogue::default(),
                ReportHeader {
                    sandbox: true,
                    ..header()
                },
            )
            .to_csv();
        assert!(
            test.lines().skip(1).all(|row| row.contains(",test,")),
            "{test}"
        );
        assert!(csv.ends_with("\r\n"));
        for (cell, safe) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("Till 1", "Till 1"),
            ("12.50", "12.50"),
        ] {
            assert_eq!(csv_cell(cell), safe, "{cell:?}");
        }
    }
}
