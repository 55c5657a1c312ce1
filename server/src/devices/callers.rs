//! Who a token names: a paired device (its terminal) or a configured terminal.

#[allow(unused_imports)]
use super::*;

/// Who is calling: a terminal, and the paired device when the token is a device's (a token
/// from `WCT_POS_TERMINALS` has none).
#[derive(Debug, Clone)]
pub struct Caller {
    pub terminal: Terminal,
    pub device_id: Option<String>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let token = extract::bearer(parts).map(str::to_string);
        auth::throttled_caller(parts, state, token.as_deref()).await
    }
}

/// The configured terminals by the SHA-256 of their token. Terminals change only at start
/// (from `WCT_POS_TERMINALS` or the stored ones), so this map never goes stale within a
/// process, and a request with a terminal token costs no database read.
pub struct TerminalTokens(HashMap<String, Terminal>);

impl TerminalTokens {
    pub fn new(terminals: &[Terminal]) -> Self {
        Self(
            terminals
                .iter()
                .map(|t| (token_hash(&t.token), t.clone()))
                .collect(),
        )
    }

    pub(crate) fn by_hash(&self, hash: &str) -> Option<&Terminal> {
        self.0
            .get_key_value(hash)
            .filter(|(known, _)| bool::from(known.as_bytes().ct_eq(hash.as_bytes())))
            .map(|(_, terminal)| terminal)
    }
}

/// The caller `token` authenticates, if any: a configured terminal's token from memory, or a
/// device token looked up by its hash (read from the database every time, so a revocation
/// counts at the next request, on every instance), the hashes compared in constant time.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Option<Caller>, sqlx::Error> {
    let hash = token_hash(token);
    if let Some(terminal) = state.terminal_tokens.by_hash(&hash) {
        return Ok(Some(Caller {
            terminal: terminal.clone(),
            device_id: None,
        }));
    }
    // Only a token of a device's shape is worth a database read.
    if !is_device_token_shaped(token) {
        return Ok(None);
    }
    let Some(row) = store::device_by_token_hash(&state.db, &hash).await? else {
        return Ok(None);
    };
    if !bool::from(row.token_hash.as_bytes().ct_eq(hash.as_bytes())) {
        return Ok(None);
    }
    let now = now_ms();
    if row
        .last_seen_at
        .is_none_or(|seen| now.saturating_sub(seen) >= LAST_SEEN_EVERY_MS)
    {
        // Off the request's path: the request does not wait for the writer's commit.
        let (writer, id) = (state.writer.clone(), row.device_id.clone());
        tokio::spawn(async move {
            let touched = writer
                .run(move |conn| Box::pin(async move { store::touch_device(conn, &id, now).await }))
                .await;
            if let Err(e) = touched {
                tracing::warn!(error = %e, "cannot note when a device was last seen");
            }
        });
    }
    Ok(Some(Caller {
        terminal: Terminal {
            id: row.terminal_id,
            name: row.terminal_name,
            token: String::new(),
            store: row.store,
            device_id: Some(row.device_id.clone()),
        },
        device_id: Some(row.device_id),
    }))
}
