//! The proxy's database: terminals, payments, events, and the postback and upstream logs.
//! Runtime `sqlx::query` with portable SQL (`$n` placeholders, no SQLite-only syntax).

use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use wct_api::pos::EventKind;
use wct_api::PaymentState;

use crate::util::{now_ms, random_token};

/// SQLite (embedded, the default) or PostgreSQL (several instances), chosen by the URL; one
/// set of query code through sqlx's `Any` driver.
pub type Db = AnyPool;

/// The channel `NOTIFY` carries committed event numbers on (Postgres only).
pub const EVENTS_CHANNEL: &str = "wct_pos_events";

/// Serialises event inserts across instances, so numbers commit in order (Postgres only).
const EVENTS_LOCK_KEY: i64 = 0x0077_6374_5f70_6f73; // "wct_pos"

/// Whether `url` selects PostgreSQL.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Whether a pool (or connection) talks to PostgreSQL.
pub fn is_postgres(db: &Db) -> bool {
    db.connect_options()
        .database_url
        .scheme()
        .starts_with("postgres")
}

fn is_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// Opens (creating if needed) and migrates the database.
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    if is_postgres_url(url) {
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations-postgres").run(&pool).await?;
        return Ok(pool);
    }
    let memory = is_memory(url);
    let mut url = url.to_string();
    if !memory {
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = std::path::Path::new(path.split('?').next().unwrap_or(""));
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
        }
        if !url.contains("mode=") {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str("mode=rwc");
        }
    }
    let options: AnyConnectOptions = url.parse()?;
    // A memory database lives as long as its one connection: shared-cache memory databases
    // answer SQLITE_LOCKED under concurrent writes, which busy_timeout does not cover.
    let pool = if memory {
        AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        AnyPoolOptions::new().max_connections(4)
    }
    .after_connect(move |conn, _| {
        Box::pin(async move {
            // secure_delete: deleted and overwritten content (purged personal data) is
            // zeroed in the file, not left in free space.
            conn.execute(
                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                 PRAGMA secure_delete = ON;",
            )
            .await?;
            if !memory {
                // WAL with NORMAL: a commit is not fsynced, the WAL is (at checkpoints). A
                // kill -9 loses nothing; only power loss can lose the last commits, and the
                // upstream plus the reconciler recover those (README, "Durability").
                conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                    .await?;
            }
            Ok(())
        })
    })
    .acquire_timeout(Duration::from_secs(30))
    .connect_with(options)
    .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

// ---- settings -------------------------------------------------------------------------------

pub async fn setting(db: &Db, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
        .bind(name)
        .fetch_optional(db)
        .await
}

pub async fn set_setting(db: &Db, name: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(name)
    .bind(value)
    .execute(db)
    .await?;
    Ok(())
}

// ---- terminals ------------------------------------------------------------------------------

#[derive(Clone, sqlx::FromRow)]
pub struct Terminal {
    pub id: String,
    pub name: String,
    pub token: String,
    /// The store the terminal belongs to: it sees that store's payments and events only.
    pub store: String,
}

impl std::fmt::Debug for Terminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Terminal({}, {}/{:?})", self.id, self.store, self.name)
    }
}

/// Makes exactly the configured terminals active (a token already known keeps its id, so its
/// payments stay its own). An upsert, so instances starting together on one database do not
/// trip over each other's inserts.
pub async fn sync_terminals(
    db: &Db,
    specs: &[crate::config::TerminalSpec],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE terminals SET active = 0")
        .execute(&mut *tx)
        .await?;
    for spec in specs {
        insert_terminal(&mut tx, &spec.store, &spec.name, &spec.token).await?;
    }
    tx.commit().await
}

async fn insert_terminal(
    tx: &mut Transaction<'_, Any>,
    store: &str,
    name: &str,
    token: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO terminals (id, store, name, token, active, created_at)
         VALUES ($1, $2, $3, $4, 1, $5)
         ON CONFLICT (token) DO UPDATE
         SET store = excluded.store, name = excluded.name, active = 1",
    )
    .bind(format!("t_{}", random_token(12)))
    .bind(store)
    .bind(name)
    .bind(token)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn create_terminal(db: &Db, name: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    insert_terminal(
        &mut tx,
        crate::config::DEFAULT_STORE,
        name,
        &random_token(32),
    )
    .await?;
    tx.commit().await
}

pub async fn active_terminals(db: &Db) -> Result<Vec<Terminal>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, token, store FROM terminals WHERE active = 1 ORDER BY created_at, id",
    )
    .fetch_all(db)
    .await
}

