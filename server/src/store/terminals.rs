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

pub(super) async fn insert_terminal(
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
