//! The payment engine: quotes, transactions and status changes, each applied inside one
//! database transaction together with the postbacks it causes (so nothing is half-written).

mod postback_bodies;

use rust_decimal::Decimal;
use serde_json::Value;
use sqlx::{Row, SqliteConnection};
use wct_api::money::{self, format_fixed, round_up};
use wct_api::upstream::{CreatePosPaymentOk, PaymentUpdateInfo};
use wct_api::StatusCode;

use crate::error::ApiError;
use crate::postbacks;
use crate::quirks::{ExpiryFormat, Quirks};
use crate::state::AppState;

/// A payment as stored.
#[derive(Debug, Clone)]
pub struct Payment {
    pub id: i64,
    pub code: String,
    pub terminal_key: String,
    pub reference: String,
    pub asset: String,
    pub requested_asset: String,
    pub decimals: u32,
    pub amount: String,
    pub description: String,
    pub fields_json: String,
    pub postback_url: Option<String>,
    pub price_postback_url: Option<String>,
    pub address: String,
    pub payment_tag: Option<String>,
    pub status: StatusCode,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub seq: i64,
    pub rate: Decimal,
    pub amount: Decimal,
    pub received_before: Decimal,
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct Tx {
    pub txid: String,
    pub from_address: String,
    pub amount: Decimal,
    pub base_units: String,
    pub confirmations: u32,
}

/// One refund request, in the requested asset.
#[derive(Debug, Clone)]
pub struct Refund {
    pub id: i64,
    pub amount: Decimal,
    /// `requested` until it completes, then `refunded`.
    pub state: String,
}

/// A payment with its current quote, transactions and refunds: everything an answer is
/// built from.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub payment: Payment,
    pub quote: Quote,
    pub txs: Vec<Tx>,
    pub refunds: Vec<Refund>,
}

impl Snapshot {
    /// Confirmed amount received, in the requested asset.
    pub fn received(&self) -> Decimal {
        self.txs
            .iter()
            .filter(|t| t.confirmations > 0)
            .map(|t| t.amount)
            .sum()
    }

    /// Total asked across quotes: received before the current quote plus its amount.
    pub fn asked(&self) -> Decimal {
        self.quote.received_before + self.quote.amount
    }

    pub fn missing(&self) -> Decimal {
        (self.asked() - self.received()).max(Decimal::ZERO)
    }

    /// Refunds completed so far.
    pub fn refunded(&self) -> Decimal {
        self.refunds
            .iter()
            .filter(|r| r.state == REFUNDED)
            .map(|r| r.amount)
            .sum()
    }

    /// Refunds requested or completed: what may no longer be refunded again.
    pub fn reserved(&self) -> Decimal {
        self.refunds.iter().map(|r| r.amount).sum()
    }

    pub fn fixed(&self, value: Decimal) -> String {
        format_fixed(value, self.payment.decimals)
    }

    pub fn is_open(&self) -> bool {
        matches!(
            self.payment.status,
            StatusCode::Awaiting | StatusCode::Pending | StatusCode::Partial
        )
    }

    /// Unix seconds, rounded up so a client never acts before the quote really expired.
    pub fn expires_at(&self) -> i64 {
        ExpiryFormat::UnixSeconds.render(self.quote.expires_at_ms, 0)
    }

    pub fn confirmed_txids(&self) -> Vec<&str> {
        self.txs
            .iter()
            .filter(|t| t.confirmations > 0)
            .map(|t| t.txid.as_str())
            .collect()
    }

    pub fn create_ok(&self) -> CreatePosPaymentOk {
        CreatePosPaymentOk {
            message: Some("Create POS Payment Successfully".into()),
            payment_id: Some(self.payment.id.to_string()),
            payment_code: Some(self.payment.code.clone()),
            payment_address: self.payment.address.clone(),
            payment_amount: self.fixed(self.quote.amount),
            payment_amount_asset: Some(self.payment.requested_asset.clone()),
            payment_amount_network: None,
            exchange_rate: Some(self.quote.rate.to_string()),
            expires_at: Some(self.expires_at()),
            payment_payreq: None,
            payment_tag: self.payment.payment_tag.clone(),
        }
    }

