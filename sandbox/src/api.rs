//! The upstream endpoints, answering exactly as WCT Pay does: `payment-pos/post`,
//! `payment-pos/getupdate`, `validate` and `payment/refund`.

use axum::extract::State;
use axum::Json;
use rust_decimal::Decimal;
use serde_json::Value;
use wct_api::money;
use wct_api::sign::{create_hash, getupdate_hash, hashes_match, refund_hash, validate_hash};
use wct_api::upstream::{CreatePosPayment, Nok, RefundRequest};
use wct_api::StatusCode;

use crate::body::Fields;
use crate::error::ApiError;
use crate::payments::{self, Lookup, NewPayment};
use crate::seed_rules;
use crate::state::{now_ms, AppState};
use crate::Terminal;

/// Checks `key` and the request hash; the terminal when both are right.
fn authenticate<'a>(
    state: &'a AppState,
    fields: &Fields,
    expected: impl Fn(&str, &Terminal) -> String,
) -> Result<&'a Terminal, ApiError> {
    let key = fields.text("key").unwrap_or_default();
    let terminal = state
        .terminal(key)
        .ok_or_else(|| ApiError::nok("Invalid key"))?;
    let given = fields.text("hash").unwrap_or_default();
    if !hashes_match(&expected(key, terminal), given) {
        return Err(ApiError::nok("Invalid hash"));
    }
    Ok(terminal)
}

