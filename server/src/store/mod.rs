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
pub use crate::config::is_postgres_url;

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

/// The file a SQLite URL names (`None` for PostgreSQL and memory databases).
pub(crate) fn sqlite_file(url: &str) -> Option<&std::path::Path> {
    if is_postgres_url(url) || is_memory(url) {
        return None;
    }
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    (!path.is_empty()).then(|| std::path::Path::new(path))
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
    if let Some(dir) = sqlite_file(url).and_then(std::path::Path::parent) {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    let mut url = url.to_string();
    if !memory && !url.contains("mode=") {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("mode=rwc");
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
            conn.execute(writer::SQLITE_PRAGMAS).await?;
            if !memory {
                conn.execute(writer::SQLITE_FILE_PRAGMAS).await?;
            }
            Ok(())
        })
    })
    .acquire_timeout(Duration::from_secs(30))
    // No ping before every acquire: a local file cannot hang up, and the ping is a round trip
    // to sqlx's SQLite thread on every read and every commit (twice in a create's path).
    .test_before_acquire(false)
    .connect_with(options)
    .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

mod settings;
pub use settings::*;
pub mod tx;
pub use tx::{Stmt, Tx};
mod terminals;
pub mod writer;
pub use terminals::*;
mod payments;
pub use payments::*;
mod events;
pub use events::*;
mod logs;
pub use logs::*;
mod purge;
pub use purge::*;
mod devices;
pub use devices::*;
mod refunds;
pub use refunds::*;
mod reports;
pub use reports::*;
mod products;
pub use products::*;
mod receipts;
pub use receipts::*;
