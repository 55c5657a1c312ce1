//! Reports: the end-of-day close-out of this terminal or the whole store, for a day in the
//! store's time zone (the server knows the zone; the app never carries a zone database).
//! Totals on screen, the same as CSV, and a Z-report that prints on 58/80 mm paper.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wct_api::report::{Bucket, DailyReport};

use crate::api::{use_api, ApiError};
use crate::browser::print;
use crate::components::TestMark;
use crate::i18n::{print_lang, t, ta, tp, Arg};
use crate::locale::Locale;
use crate::session::{use_prefs, use_session};

/// Saves `text` as a file through a temporary object URL and a download link.
fn save_file(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    // Empty: today in the store's zone, as the server reckons it.
    let date = RwSignal::new(String::new());
    let whole_store = RwSignal::new(false);
    let terminal_id =
        Memo::new(move |_| session.terminal.with(|t| t.as_ref().map(|t| t.id.clone())));
    let report = LocalResource::new(move || {
        let (date, store, terminal) = (date.get(), whole_store.get(), terminal_id.get());
        async move {
            let date = Some(date.as_str()).filter(|d| !d.is_empty());
            let terminal = if store { None } else { terminal.as_deref() };
            api.daily_report(date, terminal).await
        }
    });
    // The first answer names today's date in the store's zone: the picker shows it.
    Effect::new(move |_| {
        if let Some(Ok(r)) = report.get() {
            if date.get_untracked().is_empty() {
                date.set(r.date.clone());
            }
        }
    });
    let download_error = RwSignal::new(None::<String>);
    let download = Action::new_local(move |_: &()| async move {
        let day = date.get_untracked();
        let terminal = (!whole_store.get_untracked())
            .then(|| terminal_id.get_untracked())
            .flatten();
        let result: Result<(), String> = match api.daily_report_csv(&day, terminal.as_deref()).await
        {
            Ok(text) => save_file(&format!("wct-pos-report-{day}.csv"), &text)
                .map_err(|_| t("reports-save-failed")),
            Err(e) => Err(e.to_string()),
        };
        download_error.set(result.err());
    });
    let shown = move || {
        Suspend::new(async move {
            let r = report.await?;
            Ok::<_, ApiError>(view! { <ReportView report=r/> })
        })
    };
    let failed = |errors: ArcRwSignal<Errors>| {
        view! { <p class="form-error" role="alert">{crate::pages::payment::first_error(errors)}</p> }
    };
    view! {
        <section class="page reports" data-testid="reports-page">
            <h1 class="no-print">{t("reports-title")}</h1>
            <div class="card report-controls no-print">
                <label for="report-date">{t("reports-day")}</label>
                <input id="report-date" type="date" data-testid="report-date"
                    prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
                <div class="segmented" role="group" aria-label=t("reports-scope")>
                    <button type="button" data-testid="scope-terminal"
                        aria-pressed=move || if whole_store.get() { "false" } else { "true" }
                        on:click=move |_| whole_store.set(false)>{t("reports-this-terminal")}</button>
                    <button type="button" data-testid="scope-store"
                        aria-pressed=move || if whole_store.get() { "true" } else { "false" }
                        on:click=move |_| whole_store.set(true)>{t("reports-whole-store")}</button>
                </div>
                <div class="report-buttons">
                    <button type="button" class="btn btn-secondary" data-testid="report-csv"
                        disabled=move || date.get().is_empty() || download.pending().get()
                        on:click=move |_| { download.dispatch_local(()); }>{t("reports-csv")}</button>
                    <button type="button" class="btn btn-primary" data-testid="report-print"
                        on:click=|_| print::print()>{t("reports-print")}</button>
                </div>
                {move || download_error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="report-error">{e}</p> })}
            </div>
            <Transition fallback=|| view! { <div class="card center loading" aria-busy="true">{t("reports-loading")}</div> }>
                <ErrorBoundary fallback=failed>{shown}</ErrorBoundary>
            </Transition>
        </section>
    }
}

