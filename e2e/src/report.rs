//! The bench's report: one row per figure, with a "Δ vs previous run" column computed from
//! the previous JSON in `target/bench/`, as a terminal table and as Markdown.

use std::path::Path;

use serde_json::Value;

/// One figure: a label, its text, and the numbers in it (compared with the previous run).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub text: String,
    pub values: Vec<Option<f64>>,
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// A number with as many decimals as its size deserves.
pub fn fmt(v: Option<f64>) -> String {
    match v {
        Some(x) if x.abs() >= 100.0 => format!("{x:.0}"),
        Some(x) if x.abs() >= 10.0 => format!("{x:.1}"),
        Some(x) => format!("{x:.2}"),
        None => "n/a".into(),
    }
}

struct Rows(Vec<Row>);

impl Rows {
    fn push(&mut self, key: impl Into<String>, text: impl Into<String>, values: Vec<Option<f64>>) {
        self.0.push(Row {
            key: key.into(),
            text: text.into(),
            values,
        });
    }
}

fn rate_label(rate: &Value) -> String {
    fmt(num(rate))
}

fn latency_text(run: &Value) -> (String, Vec<Option<f64>>) {
    let (p50, p99) = (
        num(&run["latency"]["p50_ms"]),
        num(&run["latency"]["p99_ms"]),
    );
    let achieved = num(&run["achieved_per_s"]);
    let errors = run["errors"].as_u64().unwrap_or(0);
    let mut text = format!(
        "{} / {} ms (n {}, achieved {}/s",
        fmt(p50),
        fmt(p99),
        run["latency"]["n"],
        fmt(achieved)
    );
    if errors > 0 {
        text.push_str(&format!(", {errors} errors"));
    }
    if num(&run["send_lag"]["p99_ms"]).is_some_and(|lag| lag > 5.0) {
        text.push_str(&format!(
            ", generator late p99 {} ms",
            fmt(num(&run["send_lag"]["p99_ms"]))
        ));
    }
    text.push(')');
    (text, vec![p50, p99, achieved])
}

fn cpu_text(parts: &[(&str, &Value)]) -> (String, Vec<Option<f64>>) {
    let values: Vec<Option<f64>> = parts.iter().map(|(_, v)| num(v)).collect();
    let text = parts
        .iter()
        .map(|(name, v)| match num(v) {
            Some(ms) => format!("{name} {ms:.3}"),
            None => format!("{name} n/a"),
        })
        .collect::<Vec<_>>()
        .join(" / ");
    (format!("{text} ms"), values)
}

/// How busy each process was during a run, in % of one core.
fn busy(run: &Value) -> String {
    let pct = |key: &str| fmt(num(&run[key]).map(|s| s * 100.0));
    format!(
        "busy: proxy {} %, upstream {} %, load {} % of a core",
        pct("proxy_cpu_share"),
        pct("upstream_cpu_share"),
        pct("load_cpu_share")
    )
}

fn create_rows(rows: &mut Rows, steps: &Value, upstream: &str) {
    for step in steps.as_array().into_iter().flatten() {
        let rate = rate_label(&step["rate"]);
        let (text, values) = latency_text(&step["proxy"]);
        rows.push(
            format!("create @{rate}/s via proxy ({upstream}) p50 / p99"),
            text,
            values,
        );
        let (text, values) = latency_text(&step["direct"]);
        rows.push(
            format!("create @{rate}/s direct to {upstream} p50 / p99"),
            text,
            values,
        );
        let (p50, p99) = (num(&step["overhead_p50_ms"]), num(&step["overhead_p99_ms"]));
        rows.push(
            format!("proxy overhead @{rate}/s ({upstream}) p50 / p99"),
            format!("{} / {} ms", fmt(p50), fmt(p99)),
            vec![p50, p99],
        );
        let p = &step["proxy"];
        let (text, values) = cpu_text(&[
            ("proxy", &p["proxy_cpu_ms_per_op"]),
            (upstream, &p["upstream_cpu_ms_per_op"]),
            ("load", &p["load_cpu_ms_per_op"]),
        ]);
        rows.push(
            format!("CPU per create @{rate}/s ({upstream}): proxy / upstream / load"),
            format!("{text} ({})", busy(p)),
            values,
        );
    }
}

