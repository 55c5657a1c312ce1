//! Payments: the row, its typed state, and every query of the payments table.

#[allow(unused_imports)]
use super::*;

/// Where a payment row stands: the public states, plus three the app never lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    /// The create request is on its way upstream.
    Creating,
    /// The create's answer was lost (timeout, reset, cut-off or unreadable body): the payment
    /// may exist upstream. It holds its reference until getupdate by reference settles it.
    Unknown,
    /// The upstream definitely did not create it (a `nok`, or no connection at all): the
    /// reference is free again.
    Failed,
    Live(PaymentState),
}

impl RowState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Unknown => "unknown",
            Self::Failed => "failed",
            Self::Live(state) => state.as_str(),
        }
    }

    pub fn live(self) -> Option<PaymentState> {
        match self {
            Self::Live(state) => Some(state),
            _ => None,
        }
    }
}

impl std::fmt::Display for RowState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for RowState {
    type Error = wct_api::state::UnknownState;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Ok(match text.as_str() {
            "creating" => Self::Creating,
            "unknown" => Self::Unknown,
            "failed" => Self::Failed,
            _ => Self::Live(text.parse()?),
        })
    }
}

/// `'a', 'b', …` of the states matching `keep`, for SQL `IN (…)`: the SQL follows the enum.
pub(super) fn states_sql(keep: impl Fn(PaymentState) -> bool) -> String {
    PaymentState::ALL
        .into_iter()
        .filter(|s| keep(*s))
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// States whose rows are not shown to terminals or customers.
pub(super) const HIDDEN: [RowState; 3] = [RowState::Creating, RowState::Unknown, RowState::Failed];

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: String,
    pub terminal_id: String,
    pub store: String,
    pub idempotency_key: String,
    pub body_hash: String,
    #[sqlx(try_from = "String")]
    pub state: RowState,
    pub reference: String,
    pub description: String,
    pub amount: String,
    pub asset: String,
    pub asset_network: Option<String>,
    pub requested_asset: String,
    pub requested_asset_network: Option<String>,
    pub fields_json: String,
    pub postback_token: String,
    pub payment_code: Option<String>,
    pub upstream_id: Option<String>,
    pub pay_amount: Option<String>,
    pub pay_address: Option<String>,
    pub pay_tag: Option<String>,
    pub payreq: Option<String>,
    pub exchange_rate: Option<String>,
    pub expires_at: Option<i64>,
    pub quote_version: i64,
    pub asked: String,
    pub received: String,
    pub confirmations: i64,
    pub txids: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub alert: Option<String>,
    pub closed_as: Option<String>,
    pub closed_at: Option<i64>,
    pub next_check_at: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The refunds' public summary: JSON of `Vec<wct_api::refund::RefundView>`.
    pub refunds: String,
    /// "Keep as payment": what had been received when the shop kept it, when, and who.
    pub kept_received: Option<String>,
    pub kept_at: Option<i64>,
    pub kept_by: Option<String>,
    /// The sale's `wct_api::tax::Breakdown` (JSON) as computed at the create.
    pub sale_json: Option<String>,
    /// The receipt number (gapless per store), drawn when the sale first became paid.
    pub receipt_no: Option<i64>,
    /// When the sale became paid (Unix ms): the receipt's time of supply.
    pub paid_at: Option<i64>,
    /// The receipt as issued (`wct_api::receipt::ReceiptDoc` JSON).
    pub receipt_json: Option<String>,
}

/// What a new row holds before the upstream answers.
pub struct NewRow {
    pub id: String,
    pub terminal_id: String,
    pub store: String,
    pub idempotency_key: String,
    pub body_hash: String,
    pub fields: wct_api::upstream::PaymentFields,
    pub fields_json: String,
    pub postback_token: String,
    /// The sale's breakdown (JSON), when it has a cart.
    pub sale_json: Option<String>,
}

impl From<crate::store::writer::WriteError> for InsertError {
    fn from(e: crate::store::writer::WriteError) -> Self {
        Self::Db(e.into())
    }
}