    /// The getupdate fields (also the body of `posPriceUpdate`).
    pub fn update_info(&self) -> PaymentUpdateInfo {
        let txids: Vec<&str> = self.txs.iter().map(|t| t.txid.as_str()).collect();
        PaymentUpdateInfo {
            payment_id: Some(self.payment.id.to_string()),
            payment_code: Some(self.payment.code.clone()),
            payment_address: Some(self.payment.address.clone()),
            payment_amount: Some(self.fixed(self.quote.amount)),
            payment_missing_amount: Some(self.fixed(self.missing())),
            payment_amount_asset: Some(self.payment.requested_asset.clone()),
            payment_amount_network: None,
            expires_at: Some(self.expires_at()),
            exchange_rate: Some(self.quote.rate.to_string()),
            payment_status: Some(self.payment.status),
            payment_received_amount: Some(self.fixed(self.received())),
            payment_ask_amount: Some(self.fixed(self.asked())),
            payment_txids: (!txids.is_empty()).then(|| txids.join(",")),
            confirmations: self.txs.last().map(|t| t.confirmations),
            payment_payreq: None,
            payment_refunded_amount: Some(self.fixed(self.refunded())),
            payment_refund_pending_amount: Some(self.fixed(self.reserved() - self.refunded())),
        }
    }

    /// getupdate fields as JSON, plus the destination tag where the asset needs one, with
    /// `expires_at` written as `expiry` says (at `now_ms`).
    pub fn update_json(&self, expiry: ExpiryFormat, now_ms: i64) -> Value {
        let mut value = serde_json::to_value(self.update_info()).unwrap_or(Value::Null);
        if let Some(map) = value.as_object_mut() {
            if let Some(tag) = &self.payment.payment_tag {
                map.insert("payment_tag".into(), tag.clone().into());
            }
            map.insert(
                "expires_at".into(),
                expiry.render(self.quote.expires_at_ms, now_ms).into(),
            );
        }
        self.numeric_id(value)
    }

    /// The create answer as JSON (`status`, `message`, …), shaped by the active quirks:
    /// `expires_at`'s format and the optional fields left out.
    pub fn create_json(&self, quirks: &Quirks, now_ms: i64) -> Value {
        let mut value = self.numeric_id(wct_api::upstream::ok_envelope(&self.create_ok()));
        if let Some(map) = value.as_object_mut() {
            map.insert(
                "expires_at".into(),
                quirks
                    .expiry
                    .render(self.quote.expires_at_ms, now_ms)
                    .into(),
            );
            for field in quirks.omit.fields() {
                map.remove(field.name());
            }
        }
        value
    }

    /// WCT Pay sends `paymentId` as a number; the shared types keep it as text.
    fn numeric_id(&self, mut value: Value) -> Value {
        if let Some(map) = value.as_object_mut() {
            map.insert("paymentId".into(), self.payment.id.into());
        }
        value
    }
}

pub fn dec(text: &str) -> Result<Decimal, ApiError> {
    text.parse::<Decimal>()
        .map_err(|_| ApiError::Internal(format!("stored amount {text:?} is not a decimal")))
}

fn status_of(code: i64) -> Result<StatusCode, ApiError> {
    u64::try_from(code)
        .ok()
        .and_then(|c| StatusCode::try_from(c).ok())
        .ok_or_else(|| ApiError::Internal(format!("stored status {code} is unknown")))
}

const PAYMENT_COLUMNS: &str = "id, code, terminal_key, reference, asset, requested_asset, decimals, \
     amount, description, fields_json, postback_url, price_postback_url, address, payment_tag, status";

fn payment_from(row: &sqlx::sqlite::SqliteRow) -> Result<Payment, ApiError> {
    Ok(Payment {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        terminal_key: row.try_get("terminal_key")?,
        reference: row.try_get("reference")?,
        asset: row.try_get("asset")?,
        requested_asset: row.try_get("requested_asset")?,
        decimals: u32::try_from(row.try_get::<i64, _>("decimals")?).unwrap_or(0),
        amount: row.try_get("amount")?,
        description: row.try_get("description")?,
        fields_json: row.try_get("fields_json")?,
        postback_url: row.try_get("postback_url")?,
        price_postback_url: row.try_get("price_postback_url")?,
        address: row.try_get("address")?,
        payment_tag: row.try_get("payment_tag")?,
        status: status_of(row.try_get("status")?)?,
    })
}

/// Which payment to load.
pub enum Lookup<'a> {
    Code(&'a str),
    Reference { key: &'a str, reference: &'a str },
}

