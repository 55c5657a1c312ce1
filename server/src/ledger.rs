//! Turning upstream answers into stored payment rows, and rows into the views the app reads.
//! Pure functions: the rules (never backwards, amounts as decimals) are tested here directly.

use std::str::FromStr;

use rust_decimal::Decimal;
use wct_api::money::format_fixed;
use wct_api::pos::{EventKind, PaymentView, Personal};
use wct_api::state::Balance;
use wct_api::upstream::{CreatePosPaymentOk, PaymentFields, PaymentUpdateInfo};
use wct_api::wallet::{wallet_uri, PaymentTarget};
use wct_api::{Catalogue, PaymentState, StatusCode, UriScheme};

use crate::store::PaymentRow;

/// Decimals of the paid asset when the catalogue does not know it (a real upstream may offer
/// more than the local catalogue lists).
const FALLBACK_DECIMALS: u32 = 8;

pub fn pay_decimals(catalogue: &Catalogue, symbol: &str) -> u32 {
    catalogue
        .crypto(symbol)
        .map_or(FALLBACK_DECIMALS, |a| a.decimals)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text.trim()).unwrap_or(Decimal::ZERO)
}

fn dec_opt(text: Option<&str>) -> Option<Decimal> {
    text.and_then(|t| Decimal::from_str(t.trim()).ok())
}

pub fn row_state(row: &PaymentRow) -> PaymentState {
    PaymentState::from_str(&row.state).unwrap_or(PaymentState::Awaiting)
}

/// Stores the create answer on a `creating` row; the payment now awaits the customer.
pub fn apply_created(row: &PaymentRow, ok: &CreatePosPaymentOk, decimals: u32) -> PaymentRow {
    let amount = dec(&ok.payment_amount);
    PaymentRow {
        state: PaymentState::Awaiting.as_str().into(),
        payment_code: Some(ok.payment_code.clone()),
        upstream_id: Some(ok.payment_id.clone()),
        pay_amount: Some(format_fixed(amount, decimals)),
        pay_address: Some(ok.payment_address.clone()),
        pay_tag: ok.payment_tag.clone(),
        payreq: ok.payment_payreq.clone(),
        exchange_rate: ok.exchange_rate.clone(),
        expires_at: ok.expires_at,
        asked: format_fixed(amount, decimals),
        received: format_fixed(Decimal::ZERO, decimals),
        updated_at: crate::util::now_ms(),
        ..row.clone()
    }
}

/// Applies a getupdate answer to a row. Returns the new row and the event kind, or `None`
/// when nothing a terminal can see changed. The state only ever moves forward, received
/// money never shrinks, and a new expiry or amount is a new quote.
pub fn merge(
    row: &PaymentRow,
    info: &PaymentUpdateInfo,
    decimals: u32,
) -> Option<(PaymentRow, EventKind)> {
    let mut next = row.clone();
    let first_fill = row.payment_code.is_none() || row.state == crate::store::CREATING;
    if row.payment_code.is_none() {
        next.payment_code = info.payment_code.clone();
    }
    if row.upstream_id.is_none() {
        next.upstream_id = info.payment_id.clone();
    }

    let old_amount = dec_opt(row.pay_amount.as_deref());
    let new_amount = dec_opt(info.payment_amount.as_deref());
    let amount_changed = matches!((old_amount, new_amount), (Some(a), Some(b)) if a != b);
    let expiry_changed = matches!((row.expires_at, info.expires_at), (Some(a), Some(b)) if a != b);
    let address_changed = matches!(
        (&row.pay_address, &info.payment_address),
        (Some(a), Some(b)) if a != b
    );
    let requoted = !first_fill && (amount_changed || expiry_changed || address_changed);

    if let Some(amount) = new_amount {
        next.pay_amount = Some(format_fixed(amount, decimals));
    }
    if info.payment_address.is_some() {
        next.pay_address = info.payment_address.clone();
    }
    if info.expires_at.is_some() {
        next.expires_at = info.expires_at;
    }
    if info.exchange_rate.is_some() {
        next.exchange_rate = info.exchange_rate.clone();
    }
    if info.payment_payreq.is_some() {
        next.payreq = info.payment_payreq.clone();
    }
    if requoted {
        next.quote_version += 1;
    }

    let pay_amount = dec_opt(next.pay_amount.as_deref()).unwrap_or(Decimal::ZERO);
    let old_received = dec(&row.received);
    let missing = dec_opt(info.payment_missing_amount.as_deref());
    let asked = dec_opt(info.payment_ask_amount.as_deref()).unwrap_or_else(|| {
        if requoted || first_fill {
            old_received + pay_amount
        } else {
            dec(&row.asked)
        }
    });
    let received = dec_opt(info.payment_received_amount.as_deref())
        .or_else(|| missing.map(|m| (asked - m).max(Decimal::ZERO)))
        .unwrap_or(old_received)
        .max(old_received);
    next.asked = format_fixed(asked, decimals);
    next.received = format_fixed(received, decimals);

    let status = info.payment_status.or_else(|| {
        // No status given: derive it from what is missing of the current quote.
        missing.map(|m| {
            if m.is_zero() {
                StatusCode::Completed
            } else if m < pay_amount {
                StatusCode::Partial
            } else {
                StatusCode::Awaiting
            }
        })
    });
    let current = if first_fill {
        PaymentState::Awaiting
    } else {
        row_state(row)
    };
    let state = match status {
        Some(code) => current.advance(PaymentState::from_status(code, received, asked)),
        None => current,
    };
    next.state = state.as_str().into();
    if let Some(c) = info.confirmations {
        next.confirmations = i64::from(c);
    }
    if let Some(txids) = &info.payment_txids {
        next.txids = txids.clone();
    }

    if !first_fill && same_for_terminal(&next, row) {
        return None;
    }
    next.updated_at = crate::util::now_ms();
    let kind = if first_fill {
        EventKind::Created
    } else if requoted {
        EventKind::Requoted
    } else {
        EventKind::Updated
    };
    Some((next, kind))
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
}

