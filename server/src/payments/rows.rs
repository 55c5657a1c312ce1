//! Turning checked upstream answers into stored payment rows, and rows into the views the app
//! reads. Pure functions: the rules (never backwards, "paid" needs evidence, late money is
//! shown, amounts as decimals) are tested here directly.

use std::str::FromStr;

use rust_decimal::Decimal;
use wct_api::money::format_fixed;
use wct_api::pos::{EventKind, KeptView, PaymentView, Personal};
use wct_api::state::{Balance, Evidence};
use wct_api::upstream::PaymentFields;
use wct_api::verify::{self, Mismatch, Order, Policy, Quote, Update};
use wct_api::wallet::{wallet_uri, PaymentTarget};
use wct_api::{Catalogue, PaymentState, UriScheme};

use crate::store::{PaymentRow, RowState};

/// Decimals of the paid asset when the catalogue does not know it (a real upstream may offer
/// more than the local catalogue lists).
const FALLBACK_DECIMALS: u32 = 8;
/// Decimals of a settlement currency the catalogue does not list.
const FALLBACK_FIAT_DECIMALS: u32 = 2;

pub fn pay_decimals(catalogue: &Catalogue, symbol: &str) -> u32 {
    catalogue
        .crypto(symbol)
        .map_or(FALLBACK_DECIMALS, |a| a.decimals)
}

/// Stored amounts were checked before they were stored; a row edited by hand reads as zero.
fn dec(text: &str) -> Decimal {
    Decimal::from_str(text.trim()).unwrap_or(Decimal::ZERO)
}

fn dec_opt(text: Option<&str>) -> Option<Decimal> {
    text.and_then(|t| Decimal::from_str(t.trim()).ok())
}

/// The order as this proxy recorded it: what every answer is checked against.
pub fn order_of<'a>(row: &'a PaymentRow, catalogue: &Catalogue) -> Order<'a> {
    Order {
        fiat_amount: dec(&row.amount),
        fiat_decimals: catalogue
            .decimals_of(&row.asset)
            .unwrap_or(FALLBACK_FIAT_DECIMALS),
        pay_asset: &row.requested_asset,
        pay_network: row.requested_asset_network.as_deref(),
        pay_decimals: pay_decimals(catalogue, &row.requested_asset),
        family: catalogue
            .crypto(&row.requested_asset)
            .and_then(|a| a.address_family(row.requested_asset_network.as_deref())),
        payment_code: row.payment_code.as_deref(),
        payment_id: row.upstream_id.as_deref(),
    }
}

/// Stores a checked create answer on a `creating`/`unknown` row: the payment now awaits the
/// customer.
pub fn apply_quote(
    row: &PaymentRow,
    quote: &Quote,
    payment_code: &str,
    upstream_id: Option<&str>,
    decimals: u32,
    now_ms: i64,
) -> PaymentRow {
    PaymentRow {
        state: RowState::Live(PaymentState::Awaiting),
        payment_code: Some(payment_code.to_string()),
        upstream_id: upstream_id.map(str::to_string),
        pay_amount: Some(format_fixed(quote.amount, decimals)),
        pay_address: Some(quote.address.clone()),
        pay_tag: quote.tag.clone(),
        payreq: quote.payreq.clone(),
        exchange_rate: quote.rate.map(|r| r.to_string()),
        expires_at: quote.expires_at,
        asked: format_fixed(quote.amount, decimals),
        received: format_fixed(Decimal::ZERO, decimals),
        error_code: None,
        error_message: None,
        updated_at: now_ms,
        ..row.clone()
    }
}

/// A create (or its resolution) whose answer failed the checks: final, with the reason for
/// the cashier. Nothing of the refused answer is kept, so nothing of it can be shown.
pub fn reject(row: &PaymentRow, why: &Mismatch, now_ms: i64) -> PaymentRow {
    PaymentRow {
        state: RowState::Live(PaymentState::Rejected),
        // What happened and what to do; which figure did not match is in `error_message`.
        alert: Some(
            "The payment service's answer did not match this sale, so it was refused. \
             Nothing was shown to the customer; charge again."
                .into(),
        ),
        error_code: Some("upstream_mismatch".into()),
        error_message: Some(why.to_string()),
        next_check_at: None,
        updated_at: now_ms,
        ..row.clone()
    }
}