pub async fn terminal_by_token(db: &Db, token: &str) -> Result<Option<Terminal>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, token, store FROM terminals WHERE token = $1 AND active = 1")
        .bind(token)
        .fetch_optional(db)
        .await
}

// ---- payments -------------------------------------------------------------------------------

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
fn states_sql(keep: impl Fn(PaymentState) -> bool) -> String {
    PaymentState::ALL
        .into_iter()
        .filter(|s| keep(*s))
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// States whose rows are not shown to terminals or customers.
const HIDDEN: [RowState; 3] = [RowState::Creating, RowState::Unknown, RowState::Failed];

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
}

impl From<crate::writer::WriteError> for InsertError {
    fn from(e: crate::writer::WriteError) -> Self {
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
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub async fn insert_creating(conn: &mut AnyConnection, row: &NewRow) -> Result<(), InsertError> {
    let now = now_ms();
    let f = &row.fields;
    let result = sqlx::query(
        "INSERT INTO payments (id, terminal_id, idempotency_key, body_hash, state, reference,
            description, amount, asset, asset_network, requested_asset, requested_asset_network,
            fields_json, postback_token, created_at, updated_at, store)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)",
    )
    .bind(&row.id)
    .bind(&row.terminal_id)
    .bind(&row.idempotency_key)
    .bind(&row.body_hash)
    .bind(RowState::Creating.as_str())
    .bind(&f.reference)
    .bind(&f.description)
    .bind(&f.amount)
    .bind(&f.asset)
    .bind(&f.asset_network)
    .bind(&f.requested_asset)
    .bind(&f.requested_asset_network)
    .bind(&row.fields_json)
    .bind(&row.postback_token)
    .bind(now)
    .bind(&row.store)
    .execute(&mut *conn)
    .await;
    match result {
        Ok(_) => Ok(()),
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

const COLUMNS: &str =
    "id, terminal_id, store, idempotency_key, body_hash, state, reference, description,
    amount, asset, asset_network, requested_asset, requested_asset_network, fields_json,
    postback_token, payment_code, upstream_id, pay_amount, pay_address, pay_tag, payreq,
    exchange_rate, expires_at, quote_version, asked, received, confirmations, txids, error_code,
    error_message, alert, closed_as, closed_at, next_check_at, version, created_at, updated_at";

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
    conn: &mut AnyConnection,
    row: &PaymentRow,
    expected_state: RowState,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE payments SET state = $1, payment_code = $2, upstream_id = $3, pay_amount = $4,
            pay_address = $5, pay_tag = $6, payreq = $7, exchange_rate = $8, expires_at = $9,
            quote_version = $10, asked = $11, received = $12, confirmations = $13, txids = $14,
            version = version + 1, updated_at = $15, alert = $19, closed_as = $20,
            closed_at = $21, next_check_at = $22, error_code = $23, error_message = $24
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
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

// ---- events ---------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub seq: i64,
    pub payment_id: String,
    pub terminal_id: String,
    pub store: String,
    pub kind: String,
    pub view_json: String,
}

pub fn kind_str(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Created => "created",
        EventKind::Updated => "updated",
        EventKind::Requoted => "requoted",
    }
}

pub fn kind_of(text: &str) -> EventKind {
    match text {
        "created" => EventKind::Created,
        "requoted" => EventKind::Requoted,
        _ => EventKind::Updated,
    }
}