pub async fn payments_create(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    if let Some(missing) = fields.first_missing(&seed_rules::REQUIRED) {
        return Err(ApiError::nok(
            seed_rules::SeedError::Missing(missing).to_string(),
        ));
    }
    let asset = fields.text("asset").unwrap_or_default();
    let amount = fields.text("amount").unwrap_or_default();
    let terminal = authenticate(&state, &fields, |key, t| {
        create_hash(key, asset, amount, &t.secret)
    })?;
    let req: CreatePosPayment = fields.parse()?;
    let now = now_ms();
    let new = check_new_payment(&state, terminal, req, now)?;
    let mut tx = state.db().begin().await?;
    let lookup = Lookup::Reference {
        key: &terminal.key,
        reference: &new.fields.reference,
    };
    // A repeated reference is the same sale: answer with the payment already made.
    let snap = match payments::load(&mut tx, lookup).await? {
        Some(mut existing) => {
            payments::requote_if_expired(&mut tx, &state, &mut existing, now).await?;
            existing
        }
        None => {
            let id = payments::insert(&mut tx, &state, new, now).await?;
            let code: String = sqlx::query_scalar("SELECT code FROM payments WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            payments::load_code(&mut tx, &code).await?
        }
    };
    tx.commit().await?;
    state.wake_postbacks();
    tracing::info!(code = %snap.payment.code, amount = %snap.fixed(snap.quote.amount),
        asset = %snap.payment.requested_asset, "payment created");
    Ok(Json(snap.create_json(&state.quirks(), now)))
}

/// Checks the fields against the seed's rules (only those: see [`seed_rules`]) and prices
/// the payment.
fn check_new_payment(
    state: &AppState,
    terminal: &Terminal,
    mut req: CreatePosPayment,
    now: i64,
) -> Result<NewPayment, ApiError> {
    let catalogue = &state.config().catalogue;
    let accepted =
        seed_rules::check(&req.fields, catalogue).map_err(|e| ApiError::nok(e.to_string()))?;
    let f = &req.fields;
    let rate = state
        .rates()
        .rate(&f.asset, &f.requested_asset, now)
        .filter(|r| *r > Decimal::ZERO)
        .ok_or_else(|| {
            ApiError::nok(format!(
                "No exchange rate for {} to {}; the pair cannot be quoted",
                f.asset, f.requested_asset
            ))
        })?;
    let (settlement_amount, decimals) = (accepted.amount, accepted.crypto.decimals);
    req.fields.asset_network = accepted.asset_network;
    req.fields.requested_asset_network = accepted.requested_asset_network;
    Ok(NewPayment {
        terminal_key: terminal.key.clone(),
        settlement_amount,
        decimals,
        rate,
        postback_url: req.postback_url.filter(|u| !u.is_empty()),
        price_postback_url: req.pos_price_update_postback_url.filter(|u| !u.is_empty()),
        fields: req.fields,
    })
}

/// getupdate's refusal: `message` and `validated: false` as documented.
fn could_not_get(error: impl Into<String>) -> ApiError {
    ApiError::Nok(Nok {
        error: Some(error.into()),
        message: Some("Could not get payment!".into()),
        validated: Some(false),
    })
}

pub async fn payments_getupdate(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let code = fields.text("payment_code");
    let reference = fields.text("reference");
    if code.is_none() && reference.is_none() {
        return Err(could_not_get(
            "Payment Reference or Payment Code is required",
        ));
    }
    let key = fields.text("key").unwrap_or_default();
    let terminal = state
        .terminal(key)
        .ok_or_else(|| could_not_get("Invalid key"))?;
    let given = fields.text("hash").unwrap_or_default();
    let signed = |v: Option<&str>| {
        v.is_some_and(|v| hashes_match(&getupdate_hash(key, v, &terminal.secret), given))
    };
    let lookup = if signed(code) {
        Lookup::Code(code.unwrap_or_default())
    } else if signed(reference) {
        Lookup::Reference {
            key,
            reference: reference.unwrap_or_default(),
        }
    } else {
        return Err(could_not_get("Invalid hash"));
    };
    let now = now_ms();
    let mut tx = state.db().begin().await?;
    let mut snap = payments::load(&mut tx, lookup)
        .await?
        .filter(|s| s.payment.terminal_key == terminal.key)
        .ok_or_else(|| could_not_get("Payment not found"))?;
    let renewed = payments::requote_if_expired(&mut tx, &state, &mut snap, now).await?;
    tx.commit().await?;
    if renewed {
        state.wake_postbacks();
    }
    let mut body = snap.update_json(state.quirks().expiry, now);
    if let Some(map) = body.as_object_mut() {
        map.insert("status".into(), "ok".into());
        map.insert("message".into(), "Payment found".into());
    }
    Ok(Json(body))
}

pub async fn credentials_validate(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    let key = fields.text("key").unwrap_or_default();
    let hash = fields.text("hash").unwrap_or_default();
    match state.terminal(key) {
        Some(t) if hashes_match(&validate_hash(&t.secret), hash) => Ok(Json(
            serde_json::json!({"status": "ok", "message": "Valid key and hash"}),
        )),
        _ => Err(ApiError::nok("Invalid key or hash")),
    }
}

pub async fn refunds_create(
    State(state): State<AppState>,
    fields: Fields,
) -> Result<Json<Value>, ApiError> {
    const REQUIRED: [&str; 6] = [
        "key",
        "hash",
        "payment_code",
        "refund_type",
        "asset",
        "amount",
    ];
    if let Some(missing) = fields.first_missing(&REQUIRED) {
        return Err(ApiError::nok(format!("The {missing} field is required")));
    }
    if !matches!(
        fields.text("refund_type"),
        Some("full" | "partial" | "underpaid" | "overpaid")
    ) {
        return Err(ApiError::nok(
            "refund_type must be one of full, partial, underpaid, overpaid",
        ));
    }
    let asset = fields.text("asset").unwrap_or_default();
    let amount = fields.text("amount").unwrap_or_default();
    let terminal = authenticate(&state, &fields, |key, t| {
        refund_hash(key, asset, amount, &t.secret)
    })?;
    let req: RefundRequest = fields.parse()?;
    let now = now_ms();
    let mut tx = state.db().begin().await?;
    let mut snap = payments::load(&mut tx, Lookup::Code(&req.payment_code))
        .await?
        .filter(|s| s.payment.terminal_key == terminal.key)
        .ok_or_else(|| ApiError::nok("Payment not found"))?;
    let amount = check_refund(&state, &snap, &req)?;
    let complete_at = now.saturating_add(state.refund_delay_ms());
    let refund_id =
        payments::insert_refund(&mut tx, &mut snap, &req, amount, now, complete_at).await?;
    tx.commit().await?;
    tracing::info!(code = %snap.payment.code, refund_id, %amount, "refund requested");
    Ok(Json(serde_json::json!({
        "status": "ok",
        "message": "Refund request received; the customer will be contacted",
        "refund_id": refund_id.to_string(),
        "refund_status": payments::REQUESTED,
        "payment_code": snap.payment.code,
        "payment_status": u8::from(snap.payment.status),
    })))
}

/// Checks a refund against the payment; the amount in the requested asset when it fits in
/// what was received minus what was already refunded or requested.
fn check_refund(
    state: &AppState,
    snap: &payments::Snapshot,
    req: &RefundRequest,
) -> Result<Decimal, ApiError> {
    let p = &snap.payment;
    if p.status == StatusCode::Refunded {
        return Err(ApiError::nok("Payment is already refunded"));
    }
    if !snap.reserved().is_zero() && snap.reserved() >= snap.received() {
        return Err(ApiError::nok("Payment is already being refunded in full"));
    }
    if snap.received().is_zero() {
        return Err(ApiError::nok("Payment has received nothing to refund"));
    }
    let decimals = if req.asset == p.requested_asset {
        p.decimals
    } else if req.asset == p.asset {
        state.config().catalogue.decimals_of(&p.asset).unwrap_or(2)
    } else {
        return Err(ApiError::nok(format!(
            "asset must be the payment's asset ({}) or its settlement asset ({})",
            p.requested_asset, p.asset
        )));
    };
    let amount = money::parse_amount(&req.amount, decimals).map_err(|e| {
        ApiError::nok(format!(
            "amount must be a positive decimal with at most {decimals} decimal places ({e})"
        ))
    })?;
    // A settlement-asset amount is refunded at the current quote's rate.
    let amount = if req.asset == p.requested_asset {
        amount
    } else {
        money::round_up(amount / snap.quote.rate, p.decimals)
    };
    let left = (snap.received() - snap.reserved()).max(Decimal::ZERO);
    if amount > left {
        return Err(ApiError::nok(format!(
            "amount is more than was received and not yet refunded ({} {})",
            snap.fixed(left),
            p.requested_asset
        )));
    }
    Ok(amount)
}
