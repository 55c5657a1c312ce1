//! The terminals a start serves: the configured ones (`WCT_POS_TERMINALS`), else the stored
//! ones; a first start with none creates "Counter 1".

use crate::config::TerminalSpec;
use crate::store::{self, Db};

/// Terminals from the configuration, or the ones stored; a first start with none creates
/// "Counter 1".
pub async fn prepare_terminals(
    db: &Db,
    specs: &[TerminalSpec],
) -> Result<Vec<store::Terminal>, sqlx::Error> {
    if !specs.is_empty() {
        store::sync_terminals(db, specs).await?;
    } else if store::active_terminals(db).await?.is_empty() {
        store::create_terminal(db, "Counter 1").await?;
        tracing::info!("created terminal \"Counter 1\"");
    }
    store::active_terminals(db).await
}