/// Every row of a report (a section missing from it gives no rows).
pub fn rows(r: &Value) -> Vec<Row> {
    let mut rows = Rows(Vec::new());
    let size = &r["app"]["size"];
    for kind in ["wasm", "js", "css", "total"] {
        let kb = num(&size[kind]["gzip_bytes"]).map(|b| b / 1024.0);
        let raw = num(&size[kind]["bytes"]).map(|b| b / 1024.0);
        if let (Some(kb), Some(raw)) = (kb, raw) {
            rows.push(
                format!("app {kind} (gzip / raw)"),
                format!("{kb:.1} KiB / {raw:.1} KiB"),
                vec![Some(kb), Some(raw)],
            );
        }
    }
    for (page, label) in [
        ("customer", "customer page /pay/{code}"),
        ("till", "till's first screen /"),
    ] {
        let p = &r["app"]["pages"][page];
        let br = num(&p["total"]["br_bytes"]).map(|b| b / 1024.0);
        let gz = num(&p["total"]["gzip_bytes"]).map(|b| b / 1024.0);
        if let (Some(br), Some(gz)) = (br, gz) {
            let files = p["files"].as_array().map_or(0, Vec::len);
            rows.push(
                format!("{label}: downloads as served (brotli / gzip)"),
                format!("{br:.1} KiB / {gz:.1} KiB in {files} files"),
                vec![Some(br), Some(gz)],
            );
            let v = num(&p["shown_ms"]["median"]);
            rows.push(
                format!("{label}: navigation → shown, cold (4× CPU)"),
                format!("{} ms", fmt(v)),
                vec![v],
            );
        }
    }
    let t = &r["app"]["timings"];
    if t.is_object() {
        for (key, label) in [
            (
                "cold_load_to_interactive_ms",
                "app: navigation → Charge interactive, cold (4× CPU)",
            ),
            (
                "warm_load_to_interactive_ms",
                "app: navigation → Charge interactive, warm (4× CPU)",
            ),
            ("charge_to_qr_ms", "app: tap Charge → QR on screen (4× CPU)"),
        ] {
            let v = num(&t[key]["median"]);
            rows.push(label, format!("{} ms", fmt(v)), vec![v]);
        }
    } else if let Some(note) = t.as_str() {
        rows.push("app timings", note, vec![]);
    }

    create_rows(&mut rows, &r["creates"]["stub"], "stub");
    create_rows(&mut rows, &r["creates"]["sandbox"], "sandbox");

    for step in r["postbacks"].as_array().into_iter().flatten() {
        let rate = rate_label(&step["rate"]);
        let (text, values) = latency_text(&step["run"]);
        rows.push(format!("postback @{rate}/s p50 / p99"), text, values);
        let run = &step["run"];
        let (text, mut values) = cpu_text(&[
            ("proxy", &run["proxy_cpu_ms_per_op"]),
            ("stub", &run["upstream_cpu_ms_per_op"]),
            ("load", &run["load_cpu_ms_per_op"]),
        ]);
        let per = num(&step["getupdates_per_postback"]);
        values.push(per);
        rows.push(
            format!("CPU per postback @{rate}/s: proxy / upstream / load"),
            format!(
                "{text} ({}; {} getupdates per postback)",
                busy(run),
                fmt(per)
            ),
            values,
        );
    }

    for level in r["streams"]["levels"].as_array().into_iter().flatten() {
        let n = level["streams"].as_u64().unwrap_or(0);
        let rss = num(&level["rss_mib"]);
        let mut text = format!("{} MiB", fmt(rss));
        if n > 0 {
            text.push_str(&format!(
                " ({} held, {} got the event, p99 {} ms)",
                level["held"],
                level["delivered"],
                fmt(num(&level["delivery"]["p99_ms"]))
            ));
        }
        rows.push(
            format!("proxy RSS, steady, {n} open streams"),
            text,
            vec![rss],
        );
    }
    for level in r["h2streams"]["levels"].as_array().into_iter().flatten() {
        let n = level["streams"].as_u64().unwrap_or(0);
        let rss = num(&level["rss_mib"]);
        let mut text = format!("{} MiB", fmt(rss));
        if n > 0 {
            text.push_str(&format!(
                " ({} connections, {} held, {} got the event, p99 {} ms)",
                level["connections"],
                level["held"],
                level["delivered"],
                fmt(num(&level["delivery"]["p99_ms"]))
            ));
        }
        rows.push(
            format!("proxy RSS, steady, {n} HTTP/2 streams (TLS)"),
            text,
            vec![rss],
        );
    }
    if let Some(per) = num(&r["h2streams"]["kib_per_stream"]) {
        rows.push(
            "RSS per HTTP/2 stream (largest level − none, connections included)",
            format!("{per:.1} KiB"),
            vec![Some(per)],
        );
    }
    let idle = &r["streams"]["idle_connections"];
    if let Some(per) = num(&idle["kib_per_connection"]) {
        rows.push(
            "RSS per idle keep-alive connection (no stream)",
            format!(
                "{per:.1} KiB ({} connections: {} → {} MiB)",
                idle["connections"],
                fmt(num(&idle["rss_mib_before"])),
                fmt(num(&idle["rss_mib_after"]))
            ),
            vec![Some(per)],
        );
    }
    if let Some(per) = num(&r["streams"]["kib_per_stream"]) {
        rows.push(
            "RSS per stream (largest level − none)",
            format!("{per:.1} KiB"),
            vec![Some(per)],
        );
    }

    for goal in r["summary"]["goals"].as_array().into_iter().flatten() {
        let met = match goal["met"].as_bool() {
            Some(true) => "met",
            Some(false) => "NOT met",
            None => "not measured",
        };
        rows.push(
            format!("goal: {}", goal["goal"].as_str().unwrap_or("?")),
            format!("{} — {met}", goal["measured"].as_str().unwrap_or("n/a")),
            goal["values"]
                .as_array()
                .map(|v| v.iter().map(num).collect())
                .unwrap_or_default(),
        );
    }

    let z = &r["fuzz"];
    if z.is_object() {
        rows.push(
            "fuzz (parsers, validators)",
            format!(
                "{} inputs in {} s, {} failures",
                z["inputs"],
                fmt(num(&z["seconds"])),
                z["failures"].as_array().map_or(0, Vec::len)
            ),
            vec![],
        );
    }
    rows.0
}