/// Applies a checked getupdate answer to a row. Returns the new row and the event kind, or
/// `None` when nothing a terminal can see changed; an error when a new quote in it is not
/// worth the sale. The state only ever moves forward, received money never shrinks, "paid"
/// needs a stated amount that covers the ask, and money after a close makes the payment late.
///
/// `reported` is what the latest `paymentUpdate` postback says was received: it counts as a
/// stated amount only when this answer agrees (what it says is missing is no more than what
/// the postback leaves due). Then the documented getupdate shape, which states no received
/// amount, can still prove a payment — but neither a forged postback nor "missing 0" alone can.
pub fn merge(
    row: &PaymentRow,
    update: &Update,
    reported: Option<Decimal>,
    order: &Order<'_>,
    policy: &Policy,
    now_ms: i64,
) -> Result<Option<(PaymentRow, EventKind)>, Mismatch> {
    let decimals = order.pay_decimals;
    let first_fill = matches!(row.state, RowState::Creating | RowState::Unknown);
    let current = match row.state {
        RowState::Live(state) => state,
        _ if first_fill => PaymentState::Awaiting,
        _ => return Ok(None),
    };
    let mut next = row.clone();
    if first_fill {
        next.payment_code = Some(
            update
                .payment_code
                .clone()
                .or_else(|| row.payment_code.clone())
                .ok_or(Mismatch::Missing("payment code"))?,
        );
        next.upstream_id = update
            .payment_id
            .clone()
            .or_else(|| row.upstream_id.clone());
    }

    // A quote is only taken while the payment is open: a closed or settled payment's answer
    // may speak of money, never of a new price to show.
    let old_received = dec(&row.received);
    let stated_received = update.received;
    let takes_quotes = first_fill || current.is_open();
    let old_amount = dec_opt(row.pay_amount.as_deref());
    let requoted = !first_fill
        && takes_quotes
        && (differs(old_amount, update.amount)
            || differs(row.expires_at, update.expires_at)
            || differs(row.pay_address.as_deref(), update.address.as_deref()));
    let asked = if first_fill || requoted {
        let amount = update
            .amount
            .or(old_amount)
            .ok_or(Mismatch::Missing("payment amount"))?;
        if amount.is_zero() {
            return Err(Mismatch::ZeroAmount);
        }
        if first_fill && update.address.is_none() {
            return Err(Mismatch::Missing("payment address"));
        }
        let received_before = match update.asked {
            Some(asked) => asked
                .checked_sub(amount)
                .filter(|r| !r.is_sign_negative())
                .ok_or(Mismatch::Missing("asked amount covering the quote"))?,
            None if first_fill => stated_received.unwrap_or(Decimal::ZERO),
            None => stated_received.unwrap_or(old_received).max(old_received),
        };
        let previous_rate = dec_opt(row.exchange_rate.as_deref());
        if let (false, Some(previous), Some(next)) = (first_fill, previous_rate, update.rate) {
            verify::check_rate_move(previous, next, policy)?;
        }
        let rate = update.rate.or(previous_rate);
        if let Some(rate) = rate {
            verify::check_value(order, policy, received_before, amount, rate)?;
        }
        next.pay_amount = Some(format_fixed(amount, decimals));
        if let Some(address) = &update.address {
            next.pay_address = Some(address.clone());
        }
        next.expires_at = update.expires_at.or(row.expires_at);
        next.exchange_rate = rate.map(|r| r.to_string());
        if update.payreq.is_some() {
            next.payreq = update.payreq.clone();
        }
        if requoted {
            next.quote_version += 1;
        }
        received_before
            .checked_add(amount)
            .ok_or(Mismatch::Missing("a sane asked amount"))?
    } else {
        // Never lowered by an answer: what this proxy verified is what is asked.
        dec(&row.asked)
    };

    let corroborated = reported.filter(|r| {
        update.missing.is_some_and(|missing| {
            asked
                .checked_sub(*r)
                .is_some_and(|due| missing <= due.max(Decimal::ZERO))
        })
    });
    let stated_received = update.received.or(corroborated);
    // "Missing" shows a partial payment, never a full one.
    let derived_received = update
        .missing
        .and_then(|missing| asked.checked_sub(missing))
        .filter(|r| *r > Decimal::ZERO && *r < asked);
    let received = old_received
        .max(stated_received.unwrap_or(Decimal::ZERO))
        .max(derived_received.unwrap_or(Decimal::ZERO));
    let observed = PaymentState::observe(&Evidence {
        status: update.status,
        received: stated_received,
        derived_received,
        asked,
    });
    let state = current.after(observed, old_received, received);
    next.state = RowState::Live(state);
    next.asked = format_fixed(asked, decimals);
    next.received = format_fixed(received, decimals);
    if matches!(state, PaymentState::Expired | PaymentState::Cancelled) && state != current {
        next.closed_at = Some(now_ms);
    }
    if state == PaymentState::Late {
        if current != PaymentState::Late {
            next.closed_as = Some(current.as_str().to_string());
        }
        let closed = next.closed_as.as_deref().unwrap_or("closed");
        next.alert = Some(format!(
            "{} {} arrived after this payment was {closed}: refund it or accept it.",
            format_fixed(received, decimals),
            row.requested_asset
        ));
    }
    if let Some(c) = update.confirmations {
        next.confirmations = i64::from(c);
    }
    if let Some(txids) = &update.txids {
        next.txids.clone_from(txids);
    }

    if !first_fill && same_for_terminal(&next, row) {
        return Ok(None);
    }
    next.updated_at = now_ms;
    let kind = if first_fill {
        EventKind::Created
    } else if requoted {
        EventKind::Requoted
    } else {
        EventKind::Updated
    };
    Ok(Some((next, kind)))
}

