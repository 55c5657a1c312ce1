//! At the counter: the store's settings (tips, time zone), the end-of-day report
//! (`GET /api/reports/daily`, JSON or CSV) and the customer's public receipt.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use axum::Router;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::Deserialize;
use wct_api::money::{parse_non_negative, MAX_PRECISION};
use wct_api::pos::{fiat_decimals, StoreSettings, StoreSettingsChange};
use wct_api::receipt::CreditNote;
use wct_api::report::{
    DailyReport, ReceiptBook, ReportBuilder, ReportHeader, ReportPayment, ReportRefund,
};
use wct_api::tips;
use wct_api::upstream::PaymentFields;
use wct_api::{FieldError, ValidationErrors};

use crate::devices::Auth;
use crate::devices::Caller;
use crate::http::error::{AppError, AppResult};
use crate::http::extract::{self, JSON_LIMIT};
use crate::store::{self, DayQuery};
use crate::AppState;

mod cache;
mod export;

pub use cache::SettingsCache;

/// The store's settings: the saved ones, else the defaults (tips off, the server's own time
/// zone: a shop's server usually stands in the shop, and a UTC day splits its evening).
pub async fn store_settings(state: &AppState, store: &str) -> AppResult<StoreSettings> {
    let ticket = match state.settings_cache.get(store) {
        Ok(settings) => return Ok(settings),
        Err(ticket) => ticket,
    };
    let settings = match store::store_settings_json(&state.db, store).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::Internal(format!("store settings: {e}")))?,
        None => StoreSettings {
            time_zone: local_zone_name(),
            ..StoreSettings::default()
        },
    };
    state.settings_cache.put(ticket, store, &settings);
    Ok(settings)
}

/// `GET /api/settings/store`.
pub async fn settings_show(
    State(state): State<AppState>,
    Auth(terminal): Auth,
) -> AppResult<Json<StoreSettings>> {
    Ok(Json(store_settings(&state, &terminal.store).await?))
}