/// Where the app and the customer page find things.
pub struct ViewContext<'a> {
    pub catalogue: &'a Catalogue,
    pub public_url: &'a str,
}

/// The terminal's view of a stored payment.
pub fn payment_view(row: &PaymentRow, ctx: &ViewContext<'_>) -> PaymentView {
    let fields: PaymentFields = serde_json::from_str(&row.fields_json).unwrap_or_default();
    let crypto = ctx.catalogue.crypto(&row.requested_asset);
    let decimals = crypto.map_or(FALLBACK_DECIMALS, |a| a.decimals);
    let bare = UriScheme::Bare;
    let scheme = crypto.map_or(&bare, |a| {
        a.uri_scheme(row.requested_asset_network.as_deref())
    });
    let pay_amount = dec_opt(row.pay_amount.as_deref()).unwrap_or(Decimal::ZERO);
    let address = row.pay_address.clone().unwrap_or_default();
    let uri = wallet_uri(&PaymentTarget {
        scheme,
        address: &address,
        amount: pay_amount,
        decimals,
        payreq: row.payreq.as_deref(),
    });
    let balance = Balance {
        asked: dec(&row.asked),
        received: dec(&row.received),
    };
    let code = row.payment_code.clone().unwrap_or_default();
    PaymentView {
        id: row.id.clone(),
        payment_code: code.clone(),
        reference: row.reference.clone(),
        state: row_state(row),
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
        alert: None,
        closed_as: None,
        personal: Personal::from_fields(&fields),
        created_at: wct_api::clock::rfc3339(row.created_at / 1000),
        updated_at: wct_api::clock::rfc3339(row.updated_at / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> PaymentRow {
        PaymentRow {
            id: "p1".into(),
            terminal_id: "t1".into(),
            store: "default".into(),
            idempotency_key: "k".into(),
            body_hash: "h".into(),
            state: "awaiting".into(),
            reference: "R1".into(),
            description: "Coffee".into(),
            amount: "50.00".into(),
            asset: "USD".into(),
            asset_network: None,
            requested_asset: "BTC".into(),
            requested_asset_network: None,
            fields_json: "{}".into(),
            postback_token: "tok".into(),
            payment_code: Some("c1".into()),
            upstream_id: Some("1".into()),
            pay_amount: Some("0.00050000".into()),
            pay_address: Some("bc1qx".into()),
            pay_tag: None,
            payreq: None,
            exchange_rate: Some("100000".into()),
            expires_at: Some(1_000),
            quote_version: 0,
            asked: "0.00050000".into(),
            received: "0.00000000".into(),
            confirmations: 0,
            txids: String::new(),
            error_code: None,
            error_message: None,
            version: 0,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn info(status: Option<StatusCode>, received: &str, missing: &str) -> PaymentUpdateInfo {
        PaymentUpdateInfo {
            payment_code: Some("c1".into()),
            payment_amount: Some("0.0005".into()),
            payment_missing_amount: Some(missing.into()),
            expires_at: Some(1_000),
            payment_status: status,
            payment_received_amount: Some(received.into()),
            payment_ask_amount: Some("0.0005".into()),
            ..Default::default()
        }
    }

    #[test]
    fn partial_then_paid_then_stale_partial_changes_nothing() {
        let (r1, kind) = merge(
            &row(),
            &info(Some(StatusCode::Partial), "0.0002", "0.0003"),
            8,
        )
        .unwrap();
        assert_eq!((r1.state.as_str(), kind), ("underpaid", EventKind::Updated));
        assert_eq!(r1.received, "0.00020000");
        let (r2, _) = merge(&r1, &info(Some(StatusCode::Completed), "0.0005", "0"), 8).unwrap();
        assert_eq!(r2.state, "paid");
        // A late, stale answer neither moves the state back nor shrinks what was received.
        assert!(merge(&r2, &info(Some(StatusCode::Partial), "0.0002", "0.0003"), 8).is_none());
    }

    #[test]
    fn overpaid_is_completed_with_more_than_asked() {
        let (r, _) = merge(&row(), &info(Some(StatusCode::Completed), "0.0007", "0"), 8).unwrap();
        assert_eq!(r.state, "overpaid");
        let view = payment_view(
            &r,
            &ViewContext {
                catalogue: &Catalogue::default(),
                public_url: "http://x",
            },
        );
        assert_eq!(view.excess, "0.00020000");
        assert_eq!(view.missing, "0.00000000");
    }

    #[test]
    fn status_is_derived_from_missing_when_absent() {
        let mut i = info(None, "0.0002", "0.0003");
        i.payment_received_amount = None;
        i.payment_ask_amount = None;
        let (r, _) = merge(&row(), &i, 8).unwrap();
        assert_eq!(r.state, "underpaid");
        assert_eq!(r.received, "0.00020000");
    }

    #[test]
    fn new_expiry_and_amount_is_a_requote() {
        let mut i = info(Some(StatusCode::Awaiting), "0", "0.0006");
        i.payment_amount = Some("0.0006".into());
        i.expires_at = Some(2_000);
        i.payment_ask_amount = Some("0.0006".into());
        let (r, kind) = merge(&row(), &i, 8).unwrap();
        assert_eq!(kind, EventKind::Requoted);
        assert_eq!(r.quote_version, 1);
        assert_eq!(r.pay_amount.as_deref(), Some("0.00060000"));
        assert!(
            merge(&r, &i, 8).is_none(),
            "the same answer twice is no change"
        );
    }
}
