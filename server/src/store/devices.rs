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
