//! Paired devices and one-time pairing codes.

#[allow(unused_imports)]
use super::*;

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

pub(super) const DEVICE_COLUMNS: &str =
    "d.id, d.name, d.terminal_id, t.name AS terminal_name, t.store,
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
    // Every code the device made goes with it, in the same write.
    sqlx::query(
        "UPDATE pairing_codes SET cancelled_at = $1
         WHERE issued_by = $2 AND used_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    device(&mut *conn, id).await
}

/// Whether device `id` may still act: not revoked, and its terminal still configured. Read
/// inside the write where a device's request takes effect, so a revocation that committed
/// while the request's body was on its way changes what the request does.
pub async fn device_live(tx: &mut dyn Tx, id: &str) -> Result<bool, sqlx::Error> {
    let live = Stmt::new(
        "SELECT 1 FROM devices d JOIN terminals t ON t.id = d.terminal_id
         WHERE d.id = $1 AND d.revoked_at IS NULL AND t.active = 1",
    )
    .bind(id);
    Ok(tx.fetch_i64(&live).await?.is_some())
}

/// Takes terminal `id`'s row lock until the transaction ends (PostgreSQL: other instances'
/// writes for this terminal wait; SQLite: the writer already holds the database's), so a
/// count and the insert it allows are one step. `false` when the terminal is not active.
async fn lock_terminal(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let locked = sqlx::query("UPDATE terminals SET active = active WHERE id = $1 AND active = 1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(locked.rows_affected() > 0)
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
    /// The name the device it pairs will have, unless it names itself.
    pub device_name: Option<&'a str>,
}

/// What asking for a code did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issue {
    Issued,
    /// The terminal already has `cap` unused codes.
    Full,
    /// The terminal is no longer configured, or the device asking was revoked.
    Refused,
}

/// Stores a new code, unless the terminal already holds `cap` unused ones (counted under
/// the terminal's lock, in this same write, so parallel requests cannot beat it) or the
/// device asking (`issued_by`) is no longer live; and forgets codes that ran out more than
/// a day ago.
pub async fn insert_pairing_code(
    conn: &mut AnyConnection,
    code: &NewPairingCode<'_>,
    cap: Option<i64>,
) -> Result<Issue, sqlx::Error> {
    if !lock_terminal(conn, code.terminal_id).await? {
        return Ok(Issue::Refused);
    }
    if let Some(device) = code.issued_by {
        if !device_live(conn, device).await? {
            return Ok(Issue::Refused);
        }
    }
    if let Some(cap) = cap {
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pairing_codes
             WHERE terminal_id = $1 AND used_at IS NULL AND cancelled_at IS NULL
               AND expires_at > $2",
        )
        .bind(code.terminal_id)
        .bind(code.created_at)
        .fetch_one(&mut *conn)
        .await?;
        if live >= cap {
            return Ok(Issue::Full);
        }
    }
    sqlx::query("DELETE FROM pairing_codes WHERE expires_at < $1")
        .bind(code.created_at - 86_400_000)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO pairing_codes
             (id, code_hash, terminal_id, issued_by, created_at, expires_at, device_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(code.id)
    .bind(code.code_hash)
    .bind(code.terminal_id)
    .bind(code.issued_by)
    .bind(code.created_at)
    .bind(code.expires_at)
    .bind(code.device_name)
    .execute(conn)
    .await?;
    Ok(Issue::Issued)
}

/// The device a pairing code creates.
pub struct NewDevice<'a> {
    pub id: &'a str,
    /// The name the device gave itself; without one, the code's, else `default_name`.
    pub name: Option<&'a str>,
    pub default_name: &'a str,
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
    /// The terminal already has its cap of live devices; the code stays unused.
    Full {
        cap: i64,
    },
}