/// Takes the cross-instance event lock for the rest of the writer's transaction (Postgres;
/// on SQLite the one writer is the only writer). Taken first, before any row lock.
pub async fn lock_events(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if conn.backend_name() == "PostgreSQL" {
        // Wrapped: the Any driver cannot decode a `void` column.
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS l")
            .bind(EVENTS_LOCK_KEY)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Appends an event; its number is the next in the global sequence. Only the writer appends
/// (after `lock_events`), so numbers are committed (and published) in order. On Postgres the
/// number is also announced to every instance when the transaction commits.
pub async fn insert_event(
    conn: &mut AnyConnection,
    payment_id: &str,
    terminal_id: &str,
    store: &str,
    kind: EventKind,
    view_json: &str,
) -> Result<i64, sqlx::Error> {
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO events (seq, payment_id, terminal_id, store, kind, view_json, created_at)
         SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4, $5, $6 FROM events
         RETURNING seq",
    )
    .bind(payment_id)
    .bind(terminal_id)
    .bind(store)
    .bind(kind_str(kind))
    .bind(view_json)
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?;
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT 1 FROM (SELECT pg_notify($1, $2)) AS n")
            .bind(EVENTS_CHANNEL)
            .bind(seq.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(seq)
}

/// Committed events after `after`, every scope, in order (the cross-instance relay).
pub async fn all_events_after(
    db: &Db,
    after: i64,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, payment_id, terminal_id, store, kind, view_json FROM events
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Which events a stream carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventScope {
    Payment(String),
    /// Every payment of a store (what its terminals see).
    Store(String),
}

impl EventScope {
    pub fn matches(&self, payment_id: &str, store: &str) -> bool {
        match self {
            Self::Payment(id) => id == payment_id,
            Self::Store(name) => name == store,
        }
    }
}

pub async fn events_after(
    db: &Db,
    scope: &EventScope,
    after: i64,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    let (column, value) = match scope {
        EventScope::Payment(id) => ("payment_id", id),
        EventScope::Store(name) => ("store", name),
    };
    sqlx::query_as(&format!(
        "SELECT seq, payment_id, terminal_id, store, kind, view_json FROM events
         WHERE {column} = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    ))
    .bind(value)
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn max_seq(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events")
        .fetch_one(db)
        .await
}

pub async fn latest_event(db: &Db, payment_id: &str) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, payment_id, terminal_id, store, kind, view_json FROM events
         WHERE payment_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(payment_id)
    .fetch_optional(db)
    .await
}

// ---- logs -----------------------------------------------------------------------------------

/// How many postback bodies are kept per payment, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct PostbackRetention {
    pub per_payment: i64,
    pub max_age_ms: i64,
}

/// Records a postback body, then trims the log: only the newest `per_payment` bodies of this
/// payment, and none older than `max_age_ms` of any payment, are kept. A flood of postbacks
/// (even with a valid token) thus costs a bounded amount of storage.
pub async fn log_postback(
    conn: &mut AnyConnection,
    payment_id: &str,
    kind: &str,
    body: &str,
    keep: PostbackRetention,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO postback_log (id, payment_id, kind, body, received_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(random_token(20))
    .bind(payment_id)
    .bind(kind)
    .bind(body)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM postback_log WHERE payment_id = $1 AND id NOT IN (
             SELECT id FROM postback_log WHERE payment_id = $1
             ORDER BY received_at DESC, id DESC LIMIT $2)",
    )
    .bind(payment_id)
    .bind(keep.per_payment.max(1))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM postback_log WHERE received_at < $1")
        .bind(now.saturating_sub(keep.max_age_ms.max(0)))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The body of the newest `paymentUpdate` postback of a payment.
pub async fn latest_payment_update(
    db: &Db,
    payment_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT body FROM postback_log WHERE payment_id = $1 AND kind = 'paymentUpdate'
         ORDER BY received_at DESC LIMIT 1",
    )
    .bind(payment_id)
    .fetch_optional(db)
    .await
}

pub async fn postback_count(db: &Db, payment_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM postback_log WHERE payment_id = $1")
        .bind(payment_id)
        .fetch_one(db)
        .await
}

/// One upstream exchange, bodies already redacted.
pub struct UpstreamLog {
    pub endpoint: &'static str,
    pub payment_id: Option<String>,
    pub request_json: String,
    pub http_status: Option<u16>,
    pub response_body: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

pub async fn log_upstream(
    conn: &mut AnyConnection,
    entry: &UpstreamLog,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO upstream_log (id, endpoint, payment_id, request_json, http_status,
            response_body, error, duration_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(random_token(20))
    .bind(entry.endpoint)
    .bind(&entry.payment_id)
    .bind(&entry.request_json)
    .bind(entry.http_status.map(i64::from))
    .bind(&entry.response_body)
    .bind(&entry.error)
    .bind(entry.duration_ms)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---- personal data purge (purge.rs) ---------------------------------------------------------

/// Closed payments (and failed creates) unchanged since before `cutoff` whose personal data
/// has not been purged since their last change: `(id, fields_json)`, oldest first.
pub async fn purge_candidates(
    db: &Db,
    cutoff: i64,
    limit: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let closed = states_sql(|s| !s.is_open());
    sqlx::query_as(&format!(
        "SELECT id, fields_json FROM payments
         WHERE state IN ({closed}, 'failed') AND updated_at < $1
           AND (personal_purged_at IS NULL OR personal_purged_at < updated_at)
         ORDER BY updated_at, id LIMIT $2"
    ))
    .bind(cutoff)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn purge_event_views(
    tx: &mut Transaction<'_, Any>,
    payment_id: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT seq, view_json FROM events WHERE payment_id = $1 ORDER BY seq")
        .bind(payment_id)
        .fetch_all(&mut **tx)
        .await
}

pub async fn purge_set_event_view(
    tx: &mut Transaction<'_, Any>,
    seq: i64,
    view_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE events SET view_json = $1 WHERE seq = $2")
        .bind(view_json)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn purge_postback_bodies(
    tx: &mut Transaction<'_, Any>,
    payment_id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, body FROM postback_log WHERE payment_id = $1")
        .bind(payment_id)
        .fetch_all(&mut **tx)
        .await
}

pub async fn purge_set_postback_body(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE postback_log SET body = $1 WHERE id = $2")
        .bind(body)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// `(id, request_json, response_body)` of a payment's upstream log.
pub async fn purge_upstream_logs(
    tx: &mut Transaction<'_, Any>,
    payment_id: &str,
) -> Result<Vec<(String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, request_json, response_body FROM upstream_log WHERE payment_id = $1")
        .bind(payment_id)
        .fetch_all(&mut **tx)
        .await
}

pub async fn purge_set_upstream_log(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    request_json: &str,
    response_body: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE upstream_log SET request_json = $1, response_body = $2 WHERE id = $3")
        .bind(request_json)
        .bind(response_body)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores a payment's request without its personal fields and marks it purged.
pub async fn purge_mark_payment(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    fields_json: &str,
    body_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payments SET fields_json = $1, body_hash = $2, personal_purged_at = $3
         WHERE id = $4",
    )
    .bind(fields_json)
    .bind(body_hash)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// After a purge on SQLite: moves the write-ahead log into the database file and empties
/// it, so the old page images holding the purged values are gone from disk too (freed
/// space itself is zeroed by `secure_delete`, set on every connection).
pub async fn purge_settle(db: &Db) -> Result<(), sqlx::Error> {
    if !is_postgres(db) {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(db)
            .await?;
    }
    Ok(())
}

// ---- paired devices and pairing codes ------------------------------------------------------

/// What a device token authenticates as (the token itself is never read back: only its hash
/// is stored).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeviceAuthRow {
    pub device_id: String,
    pub token_hash: String,
    pub last_seen_at: Option<i64>,
    pub terminal_id: String,
    pub terminal_name: String,
    pub store: String,
}

/// Looks a device up by its token's hash. A revoked device, or one whose terminal is no
/// longer configured, is not found: nothing is cached, so revocation takes effect at the
/// next request.
pub async fn device_by_token_hash(
    db: &Db,
    token_hash: &str,
) -> Result<Option<DeviceAuthRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id AS device_id, d.token_hash, d.last_seen_at, t.id AS terminal_id,
                t.name AS terminal_name, t.store
         FROM devices d JOIN terminals t ON t.id = d.terminal_id
         WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND t.active = 1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

pub async fn touch_device(conn: &mut AnyConnection, id: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A device as listed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeviceRow {
    pub id: String,
    pub name: String,
    pub terminal_id: String,
    pub terminal_name: String,
    pub store: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const DEVICE_COLUMNS: &str = "d.id, d.name, d.terminal_id, t.name AS terminal_name, t.store,
     d.created_at, d.last_seen_at, d.revoked_at
     FROM devices d JOIN terminals t ON t.id = d.terminal_id";

/// The devices of `store` (all stores when `None`), oldest first.
pub async fn list_devices(db: &Db, store: Option<&str>) -> Result<Vec<DeviceRow>, sqlx::Error> {
    match store {
        Some(store) => {
            sqlx::query_as(&format!(
                "SELECT {DEVICE_COLUMNS} WHERE t.store = $1 ORDER BY d.created_at, d.id"
            ))
            .bind(store)
            .fetch_all(db)
            .await
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {DEVICE_COLUMNS} ORDER BY t.store, t.name, d.created_at, d.id"
            ))
            .fetch_all(db)
            .await
        }
    }
}

pub async fn device<'e, E>(db: E, id: &str) -> Result<Option<DeviceRow>, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!("SELECT {DEVICE_COLUMNS} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Marks a device revoked (a device already revoked keeps its first revocation time).
/// `None` when there is no such device.
pub async fn revoke_device(
    conn: &mut AnyConnection,
    id: &str,
    at: i64,
) -> Result<Option<DeviceRow>, sqlx::Error> {
    sqlx::query("UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    device(&mut *conn, id).await
}

/// Which of `ids` are revoked (or whose terminal is no longer configured).
pub async fn revoked_among(db: &Db, ids: &[String]) -> Result<Vec<String>, sqlx::Error> {
    let mut revoked = Vec::new();
    for chunk in ids.chunks(200) {
        let placeholders = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT d.id FROM devices d JOIN terminals t ON t.id = d.terminal_id
             WHERE d.id IN ({placeholders}) AND (d.revoked_at IS NOT NULL OR t.active <> 1)"
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for id in chunk {
            query = query.bind(id);
        }
        revoked.extend(query.fetch_all(db).await?);
    }
    Ok(revoked)
}

/// Active terminals with no device that is not revoked: they get a pairing code at start.
pub async fn unpaired_terminals(db: &Db) -> Result<Vec<Terminal>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.name, CAST('' AS TEXT) AS token, t.store FROM terminals t
         WHERE t.active = 1 AND NOT EXISTS (
             SELECT 1 FROM devices d WHERE d.terminal_id = t.id AND d.revoked_at IS NULL)
         ORDER BY t.created_at, t.id",
    )
    .fetch_all(db)
    .await
}

/// An active terminal by id, without its token.
pub async fn active_terminal(db: &Db, id: &str) -> Result<Option<Terminal>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, CAST('' AS TEXT) AS token, store FROM terminals
         WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// A pairing code as stored (its hash only).
pub struct NewPairingCode<'a> {
    pub id: &'a str,
    pub code_hash: &'a str,
    pub terminal_id: &'a str,
    pub issued_by: Option<&'a str>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Stores a new code, and forgets codes that ran out more than a day ago.
pub async fn insert_pairing_code(
    conn: &mut AnyConnection,
    code: &NewPairingCode<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pairing_codes WHERE expires_at < $1")
        .bind(code.created_at - 86_400_000)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO pairing_codes (id, code_hash, terminal_id, issued_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(code.id)
    .bind(code.code_hash)
    .bind(code.terminal_id)
    .bind(code.issued_by)
    .bind(code.created_at)
    .bind(code.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The device a pairing code creates.
pub struct NewDevice<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub token_hash: &'a str,
}

/// What exchanging a pairing code did.
#[derive(Debug)]
pub enum Exchange {
    /// The code was consumed and the device made, for this terminal.
    Paired {
        code_id: String,
        terminal: Terminal,
    },
    Unknown,
    Used,
    Expired,
}

/// Consumes the code `code_hash` and makes `device`, on a connection inside a transaction
/// (the writer's). The UPDATE only matches an unused, unexpired code of a configured
/// terminal, so of two exchanges racing on one code exactly one wins (the loser's UPDATE
/// matches nothing once the winner's commits).
pub async fn exchange_pairing_code(
    conn: &mut AnyConnection,
    code_hash: &str,
    device: &NewDevice<'_>,
    now: i64,
) -> Result<Exchange, sqlx::Error> {
    let consumed: Option<(String, String)> = sqlx::query_as(
        "UPDATE pairing_codes SET used_at = $1, device_id = $2
         WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1
           AND terminal_id IN (SELECT id FROM terminals WHERE active = 1)
         RETURNING id, terminal_id",
    )
    .bind(now)
    .bind(device.id)
    .bind(code_hash)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((code_id, terminal_id)) = consumed else {
        let found: Option<(Option<i64>, i64)> =
            sqlx::query_as("SELECT used_at, expires_at FROM pairing_codes WHERE code_hash = $1")
                .bind(code_hash)
                .fetch_optional(&mut *conn)
                .await?;
        return Ok(match found {
            Some((Some(_), _)) => Exchange::Used,
            Some((None, expires_at)) if expires_at <= now => Exchange::Expired,
            // Unknown, or its terminal was removed from the configuration since.
            _ => Exchange::Unknown,
        });
    };
    let terminal: Terminal = sqlx::query_as(
        "SELECT id, name, CAST('' AS TEXT) AS token, store FROM terminals WHERE id = $1",
    )
    .bind(&terminal_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO devices (id, terminal_id, name, token_hash, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(device.id)
    .bind(&terminal.id)
    .bind(device.name)
    .bind(device.token_hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Exchange::Paired { code_id, terminal })
}

/// Unused, unexpired codes of a terminal.
pub async fn live_pairing_codes(db: &Db, terminal_id: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM pairing_codes
         WHERE terminal_id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(terminal_id)
    .bind(now)
    .fetch_one(db)
    .await
}