/// One table row: a heading cell, then right-aligned cells; one code path for every table
/// of the screen (each distinct `view!` costs its own code in the wasm).
struct Row {
    testid: String,
    head: String,
    cells: Vec<String>,
    /// A small second line under the last cell (the excess or what is missing).
    note: Option<String>,
}

fn table(
    testid: &'static str,
    caption: String,
    headers: Vec<String>,
    rows: Vec<Row>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|row| {
            let last = row.cells.len().saturating_sub(1);
            let note = row.note;
            let cells = row
                .cells
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    let note = (i == last).then(|| note.clone()).flatten();
                    // On the phone each cell is a row of its own, named by its column.
                    let label = headers.get(i + 1).cloned().unwrap_or_default();
                    view! {
                        <td class="num mono" data-label=label><span class="cell">{text}
                            {note.map(|n| view! { <br/><span class="muted small">{n}</span> })}
                        </span></td>
                    }
                })
                .collect_view();
            view! { <tr data-testid=row.testid><th scope="row">{row.head}</th>{cells}</tr> }
        })
        .collect_view();
    let (first, rest) = headers
        .split_first()
        .map_or((String::new(), Vec::new()), |(f, r)| {
            (f.clone(), r.to_vec())
        });
    view! {
        <div class="card table-card">
            <table class="report-table" data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{first}</th>
                    {rest.into_iter().map(|h| view! { <th scope="col" class="num">{h}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Column headings by message id.
fn words(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| t(id)).collect()
}

/// Whether a decimal string is not zero (a digit other than 0 in it).
fn dec_nonzero(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'1'..=b'9'))
}

/// One line of the Z-report: a label and an amount.
fn z_line(label: String, value: String, total: bool) -> impl IntoView {
    view! { <tr class:total=total><td>{label}</td><td class="num mono">{value}</td></tr> }
}

/// What a line of the "By state" table is worth in the settlement currency: the sale, except
/// on the underpaid line, where it is what is still owed.
fn line_amount(l: &wct_api::report::ReportLine) -> &str {
    if l.bucket == Bucket::Underpaid {
        &l.due
    } else {
        &l.amount
    }
}

#[component]
fn ReportView(report: DailyReport) -> impl IntoView {
    let prefs = use_prefs();
    let session = use_session();
    let locale = prefs.locale.get_untracked();
    // The Z-report is printed in the store's language; the screen's tables in the till's.
    let print_locale = Locale(print_lang());
    let merchant = session
        .terminal
        .with_untracked(|t| t.as_ref().map(|t| t.merchant.clone()))
        .unwrap_or_default();
    let printed = crate::hooks::use_clock().now.get_untracked();
    let r = report;
    let scope = r
        .terminal
        .clone()
        .unwrap_or_else(|| t("reports-whole-store"));
    let print_scope = r
        .terminal
        .clone()
        .unwrap_or_else(|| tp("reports-whole-store", &[]));
    let fmt = move |text: &str| {
        let places = text.split_once('.').map_or(0, |(_, f)| f.len()) as u32;
        locale.format_str(text, places)
    };
    let with = |amount: &str, unit: &str| format!("{} {unit}", fmt(amount));
    let pfmt = move |text: &str| {
        let places = text.split_once('.').map_or(0, |(_, f)| f.len()) as u32;
        print_locale.format_str(text, places)
    };
    let pwith = |amount: &str, unit: &str| format!("{} {unit}", pfmt(amount));
    let empty = r.lines.is_empty();
    let currency_rows = r
        .currencies
        .iter()
        .map(|c| Row {
            testid: format!("total-{}", c.currency),
            head: c.currency.clone(),
            // Part payments are not taken: what they still owe has its own column.
            cells: vec![
                c.taken_count.to_string(),
                fmt(&c.taken),
                fmt(&c.tips),
                fmt(&c.due),
            ],
            note: None,
        })
        .collect();
    let bucket_rows = r
        .lines
        .iter()
        .map(|l| Row {
            testid: format!("line-{}", l.bucket.as_str()),
            head: t(&format!("bucket-{}", l.bucket.as_str())),
            cells: vec![
                l.count.to_string(),
                with(line_amount(l), &l.currency),
                with(&l.received, &l.pay_asset),
            ],
            note: {
                let state_note = match l.bucket {
                    Bucket::Overpaid => Some(ta(
                        "reports-note-excess",
                        &[("amount", Arg::Text(&with(&l.excess, &l.pay_asset)))],
                    )),
                    Bucket::Underpaid => Some(ta(
                        "reports-note-missing",
                        &[
                            ("missing", Arg::Text(&with(&l.outstanding, &l.pay_asset))),
                            ("sale", Arg::Text(&with(&l.amount, &l.currency))),
                        ],
                    )),
                    _ => None,
                };
                let refunded = dec_nonzero(&l.refunded);
                let refund_note = refunded.then(|| {
                    ta(
                        "reports-note-refunded",
                        &[("amount", Arg::Text(&with(&l.refunded, &l.pay_asset)))],
                    )
                });
                match (state_note, refund_note) {
                    (Some(a), Some(b)) => Some(format!("{a} · {b}")),
                    (a, b) => a.or(b),
                }
            },
        })
        .collect();
    let asset_rows = r
        .pay_assets
        .iter()
        .map(|a| Row {
            testid: format!("asset-{}", a.pay_asset),
            head: a.pay_asset.clone(),
            cells: vec![
                a.count.to_string(),
                fmt(&a.received),
                fmt(&a.refunded),
                fmt(&a.kept),
            ],
            note: None,
        })
        .collect();
    let untaxed = |name: &str, f: fn(&str) -> String| {
        if name.is_empty() {
            f("tax-untaxed")
        } else {
            name.to_string()
        }
    };
    let tax_rows = r
        .tax
        .iter()
        .enumerate()
        .map(|(i, x)| Row {
            testid: format!("tax-{i}"),
            head: format!("{} ({})", untaxed(&x.name, t), x.currency),
            cells: vec![
                x.count.to_string(),
                fmt(&x.discount),
                fmt(&x.net),
                fmt(&x.tax),
                fmt(&x.gross),
            ],
            note: None,
        })
        .collect();
    let has_receipts = r.first_receipt.is_some() || !r.credit_notes.is_empty();
    let receipt_rows = r
        .first_receipt
        .iter()
        .map(|n| ("first", t("reports-first-receipt"), n.clone()))
        .chain(
            r.last_receipt
                .iter()
                .map(|n| ("last", t("reports-last-receipt"), n.clone())),
        )
        .map(|(id, head, number)| Row {
            testid: format!("receipt-{id}"),
            head,
            cells: vec![number],
            note: None,
        })
        .chain(r.credit_notes.iter().map(|n| Row {
            testid: format!("credit-note-{}", n.number),
            head: ta(
                "receipt-credit-note",
                &[
                    ("number", Arg::Text(&n.number)),
                    ("receipt", Arg::Text(&n.receipt_number)),
                ],
            ),
            cells: vec![format!("−{}", with(&n.amount, &n.asset))],
            note: None,
        }))
        .collect();
    // The Z-report: the same figures, one narrow column for thermal paper.
    let mut z: Vec<(String, String, bool)> = Vec::new();
    for l in &r.lines {
        if l.bucket == Bucket::Underpaid {
            // What is owed, not the whole sale; the coins already in are on the next line.
            z.push((
                tp(
                    "z-underpaid",
                    &[(
                        "count",
                        Arg::Count(i64::try_from(l.count).unwrap_or(i64::MAX)),
                    )],
                ),
                pwith(&l.due, &l.currency),
                false,
            ));
            z.push((
                format!("  {}", tp("z-part-paid", &[])),
                pwith(&l.received, &l.pay_asset),
                false,
            ));
        } else {
            z.push((
                format!(
                    "{} × {}",
                    tp(&format!("bucket-{}", l.bucket.as_str()), &[]),
                    l.count
                ),
                pwith(&l.amount, &l.currency),
                false,
            ));
        }
    }
    for c in &r.currencies {
        z.push((
            tp(
                "z-taken",
                &[(
                    "count",
                    Arg::Count(i64::try_from(c.taken_count).unwrap_or(i64::MAX)),
                )],
            ),
            pwith(&c.taken, &c.currency),
            true,
        ));
        z.push((
            format!("  {}", tp("z-tips", &[])),
            pwith(&c.tips, &c.currency),
            false,
        ));
    }
    for a in &r.pay_assets {
        let asset = [("asset", Arg::Text(&a.pay_asset))];
        z.push((tp("z-asset-received", &asset), pfmt(&a.received), false));
        z.push((tp("z-asset-refunded", &asset), pfmt(&a.refunded), false));
        z.push((tp("z-asset-kept", &asset), pfmt(&a.kept), true));
    }
    for x in &r.tax {
        let name = untaxed(&x.name, |k| tp(k, &[]));
        z.push((format!("{name} ({})", x.currency), String::new(), true));
        for (key, value) in [
            ("tax-discount", &x.discount),
            ("tax-net", &x.net),
            ("tax-tax", &x.tax),
            ("tax-gross", &x.gross),
        ] {
            z.push((format!("  {}", tp(key, &[])), pfmt(value), false));
        }
    }
    if let (Some(first), Some(last)) = (&r.first_receipt, &r.last_receipt) {
        z.push((tp("reports-first-receipt", &[]), first.clone(), false));
        z.push((tp("reports-last-receipt", &[]), last.clone(), false));
    }
    for n in &r.credit_notes {
        let label = tp(
            "receipt-credit-note",
            &[
                ("number", Arg::Text(&n.number)),
                ("receipt", Arg::Text(&n.receipt_number)),
            ],
        );
        z.push((label, format!("−{}", pwith(&n.amount, &n.asset)), false));
    }
    let z = z
        .into_iter()
        .map(|(label, value, total)| z_line(label, value, total))
        .collect_view();
    // The report's own flag; the terminal's as well, for a server too old to send it.
    let sandbox = r.sandbox || session.is_sandbox();
    view! {
        <div class="report-grid">
            <div class="no-print report-screen">
                {sandbox.then(|| view! { <TestMark/> })}
                <p class="muted" data-testid="report-scope">
                    {format!("{scope} · {} ({})", r.date, r.time_zone)}
                </p>
                {empty.then(|| view! {
                    <div class="card center"><p class="muted" data-testid="report-empty">{t("reports-empty")}</p></div>
                })}
                {(!empty).then(|| view! {
                    {table("report-totals", t("reports-totals"), words(&["reports-col-currency", "reports-col-sales", "reports-col-taken", "reports-col-tips", "reports-col-due"]), currency_rows)}
                    {table("report-lines", t("reports-lines"), words(&["reports-col-state", "reports-col-count", "receipt-amount", "received"]), bucket_rows)}
                    {table("report-assets", t("reports-assets"), words(&["reports-col-asset", "reports-col-count", "received", "refund-state-refunded", "reports-col-kept"]), asset_rows)}
                })}
                {(!r.tax.is_empty()).then(|| table("report-tax", t("reports-tax"), words(&["tax-rate", "reports-col-receipts", "tax-discount", "tax-net", "tax-tax", "tax-gross"]), tax_rows))}
                {has_receipts.then(|| table("report-receipts", t("reports-receipts"), words(&["reports-col-document", "receipt-number"]), receipt_rows))}
            </div>
            <article class="receipt z-report" data-testid="z-report" aria-label=tp("z-report", &[])>
                {sandbox.then(|| view! { <TestMark/> })}
                <header>
                    <h2>{merchant}</h2>
                    <p class="small">{tp("z-report", &[])} " · " {print_scope}</p>
                    <p class="small">{format!("{} ({})", r.date, r.time_zone)}</p>
                </header>
                <table class="receipt-items"><tbody>{z}</tbody></table>
                <p class="center small">{tp("z-printed", &[("when", Arg::Text(&print_locale.date_time(&wct_api::clock::rfc3339(printed))))])}</p>
            </article>
        </div>
    }
}