pub async fn load(
    conn: &mut SqliteConnection,
    lookup: Lookup<'_>,
) -> Result<Option<Snapshot>, ApiError> {
    let row = match lookup {
        Lookup::Code(code) => {
            sqlx::query(&format!(
                "SELECT {PAYMENT_COLUMNS} FROM payments WHERE code = ?"
            ))
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?
        }
        Lookup::Reference { key, reference } => {
            sqlx::query(&format!(
                "SELECT {PAYMENT_COLUMNS} FROM payments WHERE terminal_key = ? AND reference = ?"
            ))
            .bind(key)
            .bind(reference)
            .fetch_optional(&mut *conn)
            .await?
        }
    };
    let Some(row) = row else { return Ok(None) };
    let payment = payment_from(&row)?;
    let q = sqlx::query(
        "SELECT seq, rate, amount, received_before, expires_at_ms FROM quotes \
         WHERE payment_id = ? ORDER BY seq DESC LIMIT 1",
    )
    .bind(payment.id)
    .fetch_one(&mut *conn)
    .await?;
    let quote = Quote {
        seq: q.try_get("seq")?,
        rate: dec(q.try_get("rate")?)?,
        amount: dec(q.try_get("amount")?)?,
        received_before: dec(q.try_get("received_before")?)?,
        expires_at_ms: q.try_get("expires_at_ms")?,
    };
    let rows = sqlx::query(
        "SELECT txid, from_address, amount, base_units, confirmations FROM transactions \
         WHERE payment_id = ? ORDER BY id",
    )
    .bind(payment.id)
    .fetch_all(&mut *conn)
    .await?;
    let txs = rows
        .iter()
        .map(|r| {
            Ok(Tx {
                txid: r.try_get("txid")?,
                from_address: r.try_get("from_address")?,
                amount: dec(r.try_get("amount")?)?,
                base_units: r.try_get("base_units")?,
                confirmations: u32::try_from(r.try_get::<i64, _>("confirmations")?).unwrap_or(0),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let rows = sqlx::query(
        "SELECT id, amount, state FROM refunds WHERE payment_id = ? AND asset = ? ORDER BY id",
    )
    .bind(payment.id)
    .bind(&payment.requested_asset)
    .fetch_all(&mut *conn)
    .await?;
    let refunds = rows
        .iter()
        .map(|r| {
            Ok(Refund {
                id: r.try_get("id")?,
                amount: dec(r.try_get("amount")?)?,
                state: r.try_get("state")?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Some(Snapshot {
        payment,
        quote,
        txs,
        refunds,
    }))
}

/// Loads by code, or answers the control routes' 404.
pub async fn load_code(conn: &mut SqliteConnection, code: &str) -> Result<Snapshot, ApiError> {
    load(conn, Lookup::Code(code))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no payment with code {code:?}")))
}

/// A new payment, validated, before it is stored.
pub struct NewPayment {
    pub terminal_key: String,
    pub fields: wct_api::upstream::PaymentFields,
    pub settlement_amount: Decimal,
    pub decimals: u32,
    pub rate: Decimal,
    pub postback_url: Option<String>,
    pub price_postback_url: Option<String>,
}

fn random_code() -> String {
    use rand::distributions::Alphanumeric;
    use rand::Rng;
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(10)
        .map(char::from)
        .collect()
}

pub fn random_hex(len: usize) -> String {
    use rand::Rng;
    const HEX: &[u8] = b"0123456789abcdef";
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| HEX[rng.gen_range(0..16)] as char)
        .collect()
}

/// Stores a payment and its first quote.
pub async fn insert(
    conn: &mut SqliteConnection,
    state: &AppState,
    new: NewPayment,
    now_ms: i64,
) -> Result<i64, ApiError> {
    let f = &new.fields;
    let fields_json = serde_json::to_string(f).map_err(|e| ApiError::Internal(e.to_string()))?;
    let quote_amount = round_up(new.settlement_amount / new.rate, new.decimals);
    let expires = now_ms + state.quote_ms();
    // The address depends on the id, so it is filled in right after the insert.
    let id = sqlx::query(
        "INSERT INTO payments (code, terminal_key, reference, asset, asset_network, requested_asset, \
         requested_network, decimals, amount, description, fields_json, postback_url, \
         price_postback_url, address, payment_tag, status, quote_expires_at_ms, created_at_ms, \
         updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', NULL, 0, ?, ?, ?)",
    )
    .bind(random_code())
    .bind(&new.terminal_key)
    .bind(&f.reference)
    .bind(&f.asset)
    .bind(&f.asset_network)
    .bind(&f.requested_asset)
    .bind(&f.requested_asset_network)
    .bind(i64::from(new.decimals))
    .bind(&f.amount)
    .bind(&f.description)
    .bind(&fields_json)
    .bind(&new.postback_url)
    .bind(&new.price_postback_url)
    .bind(expires)
    .bind(now_ms)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    let (address, tag) = crate::address::deposit(
        &state.config().catalogue,
        state.config().rate_seed,
        id,
        &f.requested_asset,
        f.requested_asset_network.as_deref(),
    );
    sqlx::query("UPDATE payments SET address = ?, payment_tag = ? WHERE id = ?")
        .bind(&address)
        .bind(&tag)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    insert_quote(
        conn,
        id,
        1,
        new.rate,
        quote_amount,
        Decimal::ZERO,
        now_ms,
        expires,
    )
    .await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn insert_quote(
    conn: &mut SqliteConnection,
    payment_id: i64,
    seq: i64,
    rate: Decimal,
    amount: Decimal,
    received_before: Decimal,
    now_ms: i64,
    expires_at_ms: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO quotes (payment_id, seq, rate, amount, received_before, created_at_ms, \
         expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(payment_id)
    .bind(seq)
    .bind(rate.to_string())
    .bind(amount.to_string())
    .bind(received_before.to_string())
    .bind(now_ms)
    .bind(expires_at_ms)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE payments SET quote_expires_at_ms = ?, updated_at_ms = ? WHERE id = ?")
        .bind(expires_at_ms)
        .bind(now_ms)
        .bind(payment_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Issues a fresh quote when the current one has expired and the payment is still open:
/// what is missing, valued at the old rate, converted at today's rate and rounded up.
/// Queues a `posPriceUpdate` postback to the URL(s) the `price_postback` quirk picks.
/// Returns whether a new quote was issued.
pub async fn requote_if_expired(
    conn: &mut SqliteConnection,
    state: &AppState,
    snap: &mut Snapshot,
    now_ms: i64,
) -> Result<bool, ApiError> {
    if !snap.is_open() || snap.quote.expires_at_ms > now_ms {
        return Ok(false);
    }
    let p = &snap.payment;
    let rate = state
        .rates()
        .rate(&p.asset, &p.requested_asset, now_ms)
        .unwrap_or(snap.quote.rate);
    let value = snap.missing() * snap.quote.rate;
    let amount = round_up(value / rate, p.decimals);
    let received = snap.received();
    let expires = now_ms + state.quote_ms();
    let seq = snap.quote.seq + 1;
    insert_quote(conn, p.id, seq, rate, amount, received, now_ms, expires).await?;
    snap.quote = Quote {
        seq,
        rate,
        amount,
        received_before: received,
        expires_at_ms: expires,
    };
    let quirks = state.quirks();
    let body = postback_bodies::price_update_body(snap, quirks.expiry, now_ms);
    let p = &snap.payment;
    let urls = quirks
        .price_postback
        .urls(p.price_postback_url.as_deref(), p.postback_url.as_deref());
    for url in urls {
        postbacks::enqueue(conn, p.id, url, "posPriceUpdate", &body, now_ms).await?;
    }
    tracing::info!(code = %snap.payment.code, seq, %rate, %amount, "quote renewed");
    Ok(true)
}

async fn set_status(
    conn: &mut SqliteConnection,
    snap: &mut Snapshot,
    status: StatusCode,
    now_ms: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE payments SET status = ?, updated_at_ms = ? WHERE id = ?")
        .bind(i64::from(u8::from(status)))
        .bind(now_ms)
        .bind(snap.payment.id)
        .execute(&mut *conn)
        .await?;
    snap.payment.status = status;
    Ok(())
}

/// Queues a `paymentUpdate` for the payment's current state.
async fn notify_update(
    conn: &mut SqliteConnection,
    snap: &Snapshot,
    txid: Option<&str>,
    now_ms: i64,
) -> Result<(), ApiError> {
    if let Some(url) = &snap.payment.postback_url {
        let body = postback_bodies::payment_update_body(snap, txid, now_ms);
        postbacks::enqueue(conn, snap.payment.id, url, "paymentUpdate", &body, now_ms).await?;
    }
    Ok(())
}

/// Records a customer's transaction: `paymentUnconfirmed` (status pending), then, when
/// `confirmations > 0`, the confirmation. Returns the txid.
pub async fn pay(
    conn: &mut SqliteConnection,
    snap: &mut Snapshot,
    amount: Decimal,
    confirmations: u32,
    now_ms: i64,
) -> Result<String, ApiError> {
    if matches!(
        snap.payment.status,
        StatusCode::Expired | StatusCode::Cancelled | StatusCode::Refunded
    ) {
        return Err(ApiError::Conflict(format!(
            "payment {} is {} and takes no more payments",
            snap.payment.code,
            status_word(snap.payment.status)
        )));
    }
    let decimals = snap.payment.decimals;
    let units = money::to_base_units(amount, decimals)
        .map_err(|e| ApiError::BadRequest(format!("amount: {e}")))?;
    let txid = random_hex(64);
    let family = crate::address::family_by_name(&snap.payment.requested_asset, None);
    let from = crate::address::address(family, rand::random());
    sqlx::query(
        "INSERT INTO transactions (payment_id, txid, from_address, amount, base_units, \
         confirmations, created_at_ms) VALUES (?, ?, ?, ?, ?, 0, ?)",
    )
    .bind(snap.payment.id)
    .bind(&txid)
    .bind(&from)
    .bind(amount.to_string())
    .bind(units.to_string())
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    let tx = Tx {
        txid: txid.clone(),
        from_address: from,
        amount,
        base_units: units.to_string(),
        confirmations: 0,
    };
    if snap.payment.status == StatusCode::Awaiting {
        set_status(conn, snap, StatusCode::Pending, now_ms).await?;
    }
    if let Some(url) = &snap.payment.postback_url {
        let body = postback_bodies::unconfirmed_body(snap, &tx);
        postbacks::enqueue(
            conn,
            snap.payment.id,
            url,
            "paymentUnconfirmed",
            &body,
            now_ms,
        )
        .await?;
    }
    snap.txs.push(tx);
    if confirmations > 0 {
        confirm(conn, snap, confirmations, now_ms).await?;
    }
    Ok(txid)
}

/// Confirms every waiting transaction and moves the status: partial while less than asked
/// was received, completed once all of it was (overpaid is completed with more).
pub async fn confirm(
    conn: &mut SqliteConnection,
    snap: &mut Snapshot,
    confirmations: u32,
    now_ms: i64,
) -> Result<usize, ApiError> {
    let confirmations = confirmations.max(1);
    let waiting: Vec<usize> = (0..snap.txs.len())
        .filter(|&i| snap.txs[i].confirmations == 0)
        .collect();
    for &i in &waiting {
        sqlx::query("UPDATE transactions SET confirmations = ? WHERE txid = ?")
            .bind(i64::from(confirmations))
            .bind(&snap.txs[i].txid)
            .execute(&mut *conn)
            .await?;
        snap.txs[i].confirmations = confirmations;
        if snap.is_open() {
            let next = if snap.received() >= snap.asked() {
                StatusCode::Completed
            } else {
                StatusCode::Partial
            };
            set_status(conn, snap, next, now_ms).await?;
        }
        let txid = snap.txs[i].txid.clone();
        notify_update(conn, snap, Some(&txid), now_ms).await?;
    }
    Ok(waiting.len())
}

/// Ends a payment (expired, cancelled or refunded) and tells the merchant.
pub async fn finish(
    conn: &mut SqliteConnection,
    snap: &mut Snapshot,
    status: StatusCode,
    now_ms: i64,
) -> Result<(), ApiError> {
    set_status(conn, snap, status, now_ms).await?;
    notify_update(conn, snap, None, now_ms).await
}

/// Makes the current quote expire now, without touching the payment's status.
pub async fn expire_quote(
    conn: &mut SqliteConnection,
    snap: &mut Snapshot,
    now_ms: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE quotes SET expires_at_ms = ? WHERE payment_id = ? AND seq = ?")
        .bind(now_ms)
        .bind(snap.payment.id)
        .bind(snap.quote.seq)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE payments SET quote_expires_at_ms = ? WHERE id = ?")
        .bind(now_ms)
        .bind(snap.payment.id)
        .execute(&mut *conn)
        .await?;
    snap.quote.expires_at_ms = now_ms;
    Ok(())
}

/// The postback word for a status code.
pub fn status_word(status: StatusCode) -> &'static str {
    match status {
        StatusCode::Awaiting => "awaiting",
        StatusCode::Pending => "pending",
        StatusCode::Partial => "partial",
        StatusCode::Completed => "completed",
        StatusCode::Cancelled => "cancelled",
        StatusCode::Refunded => "refunded",
        StatusCode::Expired => "expired",
    }
}

/// A refund waiting for the customer to choose how to be refunded.
pub const REQUESTED: &str = "requested";
/// A completed refund.
pub const REFUNDED: &str = "refunded";

/// Records a refund request (in the requested asset), due to complete at `complete_at_ms`.
pub async fn insert_refund(
    conn: &mut SqliteConnection,
    snap: &mut Snapshot,
    req: &wct_api::upstream::RefundRequest,
    amount: Decimal,
    now_ms: i64,
    complete_at_ms: i64,
) -> Result<i64, ApiError> {
    let id = sqlx::query(
        "INSERT INTO refunds (payment_id, refund_type, asset, amount, email, mobile, remarks, \
         created_at_ms, state, complete_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(snap.payment.id)
    .bind(req.refund_type.as_str())
    .bind(&snap.payment.requested_asset)
    .bind(amount.to_string())
    .bind(&req.email)
    .bind(&req.mobile)
    .bind(&req.remarks)
    .bind(now_ms)
    .bind(REQUESTED)
    .bind(complete_at_ms)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    snap.refunds.push(Refund {
        id,
        amount,
        state: REQUESTED.into(),
    });
    Ok(id)
}

/// Completes the payment's requested refunds: each is marked refunded and posted back
/// (`fn: "paymentRefund"`); once everything received went back, the payment's status is
/// REFUNDED (5), with its `paymentUpdate`. Returns how many completed.
pub async fn complete_refunds(
    conn: &mut SqliteConnection,
    snap: &mut Snapshot,
    due_before_ms: Option<i64>,
    now_ms: i64,
) -> Result<usize, ApiError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM refunds WHERE payment_id = ? AND state = ? \
         AND (? OR complete_at_ms <= ?) ORDER BY id",
    )
    .bind(snap.payment.id)
    .bind(REQUESTED)
    .bind(due_before_ms.is_none())
    .bind(due_before_ms.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    for id in &due {
        sqlx::query("UPDATE refunds SET state = ?, completed_at_ms = ? WHERE id = ?")
            .bind(REFUNDED)
            .bind(now_ms)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        let Some(refund) = snap.refunds.iter_mut().find(|r| r.id == *id) else {
            continue;
        };
        refund.state = REFUNDED.into();
        let amount = refund.amount;
        let everything = snap.refunded() >= snap.received();
        if everything && snap.payment.status != StatusCode::Refunded {
            finish(conn, snap, StatusCode::Refunded, now_ms).await?;
        }
        if let Some(url) = &snap.payment.postback_url {
            let body = postback_bodies::refund_body(snap, *id, amount, now_ms);
            postbacks::enqueue(
                conn,
                snap.payment.id,
                url,
                wct_api::upstream::REFUND_POSTBACK_FN,
                &body,
                now_ms,
            )
            .await?;
        }
    }
    Ok(due.len())
}

/// Codes of payments with refunds due to complete.
pub async fn due_refunds(
    conn: &mut SqliteConnection,
    now_ms: i64,
) -> Result<Vec<String>, ApiError> {
    let rows = sqlx::query(
        "SELECT DISTINCT p.code FROM refunds r JOIN payments p ON p.id = r.payment_id \
         WHERE r.state = ? AND r.complete_at_ms <= ? LIMIT 100",
    )
    .bind(REQUESTED)
    .bind(now_ms)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| r.try_get("code").map_err(ApiError::from))
        .collect()
}

/// Codes of open payments whose quote has expired (for the watcher).
pub async fn expired_quotes(
    conn: &mut SqliteConnection,
    now_ms: i64,
) -> Result<Vec<String>, ApiError> {
    let rows = sqlx::query(
        "SELECT code FROM payments WHERE status IN (0, 1, 2) AND quote_expires_at_ms <= ? \
         ORDER BY quote_expires_at_ms LIMIT 100",
    )
    .bind(now_ms)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| r.try_get("code").map_err(ApiError::from))
        .collect()
}
