//! `cargo run --profile server -p wct-e2e --bin wct-bench [-- --quick]`: wct-pos benchmarks.
//!
//! Never pass/fail: it measures, prints one table, and writes `target/bench/wct-bench-<time>.json`
//! (+ `latest.json`, `latest.md`). The proxy runs as a child process (its RSS is read from
//! /proc) and the load comes from another child process (this binary re-run as `load`), so
//! neither's CPU is counted as the other's.
//!
//! - app: gzipped wasm + js + css of `dist/`; navigation → Charge interactive and Charge tap →
//!   QR on screen in headless Chromium at 4× CPU throttling (median of N);
//! - proxy: create latency p50/p99 through the proxy vs straight to the sandbox, creates/s,
//!   postbacks/s, SSE subscribers held with the event delivered to all, RSS idle and under load;
//! - the bounded fuzz step.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wct_e2e::browser::{free_port, Driver, Viewport};
use wct_e2e::{Error, Result};

const TOKEN: &str = "bench-terminal-token-0123456789";
const KEY: &str = "T-bench";

struct Settings {
    cold_runs: usize,
    warm_runs: usize,
    charge_runs: usize,
    latency_n: usize,
    load_secs: f64,
    subscribers: usize,
    fuzz_secs: f64,
}

impl Settings {
    fn new(quick: bool) -> Self {
        if quick {
            Self {
                cold_runs: 1,
                warm_runs: 3,
                charge_runs: 3,
                latency_n: 50,
                load_secs: 3.0,
                subscribers: 200,
                fuzz_secs: 3.0,
            }
        } else {
            Self {
                cold_runs: 3,
                warm_runs: 7,
                charge_runs: 7,
                latency_n: 300,
                load_secs: 10.0,
                subscribers: 1000,
                fuzz_secs: 10.0,
            }
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Re-executed as the load generator.
    if args.first().map(String::as_str) == Some("load") {
        return match wct_e2e::load::main_with_args(&args[1..]).await {
            Ok(report) => {
                println!("{report}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wct-bench load: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let quick = args.iter().any(|a| a == "--quick");
    match run(Settings::new(quick)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wct-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn step(what: &str) {
    eprintln!("==> {what}");
}

// ----- machine -----

fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let chromium = Command::new("chromium")
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    json!({
        "nproc": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "cpu": model,
        "memory_gib": (mem_kb as f64 / 1024.0 / 1024.0 * 10.0).round() / 10.0,
        "chromium": chromium,
        "os": std::env::consts::OS,
    })
}

// ----- app size -----

fn gzipped_len(bytes: &[u8]) -> Result<usize> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?.len())
}

fn app_size(dist: &Path) -> Result<Value> {
    let mut by_kind = serde_json::Map::new();
    let (mut raw_total, mut gz_total) = (0usize, 0usize);
    for kind in ["wasm", "js", "css"] {
        let (mut raw, mut gz) = (0usize, 0usize);
        for entry in std::fs::read_dir(dist)? {
            let path = entry?.path();
            let is_kind = path.extension().and_then(|e| e.to_str()) == Some(kind);
            // The service worker is not part of the page's load.
            let is_sw = path.file_name().and_then(|n| n.to_str()) == Some("sw.js");
            if is_kind && !is_sw {
                let bytes = std::fs::read(&path)?;
                raw += bytes.len();
                gz += gzipped_len(&bytes)?;
            }
        }
        raw_total += raw;
        gz_total += gz;
        by_kind.insert(kind.into(), json!({"bytes": raw, "gzip_bytes": gz}));
    }
    by_kind.insert(
        "total".into(),
        json!({"bytes": raw_total, "gzip_bytes": gz_total}),
    );
    Ok(Value::Object(by_kind))
}

// ----- the server child -----

struct ServerChild {
    child: std::process::Child,
    url: String,
    sandbox: String,
    db: PathBuf,
    secret: String,
    _dir: tempfile::TempDir,
}

impl ServerChild {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_binary() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    step("building the proxy (cargo build --profile server -p wct-pos-server)");
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--profile",
            "server",
            "-p",
            "wct-pos-server",
        ])
        .current_dir(wct_e2e::workspace_root())
        .status()?;
    if !status.success() {
        return Err(Error::Setup("building wct-pos-server failed".into()));
    }
    let path = wct_e2e::target_dir().join("server").join("wct-pos-server");
    if path.exists() {
        Ok(path)
    } else {
        Err(Error::Setup(format!("{} is missing", path.display())))
    }
}

async fn start_server(binary: &Path, dist: &Path) -> Result<ServerChild> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("wct-pos.db");
    let (port, sandbox_port) = (free_port()?, free_port()?);
    let secret = format!("bench-secret-{:024x}", rand::random::<u128>());
    let log = std::fs::File::create(dir.path().join("server.log"))?;
    let child = Command::new(binary)
        .env("WCT_POS_BIND", format!("127.0.0.1:{port}"))
        .env("WCT_SANDBOX_BIND", format!("127.0.0.1:{sandbox_port}"))
        .env(
            "WCT_POS_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", db.display()),
        )
        .env("WCT_POS_DIST", dist)
        .env("WCT_POS_TERMINALS", format!("Bench till:{TOKEN}"))
        .env("WCT_API_KEY", KEY)
        .env("WCT_API_SECRET", &secret)
        .env("WCT_POS_CREATE_RATE", "100000000")
        .env("WCT_SANDBOX_RETRY_BASE_MS", "50")
        .env("WCT_SANDBOX_RETRY_MAX_MS", "500")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let server = ServerChild {
        child,
        url: format!("http://127.0.0.1:{port}"),
        sandbox: format!("http://127.0.0.1:{sandbox_port}"),
        db,
        secret,
        _dir: dir,
    };
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ok = http
            .get(format!("{}/healthz", server.url))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ok {
            return Ok(server);
        }
        if Instant::now() > deadline {
            return Err(Error::Setup("the proxy did not become healthy".into()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// VmRSS of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Samples a process's RSS every 100 ms until stopped; returns the peak (KiB).
struct RssSampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl RssSampler {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let (s, p) = (stop.clone(), peak.clone());
        let task = tokio::spawn(async move {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(rss_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Self { stop, peak, task }
    }

    async fn finish(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
        self.peak.load(Ordering::Relaxed)
    }
}

/// Runs this binary as the load generator and returns its JSON report.
async fn load(server: &ServerChild, mode: &str, extra: &[String]) -> Result<Value> {
    let exe = std::env::current_exe()?;
    let mut args = vec![
        "load".to_string(),
        mode.to_string(),
        "--url".into(),
        server.url.clone(),
        "--token".into(),
        TOKEN.into(),
        "--sandbox".into(),
        server.sandbox.clone(),
        "--key".into(),
        KEY.into(),
        "--db".into(),
        server.db.display().to_string(),
    ];
    args.extend_from_slice(extra);
    let secret = server.secret.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(exe)
            .args(&args)
            .env("WCT_LOAD_SECRET", secret)
            .stderr(Stdio::inherit())
            .output()
    })
    .await
    .map_err(|e| Error::Setup(format!("load task: {e}")))??;
    if !output.status.success() {
        return Err(Error::Setup(format!("the {mode} load failed")));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let last = text.lines().last().unwrap_or("{}");
    Ok(serde_json::from_str(last)?)
}

// ----- the app in Chromium -----

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// In-page: ms from navigation start until the keypad answers a tap.
const INTERACTIVE: &str = r#"
const done = arguments[arguments.length - 1];
let before = null;
function tick() {
  const key = document.querySelector('[data-testid="key-1"]');
  const shown = document.querySelector('[data-testid="amount-display"]');
  if (key && shown) {
    if (before === null) { before = shown.textContent; key.click(); }
    else if (shown.textContent !== before) { done(performance.now()); return; }
  }
  requestAnimationFrame(tick);
}
tick();
"#;

/// In-page: ms from tapping Charge until the QR's SVG is on screen.
const CHARGE_TO_QR: &str = r#"
const done = arguments[arguments.length - 1];
const button = document.querySelector('[data-testid="charge-submit"]');
const t0 = performance.now();
button.click();
function tick() {
  if (document.querySelector('[data-testid="qr"] svg')) { done(performance.now() - t0); return; }
  if (performance.now() - t0 > 25000) { done(-1); return; }
  requestAnimationFrame(tick);
}
tick();
"#;

async fn app_timings(server: &ServerChild, s: &Settings) -> Result<Value> {
    let driver = Driver::spawn().await?;
    let pair = format!("{}/pair?token={TOKEN}", server.url);
    let mut cold = Vec::new();
    for _ in 0..s.cold_runs {
        let b = driver.session(Viewport::Phone).await?;
        b.set_cpu_throttling(4).await?;
        b.goto(&pair).await?;
        let ms = b.client.execute_async(INTERACTIVE, vec![]).await?;
        cold.push(ms.as_f64().unwrap_or(0.0));
        b.close().await?;
    }
    let b = driver.session(Viewport::Phone).await?;
    b.goto(&pair).await?;
    b.wait("key-1").await?;
    let mut warm = Vec::new();
    for _ in 0..s.warm_runs {
        b.set_cpu_throttling(4).await?;
        b.goto(&format!("{}/", server.url)).await?;
        let ms = b.client.execute_async(INTERACTIVE, vec![]).await?;
        warm.push(ms.as_f64().unwrap_or(0.0));
    }
    let mut charge = Vec::new();
    for _ in 0..s.charge_runs {
        b.set_cpu_throttling(1).await?;
        b.goto(&format!("{}/", server.url)).await?;
        b.click("key-clear").await?;
        b.keypad("50.00").await?;
        b.click("pay-with-BTC").await?;
        b.fill("description", "Bench").await?;
        let bb = &b;
        b.wait_until("charge-submit enabled", move || async move {
            Ok(bb.is_enabled("charge-submit").await?.then_some(()))
        })
        .await?;
        b.set_cpu_throttling(4).await?;
        let ms = b.client.execute_async(CHARGE_TO_QR, vec![]).await?;
        let ms = ms.as_f64().unwrap_or(-1.0);
        if ms >= 0.0 {
            charge.push(ms);
        }
    }
    b.set_cpu_throttling(1).await?;
    b.close().await?;
    Ok(json!({
        "cpu_throttling": 4,
        "cold_load_to_interactive_ms": {"median": median(cold.clone()), "runs": cold},
        "warm_load_to_interactive_ms": {"median": median(warm.clone()), "runs": warm},
        "charge_to_qr_ms": {"median": median(charge.clone()), "runs": charge},
    }))
}

// ----- report -----

fn kib_to_mib(kib: u64) -> f64 {
    (kib as f64 / 1024.0 * 10.0).round() / 10.0
}

fn f(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x >= 100.0 => format!("{x:.0}"),
        Some(x) if x >= 10.0 => format!("{x:.1}"),
        Some(x) => format!("{x:.2}"),
        None => "n/a".into(),
    }
}

fn rows(r: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut row = |k: &str, v: String| rows.push((k.to_string(), v));
    let size = &r["app"]["size"];
    for kind in ["wasm", "js", "css", "total"] {
        let kb = size[kind]["gzip_bytes"].as_f64().map(|b| b / 1024.0);
        let raw = size[kind]["bytes"].as_f64().map(|b| b / 1024.0);
        if let (Some(kb), Some(raw)) = (kb, raw) {
            row(
                &format!("app {kind} (gzip / raw)"),
                format!("{kb:.1} KiB / {raw:.1} KiB"),
            );
        }
    }
    let t = &r["app"]["timings"];
    if t.is_object() {
        row(
            "app: navigation → Charge interactive, cold (4× CPU)",
            format!("{} ms", f(&t["cold_load_to_interactive_ms"]["median"])),
        );
        row(
            "app: navigation → Charge interactive, warm (4× CPU)",
            format!("{} ms", f(&t["warm_load_to_interactive_ms"]["median"])),
        );
        row(
            "app: tap Charge → QR on screen (4× CPU)",
            format!("{} ms", f(&t["charge_to_qr_ms"]["median"])),
        );
    } else if let Some(note) = t.as_str() {
        row("app timings", note.to_string());
    }
    let l = &r["proxy"]["latency"];
    row(
        "create latency via proxy p50 / p99",
        format!(
            "{} / {} ms",
            f(&l["proxy"]["p50_ms"]),
            f(&l["proxy"]["p99_ms"])
        ),
    );
    row(
        "create latency direct to sandbox p50 / p99",
        format!(
            "{} / {} ms",
            f(&l["direct"]["p50_ms"]),
            f(&l["direct"]["p99_ms"])
        ),
    );
    row("proxy / direct (p50)", format!("{}×", f(&l["p50_ratio"])));
    let c = &r["proxy"]["creates"];
    row(
        "creates/s (concurrency 16)",
        format!(
            "{} (p99 {} ms)",
            f(&c["per_second"]),
            f(&c["latency"]["p99_ms"])
        ),
    );
    let p = &r["proxy"]["postbacks"];
    row(
        "postbacks ingested/s (concurrency 16)",
        format!(
            "{} (p99 {} ms)",
            f(&p["per_second"]),
            f(&p["latency"]["p99_ms"])
        ),
    );
    let e = &r["proxy"]["sse"];
    row(
        "SSE subscribers held / event delivered to",
        format!(
            "{} / {} (p99 {} ms)",
            e["held"],
            e["delivered"],
            f(&e["delivery"]["p99_ms"])
        ),
    );
    let m = &r["proxy"]["rss_mib"];
    row(
        "server RSS idle / creates / postbacks / SSE",
        format!(
            "{} / {} / {} / {} MiB",
            m["idle"], m["creates_peak"], m["postbacks_peak"], m["sse_peak"]
        ),
    );
    let z = &r["fuzz"];
    row(
        "fuzz (parsers, validators)",
        format!(
            "{} inputs in {} s, {} failures",
            z["inputs"],
            f(&z["seconds"]),
            z["failures"].as_array().map_or(0, Vec::len)
        ),
    );
    rows
}

fn table(r: &Value) -> String {
    let rows = rows(r);
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let m = &r["machine"];
    out.push_str(&format!(
        "wct-bench on {} × {} ({} GiB), {}\n",
        m["nproc"],
        m["cpu"].as_str().unwrap_or("?"),
        m["memory_gib"],
        m["chromium"].as_str().unwrap_or("")
    ));
    for (k, v) in rows {
        out.push_str(&format!("  {k:<width$}  {v}\n"));
    }
    out
}

fn markdown(r: &Value) -> String {
    let m = &r["machine"];
    let mut out = format!(
        "Measured {} on {} × {} ({} GiB RAM), {}; `cargo xtask bench`.\n\n| What | Result |\n|---|---|\n",
        r["date"].as_str().unwrap_or(""),
        m["nproc"],
        m["cpu"].as_str().unwrap_or("?"),
        m["memory_gib"],
        m["chromium"].as_str().unwrap_or("")
    );
    for (k, v) in rows(r) {
        out.push_str(&format!("| {k} | {v} |\n"));
    }
    out
}

async fn run(s: Settings) -> Result<()> {
    let started = Instant::now();
    let dist = wct_e2e::dist_dir();
    let mut report = json!({
        "date": wct_api::clock::rfc3339(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0),
        ),
        "machine": machine(),
    });

    step("app size (gzip of wasm + js + css in dist/)");
    report["app"]["size"] = if dist.join("index.html").exists() {
        app_size(&dist)?
    } else {
        json!(format!("{} missing: run cargo xtask build", dist.display()))
    };

    let binary = server_binary()?;
    step("starting the proxy as a child process");
    let server = start_server(&binary, &dist).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_kib(server.pid());

    step("app timings in headless Chromium (4× CPU throttling)");
    report["app"]["timings"] = if dist.join("index.html").exists() {
        match app_timings(&server, &s).await {
            Ok(v) => v,
            Err(e) => json!(format!("skipped: {e}")),
        }
    } else {
        json!("skipped: no dist/")
    };

    step("create latency: proxy vs sandbox");
    report["proxy"]["latency"] =
        load(&server, "latency", &["--n".into(), s.latency_n.to_string()]).await?;

    let secs = s.load_secs.to_string();
    step("creates/s");
    let sampler = RssSampler::start(server.pid());
    report["proxy"]["creates"] = load(
        &server,
        "creates",
        &[
            "--secs".into(),
            secs.clone(),
            "--concurrency".into(),
            "16".into(),
        ],
    )
    .await?;
    let creates_peak = sampler.finish().await;

    step("postbacks/s");
    let sampler = RssSampler::start(server.pid());
    report["proxy"]["postbacks"] = load(
        &server,
        "postbacks",
        &["--secs".into(), secs, "--concurrency".into(), "16".into()],
    )
    .await?;
    let postbacks_peak = sampler.finish().await;

    step("SSE subscribers");
    let sampler = RssSampler::start(server.pid());
    report["proxy"]["sse"] = load(
        &server,
        "sse",
        &["--subscribers".into(), s.subscribers.to_string()],
    )
    .await?;
    let sse_peak = sampler.finish().await;
    report["proxy"]["rss_mib"] = json!({
        "idle": kib_to_mib(idle),
        "creates_peak": kib_to_mib(creates_peak),
        "postbacks_peak": kib_to_mib(postbacks_peak),
        "sse_peak": kib_to_mib(sse_peak),
    });
    server.stop();

    step("fuzz step");
    let fuzz = tokio::task::spawn_blocking(move || {
        std::panic::set_hook(Box::new(|_| {}));
        let r = wct_e2e::fuzz::run(Duration::from_secs_f64(s.fuzz_secs), rand::random());
        let _ = std::panic::take_hook();
        r
    })
    .await
    .map_err(|e| Error::Setup(format!("fuzz task: {e}")))?;
    report["fuzz"] = serde_json::to_value(&fuzz)?;
    report["seconds"] = json!(started.elapsed().as_secs_f64());

    let out = wct_e2e::target_dir().join("bench");
    std::fs::create_dir_all(&out)?;
    let stamp = report["date"].as_str().unwrap_or("now").replace(':', "");
    let text = serde_json::to_string_pretty(&report)?;
    std::fs::write(out.join(format!("wct-bench-{stamp}.json")), &text)?;
    std::fs::write(out.join("latest.json"), &text)?;
    std::fs::write(out.join("latest.md"), markdown(&report))?;
    println!("{}", table(&report));
    println!(
        "wrote {} (and latest.json, latest.md) in {:.0} s",
        out.join(format!("wct-bench-{stamp}.json")).display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