/// Why a new row could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum InsertError {
    #[error("the Idempotency-Key was already used")]
    DuplicateKey,
    #[error("the reference was already used")]
    DuplicateReference,
    /// The device asking was revoked (or its terminal removed) while its request was on the
    /// way: nothing was written.
    #[error("the device was revoked")]
    Revoked,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl PaymentRow {
    /// The `creating` row `new` becomes, as [`insert_creating`] stores it.
    pub fn creating(new: &NewRow, now: i64) -> Self {
        let f = &new.fields;
        Self {
            id: new.id.clone(),
            terminal_id: new.terminal_id.clone(),
            store: new.store.clone(),
            idempotency_key: new.idempotency_key.clone(),
            body_hash: new.body_hash.clone(),
            state: RowState::Creating,
            reference: f.reference.clone(),
            description: f.description.clone(),
            amount: f.amount.clone(),
            asset: f.asset.clone(),
            asset_network: f.asset_network.clone(),
            requested_asset: f.requested_asset.clone(),
            requested_asset_network: f.requested_asset_network.clone(),
            fields_json: new.fields_json.clone(),
            postback_token: new.postback_token.clone(),
            payment_code: None,
            upstream_id: None,
            pay_amount: None,
            pay_address: None,
            pay_tag: None,
            payreq: None,
            exchange_rate: None,
            expires_at: None,
            quote_version: 0,
            asked: "0".into(),
            received: "0".into(),
            confirmations: 0,
            txids: String::new(),
            error_code: None,
            error_message: None,
            alert: None,
            closed_as: None,
            closed_at: None,
            next_check_at: None,
            version: 0,
            created_at: now,
            updated_at: now,
            refunds: "[]".into(),
            kept_received: None,
            kept_at: None,
            kept_by: None,
            sale_json: new.sale_json.clone(),
            receipt_no: None,
            paid_at: None,
            receipt_json: None,
        }
    }
}

/// Inserts the `creating` row and returns it as stored (no read: every column it has is
/// written from the row built here).
pub async fn insert_creating(tx: &mut dyn Tx, new: &NewRow) -> Result<PaymentRow, InsertError> {
    let row = PaymentRow::creating(new, now_ms());
    let insert = Stmt::new(
        "INSERT INTO payments (id, terminal_id, idempotency_key, body_hash, state, reference,
            description, amount, asset, asset_network, requested_asset, requested_asset_network,
            fields_json, postback_token, created_at, updated_at, store, sale_json,
            quote_version, asked, received, confirmations, txids, version, refunds)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16,
            $17, $18, $19, $20, $21, $22, $23, $24)",
    )
    .bind(&row.id)
    .bind(&row.terminal_id)
    .bind(&row.idempotency_key)
    .bind(&row.body_hash)
    .bind(row.state.as_str())
    .bind(&row.reference)
    .bind(&row.description)
    .bind(&row.amount)
    .bind(&row.asset)
    .bind(&row.asset_network)
    .bind(&row.requested_asset)
    .bind(&row.requested_asset_network)
    .bind(&row.fields_json)
    .bind(&row.postback_token)
    .bind(row.created_at)
    .bind(&row.store)
    .bind(&row.sale_json)
    .bind(row.quote_version)
    .bind(&row.asked)
    .bind(&row.received)
    .bind(row.confirmations)
    .bind(&row.txids)
    .bind(row.version)
    .bind(&row.refunds);
    match tx.exec(&insert).await {
        Ok(_) => Ok(row),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            if e.message().contains("idempotency") {
                Err(InsertError::DuplicateKey)
            } else {
                Err(InsertError::DuplicateReference)
            }
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) const COLUMNS: &str =
    "id, terminal_id, store, idempotency_key, body_hash, state, reference, description,
    amount, asset, asset_network, requested_asset, requested_asset_network, fields_json,
    postback_token, payment_code, upstream_id, pay_amount, pay_address, pay_tag, payreq,
    exchange_rate, expires_at, quote_version, asked, received, confirmations, txids, error_code,
    error_message, alert, closed_as, closed_at, next_check_at, version, created_at, updated_at,
    refunds, kept_received, kept_at, kept_by, sale_json, receipt_no, paid_at, receipt_json";

pub async fn payment(db: &Db, id: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM payments WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// A live payment of the terminal's store (never `creating`/`failed`, never another
/// store's: to another store it does not exist).
pub async fn terminal_payment(
    db: &Db,
    store: &str,
    id: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments
         WHERE id = $1 AND store = $2 AND state <> $3 AND state <> $4 AND state <> $5"
    ))
    .bind(id)
    .bind(store)
    .bind(HIDDEN[0].as_str())
    .bind(HIDDEN[1].as_str())
    .bind(HIDDEN[2].as_str())
    .fetch_optional(db)
    .await
}

