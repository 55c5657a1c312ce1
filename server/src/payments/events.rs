//! Server-Sent Event streams. The events table is the truth: a stream first replays what the
//! client missed (`Last-Event-ID`), then forwards live events from the broadcast channel; a
//! lagging stream re-reads the table instead of losing events.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{stream, Stream, StreamExt};
use sqlx::postgres::PgListener;
use tokio::sync::broadcast::{self, error::RecvError};
use wct_api::pos::{SSE_EVENT, SSE_PING, SSE_RESYNC};

use crate::payments::state::Published;
use crate::store::{self, EventRow, EventScope};
use crate::AppState;

const KEEP_ALIVE: Duration = Duration::from_secs(15);
const PAGE: i64 = 200;
/// The relay re-reads the table this often even without a NOTIFY (a dropped listener
/// connection loses notifications, never events).
const RELAY_POLL: Duration = Duration::from_secs(2);

/// Who reads the stream: the terminal (full view) or the customer page (public view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Terminal,
    Public,
}

struct Cursor {
    state: AppState,
    scope: EventScope,
    audience: Audience,
    rx: broadcast::Receiver<Arc<Published>>,
    /// Last sequence number sent (or skipped as already known).
    last: i64,
    backlog: VecDeque<Event>,
    /// The table may hold events newer than `last` that were not sent yet.
    reread: bool,
}

/// A stream of `scope`'s events after `last` (when `None`: live only).
pub async fn stream(
    state: AppState,
    store: &str,
    scope: EventScope,
    audience: Audience,
    last: Option<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, sqlx::Error> {
    // Subscribe before reading the table, so nothing falls between the two.
    let rx = state.events.subscribe(store);
    let newest = store::max_seq(&state.db).await?;
    let mut backlog = VecDeque::new();
    let (last, reread) = match last {
        // An id from the future (another database, a reset, a forged header): resuming from
        // it would stay silent forever. Start from now and tell the client to refetch.
        Some(seq) if seq > newest => {
            backlog.push_back(Event::default().event(SSE_RESYNC).data("{}"));
            (newest, false)
        }
        Some(seq) => (seq, true),
        None => (newest, false),
    };
    let mut cursor = Cursor {
        state: state.clone(),
        scope,
        audience,
        rx,
        last,
        backlog,
        reread,
    };
    // A fresh per-payment stream starts with the payment's latest event, so the client
    // holds a current state and an id to resume from.
    if let (EventScope::Payment(id), false) = (&cursor.scope, cursor.reread) {
        if let Some(row) = store::latest_event(&state.db, id).await? {
            cursor.last = row.seq;
            if let Some(event) = cursor.render_row(&row) {
                cursor.backlog.push_back(event);
            }
        }
    }
    let events = stream::unfold(cursor, |mut c| async move {
        let event = c.next().await?;
        Some((Ok(event), c))
    })
    .take_until(state.shutdown.clone().cancelled_owned());
    // A named keep-alive: EventSource hides comments, and the app needs to see the stream is
    // alive to know when to fall back to polling.
    let ping = KeepAlive::new()
        .interval(KEEP_ALIVE)
        .event(Event::default().event(SSE_PING).data(""));
    Ok(Sse::new(events).keep_alive(ping))
}

impl Cursor {
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.backlog.pop_front() {
                return Some(event);
            }
            if self.reread {
                // Boxed: the query's future is large and rarely awaited, and held inline it
                // would make every open stream's state that large.
                let read = Box::pin(store::events_after(
                    &self.state.db,
                    &self.scope,
                    self.last,
                    PAGE,
                ));
                match read.await {
                    Ok(rows) => {
                        self.reread = rows.len() as i64 == PAGE;
                        for row in &rows {
                            self.last = row.seq;
                            if let Some(event) = self.render_row(row) {
                                self.backlog.push_back(event);
                            }
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "event stream cannot read the events table");
                        return None;
                    }
                }
                continue;
            }
            match self.rx.recv().await {
                Ok(p) => {
                    if p.seq > self.last && self.scope.matches(&p.payment_id, &p.store) {
                        self.last = p.seq;
                        return Some(self.frame(&p));
                    }
                }
                Err(RecvError::Lagged(_)) => self.reread = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// An event read back from the table (a resume or a lagging stream): rendered here.
    fn render_row(&self, row: &EventRow) -> Option<Event> {
        let published = Published::new(
            row.seq,
            &row.payment_id,
            &row.store,
            store::kind_of(&row.kind),
            &row.view_json,
            &self.state.merchant,
        );
        Some(self.frame(&published))
    }

    /// The event's frame for this stream's audience, as rendered once at publish.
    fn frame(&self, p: &Published) -> Event {
        let data = match self.audience {
            Audience::Terminal => p.terminal_data(),
            Audience::Public => p.public_data(),
        };
        Event::default()
            .event(SSE_EVENT)
            .id(p.seq.to_string())
            .data(&**data)
    }
}

/// Postgres: publishes every instance's committed events to this instance's live streams.
/// `NOTIFY` only says "look"; the rows come from the events table after `last`, in order
/// (inserts hold a cross-instance lock, so what is visible is always a gap-free prefix).
pub async fn relay(state: AppState, url: String, mut last: i64) {
    let mut listener: Option<PgListener> = None;
    loop {
        if listener.is_none() {
            listener = listen(&url).await;
        }
        let woke = tokio::select! {
            () = state.shutdown.cancelled() => return,
            r = async {
                match listener.as_mut() {
                    Some(l) => l.recv().await.map(|_| ()),
                    None => std::future::pending().await,
                }
            } => r,
            () = tokio::time::sleep(RELAY_POLL) => Ok(()),
        };
        if let Err(e) = woke {
            tracing::warn!(error = %e, "event relay lost its listener; reconnecting");
            listener = None;
        }
        loop {
            let rows = match store::all_events_after(&state.db, last, PAGE).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "event relay cannot read the events table");
                    break;
                }
            };
            for row in &rows {
                last = row.seq;
                state.events.send(Arc::new(Published::new(
                    row.seq,
                    &row.payment_id,
                    &row.store,
                    store::kind_of(&row.kind),
                    &row.view_json,
                    &state.merchant,
                )));
            }
            if (rows.len() as i64) < PAGE {
                break;
            }
        }
    }
}

async fn listen(url: &str) -> Option<PgListener> {
    let result = async {
        let mut l = PgListener::connect(url).await?;
        l.listen(store::EVENTS_CHANNEL).await?;
        Ok::<_, sqlx::Error>(l)
    }
    .await;
    match result {
        Ok(l) => Some(l),
        Err(e) => {
            tracing::warn!(error = %e, "event relay cannot LISTEN; polling the events table");
            None
        }
    }
}