/// Consumes the code `code_hash` and makes `device`, on a connection inside a transaction
/// (the writer's), as one step under the terminal's lock: the code must be live (unused,
/// unexpired, not cancelled, of a configured terminal, made by the console or a device
/// that is still live), and the terminal must have fewer than `max_devices` live devices.
/// The consuming UPDATE only matches a live code, so of two exchanges racing on one code
/// exactly one wins.
pub async fn exchange_pairing_code(
    conn: &mut AnyConnection,
    code_hash: &str,
    device: &NewDevice<'_>,
    now: i64,
    max_devices: i64,
) -> Result<Exchange, sqlx::Error> {
    type Found = (String, Option<i64>, i64, Option<i64>, Option<String>);
    let found: Option<Found> = sqlx::query_as(
        "SELECT terminal_id, used_at, expires_at, cancelled_at, device_name FROM pairing_codes
         WHERE code_hash = $1",
    )
    .bind(code_hash)
    .fetch_optional(&mut *conn)
    .await?;
    let (terminal_id, code_name) = match found {
        None | Some((_, None, _, Some(_), _)) => return Ok(Exchange::Unknown),
        Some((_, Some(_), _, _, _)) => return Ok(Exchange::Used),
        Some((_, None, expires_at, None, _)) if expires_at <= now => return Ok(Exchange::Expired),
        Some((terminal_id, None, _, None, code_name)) => (terminal_id, code_name),
    };
    let name = device
        .name
        .or(code_name.as_deref())
        .unwrap_or(device.default_name);
    // Unknown, or its terminal was removed from the configuration since.
    if !lock_terminal(conn, &terminal_id).await? {
        return Ok(Exchange::Unknown);
    }
    let devices: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM devices WHERE terminal_id = $1 AND revoked_at IS NULL",
    )
    .bind(&terminal_id)
    .fetch_one(&mut *conn)
    .await?;
    if devices >= max_devices {
        return Ok(Exchange::Full { cap: max_devices });
    }
    let consumed: Option<String> = sqlx::query_scalar(
        "UPDATE pairing_codes SET used_at = $1, device_id = $2
         WHERE code_hash = $3 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > $1
           AND (issued_by IS NULL OR issued_by IN (
               SELECT id FROM devices WHERE revoked_at IS NULL))
         RETURNING id",
    )
    .bind(now)
    .bind(device.id)
    .bind(code_hash)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(code_id) = consumed else {
        // Taken by a racing exchange, or its issuer was revoked.
        let used: Option<Option<i64>> =
            sqlx::query_scalar("SELECT used_at FROM pairing_codes WHERE code_hash = $1")
                .bind(code_hash)
                .fetch_optional(&mut *conn)
                .await?;
        return Ok(match used {
            Some(Some(_)) => Exchange::Used,
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
    .bind(name)
    .bind(device.token_hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Exchange::Paired { code_id, terminal })
}

/// A pairing code as listed (never the code itself: only its hash is stored).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PairingCodeRow {
    pub id: String,
    pub terminal_id: String,
    pub terminal_name: String,
    pub store: String,
    pub issued_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Unused, unexpired, uncancelled codes of `store` (all stores when `None`), oldest first.
pub async fn list_pairing_codes(
    db: &Db,
    store: Option<&str>,
    now: i64,
) -> Result<Vec<PairingCodeRow>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, c.terminal_id, t.name AS terminal_name, t.store, c.issued_by,
                c.created_at, c.expires_at
         FROM pairing_codes c JOIN terminals t ON t.id = c.terminal_id
         WHERE c.used_at IS NULL AND c.cancelled_at IS NULL AND c.expires_at > $1
           AND t.active = 1 {}
         ORDER BY t.store, t.name, c.created_at, c.id",
        if store.is_some() {
            "AND t.store = $2"
        } else {
            ""
        }
    );
    let query = sqlx::query_as(&sql).bind(now);
    match store {
        Some(store) => query.bind(store).fetch_all(db).await,
        None => query.fetch_all(db).await,
    }
}

/// Cancels code `id` (of `store`, when given) unless it was used already; `false` when
/// there is no such live code.
pub async fn cancel_pairing_code(
    conn: &mut AnyConnection,
    id: &str,
    store: Option<&str>,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE pairing_codes SET cancelled_at = $1
         WHERE id = $2 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > $1 {}",
        if store.is_some() {
            "AND terminal_id IN (SELECT id FROM terminals WHERE store = $3)"
        } else {
            ""
        }
    );
    let query = sqlx::query(&sql).bind(at).bind(id);
    let done = match store {
        Some(store) => query.bind(store).execute(conn).await?,
        None => query.execute(conn).await?,
    };
    Ok(done.rows_affected() > 0)
}

/// Unused, unexpired codes of a terminal.
pub async fn live_pairing_codes(db: &Db, terminal_id: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM pairing_codes
         WHERE terminal_id = $1 AND used_at IS NULL AND cancelled_at IS NULL
           AND expires_at > $2",
    )
    .bind(terminal_id)
    .bind(now)
    .fetch_one(db)
    .await
}