/// Whether a payment other than `id` that is shown (not creating, unknown or failed) holds
/// `code`: one code for two sales would make them share a customer page.
pub async fn code_held_elsewhere(
    tx: &mut dyn Tx,
    code: &str,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let held = Stmt::new(
        "SELECT 1 FROM payments
         WHERE payment_code = $1 AND id <> $2 AND state <> $3 AND state <> $4 AND state <> $5
         LIMIT 1",
    )
    .bind(code)
    .bind(id)
    .bind(HIDDEN[0].as_str())
    .bind(HIDDEN[1].as_str())
    .bind(HIDDEN[2].as_str());
    Ok(tx.fetch_i64(&held).await?.is_some())
}

pub async fn payment_by_code(db: &Db, code: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments
         WHERE payment_code = $1 AND state <> $2 AND state <> $3 AND state <> $4
         ORDER BY created_at DESC LIMIT 1"
    ))
    .bind(code)
    .bind(HIDDEN[0].as_str())
    .bind(HIDDEN[1].as_str())
    .bind(HIDDEN[2].as_str())
    .fetch_optional(db)
    .await
}

pub async fn payment_by_postback_token(
    db: &Db,
    token: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments WHERE postback_token = $1"
    ))
    .bind(token)
    .fetch_optional(db)
    .await
}

pub async fn payment_by_idempotency_key(
    db: &Db,
    terminal_id: &str,
    key: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments WHERE terminal_id = $1 AND idempotency_key = $2"
    ))
    .bind(terminal_id)
    .bind(key)
    .fetch_optional(db)
    .await
}

/// The state of the payment holding `reference`, on any terminal, compared without case
/// (`RT-1` is `rt-1`) as the unique index on `lower(reference)` does. A failed attempt
/// holds nothing.
pub async fn reference_holder(db: &Db, reference: &str) -> Result<Option<RowState>, sqlx::Error> {
    let state: Option<String> = sqlx::query_scalar(
        "SELECT state FROM payments WHERE lower(reference) = lower($1) AND state <> $2 LIMIT 1",
    )
    .bind(reference)
    .bind(RowState::Failed.as_str())
    .fetch_optional(db)
    .await?;
    Ok(state.and_then(|s| RowState::try_from(s).ok()))
}

/// Gives a failed (or definitely never created) attempt a second try under the same key:
/// only one request wins.
pub async fn retry_create(
    conn: &mut AnyConnection,
    id: &str,
    from: RowState,
) -> Result<bool, InsertError> {
    let result = sqlx::query(
        "UPDATE payments SET state = $1, error_code = NULL, error_message = NULL,
            version = version + 1, updated_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(RowState::Creating.as_str())
    .bind(now_ms())
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await;
    match result {
        Ok(r) => Ok(r.rows_affected() == 1),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(InsertError::DuplicateReference)
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends a create attempt as `failed` (the reference is free) or `unknown` (it is held until
/// the upstream says what happened), recording why. Only from `from`: a row someone else
/// moved on meanwhile is left alone.
pub async fn mark_attempt(
    conn: &mut AnyConnection,
    id: &str,
    from: RowState,
    to: RowState,
    code: &str,
    message: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE payments SET state = $1, error_code = $2, error_message = $3,
            version = version + 1, updated_at = $4 WHERE id = $5 AND state = $6",
    )
    .bind(to.as_str())
    .bind(code)
    .bind(message)
    .bind(now_ms())
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Filters of `GET /api/payments`.
pub struct ListQuery<'a> {
    /// The store's history: every terminal of the store sees it.
    pub store: &'a str,
    pub state: Option<&'a str>,
    /// `(created_at, id)` of the last row of the previous page.
    pub before: Option<(i64, String)>,
    pub limit: i64,
}

pub async fn list_payments(db: &Db, q: &ListQuery<'_>) -> Result<Vec<PaymentRow>, sqlx::Error> {
    let (before_at, before_id) = q.before.clone().unwrap_or((i64::MAX, String::new()));
    let has_before = q.before.is_some();
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments
         WHERE store = $1 AND state <> $2 AND state <> $3 AND state <> $9
           AND ($4 = '' OR state = $4)
           AND ($5 = 0 OR created_at < $6 OR (created_at = $6 AND id < $7))
         ORDER BY created_at DESC, id DESC LIMIT $8"
    ))
    .bind(q.store)
    .bind(HIDDEN[0].as_str())
    .bind(HIDDEN[1].as_str())
    .bind(q.state.unwrap_or(""))
    .bind(i64::from(has_before))
    .bind(before_at)
    .bind(before_id)
    .bind(q.limit)
    .bind(HIDDEN[2].as_str())
    .fetch_all(db)
    .await
}

/// Payments still waiting for money.
pub async fn open_payment_ids(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT id FROM payments WHERE state IN ({}) ORDER BY created_at",
        states_sql(PaymentState::is_open)
    ))
    .fetch_all(db)
    .await
}

