//! The end-of-day report (`GET /api/reports/daily`): payments of one day in the store's time
//! zone, by state bucket, settlement currency and pay asset, with exact decimal sums, and its
//! CSV form. The proxy builds it with [`ReportBuilder`]; the app only shows it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::money::format_fixed;
use crate::pos::fiat_decimals;
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
    /// Refunded in full by WCT Pay.
    Refunded,
    /// Money arrived after the payment was cancelled or had expired.
    Late,
    /// Cancelled or expired with nothing received.
    CancelledExpired,
    /// Refused because WCT Pay's answer did not match the sale; nothing was shown.
    Rejected,
}

impl Bucket {
    pub const ALL: [Bucket; 8] = [
        Self::Paid,
        Self::Overpaid,
        Self::Underpaid,
        Self::Open,
        Self::Refunded,
        Self::Late,
        Self::CancelledExpired,
        Self::Rejected,
    ];

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

    /// Whether the sale was settled (its amount and tip were taken).
    pub fn is_taken(self) -> bool {
        matches!(self, Self::Paid | Self::Overpaid)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Paid => "paid",
            Self::Overpaid => "overpaid",
            Self::Underpaid => "underpaid",
            Self::Open => "open",
            Self::Refunded => "refunded",
            Self::Late => "late",
            Self::CancelledExpired => "cancelled_expired",
            Self::Rejected => "rejected",
        }
    }

    /// What the Reports screen calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Paid => "Paid",
            Self::Overpaid => "Overpaid",
            Self::Underpaid => "Underpaid (outstanding)",
            Self::Open => "Still open",
            Self::Refunded => "Refunded",
            Self::Late => "Late money",
            Self::CancelledExpired => "Cancelled / expired",
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
    pub excess: Decimal,
    pub missing: Decimal,
}

/// One refund made that day (in the asset it was paid back in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRefund {
    pub pay_asset: String,
    pub amount: Decimal,
}

/// Payments of one bucket, settlement currency and pay asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub bucket: Bucket,
    pub currency: String,
    pub pay_asset: String,
    pub count: u64,
    /// Sum of the sale amounts (tips included), in `currency`.
    pub amount: String,
    /// Sum of the tips, in `currency`.
    pub tips: String,
    /// Sum received, in `pay_asset`.
    pub received: String,
    /// Sum received beyond what was asked (overpaid), in `pay_asset`.
    pub excess: String,
    /// Sum still missing (underpaid), in `pay_asset`.
    pub outstanding: String,
}

/// Tips taken (paid and overpaid payments) in one settlement currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TipTotal {
    pub currency: String,
    pub count: u64,
    pub amount: String,
}

/// Refunds in one pay asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundTotal {
    pub pay_asset: String,
    pub count: u64,
    pub amount: String,
}

/// One settlement currency over every bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyTotal {
    pub currency: String,
    /// Every payment of the day in this currency.
    pub count: u64,
    /// Paid and overpaid payments.
    pub taken_count: u64,
    /// Their amounts (tips included).
    pub taken: String,
    /// Their tips.
    pub tips: String,
}

/// One pay asset over every bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayAssetTotal {
    pub pay_asset: String,
    pub count: u64,
    pub received: String,
    pub excess: String,
    pub outstanding: String,
    pub refunded: String,
}

/// `GET /api/reports/daily`.
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
}

#[derive(Default, Clone, Copy)]
struct Sums {
    count: u64,
    amount: Decimal,
    tips: Decimal,
    received: Decimal,
    excess: Decimal,
    missing: Decimal,
    /// Payments with a tip.
    tipped: u64,
}

impl Sums {
    fn add(&mut self, p: &ReportPayment) {
        self.count += 1;
        if p.tip > Decimal::ZERO {
            self.tipped += 1;
        }
        self.amount += p.amount;
        self.tips += p.tip;
        self.received += p.received;
        self.excess += p.excess;
        self.missing += p.missing;
    }
}

/// Sums payments and refunds into a [`DailyReport`].
#[derive(Default)]
pub struct ReportBuilder {
    lines: BTreeMap<(Bucket, String, String), Sums>,
    refunds: BTreeMap<String, (u64, Decimal)>,
}

