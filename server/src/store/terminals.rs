//! Terminals: the configured tills and their stores.

#[allow(unused_imports)]
use super::*;

#[derive(Clone, sqlx::FromRow)]
pub struct Terminal {
    pub id: String,
    pub name: String,
    pub token: String,
    /// The store the terminal belongs to: it sees that store's payments and events only.
    pub store: String,
    /// The paired device making the request, when it is one (never stored with the
    /// terminal): writes check it is still live in the transaction where they take effect.
    #[sqlx(default)]
    pub device_id: Option<String>,
}

impl std::fmt::Debug for Terminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Terminal({}, {}/{:?})", self.id, self.store, self.name)
    }
}

/// Makes exactly the configured terminals active. A terminal is its identity, `store/name`:
/// its token is a credential it holds, so a new token keeps its id (its payments, devices and
/// codes), while a token moved to another identity takes nothing along (the terminal it
/// leaves gives it up). A terminal no longer configured loses its devices and unused codes
/// for good. Instances starting together on one database serialise on the terminals' rows.
pub async fn sync_terminals(
    db: &Db,
    specs: &[crate::config::TerminalSpec],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE terminals SET active = 0")
        .execute(&mut *tx)
        .await?;
    for spec in specs {
        let known: Option<String> = sqlx::query_scalar(
            "SELECT id FROM terminals WHERE store = $1 AND name = $2
             ORDER BY created_at, id LIMIT 1",
        )
        .bind(&spec.store)
        .bind(&spec.name)
        .fetch_optional(&mut *tx)
        .await?;
        // Another identity holding this token gives it up (it is inactive now anyway).
        sqlx::query(
            "UPDATE terminals SET token = $1 || id
             WHERE token = $2 AND NOT (store = $3 AND name = $4)",
        )
        .bind(RETIRED_TOKEN_PREFIX)
        .bind(&spec.token)
        .bind(&spec.store)
        .bind(&spec.name)
        .execute(&mut *tx)
        .await?;
        match known {
            Some(id) => {
                sqlx::query("UPDATE terminals SET token = $1, active = 1 WHERE id = $2")
                    .bind(&spec.token)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => insert_terminal(&mut tx, &spec.store, &spec.name, &spec.token).await?,
        }
    }
    let now = now_ms();
    sqlx::query(
        "UPDATE devices SET revoked_at = $1
         WHERE revoked_at IS NULL AND terminal_id IN (SELECT id FROM terminals WHERE active = 0)",
    )
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE pairing_codes SET cancelled_at = $1
         WHERE used_at IS NULL AND cancelled_at IS NULL
           AND terminal_id IN (SELECT id FROM terminals WHERE active = 0)",
    )
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// What a token given up by a terminal becomes (unique, and never a valid token: `:` is
/// outside the token alphabet).
const RETIRED_TOKEN_PREFIX: &str = "retired:";

pub(super) async fn insert_terminal(
    tx: &mut Transaction<'_, Any>,
    store: &str,
    name: &str,
    token: &str,
) -> Result<(), sqlx::Error> {
    // Instances starting together on one database: the second insert of a token takes the
    // first one's row.
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