/// Claims up to `limit` payments whose next check is due, pushing that check to `lease_until`
/// so another reconciler (another instance, or the next round) leaves them alone while this
/// one works; the check itself then sets the real next time. Postgres skips rows another
/// instance is claiming right now.
pub async fn claim_due(
    conn: &mut AnyConnection,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let skip_locked = if conn.backend_name() == "PostgreSQL" {
        "FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    sqlx::query_scalar(&format!(
        "UPDATE payments SET next_check_at = $1 WHERE id IN (
            SELECT id FROM payments
            WHERE next_check_at IS NOT NULL AND next_check_at <= $2
            ORDER BY next_check_at, created_at LIMIT $3 {skip_locked})
         RETURNING id"
    ))
    .bind(lease_until)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}

/// Sets when a payment is checked next (`None`: never), without touching anything else.
pub async fn set_next_check(
    conn: &mut AnyConnection,
    id: &str,
    at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE payments SET next_check_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Rows whose create has no known outcome: every `unknown` one, and `creating` ones older
/// than `creating_before` (a crash or a lost request).
pub async fn unresolved(db: &Db, creating_before: i64) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payments
         WHERE state = $1 OR (state = $2 AND updated_at < $3) ORDER BY created_at LIMIT 200"
    ))
    .bind(RowState::Unknown.as_str())
    .bind(RowState::Creating.as_str())
    .bind(creating_before)
    .fetch_all(db)
    .await
}

/// Writes every mutable column of `row` if nobody changed it since it was read
/// (compare-and-set on `version`); returns whether it was written.
pub async fn save_payment(
    tx: &mut dyn Tx,
    row: &PaymentRow,
    expected_state: RowState,
) -> Result<bool, sqlx::Error> {
    let update = Stmt::new(
        "UPDATE payments SET state = $1, payment_code = $2, upstream_id = $3, pay_amount = $4,
            pay_address = $5, pay_tag = $6, payreq = $7, exchange_rate = $8, expires_at = $9,
            quote_version = $10, asked = $11, received = $12, confirmations = $13, txids = $14,
            version = version + 1, updated_at = $15, alert = $19, closed_as = $20,
            closed_at = $21, next_check_at = $22, error_code = $23, error_message = $24,
            refunds = $25, kept_received = $26, kept_at = $27, kept_by = $28
         WHERE id = $16 AND version = $17 AND state = $18",
    )
    .bind(row.state.as_str())
    .bind(&row.payment_code)
    .bind(&row.upstream_id)
    .bind(&row.pay_amount)
    .bind(&row.pay_address)
    .bind(&row.pay_tag)
    .bind(&row.payreq)
    .bind(&row.exchange_rate)
    .bind(row.expires_at)
    .bind(row.quote_version)
    .bind(&row.asked)
    .bind(&row.received)
    .bind(row.confirmations)
    .bind(&row.txids)
    .bind(row.updated_at)
    .bind(&row.id)
    .bind(row.version)
    .bind(expected_state.as_str())
    .bind(&row.alert)
    .bind(&row.closed_as)
    .bind(row.closed_at)
    .bind(row.next_check_at)
    .bind(&row.error_code)
    .bind(&row.error_message)
    .bind(&row.refunds)
    .bind(&row.kept_received)
    .bind(row.kept_at)
    .bind(&row.kept_by);
    Ok(tx.exec(&update).await? == 1)
}