/// The change of each number from `before` to `now`, in percent (`=` when equal).
pub fn delta(now: &Row, before: Option<&Row>) -> String {
    let Some(before) = before else {
        return "—".into();
    };
    if now.values.is_empty() || now.values.len() != before.values.len() {
        return "—".into();
    }
    now.values
        .iter()
        .zip(&before.values)
        .map(|pair| match pair {
            (Some(a), Some(b)) if a == b => "=".to_string(),
            (Some(a), Some(b)) if *b != 0.0 => format!("{:+.0} %", (a - b) / b.abs() * 100.0),
            _ => "—".to_string(),
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

fn with_deltas(r: &Value, previous: Option<&Value>) -> Vec<(Row, String)> {
    let before = previous.map(rows).unwrap_or_default();
    rows(r)
        .into_iter()
        .map(|row| {
            let d = delta(&row, before.iter().find(|b| b.key == row.key));
            (row, d)
        })
        .collect()
}

fn header(r: &Value) -> String {
    let m = &r["machine"];
    format!(
        "{} on {} × {} ({} GiB), kernel {}, database on {}, {}; load average {} at start, {} at end; pinning: {}",
        r["date"].as_str().unwrap_or(""),
        m["nproc"],
        m["cpu"].as_str().unwrap_or("?"),
        m["memory_gib"],
        m["kernel"].as_str().unwrap_or("?"),
        m["db_filesystem"].as_str().unwrap_or("?"),
        m["rustc"].as_str().unwrap_or("?"),
        m["load_average_at_start"].as_str().unwrap_or("?"),
        r["load_average_at_end"].as_str().unwrap_or("?"),
        r["pinning"]["note"].as_str().unwrap_or("?"),
    )
}

fn previous_label(previous: Option<&Value>) -> String {
    match previous {
        Some(p) => format!(
            "Δ vs previous run ({}{})",
            p["date"].as_str().unwrap_or("?"),
            if p["quick"].as_bool() == Some(true) {
                ", quick"
            } else {
                ""
            }
        ),
        None => "Δ vs previous run (none found)".into(),
    }
}

/// The table printed at the end of a run.
pub fn table(r: &Value, previous: Option<&Value>) -> String {
    let rows = with_deltas(r, previous);
    let kw = rows
        .iter()
        .map(|(row, _)| row.key.chars().count())
        .max()
        .unwrap_or(0);
    let tw = rows
        .iter()
        .map(|(row, _)| row.text.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!("wct-bench {}\n", header(r));
    out.push_str(&format!(
        "  {:<kw$}  {:<tw$}  {}\n",
        "",
        "",
        previous_label(previous)
    ));
    for (row, d) in rows {
        out.push_str(&format!("  {:<kw$}  {:<tw$}  {d}\n", row.key, row.text));
    }
    out
}

/// The same as Markdown (`latest.md`).
pub fn markdown(r: &Value, previous: Option<&Value>) -> String {
    let mut out = format!(
        "Measured with `cargo xtask bench{}`: {}.\n\n| What | Result | {} |\n|---|---|---|\n",
        if r["quick"].as_bool() == Some(true) {
            " -- --quick"
        } else {
            ""
        },
        header(r),
        previous_label(previous)
    );
    for (row, d) in with_deltas(r, previous) {
        out.push_str(&format!("| {} | {} | {d} |\n", row.key, row.text));
    }
    out
}

/// Whether `report` ran every part in `parts` (a report that does not list its parts ran
/// them all).
fn covers(report: &Value, parts: &[String]) -> bool {
    match report["parts"].as_array() {
        None => true,
        Some(ran) => parts
            .iter()
            .all(|p| ran.iter().any(|r| r.as_str() == Some(p))),
    }
}

/// The run to compare with: the newest report in `dir` that ran every part this run does
/// (a partial run such as `--only streams` is skipped by a full one), else the newest at all.
pub fn previous_report(dir: &Path, parts: &[String]) -> Option<Value> {
    let read = |p: &Path| -> Option<Value> {
        serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
    };
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("json"))
        .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
        .collect();
    // Newest first (latest.json is a copy of the newest history file).
    files.sort_by(|a, b| b.cmp(a));
    let reports: Vec<Value> = files.iter().filter_map(|(_, p)| read(p)).collect();
    reports
        .iter()
        .find(|r| covers(r, parts))
        .or_else(|| reports.first())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(p50: f64, p99: f64) -> Value {
        json!({
            "date": "2026-12-01T00:00:00Z",
            "creates": {"stub": [{
                "rate": 200.0,
                "proxy": {"latency": {"n": 3000, "p50_ms": p50, "p99_ms": p99}, "achieved_per_s": 200.0, "errors": 0},
                "direct": {"latency": {"n": 3000, "p50_ms": 0.5, "p99_ms": 1.0}, "achieved_per_s": 200.0, "errors": 0},
                "overhead_p50_ms": p50 - 0.5, "overhead_p99_ms": p99 - 1.0,
            }]},
        })
    }

    #[test]
    fn deltas_compare_the_same_row_of_the_previous_run() {
        let now = report(1.1, 4.0);
        let before = report(1.0, 5.0);
        let md = markdown(&now, Some(&before));
        let line = md
            .lines()
            .find(|l| l.contains("create @200/s via proxy (stub)"))
            .unwrap();
        assert!(line.contains("1.10 / 4.00 ms"), "{line}");
        assert!(line.ends_with("| +10 % / -20 % / = |"), "{line}");
        assert!(markdown(&now, None).contains("(none found)"));
    }

    #[test]
    fn a_row_missing_before_has_no_delta() {
        let now = report(1.0, 2.0);
        let row = rows(&now).into_iter().next().unwrap();
        assert_eq!(delta(&row, None), "—");
        let other = Row {
            key: row.key.clone(),
            text: String::new(),
            values: vec![None, Some(1.0), Some(400.0)],
        };
        assert_eq!(delta(&row, Some(&other)), "— / +100 % / -50 %");
    }

    #[test]
    fn the_previous_report_is_the_newest_that_ran_the_same_parts() {
        let dir = tempfile::tempdir().unwrap();
        let both: Vec<String> = vec!["creates".into(), "streams".into()];
        assert!(previous_report(dir.path(), &both).is_none());
        let write = |name: &str, body: &str| {
            std::fs::write(dir.path().join(name), body).unwrap();
            // Distinct modification times, oldest first.
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        write("1.json", r#"{"date":"both","parts":["creates","streams"]}"#);
        write("2.json", r#"{"date":"streams only","parts":["streams"]}"#);
        assert_eq!(previous_report(dir.path(), &both).unwrap()["date"], "both");
        let streams = vec!["streams".to_string()];
        assert_eq!(
            previous_report(dir.path(), &streams).unwrap()["date"],
            "streams only"
        );
        write("3.json", r#"{"date":"creates only","parts":["creates"]}"#);
        let fuzz = vec!["fuzz".to_string()];
        assert_eq!(
            previous_report(dir.path(), &fuzz).unwrap()["date"],
            "creates only"
        );
    }
}