/// Whether an answer's value is given and differs from the stored one.
fn differs<T: PartialEq>(stored: Option<T>, answered: Option<T>) -> bool {
    matches!((stored, answered), (Some(a), Some(b)) if a != b)
}

/// Whether two rows look the same to a terminal (bookkeeping columns aside).
fn same_for_terminal(a: &PaymentRow, b: &PaymentRow) -> bool {
    a.state == b.state
        && a.payment_code == b.payment_code
        && a.pay_amount == b.pay_amount
        && a.pay_address == b.pay_address
        && a.payreq == b.payreq
        && a.exchange_rate == b.exchange_rate
        && a.expires_at == b.expires_at
        && a.quote_version == b.quote_version
        && a.asked == b.asked
        && a.received == b.received
        && a.confirmations == b.confirmations
        && a.txids == b.txids
        && a.alert == b.alert
        && a.refunds == b.refunds
}

/// Where the app and the customer page find things.
pub struct ViewContext<'a> {
    pub catalogue: &'a Catalogue,
    pub public_url: &'a str,
    /// The upstream is a sandbox: its addresses are not real.
    pub sandbox: bool,
}

/// The terminal's view of a stored payment.
pub fn payment_view(row: &PaymentRow, ctx: &ViewContext<'_>) -> PaymentView {
    let mut fields: PaymentFields = serde_json::from_str(&row.fields_json).unwrap_or_default();
    wct_api::tips::upgrade_stored_cart(&mut fields.cart_items);
    let crypto = ctx.catalogue.crypto(&row.requested_asset);
    let decimals = crypto.map_or(FALLBACK_DECIMALS, |a| a.decimals);
    let bare = UriScheme::Bare;
    let scheme = crypto.map_or(&bare, |a| {
        a.uri_scheme(row.requested_asset_network.as_deref())
    });
    let pay_amount = dec_opt(row.pay_amount.as_deref()).unwrap_or(Decimal::ZERO);
    let address = row.pay_address.clone().unwrap_or_default();
    // No address, no URI: a rejected payment has nothing to scan.
    let uri = if address.is_empty() {
        String::new()
    } else {
        wallet_uri(&PaymentTarget {
            scheme,
            address: &address,
            amount: pay_amount,
            decimals,
            payreq: row.payreq.as_deref(),
            tag: row.pay_tag.as_deref(),
        })
    };
    let balance = Balance {
        asked: dec(&row.asked),
        received: dec(&row.received),
    };
    let code = row.payment_code.clone().unwrap_or_default();
    let mut view = PaymentView {
        id: row.id.clone(),
        payment_code: code.clone(),
        reference: row.reference.clone(),
        state: row.state.live().unwrap_or(PaymentState::Awaiting),
        description: row.description.clone(),
        amount: row.amount.clone(),
        asset: row.asset.clone(),
        asset_network: row.asset_network.clone(),
        pay_amount: format_fixed(pay_amount, decimals),
        pay_asset: row.requested_asset.clone(),
        pay_network: row.requested_asset_network.clone(),
        pay_address: address,
        pay_tag: row.pay_tag.clone(),
        wallet_uri: uri,
        exchange_rate: row.exchange_rate.clone(),
        // Unknown expiry shows as "now": the app then asks for a refresh.
        expires_at: wct_api::clock::rfc3339(row.expires_at.unwrap_or(row.updated_at / 1000)),
        quote_version: u32::try_from(row.quote_version).unwrap_or(0),
        link: format!("{}/pay/{code}", ctx.public_url),
        received: format_fixed(balance.received, decimals),
        missing: format_fixed(balance.missing(), decimals),
        excess: format_fixed(balance.excess(), decimals),
        confirmations: u32::try_from(row.confirmations).unwrap_or(0),
        txids: row
            .txids
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        cart_items: fields.cart_items.clone(),
        alert: row.alert.clone(),
        closed_as: row.closed_as.as_deref().and_then(|s| s.parse().ok()),
        personal: Personal::from_fields(&fields),
        refunds: serde_json::from_str(&row.refunds).unwrap_or_default(),
        sandbox: ctx.sandbox,
        created_at: wct_api::clock::rfc3339(row.created_at / 1000),
        updated_at: wct_api::clock::rfc3339(row.updated_at / 1000),
        kept: row.kept_received.as_ref().map(|received| KeptView {
            received: received.clone(),
            at: wct_api::clock::rfc3339(row.kept_at.unwrap_or(row.updated_at) / 1000),
        }),
        receipt: None,
    };
    view.receipt = row
        .receipt_json
        .as_deref()
        .and_then(|j| serde_json::from_str::<wct_api::receipt::ReceiptDoc>(j).ok())
        .map(|mut doc| {
            // What was received and at which rate, as it stands now (late money, a re-quote).
            doc.crypto_received = view.received.clone();
            doc.exchange_rate = view.exchange_rate.clone();
            doc
        });
    // Money the shop decided to keep needs no "refund it or accept it" any more; money that
    // came after the decision brings the alert back (the decision no longer covers it).
    if view.is_kept() {
        view.alert = None;
    }
    view
}

