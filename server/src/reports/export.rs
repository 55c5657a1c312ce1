//! `GET /api/exports/sales?from=YYYY-MM-DD&to=YYYY-MM-DD&format=csv|json` (Bearer): one row
//! per sale line of every receipt of the store's sales created in the range (the days of the
//! Z-reports, in the store's zone), then one per credit note issued in it. Streamed from the
//! database through a small channel: a year of sales is never in memory at once, and a client
//! that goes away stops the query.

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use jiff::civil::Date;
use serde::Deserialize;
use tokio::sync::mpsc;
use wct_api::export::{self, ExportRow};
use wct_api::pos::fiat_decimals;
use wct_api::receipt::ReceiptDoc;

use crate::devices::Auth;
use crate::http::error::{AppError, AppResult};
use crate::store;
use crate::AppState;

/// Bytes gathered before a chunk is sent (few, large writes; bounded memory).
const CHUNK: usize = 32 * 1024;
/// Chunks the channel holds: the query waits while the client reads.
const CHANNEL: usize = 4;

#[derive(Deserialize)]
pub struct ExportParams {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// The chunks of one export, written to the channel.
struct Writer {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: String,
    format: Format,
    first: bool,
}

impl Writer {
    /// False once the client is gone.
    async fn push(&mut self, row: &ExportRow) -> bool {
        match self.format {
            Format::Csv => self.buf.push_str(&export::csv_line(row)),
            Format::Json => {
                if !self.first {
                    self.buf.push(',');
                }
                self.buf
                    .push_str(&serde_json::to_string(row).unwrap_or_default());
            }
        }
        self.first = false;
        if self.buf.len() >= CHUNK {
            return self.flush().await;
        }
        true
    }

    async fn flush(&mut self) -> bool {
        let chunk = std::mem::take(&mut self.buf);
        chunk.is_empty() || self.tx.send(Ok(Bytes::from(chunk))).await.is_ok()
    }

    async fn fail(&mut self, e: sqlx::Error) {
        tracing::error!(error = %e, "sales export failed part-way; the download is cut off");
        let _ = self.tx.send(Err(std::io::Error::other(e))).await;
    }
}

fn doc_of(json: Option<&str>) -> Option<ReceiptDoc> {
    serde_json::from_str(json?).ok()
}

async fn run(state: AppState, store_name: String, from_ms: i64, to_ms: i64, mut w: Writer) {
    w.buf.push_str(match w.format {
        Format::Csv => "",
        Format::Json => "[",
    });
    if w.format == Format::Csv {
        w.buf.push_str(&export::csv_header());
    }
    let mut receipts = store::export_receipts(&state.db, &store_name, from_ms, to_ms);
    while let Some(row) = receipts.next().await {
        let row = match row {
            Ok(row) => row,
            Err(e) => return w.fail(e).await,
        };
        let Some(doc) = doc_of(row.receipt_json.as_deref()) else {
            tracing::warn!(
                receipt = row.receipt_no,
                "receipt unreadable; left out of the export"
            );
            continue;
        };
        let decimals = fiat_decimals(Some(&state.catalogue), &doc.currency);
        let code = row.payment_code.unwrap_or_default();
        for line in export::receipt_rows(&doc, &code, decimals) {
            if !w.push(&line).await {
                return;
            }
        }
    }
    drop(receipts);
    let mut notes = store::export_credit_notes(&state.db, &store_name, from_ms, to_ms);
    while let Some(row) = notes.next().await {
        let row = match row {
            Ok(row) => row,
            Err(e) => return w.fail(e).await,
        };
        let Some(doc) = doc_of(row.receipt_json.as_deref()) else {
            continue;
        };
        let code = row.payment_code.unwrap_or_default();
        if let Some(note) = doc
            .credit_notes
            .iter()
            .find(|c| c.refund_id == row.refund_id)
        {
            if !w.push(&export::credit_note_row(note, &doc, &code)).await {
                return;
            }
        } else {
            tracing::warn!(
                credit_note = row.number,
                "credit note missing on its receipt"
            );
        }
    }
    if w.format == Format::Json {
        w.buf.push(']');
    }
    w.flush().await;
}

/// `GET /api/exports/sales`.
pub async fn exports_sales(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Query(params): Query<ExportParams>,
) -> AppResult<Response> {
    let format = match params.format.as_deref().unwrap_or("csv") {
        "csv" | "" => Format::Csv,
        "json" => Format::Json,
        _ => {
            return Err(AppError::bad_request(
                "format is csv or json",
                Some("format"),
            ))
        }
    };
    let (from, to) = export::check_range(
        params.from.as_deref().unwrap_or(""),
        params.to.as_deref().unwrap_or(""),
    )
    .map_err(|e| AppError::bad_request(e.to_string(), Some(e.field())))?;
    let settings = super::store_settings(&state, &terminal.store).await?;
    let (tz, _) = super::zone_of(&settings);
    let day = |d: time::Date| d.to_string().parse::<Date>();
    let window = |d: time::Date| day(d).ok().and_then(|d| super::day_window(&tz, d).ok());
    let (Some((from_ms, _)), Some((_, to_ms))) = (window(from), window(to)) else {
        return Err(AppError::bad_request(
            "that range is out of the calendar",
            Some("from"),
        ));
    };
    let (tx, rx) = mpsc::channel(CHANNEL);
    let writer = Writer {
        tx,
        buf: String::new(),
        format,
        first: true,
    };
    tokio::spawn(run(
        state.clone(),
        terminal.store.clone(),
        from_ms,
        to_ms,
        writer,
    ));
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    let name = format!("wct-pos-sales-{from}-{to}.{ext}");
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx)),
    )
        .into_response())
}