impl ReportBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, p: &ReportPayment) {
        let key = (Bucket::of(p.state), p.currency.clone(), p.pay_asset.clone());
        self.lines.entry(key).or_default().add(p);
    }

    pub fn add_refund(&mut self, r: &ReportRefund) {
        let entry = self.refunds.entry(r.pay_asset.clone()).or_default();
        entry.0 += 1;
        entry.1 += r.amount;
    }

    /// The report, amounts written with the catalogue's decimals (settlement: 2 when
    /// unknown; pay assets: 8 when unknown).
    pub fn finish(self, catalogue: &Catalogue, header: ReportHeader) -> DailyReport {
        let fiat = |c: &str, v: Decimal| format_fixed(v, fiat_decimals(Some(catalogue), c));
        let pay_decimals = |a: &str| catalogue.crypto(a).map_or(8, |a| a.decimals);
        let coin = |a: &str, v: Decimal| format_fixed(v, pay_decimals(a));
        let mut currencies: BTreeMap<String, (u64, Sums)> = BTreeMap::new();
        let mut assets: BTreeMap<String, Sums> = BTreeMap::new();
        let mut lines = Vec::new();
        for ((bucket, currency, pay_asset), s) in &self.lines {
            let c = currencies.entry(currency.clone()).or_default();
            c.0 += s.count;
            if bucket.is_taken() {
                c.1.count += s.count;
                c.1.amount += s.amount;
                c.1.tips += s.tips;
                c.1.tipped += s.tipped;
            }
            let a = assets.entry(pay_asset.clone()).or_default();
            a.count += s.count;
            a.received += s.received;
            a.excess += s.excess;
            a.missing += s.missing;
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
            });
        }
        for asset in self.refunds.keys() {
            assets.entry(asset.clone()).or_default();
        }
        let tips = currencies
            .iter()
            .map(|(currency, (_, taken))| TipTotal {
                currency: currency.clone(),
                count: taken.tipped,
                amount: fiat(currency, taken.tips),
            })
            .collect();
        let refunds = self
            .refunds
            .iter()
            .map(|(asset, (count, amount))| RefundTotal {
                pay_asset: asset.clone(),
                count: *count,
                amount: coin(asset, *amount),
            })
            .collect();
        DailyReport {
            date: header.date,
            time_zone: header.time_zone,
            from: header.from,
            to: header.to,
            store: header.store,
            terminal: header.terminal,
            lines,
            tips,
            refunds,
            currencies: currencies
                .into_iter()
                .map(|(currency, (count, taken))| CurrencyTotal {
                    taken: fiat(&currency, taken.amount),
                    tips: fiat(&currency, taken.tips),
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
                    refunded: coin(
                        &asset,
                        self.refunds.get(&asset).map_or(Decimal::ZERO, |r| r.1),
                    ),
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
}

/// The CSV's first line; its columns never change order (new ones only ever go at the end).
pub const CSV_HEADER: &str = "date,time_zone,store,terminal,section,bucket,currency,pay_asset,\
count,amount,tips,received,excess,outstanding,refunded";

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
}

impl DailyReport {
    /// The report as CSV (RFC 4180, CRLF line ends): one row per payment line, then the tips,
    /// refunds and totals. Amounts are decimal strings with their currency's decimals.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(CSV_HEADER);
        out.push_str("\r\n");
        let terminal = self.terminal.as_deref().unwrap_or("");
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
        }
        for c in &self.currencies {
            row(CsvRow {
                section: "currency_total",
                bucket: "taken",
                currency: &c.currency,
                count: Some(c.taken_count),
                amount: &c.taken,
                tips: &c.tips,
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
        }
        let taken: Vec<Bucket> = Bucket::ALL.into_iter().filter(|b| b.is_taken()).collect();
        assert_eq!(taken, [Bucket::Paid, Bucket::Overpaid]);
    }

    #[test]
    fn sums_are_exact_per_bucket_currency_and_asset() {
        let mut b = ReportBuilder::new();
        // 0.1 + 0.2 is exactly 0.3 here, as it must be for money.
        b.add(&payment(PaymentState::Paid, "0.10", "0", "0.00000100"));
        b.add(&payment(PaymentState::Paid, "0.20", "0.02", "0.00000200"));
        b.add(&ReportPayment {
            excess: d("0.00000050"),
            ..payment(PaymentState::Overpaid, "10.00", "1.50", "0.00010050")
        });
        b.add(&ReportPayment {
            missing: d("0.0003"),
            ..payment(PaymentState::Underpaid, "5.00", "0", "0.0002")
        });
        b.add(&payment(PaymentState::Late, "3.00", "0", "0.00003"));
        b.add(&payment(PaymentState::Cancelled, "4.00", "0", "0"));
        b.add(&payment(PaymentState::Expired, "6.00", "0", "0"));
        b.add(&ReportPayment {
            currency: "EUR".into(),
            pay_asset: "ETH".into(),
            ..payment(PaymentState::Paid, "7.00", "0.70", "0.002")
        });
        b.add_refund(&ReportRefund {
            pay_asset: "BTC".into(),
            amount: d("0.00000050"),
        });
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
        assert_eq!(line(Bucket::Overpaid, "USD").excess, "0.00000050");
        assert_eq!(line(Bucket::Underpaid, "USD").outstanding, "0.00030000");
        assert_eq!(line(Bucket::Late, "USD").received, "0.00003000");
        let closed = line(Bucket::CancelledExpired, "USD");
        assert_eq!((closed.count, closed.amount.as_str()), (2, "10.00"));
        let usd = r.currencies.iter().find(|c| c.currency == "USD").unwrap();
        assert_eq!((usd.count, usd.taken_count), (7, 3));
        assert_eq!((usd.taken.as_str(), usd.tips.as_str()), ("10.30", "1.52"));
        let usd_tips = r.tips.iter().find(|t| t.currency == "USD").unwrap();
        assert_eq!((usd_tips.count, usd_tips.amount.as_str()), (2, "1.52"));
        let btc = r.pay_assets.iter().find(|a| a.pay_asset == "BTC").unwrap();
        assert_eq!(btc.count, 7);
        assert_eq!(btc.received, "0.00033350");
        assert_eq!(btc.refunded, "0.00000050");
        let eth = r.pay_assets.iter().find(|a| a.pay_asset == "ETH").unwrap();
        assert_eq!(eth.refunded, "0.000000000000000000");
        assert_eq!(r.refunds.len(), 1);
    }

    #[test]
    fn the_csv_has_a_stable_header_and_no_formulas() {
        let mut b = ReportBuilder::new();
        b.add(&payment(PaymentState::Paid, "12.50", "1.25", "0.0001"));
        let csv = b.finish(&Catalogue::default(), header()).to_csv();
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some(CSV_HEADER));
        let first = lines.next().unwrap();
        assert_eq!(
            first,
            "2026-11-25,Europe/Berlin,default,\"'=HYPERLINK(\"\"x\"\")\",payments,paid,USD,BTC,\
             1,12.50,1.25,0.00010000,0.00000000,0.00000000,"
        );
        assert!(csv.contains(",tips,,USD,,1,,1.25,"));
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
