//! Server-Sent Event streams. The events table is the truth: a stream first replays what the
//! client missed (`Last-Event-ID`), then forwards live events from the broadcast channel; a
//! lagging stream re-reads the table instead of losing events.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{stream, Stream, StreamExt};
use tokio::sync::broadcast::{self, error::RecvError};
use wct_api::pos::{PaymentEvent, PaymentView, PublicPaymentEvent, PublicPaymentView, SSE_EVENT};

use crate::state::{AppState, Published};
use crate::store::{self, EventRow, EventScope};

const KEEP_ALIVE: Duration = Duration::from_secs(15);
const PAGE: i64 = 200;

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
    scope: EventScope,
    audience: Audience,
    last: Option<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, sqlx::Error> {
    // Subscribe before reading the table, so nothing falls between the two.
    let rx = state.events.subscribe();
    let (last, reread) = match last {
        Some(seq) => (seq, true),
        None => (store::max_seq(&state.db).await?, false),
    };
    let mut cursor = Cursor {
        state: state.clone(),
        scope,
        audience,
        rx,
        last,
        backlog: VecDeque::new(),
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
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

impl Cursor {
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.backlog.pop_front() {
                return Some(event);
            }
            if self.reread {
                match store::events_after(&self.state.db, &self.scope, self.last, PAGE).await {
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
                    if p.seq > self.last && self.scope.matches(&p.payment_id, &p.terminal_id) {
                        self.last = p.seq;
                        return Some(self.render(p.seq, p.kind, &p.view));
                    }
                }
                Err(RecvError::Lagged(_)) => self.reread = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }

    fn render_row(&self, row: &EventRow) -> Option<Event> {
        let view: PaymentView = serde_json::from_str(&row.view_json).ok()?;
        Some(self.render(row.seq, store::kind_of(&row.kind), &view))
    }

    fn render(&self, seq: i64, kind: wct_api::pos::EventKind, view: &PaymentView) -> Event {
        let seq_u = u64::try_from(seq).unwrap_or(0);
        let data = match self.audience {
            Audience::Terminal => serde_json::to_string(&PaymentEvent {
                seq: seq_u,
                kind,
                payment: view.clone(),
            }),
            Audience::Public => serde_json::to_string(&PublicPaymentEvent {
                seq: seq_u,
                kind,
                payment: PublicPaymentView::from_view(view, &self.state.merchant),
            }),
        }
        .unwrap_or_default();
        Event::default()
            .event(SSE_EVENT)
            .id(seq.to_string())
            .data(data)
    }
}