/// A stored awaiting payment of 50.00 USD in BTC, for tests.
/// The refunds' public summary stored on a payment row.
pub fn refund_views(row: &PaymentRow) -> Vec<wct_api::refund::RefundView> {
    serde_json::from_str(&row.refunds).unwrap_or_default()
}

/// Whether a refund of the payment waits for the upstream's word (or for a person): the
/// reconciler keeps such a payment checked, whatever its state.
pub fn refund_pending(row: &PaymentRow) -> bool {
    row.refunds.len() > 2 && wct_api::refund::on_hold(&refund_views(row)).is_some()
}

#[cfg(test)]
pub(crate) fn tests_row() -> PaymentRow {
    let new = crate::store::NewRow {
        id: "p1".into(),
        terminal_id: "t1".into(),
        store: "default".into(),
        idempotency_key: "k".into(),
        body_hash: "h".into(),
        fields: wct_api::upstream::PaymentFields {
            amount: "50.00".into(),
            asset: "USD".into(),
            requested_asset: "BTC".into(),
            reference: "R1".into(),
            description: "Coffee".into(),
            ..Default::default()
        },
        fields_json: "{}".into(),
        postback_token: "tok".into(),
        sale_json: None,
    };
    // The `creating` row once its quote is in.
    PaymentRow {
        state: RowState::Live(PaymentState::Awaiting),
        payment_code: Some("c1".into()),
        upstream_id: Some("1".into()),
        pay_amount: Some("0.00050000".into()),
        pay_address: Some("bc1qx".into()),
        exchange_rate: Some("100000".into()),
        expires_at: Some(1_800_000_900),
        asked: "0.00050000".into(),
        received: "0.00000000".into(),
        ..PaymentRow::creating(&new, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wct_api::StatusCode;

    const NOW: i64 = 1_800_000_000;

    fn row() -> PaymentRow {
        tests_row()
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn update(status: Option<StatusCode>, received: Option<&str>, missing: &str) -> Update {
        Update {
            payment_code: Some("c1".into()),
            amount: Some(d("0.0005")),
            missing: Some(d(missing)),
            expires_at: Some(NOW + 900),
            status,
            received: received.map(d),
            asked: Some(d("0.0005")),
            ..Default::default()
        }
    }

    fn apply(row: &PaymentRow, u: &Update) -> Result<Option<(PaymentRow, EventKind)>, Mismatch> {
        let catalogue = Catalogue::default();
        merge(
            row,
            u,
            None,
            &order_of(row, &catalogue),
            &Policy::default(),
            7,
        )
    }

    fn state(row: &PaymentRow) -> PaymentState {
        row.state.live().unwrap()
    }

    #[test]
    fn partial_then_paid_then_stale_partial_changes_nothing() {
        let (r1, kind) = apply(
            &row(),
            &update(Some(StatusCode::Partial), Some("0.0002"), "0.0003"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (state(&r1), kind),
            (PaymentState::Underpaid, EventKind::Updated)
        );
        assert_eq!(r1.received, "0.00020000");
        let (r2, _) = apply(
            &r1,
            &update(Some(StatusCode::Completed), Some("0.0005"), "0"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(state(&r2), PaymentState::Paid);
        // A late, stale answer neither moves the state back nor shrinks what was received.
        assert!(apply(
            &r2,
            &update(Some(StatusCode::Partial), Some("0.0002"), "0.0003")
        )
        .unwrap()
        .is_none());
    }

    #[test]
    fn overpaid_is_completed_with_more_than_asked() {
        let (r, _) = apply(
            &row(),
            &update(Some(StatusCode::Completed), Some("0.0007"), "0"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(state(&r), PaymentState::Overpaid);
        let view = payment_view(
            &r,
            &ViewContext {
                catalogue: &Catalogue::default(),
                public_url: "http://x",
                sandbox: true,
            },
        );
        assert_eq!(view.excess, "0.00020000");
        assert!(view.sandbox, "the context's sandbox flag reaches the view");
        assert_eq!(view.missing, "0.00000000");
    }

    #[test]
    fn missing_zero_with_nothing_received_is_not_paid() {
        let mut u = update(Some(StatusCode::Expired), None, "0");
        u.asked = None;
        let (r, _) = apply(&row(), &u).unwrap().unwrap();
        assert_eq!(state(&r), PaymentState::Expired);
        assert_eq!(r.received, "0.00000000");
        u.status = None;
        assert!(
            apply(&row(), &u).unwrap().is_none(),
            "no evidence, no change"
        );
        u.status = Some(StatusCode::Completed);
        assert!(
            apply(&row(), &u).unwrap().is_none(),
            "completed without money proves nothing"
        );
    }

    #[test]
    fn a_postback_amount_counts_once_getupdate_agrees() {
        let catalogue = Catalogue::default();
        let mut u = update(None, None, "0");
        u.asked = None;
        let merged = |reported: &str, u: &Update| {
            merge(
                &row(),
                u,
                Some(d(reported)),
                &order_of(&row(), &catalogue),
                &Policy::default(),
                7,
            )
            .unwrap()
            .map(|(r, _)| state(&r))
        };
        assert_eq!(merged("0.0005", &u), Some(PaymentState::Paid));
        // The postback claims the whole amount, getupdate says some is still missing.
        u.missing = Some(d("0.0003"));
        assert_eq!(merged("0.0005", &u), Some(PaymentState::Underpaid));
        // Getupdate says nothing is missing, the postback says half arrived: not paid.
        u.missing = Some(d("0"));
        assert_eq!(merged("0.00025", &u), Some(PaymentState::Underpaid));
    }

    #[test]
    fn a_lowered_ask_is_not_believed() {
        // Same quote, but the answer claims far less is asked and that much was received.
        let mut u = update(Some(StatusCode::Completed), Some("0.00001"), "0");
        u.asked = Some(d("0.00001"));
        let (r, _) = apply(&row(), &u).unwrap().unwrap();
        assert_eq!(state(&r), PaymentState::Underpaid);
        assert_eq!(r.asked, "0.00050000");
    }

    #[test]
    fn status_is_derived_from_missing_when_absent() {
        let mut u = update(None, None, "0.0003");
        u.asked = None;
        let (r, _) = apply(&row(), &u).unwrap().unwrap();
        assert_eq!(state(&r), PaymentState::Underpaid);
        assert_eq!(r.received, "0.00020000");
    }

    #[test]
    fn new_expiry_and_amount_is_a_checked_requote() {
        let mut u = update(Some(StatusCode::Awaiting), Some("0"), "0.0006");
        u.amount = Some(d("0.0005"));
        u.rate = Some(d("100000"));
        u.expires_at = Some(NOW + 1800);
        let (r, kind) = apply(&row(), &u).unwrap().unwrap();
        assert_eq!(kind, EventKind::Requoted);
        assert_eq!(r.quote_version, 1);
        assert!(
            apply(&r, &u).unwrap().is_none(),
            "the same answer twice is no change"
        );
        // A requote asking a tenth of the sale is refused.
        let mut cheap = u.clone();
        cheap.amount = Some(d("0.00005"));
        cheap.asked = Some(d("0.00005"));
        assert!(matches!(apply(&r, &cheap), Err(Mismatch::Value { .. })));
    }

    #[test]
    fn money_after_cancel_is_late_with_an_alert() {
        let cancelled = PaymentRow {
            state: RowState::Live(PaymentState::Cancelled),
            closed_at: Some(1),
            ..row()
        };
        let (r, _) = apply(
            &cancelled,
            &update(Some(StatusCode::Completed), Some("0.0005"), "0"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(state(&r), PaymentState::Late);
        assert_eq!(r.closed_as.as_deref(), Some("cancelled"));
        assert!(r
            .alert
            .as_deref()
            .unwrap()
            .contains("0.00050000 BTC arrived after"));
        // A closed payment takes no new quote.
        assert_eq!(r.pay_amount, cancelled.pay_amount);
    }

    #[test]
    fn first_fill_needs_a_quote() {
        let unknown = PaymentRow {
            state: RowState::Unknown,
            payment_code: None,
            pay_amount: None,
            pay_address: None,
            ..row()
        };
        let mut u = update(Some(StatusCode::Awaiting), Some("0"), "0.0005");
        assert!(matches!(apply(&unknown, &u), Err(Mismatch::Missing(_))));
        u.address = Some("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into());
        let (r, kind) = apply(&unknown, &u).unwrap().unwrap();
        assert_eq!(
            (state(&r), kind),
            (PaymentState::Awaiting, EventKind::Created)
        );
        assert_eq!(r.payment_code.as_deref(), Some("c1"));
        // The quote of another sale (a tenth of the price) is refused.
        u.amount = Some(d("0.00005"));
        u.asked = Some(d("0.00005"));
        u.rate = Some(d("100000"));
        assert!(matches!(apply(&unknown, &u), Err(Mismatch::Value { .. })));
    }
}