/// `PUT /api/settings/store`: the manager PIN first (tips and the time zone move money and
/// the report's day), then every problem at once, by field; saved through the writer with a
/// record of who changed what.
pub async fn settings_update(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Json<StoreSettings>> {
    let body = body.map_err(|r| extract::body_error(r, JSON_LIMIT))?;
    let map = extract::parse_object(&headers, &body)?;
    // An app from before a setting existed does not send it: the saved one stays.
    let sent = |key: &str| map.contains_key(key);
    let (tax, receipt, currency, share) = (
        sent("tax"),
        sent("receipt"),
        sent("currency"),
        sent("max_discount_percent"),
    );
    let change: StoreSettingsChange = extract::decode(serde_json::Value::Object(map))?;
    if let Err(message) = wct_api::refund::check_pin(&change.pin) {
        return Err(AppError::Invalid {
            message,
            field: "pin".into(),
        });
    }
    state.check_manager_pin(&caller, &change.pin).await?;
    let terminal = caller.terminal.clone();
    let before = store_settings(&state, &terminal.store).await?;
    let mut settings = change.settings;
    if !tax {
        settings.tax = before.tax.clone();
    }
    if !receipt {
        settings.receipt = before.receipt.clone();
    }
    if !currency {
        settings.currency = before.currency.clone();
    }
    if !share {
        settings.max_discount_percent = before.max_discount_percent.clone();
    }
    settings.time_zone = settings.time_zone.trim().to_string();
    settings.country = settings
        .country
        .as_deref()
        .map(wct_api::country::normalize_country)
        .filter(|c| !c.is_empty());
    let mut errors = settings.tips.validate().err().unwrap_or_default();
    if let Some(country) = settings.country.as_deref() {
        if !wct_api::country::is_iso_alpha2(country) {
            errors.0.push(FieldError::new(
                "country",
                "Enter the shop's country as its two-letter code, like GB, DE or US.",
            ));
        }
    }
    errors.0.extend(settings.validate_sale_rules());
    settings.currency = settings.currency.trim().to_ascii_uppercase();
    if state.catalogue.settlement(&settings.currency).is_none() {
        errors.0.push(FieldError::new(
            "currency",
            "use one of the settlement currencies, like EUR or USD",
        ));
    }
    // Kept as our own tag (`pt-BR`, not `pt-br`); an unknown one is refused, not dropped.
    settings.language = settings
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    if let Some(tag) = settings.language.as_deref() {
        match wct_api::i18n::Lang::from_tag(tag).filter(|l| l.code().eq_ignore_ascii_case(tag)) {
            Some(lang) => settings.language = Some(lang.code().to_string()),
            None => errors.0.push(FieldError::new(
                "language",
                "Choose one of the languages offered, like en, de or pt-BR.",
            )),
        }
    }
    if TimeZone::get(&settings.time_zone).is_err() {
        errors.0.push(FieldError::new(
            "time_zone",
            "use a time zone name such as Europe/Berlin or America/New_York",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    settings.max_discount_percent = settings.discount_share().to_string();
    for rate in &mut settings.tax.rates {
        if let Ok(p) = wct_api::tax::parse_rate_percent(&rate.percent) {
            rate.percent = p.to_string();
        }
    }
    settings.tips.percentages = settings
        .tips
        .presets()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let what = settings_changed(&before, &settings);
    let json = serde_json::to_string(&settings).map_err(|e| AppError::Internal(e.to_string()))?;
    let change = store::SettingsChange {
        store: terminal.store.clone(),
        terminal_id: terminal.id.clone(),
        device_id: caller.device_id.clone(),
        changed_at: crate::util::now_ms(),
        what: what.clone(),
    };
    state
        .writer
        .run(move |conn| {
            Box::pin(async move {
                store::save_store_settings_json(conn, &change.store, &json).await?;
                store::record_settings_change(conn, &change).await
            })
        })
        .await?;
    state.settings_cache.forget(&terminal.store);
    tracing::info!(
        store = %terminal.store, terminal = %terminal.id,
        device = caller.device_id.as_deref().unwrap_or("-"), changed = %what,
        "store settings changed with the manager PIN"
    );
    Ok(Json(settings))
}

/// What a settings change changed, in words for the log and the record.
fn settings_changed(before: &StoreSettings, after: &StoreSettings) -> String {
    let mut what = Vec::new();
    if before.tips != after.tips {
        what.push(format!(
            "tips: {}",
            serde_json::to_string(&after.tips).unwrap_or_default()
        ));
    }
    if before.time_zone != after.time_zone {
        what.push(format!(
            "time zone: {} -> {}",
            before.time_zone, after.time_zone
        ));
    }
    if before.country != after.country {
        what.push(format!(
            "country: {} -> {}",
            before.country.as_deref().unwrap_or("none"),
            after.country.as_deref().unwrap_or("none")
        ));
    }
    fn json<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap_or_default()
    }
    if before.tax != after.tax {
        what.push(format!("tax: {}", json(&after.tax)));
    }
    if before.receipt != after.receipt {
        what.push(format!("receipt: {}", json(&after.receipt)));
    }
    if before.currency != after.currency {
        what.push(format!(
            "currency: {} -> {}",
            before.currency, after.currency
        ));
    }
    if before.max_discount_percent != after.max_discount_percent {
        what.push(format!(
            "discounts without PIN: {} % -> {} %",
            before.max_discount_percent, after.max_discount_percent
        ));
    }
    if before.language != after.language {
        what.push(format!(
            "language: {} -> {}",
            before.language.as_deref().unwrap_or("en"),
            after.language.as_deref().unwrap_or("en")
        ));
    }
    if what.is_empty() {
        "nothing".into()
    } else {
        what.join("; ")
    }
}

/// The proxy's check of a new payment's tip line (kind `tip`) against its store's tip
/// settings. A payment without one costs no lookup. (An item line named like a tip was already
/// refused by `validate_payment`.)
pub async fn check_tip(state: &AppState, store: &str, fields: &PaymentFields) -> AppResult<()> {
    if !fields.cart_items.iter().any(tips::is_tip_line) {
        return Ok(());
    }
    let settings = store_settings(state, store).await?;
    let decimals = fiat_decimals(Some(&state.catalogue), &fields.asset);
    tips::check_tip(fields, &settings.tips, decimals)
        .map_err(|e| AppError::Validation(ValidationErrors(vec![e])))
}

#[derive(Deserialize)]
pub struct DailyParams {
    date: Option<String>,
    terminal: Option<String>,
    format: Option<String>,
}

/// The server's own IANA zone (`TZ`, else `/etc/localtime`), the store's day until a manager
/// picks one.
pub fn local_zone_name() -> String {
    zone_name(&TimeZone::system())
}

/// The IANA name of `tz`, "UTC" for every alias of it (`Etc/UTC`, `Zulu`…) and for a zone
/// without a name this server can look up again.
fn zone_name(tz: &TimeZone) -> String {
    match tz.iana_name() {
        Some(name) if TimeZone::get(name).is_ok() => {
            let utc = matches!(
                name,
                "Etc/UTC" | "Etc/UCT" | "Etc/Universal" | "Etc/Zulu" | "UCT" | "Universal" | "Zulu"
            );
            if utc { "UTC" } else { name }.to_string()
        }
        _ => "UTC".into(),
    }
}

/// The store's zone; an unknown one (a zone database without it) falls back to UTC.
fn zone_of(settings: &StoreSettings) -> (TimeZone, String) {
    match TimeZone::get(&settings.time_zone) {
        Ok(tz) => (tz, settings.time_zone.clone()),
        Err(e) => {
            tracing::warn!(zone = %settings.time_zone, error = %e, "unknown store time zone; using UTC");
            (TimeZone::UTC, "UTC".into())
        }
    }
}

/// The first instant of `date` in `tz` and of the day after, Unix milliseconds (a day is 23
/// or 25 hours long when the clocks change).
pub fn day_window(tz: &TimeZone, date: Date) -> Result<(i64, i64), jiff::Error> {
    let start = date.to_zoned_datetime(tz.clone())?.start_of_day()?;
    let end = date
        .tomorrow()?
        .to_zoned_datetime(tz.clone())?
        .start_of_day()?;
    Ok((
        start.timestamp().as_millisecond(),
        end.timestamp().as_millisecond(),
    ))
}

fn rfc3339_ms(ms: i64) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn dec(text: &str) -> Decimal {
    parse_non_negative(text, MAX_PRECISION).unwrap_or_default()
}

/// Builds the report of `date` (default: today in the store's zone).
pub async fn daily_report(
    state: &AppState,
    store: &str,
    date: Option<&str>,
    terminal_id: Option<&str>,
) -> AppResult<DailyReport> {
    let settings = store_settings(state, store).await?;
    let (tz, zone) = zone_of(&settings);
    let date = match date {
        Some(text) => text
            .parse::<Date>()
            .map_err(|_| AppError::bad_request("use a date written YYYY-MM-DD", Some("date")))?,
        None => Timestamp::now().to_zoned_datetime(tz.clone()).date(),
    };
    let terminal = match terminal_id {
        Some(id) => Some(
            store::terminal_name_in_store(&state.db, store, id)
                .await?
                .ok_or_else(|| AppError::bad_request("unknown terminal", Some("terminal")))?,
        ),
        None => None,
    };
    let (from_ms, to_ms) = day_window(&tz, date)
        .map_err(|_| AppError::bad_request("that date is out of range", Some("date")))?;
    let query = DayQuery {
        store,
        terminal_id,
        from_ms,
        to_ms,
    };
    let mut builder = ReportBuilder::new();
    let mut book = ReceiptBook::default();
    for row in store::day_payments(&state.db, &query).await? {
        let view = state.view(&row);
        let decimals = fiat_decimals(Some(&state.catalogue), &view.asset);
        if let (Some(no), Some(doc)) = (row.receipt_no, &view.receipt) {
            book.add(no, doc, decimals);
        }
        let kept = view.is_kept();
        builder.add(
            &ReportPayment {
                state: view.state,
                amount: dec(&view.amount),
                tip: tips::tip_of(&view.cart_items, decimals),
                received: dec(&view.received),
                excess: dec(&view.excess),
                missing: dec(&view.missing),
                exchange_rate: view.exchange_rate.as_deref().map(dec),
                // Its refunds as the payment shows them, whenever they were made.
                refunds: view
                    .refunds
                    .iter()
                    .map(|r| ReportRefund {
                        state: r.state,
                        amount: dec(&r.amount),
                    })
                    .collect(),
                currency: view.asset,
                pay_asset: view.pay_asset,
                kept,
            },
            decimals,
        );
    }
    let mut report = builder.finish(
        &state.catalogue,
        ReportHeader {
            date: date.to_string(),
            time_zone: zone,
            from: rfc3339_ms(from_ms),
            to: rfc3339_ms(to_ms),
            store: store.to_string(),
            terminal,
            sandbox: state.sandbox_url.is_some(),
        },
    );
    book.finish(&mut report);
    report.credit_notes = credit_notes(state, &query).await?;
    Ok(report)
}

/// The credit notes issued in the window (of one terminal's sales, for a terminal's report).
async fn credit_notes(state: &AppState, q: &DayQuery<'_>) -> AppResult<Vec<CreditNote>> {
    let mut notes = Vec::new();
    for n in store::credit_notes_between(&state.db, q.store, q.from_ms, q.to_ms).await? {
        if let Some(terminal) = q.terminal_id {
            let of_terminal = store::payment(&state.db, &n.payment_id)
                .await?
                .is_some_and(|p| p.terminal_id == terminal);
            if !of_terminal {
                continue;
            }
        }
        notes.push(CreditNote {
            number: n.number_text,
            refund_id: n.refund_id,
            receipt_number: n.receipt_number,
            amount: n.amount,
            asset: n.asset,
            issued_at: rfc3339_ms(n.issued_at),
        });
    }
    Ok(notes)
}

/// Letters, digits, `-` and `_` of `text` (a file name from store and terminal names).
fn file_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// `GET /api/reports/daily?date=YYYY-MM-DD[&terminal=ID]&format=json|csv` (Bearer).
pub async fn reports_daily(
    State(state): State<AppState>,
    Auth(terminal): Auth,
    Query(params): Query<DailyParams>,
) -> AppResult<Response> {
    let date = params.date.as_deref().filter(|d| !d.is_empty());
    let terminal_id = params.terminal.as_deref().filter(|t| !t.is_empty());
    let csv = match params.format.as_deref().unwrap_or("json") {
        "json" | "" => false,
        "csv" => true,
        _ => {
            return Err(AppError::bad_request(
                "format is json or csv",
                Some("format"),
            ))
        }
    };
    let report = daily_report(&state, &terminal.store, date, terminal_id).await?;
    let no_store = (header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !csv {
        return Ok(([no_store], Json(report)).into_response());
    }
    let mut name = format!("wct-pos-{}-{}", file_part(&report.store), report.date);
    if let Some(t) = &report.terminal {
        name.push('-');
        name.push_str(&file_part(t));
    }
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            no_store,
        ],
        report.to_csv(),
    )
        .into_response())
}

/// The store's settings and the day report.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/settings/store",
            get(settings_show)
                .put(settings_update)
                .post(settings_update),
        )
        .route("/api/reports/daily", get(reports_daily))
        .route("/api/exports/sales", get(export::exports_sales))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_runs_from_local_midnight_to_local_midnight() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let (from, to) = day_window(&berlin, "2026-11-25".parse().unwrap()).unwrap();
        assert_eq!(rfc3339_ms(from), "2026-11-24T23:00:00Z");
        assert_eq!(rfc3339_ms(to), "2026-11-25T23:00:00Z");
        // The day the clocks go back has 25 hours.
        let (from, to) = day_window(&berlin, "2026-10-25".parse().unwrap()).unwrap();
        assert_eq!(to - from, 25 * 3_600_000);
        let (from, _) = day_window(&TimeZone::UTC, "2026-11-25".parse().unwrap()).unwrap();
        assert_eq!(rfc3339_ms(from), "2026-11-25T00:00:00Z");
    }

    #[test]
    fn the_default_day_is_the_servers_named_zone() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        assert_eq!(zone_name(&berlin), "Europe/Berlin");
        assert_eq!(zone_name(&TimeZone::get("Etc/UTC").unwrap()), "UTC");
        // A zone with no name (a fixed offset) cannot be picked again: UTC.
        let fixed = TimeZone::fixed(jiff::tz::offset(2));
        assert_eq!(zone_name(&fixed), "UTC");
        assert!(TimeZone::get(&local_zone_name()).is_ok());
    }

    #[test]
    fn file_names_keep_to_safe_characters() {
        assert_eq!(file_part("Till 1/\"x\""), "Till-1--x-");
    }
}
