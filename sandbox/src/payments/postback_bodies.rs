//! The bodies of the postbacks a payment's changes cause (queued by [`crate::postbacks`]).

use serde_json::{json, Value};

use super::{status_word, Snapshot, Tx};
use crate::quirks::ExpiryFormat;

/// `fn: "paymentUpdate"`: base-unit amounts as strings, `ask_amount` as a number, status
/// code as a string — the shapes the documentation shows.
pub fn payment_update_body(snap: &Snapshot, txid: Option<&str>, now_ms: i64) -> Value {
    let p = &snap.payment;
    let units = |v| wct_api::money::to_base_units(v, p.decimals).unwrap_or(0);
    let confirmations = snap.txs.last().map_or(0, |t| t.confirmations);
    let mut body = json!({
        "fn": "paymentUpdate",
        "payment_code": p.code,
        "address": p.address,
        "amount": units(snap.received()).to_string(),
        "ask_amount": units(snap.asked()) as u64,
        "precision": p.decimals,
        "original_amount": p.amount,
        "original_symbol": p.asset,
        "txid": txid.or(snap.txs.last().map(|t| t.txid.as_str())).unwrap_or(""),
        "all_txids": snap.confirmed_txids().join(","),
        "confirmations": confirmations,
        "block_confirmations": confirmations,
        "asset_symbol": p.requested_asset,
        "status": status_word(p.status),
        "payment_status": u8::from(p.status).to_string(),
        "from_address": snap.txs.last().map_or("", |t| t.from_address.as_str()),
        "payment_reference": p.reference,
        "terminal_id": p.terminal_key,
        "timestamp": now_ms,
        "description": p.description,
    });
    if let Some(personal) = personal_of(&p.fields_json) {
        body["personal"] = personal;
    }
    body
}

/// The customer's details, as the merchant sent them, when any were given.
fn personal_of(fields_json: &str) -> Option<Value> {
    let fields: wct_api::upstream::PaymentFields = serde_json::from_str(fields_json).ok()?;
    if !fields.has_personal() {
        return None;
    }
    Some(json!({
        "fname": fields.personal_fname, "lname": fields.personal_lname,
        "address": fields.personal_address, "city": fields.personal_city,
        "state": fields.personal_state, "country": fields.personal_country,
        "postcode": fields.personal_postcode, "mobile": fields.personal_mobile,
        "dob": fields.personal_dob,
    }))
}

/// `fn: "paymentUnconfirmed"`: one transaction seen, not yet confirmed.
pub fn unconfirmed_body(snap: &Snapshot, tx: &Tx) -> Value {
    json!({
        "fn": "paymentUnconfirmed",
        "payment_code": snap.payment.code,
        "address": snap.payment.address,
        "amount": tx.base_units,
        "precision": snap.payment.decimals,
        "txid": tx.txid,
        "asset_symbol": snap.payment.requested_asset,
    })
}

/// `fn: "paymentRefund"` (decided here): one refund completed. Amounts in base units with
/// `precision`, as `paymentUpdate` has them; `refunded_amount` is the total so far.
pub fn refund_body(
    snap: &Snapshot,
    refund_id: i64,
    amount: rust_decimal::Decimal,
    now_ms: i64,
) -> Value {
    let p = &snap.payment;
    let units = |v| wct_api::money::to_base_units(v, p.decimals).unwrap_or(0);
    json!({
        "fn": wct_api::upstream::REFUND_POSTBACK_FN,
        "payment_code": p.code,
        "refund_id": refund_id.to_string(),
        "amount": units(amount).to_string(),
        "refunded_amount": units(snap.refunded()).to_string(),
        "precision": p.decimals,
        "asset_symbol": p.requested_asset,
        "status": "refunded",
        "payment_status": u8::from(p.status).to_string(),
        "timestamp": now_ms,
    })
}

/// `fn: "posPriceUpdate"` plus the getupdate fields of the fresh quote (`expires_at` as
/// `expiry` says, at `now_ms`).
pub fn price_update_body(snap: &Snapshot, expiry: ExpiryFormat, now_ms: i64) -> Value {
    let mut body = snap.update_json(expiry, now_ms);
    if let Some(map) = body.as_object_mut() {
        map.insert("fn".into(), "posPriceUpdate".into());
    }
    body
}
