//! `cargo run --profile server -p wct-e2e --bin wct-bench [-- --quick]`: wct-pos benchmarks.
//!
//! Never pass/fail: it measures, prints one table, and writes `target/bench/latest.json`,
//! `latest.md` and `target/bench/<timestamp>.json` (history). Each figure is compared with the
//! previous run's ("Δ vs previous run").
//!
//! - app: gzipped wasm + js + css of `dist/`; per page (the customer page `/pay/{code}` and the
//!   till's first screen `/`), the files it downloads, their raw / gzip / brotli size as served
//!   and the time until it shows its QR or keypad; navigation → Charge interactive and Charge
//!   tap → QR on screen in headless Chromium at 4× CPU throttling (median of N);
//! - proxy, every process apart: the upstream is its own process (`wct-stub-upstream`, an
//!   instant stub, and `wct-sandbox` as a second row), the proxy is the release
//!   (`server`-profile) `wct-pos-server` at the production log level (`info`) with a fresh
//!   database, started afresh for every rate step, and this process is the load generator.
//!   With two CPUs or more and `taskset`, the proxy runs on CPU 1, the load and the upstream
//!   on CPU 0.
//!   - creates and postbacks at fixed open-loop arrival rates, p50/p99 from the scheduled send
//!     time, ≥ 3,000 samples per figure; creates are also sent straight to the upstream at the
//!     same rate, and the difference is the proxy's overhead;
//!   - CPU time per operation of the proxy, the upstream and the load generator, from
//!     `/proc/<pid>/stat` before and after the run (background work the run caused included);
//!   - steady-state VmRSS of a fresh proxy holding 0, 1k, 5k and 10k event streams, and
//!     whether each stream got an event published at that level;
//! - the bounded fuzz step.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wct_api::sign::ApiSecret;
use wct_e2e::browser::{Driver, Viewport};
use wct_e2e::load::{self, Schedule};
use wct_e2e::procs::{self, Child, Credentials, Pinning};
use wct_e2e::{report, Error, Result};

const TOKEN: &str = "bench-terminal-token-0123456789";
/// Payments a postback run spreads its postbacks over.
const POSTBACK_PAYMENTS: usize = 500;
/// Creates a fresh sandbox gets before it is measured.
const SANDBOX_WARMUP: usize = 1000;
/// Idle keep-alive connections held to tell a connection's memory from a stream's.
const IDLE_CONNECTIONS: usize = 5000;
/// Loopback addresses the event streams come from (127.0.0.1 … 127.0.0.16).
const STREAM_SOURCES: u8 = 16;

/// The parts of a run, as `--only` names them.
const PARTS: [&str; 7] = [
    "app",
    "creates",
    "sandbox",
    "postbacks",
    "streams",
    "h2streams",
    "fuzz",
];
/// HTTP/2 event streams per connection (a few hundred connections for 10,000 streams).
const H2_STREAMS_PER_CONNECTION: usize = 40;

struct Settings {
    quick: bool,
    /// Which of `PARTS` run.
    parts: Vec<String>,
    cold_runs: usize,
    warm_runs: usize,
    charge_runs: usize,
    fuzz_secs: f64,
    create_rates: Vec<f64>,
    sandbox_rates: Vec<f64>,
    postback_rates: Vec<f64>,
    stream_levels: Vec<usize>,
    /// Measured requests per rate: at least this many …
    min_samples: usize,
    /// … and at least this many seconds of them.
    min_secs: f64,
}

impl Settings {
    fn new(args: &[String]) -> Self {
        let quick = args.iter().any(|a| a == "--quick");
        let has = |flag: &str| args.iter().any(|a| a == flag);
        let mut s = if quick {
            Self {
                quick,
                parts: Vec::new(),
                cold_runs: 1,
                warm_runs: 3,
                charge_runs: 3,
                fuzz_secs: 3.0,
                create_rates: vec![200.0, 1000.0, 2000.0],
                sandbox_rates: vec![200.0],
                postback_rates: vec![1000.0, 5000.0],
                stream_levels: vec![0, 1000, 5000, 10_000],
                min_samples: 3000,
                min_secs: 2.0,
            }
        } else {
            Self {
                quick,
                parts: Vec::new(),
                cold_runs: 3,
                warm_runs: 7,
                charge_runs: 7,
                fuzz_secs: 10.0,
                create_rates: vec![100.0, 200.0, 500.0, 1000.0, 2000.0],
                sandbox_rates: vec![100.0, 200.0, 500.0],
                postback_rates: vec![1000.0, 2500.0, 5000.0],
                stream_levels: vec![0, 1000, 5000, 10_000],
                min_samples: 3000,
                min_secs: 5.0,
            }
        };
        let only = args
            .iter()
            .position(|a| a == "--only")
            .and_then(|i| args.get(i + 1));
        // `--create-rates 200,1000`: only these create rates (a focused A/B run).
        if let Some(list) = args
            .iter()
            .position(|a| a == "--create-rates")
            .and_then(|i| args.get(i + 1))
        {
            s.create_rates = list
                .split(',')
                .filter_map(|r| r.trim().parse().ok())
                .collect();
        }
        s.parts = PARTS
            .iter()
            .filter(|p| only.is_none_or(|list| list.split(',').any(|x| x.trim() == **p)))
            .filter(|p| !has(&format!("--no-{p}")))
            .map(|p| p.to_string())
            .collect();
        s
    }

    fn wants(&self, part: &str) -> bool {
        self.parts.iter().any(|p| p == part)
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!(
            "wct-bench [--quick] [--only PART,…] [--no-PART] [--create-rates R,…]\n  --quick    fewer rates, shorter runs (still ≥ 3,000 samples per percentile)\n  PART       {} (all by default)",
            PARTS.join(", ")
        );
        return std::process::ExitCode::SUCCESS;
    }
    match run(Settings::new(&args)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wct-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// When the run began, for the progress lines.
static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn step(what: &str) {
    let t = STARTED.get_or_init(Instant::now).elapsed().as_secs();
    eprintln!("==> [{t:>4} s] {what}");
}

fn detail(what: &str) {
    let t = STARTED.get_or_init(Instant::now).elapsed().as_secs();
    eprintln!("    [{t:>4} s] {what}");
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

// ----- app size -----

fn gzipped_len(bytes: &[u8]) -> Result<usize> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?.len())
}

fn app_size(dist: &Path) -> Result<Value> {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    let mut by_kind = serde_json::Map::new();
    let (mut raw_total, mut gz_total) = (0usize, 0usize);
    for kind in ["wasm", "js", "css"] {
        let (mut raw, mut gz) = (0usize, 0usize);
        for path in &files {
            let is_kind = path.extension().and_then(|e| e.to_str()) == Some(kind);
            // The service worker is not part of the page's load.
            let is_sw = path.file_name().and_then(|n| n.to_str()) == Some("sw.js");
            if is_kind && !is_sw {
                let bytes = std::fs::read(path)?;
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

/// Every file under `dir` (the app's chunks sit in a folder of their own).
fn collect_files(dir: &Path, into: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, into)?;
        } else {
            into.push(path);
        }
    }
    Ok(())
}

/// What the files at `paths` (as a page fetched them) weigh as served: raw, and the `.gz` and
/// `.br` the proxy sends instead. A path with no file of its own is the SPA's `index.html`;
/// API calls are not the app's download and are left out.
/// What `paths` weigh as served: the app's files by their pre-compressed copies in `dist/`;
/// anything else (a page the server renders, `/pay/{code}`) fetched from `url` once per
/// encoding, and counted each time the page fetched it (the customer page fetches itself
/// again when its stream opens).
async fn served_sizes(url: &str, dist: &Path, paths: &[String]) -> Result<Value> {
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let beside = |p: &Path, ext: &str| {
        let mut name = p.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    let http = reqwest::Client::new();
    let rendered = |path: String| {
        let http = http.clone();
        async move {
            let mut sizes = [0u64; 3];
            for (i, encoding) in ["identity", "gzip", "br"].into_iter().enumerate() {
                let body = http
                    .get(format!("{url}{path}"))
                    .header("accept-encoding", encoding)
                    .send()
                    .await?
                    .bytes()
                    .await?;
                sizes[i] = body.len() as u64;
            }
            Result::Ok(sizes)
        }
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut files = Vec::new();
    let (mut raw, mut gz, mut br) = (0u64, 0u64, 0u64);
    for path in paths {
        if path.starts_with("/api/") {
            continue;
        }
        let candidate = dist.join(path.trim_start_matches('/'));
        let in_dist =
            candidate.is_file() || !path.starts_with("/pay/") || path.ends_with("/receipt");
        if in_dist && !seen.insert(path.clone()) {
            continue;
        }
        let (r, g, b) = if in_dist {
            let file = if candidate.is_file() {
                candidate
            } else {
                dist.join("index.html")
            };
            let (r, g, b) = (
                len(&file),
                len(&beside(&file, ".gz")),
                len(&beside(&file, ".br")),
            );
            // A file sent as is (a PNG) weighs its raw size in every column.
            (r, if g == 0 { r } else { g }, if b == 0 { r } else { b })
        } else {
            let [r, g, b] = rendered(path.clone()).await?;
            (r, g, b)
        };
        raw += r;
        gz += g;
        br += b;
        files.push(json!({"path": path, "bytes": r, "gzip_bytes": g, "br_bytes": b}));
    }
    Ok(json!({
        "files": files,
        "total": {"bytes": raw, "gzip_bytes": gz, "br_bytes": br},
    }))
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

async fn app_timings(url: &str, s: &Settings) -> Result<Value> {
    let driver = Driver::spawn().await?;
    // Each cold run is a fresh profile already paired: a device token (paired through the API)
    // is put in its storage from a page that loads none of the app, so the app's first load
    // is still cold. No token goes into a URL.
    let terminal = wct_e2e::harness::Api::new(url, TOKEN);
    let mut cold = Vec::new();
    for _ in 0..s.cold_runs {
        let (_, paired) = terminal.pair_device("Bench cold run").await?;
        let b = driver.session(Viewport::Phone).await?;
        b.goto(&format!("{url}/healthz")).await?;
        b.client
            .execute(
                "localStorage.setItem('wct-pos.token', arguments[0]);",
                vec![json!(paired.token)],
            )
            .await?;
        b.set_cpu_throttling(4).await?;
        b.goto(&format!("{url}/")).await?;
        let ms = b.client.execute_async(INTERACTIVE, vec![]).await?;
        cold.push(ms.as_f64().unwrap_or(0.0));
        b.close().await?;
    }
    let b = driver.session(Viewport::Phone).await?;
    b.pair(&wct_e2e::harness::pair_url(url, TOKEN).await?)
        .await?;
    b.wait("key-1").await?;
    let mut warm = Vec::new();
    for _ in 0..s.warm_runs {
        b.set_cpu_throttling(4).await?;
        b.goto(&format!("{url}/")).await?;
        let ms = b.client.execute_async(INTERACTIVE, vec![]).await?;
        warm.push(ms.as_f64().unwrap_or(0.0));
    }
    let mut charge = Vec::new();
    for _ in 0..s.charge_runs {
        b.set_cpu_throttling(1).await?;
        b.goto(&format!("{url}/")).await?;
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

/// In-page: ms from navigation start until `arguments[0]` (a CSS selector) is on screen.
const SHOWN: &str = r#"
const done = arguments[arguments.length - 1];
const selector = arguments[0];
function tick() {
  if (document.querySelector(selector)) { done(performance.now()); return; }
  if (performance.now() > 60000) { done(-1); return; }
  requestAnimationFrame(tick);
}
tick();
"#;

/// In-page: the path of the document and of every file it fetched.
const FETCHED: &str = "return [location.pathname].concat(performance.getEntriesByType('resource')\
    .filter((e) => new URL(e.name).origin === location.origin)\
    .map((e) => new URL(e.name).pathname));";

/// For the customer page (`/pay/{code}`, a fresh phone) and the till's first screen (`/`, a
/// paired tablet, cold): which files each downloads, what they weigh as served, and how long
/// (4× CPU) until the page shows what it is for (the QR; the keypad).
async fn page_downloads(url: &str, dist: &Path, s: &Settings) -> Result<Value> {
    let driver = Driver::spawn().await?;
    let terminal = wct_e2e::harness::Api::new(url, TOKEN);
    let payment = terminal
        .create(&wct_e2e::harness::new_payment("42.00", "BTC"))
        .await?;
    let pages = [
        (
            "customer",
            format!("/pay/{}", payment.payment_code),
            "[data-testid=\"qr\"] svg",
            false,
        ),
        ("till", "/".to_string(), "[data-testid=\"key-1\"]", true),
    ];
    let mut out = serde_json::Map::new();
    for (name, path, selector, paired) in pages {
        let mut shown = Vec::new();
        let mut fetched = Vec::new();
        for _ in 0..s.cold_runs {
            let b = driver.session(Viewport::Phone).await?;
            if paired {
                let (_, device) = terminal.pair_device("Bench page run").await?;
                b.goto(&format!("{url}/healthz")).await?;
                b.client
                    .execute(
                        "localStorage.setItem('wct-pos.token', arguments[0]);",
                        vec![json!(device.token)],
                    )
                    .await?;
            }
            b.set_cpu_throttling(4).await?;
            b.goto(&format!("{url}{path}")).await?;
            let ms = b.client.execute_async(SHOWN, vec![json!(selector)]).await?;
            shown.push(ms.as_f64().unwrap_or(-1.0));
            let paths = b.client.execute(FETCHED, vec![]).await?;
            fetched = paths
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect::<Vec<_>>();
            b.set_cpu_throttling(1).await?;
            b.close().await?;
        }
        let mut page = served_sizes(url, dist, &fetched).await?;
        page["shown_ms"] =
            json!({"median": median(shown.clone()), "runs": shown, "cpu_throttling": 4});
        out.insert(name.into(), page);
    }
    Ok(Value::Object(out))
}

// ----- binaries -----

struct Binaries {
    proxy: PathBuf,
    sandbox: PathBuf,
    stub: PathBuf,
}

fn cargo_build(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--profile", "server"])
        .args(args)
        .current_dir(wct_e2e::workspace_root())
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Setup(format!("cargo build {args:?} failed")))
    }
}

fn binaries() -> Result<Binaries> {
    step("building the proxy, the sandbox and the stub upstream (--profile server)");
    cargo_build(&["-p", "wct-pos-server", "-p", "wct-sandbox"])?;
    cargo_build(&["-p", "wct-e2e", "--bin", "wct-stub-upstream"])?;
    let dir = wct_e2e::target_dir().join("server");
    let found = |name: &str| -> Result<PathBuf> {
        let path = dir.join(name);
        if path.exists() {
            Ok(path)
        } else {
            Err(Error::Setup(format!("{} is missing", path.display())))
        }
    };
    Ok(Binaries {
        proxy: found("wct-pos-server")?,
        sandbox: found("wct-sandbox")?,
        stub: found("wct-stub-upstream")?,
    })
}

// ----- phases -----

#[derive(Clone, Copy, PartialEq, Eq)]
enum UpstreamKind {
    Stub,
    Sandbox,
}

impl UpstreamKind {
    fn name(self) -> &'static str {
        match self {
            Self::Stub => "stub",
            Self::Sandbox => "sandbox",
        }
    }
}

struct Bench {
    s: Settings,
    bins: Binaries,
    pinning: Pinning,
    creds: Credentials,
    /// Fresh directories for databases and logs live under here (on the disk measured).
    work: PathBuf,
}

/// CPU seconds of the proxy, the upstream and this process at one instant.
struct CpuMark {
    proxy: f64,
    upstream: f64,
    load: f64,
    at: Instant,
}

fn cpu_mark(proxy: Option<&Child>, upstream: &Child) -> CpuMark {
    CpuMark {
        proxy: proxy.map_or(0.0, Child::cpu_seconds),
        upstream: upstream.cpu_seconds(),
        load: procs::cpu_seconds(std::process::id()).unwrap_or(0.0),
        at: Instant::now(),
    }
}

/// CPU per operation from `before` to `settled` (the run and the background work it caused),
/// in ms, and how busy each process was during the run itself (`before` to `ran`), as a share
/// of one core.
fn cpu_fields(
    before: &CpuMark,
    ran: &CpuMark,
    settled: &CpuMark,
    ops: usize,
    with_proxy: bool,
) -> Value {
    let per_op = |a: f64, b: f64| ((b - a) * 1000.0 / ops.max(1) as f64 * 1000.0).round() / 1000.0;
    let wall = ran.at.duration_since(before.at).as_secs_f64().max(1e-9);
    let share = |a: f64, b: f64| ((b - a) / wall * 1000.0).round() / 1000.0;
    let mut v = json!({
        "cpu_ops": ops,
        "cpu_window_seconds": settled.at.duration_since(before.at).as_secs_f64(),
        "upstream_cpu_ms_per_op": per_op(before.upstream, settled.upstream),
        "load_cpu_ms_per_op": per_op(before.load, settled.load),
        "upstream_cpu_share": share(before.upstream, ran.upstream),
        "load_cpu_share": share(before.load, ran.load),
    });
    if with_proxy {
        v["proxy_cpu_ms_per_op"] = json!(per_op(before.proxy, settled.proxy));
        v["proxy_cpu_share"] = json!(share(before.proxy, ran.proxy));
    }
    v
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

fn mib(kib: u64) -> f64 {
    (kib as f64 / 1024.0 * 10.0).round() / 10.0
}

async fn stub_stats(stub: &Child) -> Value {
    match reqwest::get(format!("{}/stub/stats", stub.url)).await {
        Ok(r) => r.json().await.unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

impl Bench {
    fn fresh_dir(&self) -> Result<tempfile::TempDir> {
        Ok(tempfile::Builder::new()
            .prefix("run-")
            .tempdir_in(&self.work)?)
    }

    fn schedule(&self, rate: f64) -> Schedule {
        Schedule::at(rate, self.s.min_samples, self.s.min_secs)
    }

    async fn upstream(&self, kind: UpstreamKind, dir: &Path) -> Result<Child> {
        match kind {
            UpstreamKind::Stub => procs::start_stub(&self.bins.stub, &self.creds, dir).await,
            UpstreamKind::Sandbox => {
                procs::start_sandbox(&self.bins.sandbox, &self.creds, dir).await
            }
        }
    }

    async fn proxy(&self, upstream: &Child, dir: &Path) -> Result<Child> {
        let proxy = procs::start_proxy(
            &self.bins.proxy,
            &self.pinning,
            &format!("{}/api/", upstream.url),
            &self.creds,
            TOKEN,
            dir,
        )
        .await?;
        // Start-up work (migrations, the first reconciler pass) is not the load's.
        procs::await_idle(proxy.pid(), Duration::from_secs(3)).await;
        Ok(proxy)
    }

    /// Creates at `rate`: straight to a fresh upstream, then through a fresh proxy to it.
    async fn create_step(&self, kind: UpstreamKind, rate: f64) -> Result<Value> {
        let dir = self.fresh_dir()?;
        let upstream = self.upstream(kind, dir.path()).await?;
        let schedule = self.schedule(rate);
        let ops = schedule.warmup + schedule.samples;
        let secret = ApiSecret::new(self.creds.secret.clone());
        let prefix = format!("BENCH-{:08x}", rand::random::<u32>());

        if kind == UpstreamKind::Sandbox {
            // A fresh SQLite file is slower while its WAL grows: neither row should pay that.
            let make = load::direct_create(
                &format!("{}/api/", upstream.url),
                &self.creds.key,
                &secret,
                &format!("{prefix}-W"),
            );
            load::closed_loop(
                &load::http_client(),
                SANDBOX_WARMUP,
                4,
                make,
                load::upstream_ok,
            )
            .await;
        }
        detail(&format!("{}: {rate}/s direct", kind.name()));
        let before = cpu_mark(None, &upstream);
        let make = load::direct_create(
            &format!("{}/api/", upstream.url),
            &self.creds.key,
            &secret,
            &format!("{prefix}-D"),
        );
        let direct = load::open_loop(&load::http_client(), schedule, make, load::upstream_ok).await;
        let ran = cpu_mark(None, &upstream);
        procs::await_idle(upstream.pid(), Duration::from_secs(3)).await;
        let settled = cpu_mark(None, &upstream);
        let direct = merge(
            json!(direct),
            cpu_fields(&before, &ran, &settled, ops, false),
        );

        detail(&format!("{}: {rate}/s through the proxy", kind.name()));
        let proxy = self.proxy(&upstream, dir.path()).await?;
        let before = cpu_mark(Some(&proxy), &upstream);
        let make = load::proxy_create(&proxy.url, TOKEN, &format!("{prefix}-P"));
        let run = load::open_loop(&load::http_client(), schedule, make, load::created).await;
        let ran = cpu_mark(Some(&proxy), &upstream);
        procs::await_idle(proxy.pid(), Duration::from_secs(5)).await;
        let settled = cpu_mark(Some(&proxy), &upstream);
        let rss = proxy.rss_kib();
        let mut through = merge(json!(run), cpu_fields(&before, &ran, &settled, ops, true));
        through["proxy_rss_mib_after"] = json!(mib(rss));
        if run.errors > 0 {
            detail(&format!(
                "{} errors, e.g. {:?}",
                run.errors, run.first_errors
            ));
        }
        proxy.stop().await;
        upstream.stop().await;
        let overhead = |q: &str| -> Value {
            match (
                through["latency"][q].as_f64(),
                direct["latency"][q].as_f64(),
            ) {
                (Some(p), Some(d)) => json!(((p - d) * 1000.0).round() / 1000.0),
                _ => Value::Null,
            }
        };
        Ok(json!({
            "rate": rate,
            "upstream": kind.name(),
            "overhead_p50_ms": overhead("p50_ms"),
            "overhead_p99_ms": overhead("p99_ms"),
            "direct": direct,
            "proxy": through,
        }))
    }

    /// Postbacks at `rate` to a fresh proxy holding `POSTBACK_PAYMENTS` payments.
    async fn postback_step(&self, rate: f64) -> Result<Value> {
        let dir = self.fresh_dir()?;
        let stub = self.upstream(UpstreamKind::Stub, dir.path()).await?;
        let proxy = self.proxy(&stub, dir.path()).await?;
        let client = load::http_client();
        let prefix = format!("BENCH-{:08x}", rand::random::<u32>());
        let made = load::closed_loop(
            &client,
            POSTBACK_PAYMENTS,
            8,
            load::proxy_create(&proxy.url, TOKEN, &prefix),
            load::created,
        )
        .await;
        let targets = load::stub_postback_targets(&stub.url, POSTBACK_PAYMENTS).await?;
        if targets.is_empty() {
            return Err(Error::Setup(format!(
                "no payments to post back to ({made} created)"
            )));
        }
        procs::await_idle(proxy.pid(), Duration::from_secs(5)).await;

        detail(&format!(
            "postbacks: {rate}/s to {} payments",
            targets.len()
        ));
        let schedule = self.schedule(rate);
        let ops = schedule.warmup + schedule.samples;
        let stats_before = stub_stats(&stub).await;
        let before = cpu_mark(Some(&proxy), &stub);
        let run = load::open_loop(
            &client,
            schedule,
            load::postbacks(targets.clone()),
            load::success,
        )
        .await;
        let ran = cpu_mark(Some(&proxy), &stub);
        // The verifications a postback asks for run after its answer: count them in.
        procs::await_idle(proxy.pid(), Duration::from_secs(10)).await;
        let settled = cpu_mark(Some(&proxy), &stub);
        let stats_after = stub_stats(&stub).await;
        let rss = proxy.rss_kib();
        if run.errors > 0 {
            detail(&format!(
                "{} errors, e.g. {:?}",
                run.errors, run.first_errors
            ));
        }
        proxy.stop().await;
        stub.stop().await;
        let getupdates = stats_after["getupdates"]
            .as_u64()
            .unwrap_or(0)
            .saturating_sub(stats_before["getupdates"].as_u64().unwrap_or(0));
        let mut run = merge(json!(run), cpu_fields(&before, &ran, &settled, ops, true));
        run["proxy_rss_mib_after"] = json!(mib(rss));
        Ok(json!({
            "rate": rate,
            "payments": targets.len(),
            "getupdates": getupdates,
            "getupdates_per_postback": (getupdates as f64 / ops as f64 * 1000.0).round() / 1000.0,
            "run": run,
        }))
    }

    /// A fresh proxy holding `n` idle keep-alive connections (one `/healthz` each): the part of
    /// a stream's memory that is the connection alone.
    async fn idle_connections(&self, n: usize) -> Result<Value> {
        let dir = self.fresh_dir()?;
        let stub = self.upstream(UpstreamKind::Stub, dir.path()).await?;
        let proxy = self.proxy(&stub, dir.path()).await?;
        let target = socket_of(&proxy)?;
        let before = procs::steady_rss_kib(proxy.pid(), Duration::from_millis(500)).await;
        let sources: Vec<Ipv4Addr> = (1..=STREAM_SOURCES)
            .map(|i| Ipv4Addr::new(127, 0, 0, i))
            .collect();
        let (held, failed) =
            load::hold_idle_connections(target, "/healthz", n, &sources, 256).await;
        let after = procs::steady_rss_kib(proxy.pid(), Duration::from_secs(1)).await;
        let open = held.len();
        drop(held);
        proxy.stop().await;
        stub.stop().await;
        Ok(json!({
            "connections": open,
            "failed": failed,
            "rss_mib_before": mib(before),
            "rss_mib_after": mib(after),
            "kib_per_connection": (open > 0).then(|| ((after as f64 - before as f64) / open as f64 * 10.0).round() / 10.0),
        }))
    }

    /// A fresh proxy holding more and more event streams: steady RSS at each level, and one
    /// published event that every stream should get.
    async fn streams(&self) -> Result<Value> {
        let dir = self.fresh_dir()?;
        let stub = self.upstream(UpstreamKind::Stub, dir.path()).await?;
        let proxy = self.proxy(&stub, dir.path()).await?;
        let target = socket_of(&proxy)?;
        let sources = (1..=STREAM_SOURCES)
            .map(|i| Ipv4Addr::new(127, 0, 0, i))
            .collect();
        let mut pool = load::StreamPool::new(target, "/api/events", Some(TOKEN), sources);
        let mut levels = Vec::new();
        for (marker, &level) in (1u64..).zip(&self.s.stream_levels) {
            detail(&format!("streams: {level}"));
            let opened = pool.grow_to(level, 256).await;
            let rss = procs::steady_rss_kib(proxy.pid(), Duration::from_secs(2)).await;
            let anon = procs::status_kib(proxy.pid(), "RssAnon").unwrap_or(0);
            let threads = procs::status_kib(proxy.pid(), "Threads").unwrap_or(0);
            let mut entry = json!({
                "streams": level,
                "held": pool.held(),
                "opened": opened,
                "rss_mib": mib(rss),
                "rss_anon_mib": mib(anon),
                "threads": threads,
            });
            if level > 0 {
                let held = pool.held();
                let sent = load::publish_marker(&proxy.url, TOKEN, marker).await?;
                let got =
                    load::await_delivery(&pool, marker, sent, held, Duration::from_secs(30)).await;
                entry["delivered"] = json!(got.len());
                entry["every_stream_got_it"] = json!(got.len() >= held && held >= level);
                entry["delivery"] = json!(load::Percentiles::of(got));
                entry["rss_mib_after_event"] = json!(mib(proxy.rss_kib()));
            }
            levels.push(entry);
        }
        pool.close();
        proxy.stop().await;
        stub.stop().await;
        let rss_of = |i: usize| levels.get(i).and_then(|l: &Value| l["rss_mib"].as_f64());
        let last = levels.len().saturating_sub(1);
        let kib_per_stream = match (rss_of(0), rss_of(last), self.s.stream_levels.get(last)) {
            (Some(a), Some(b), Some(&n)) if n > 0 => {
                json!(((b - a) * 1024.0 / n as f64 * 10.0).round() / 10.0)
            }
            _ => Value::Null,
        };
        Ok(json!({
            "levels": levels,
            "kib_per_stream": kib_per_stream,
            "sources": format!("127.0.0.1–127.0.0.{STREAM_SOURCES}"),
            "endpoint": "/api/events (terminal stream, one terminal)",
        }))
    }
}

impl Bench {
    /// A fresh proxy on its own TLS holding more and more event streams over HTTP/2,
    /// `H2_STREAMS_PER_CONNECTION` per connection: steady RSS at each level, and one
    /// published event that every stream should get.
    async fn h2_streams(&self) -> Result<Value> {
        let dir = self.fresh_dir()?;
        let stub = self.upstream(UpstreamKind::Stub, dir.path()).await?;
        let proxy = procs::start_tls_proxy(
            &self.bins.proxy,
            &self.pinning,
            &format!("{}/api/", stub.url),
            &self.creds,
            TOKEN,
            dir.path(),
        )
        .await?;
        procs::await_idle(proxy.pid(), Duration::from_secs(3)).await;
        let target = socket_of(&proxy)?;
        let ca = std::fs::read_to_string(dir.path().join("tls").join("local-ca.pem"))?;
        let sources = (1..=STREAM_SOURCES)
            .map(|i| Ipv4Addr::new(127, 0, 0, i))
            .collect();
        let mut pool = load::H2Pool::new(
            target,
            &ca,
            "/api/events",
            TOKEN,
            sources,
            H2_STREAMS_PER_CONNECTION,
        )?;
        let https = reqwest::Client::builder()
            .danger_accept_invalid_certs(true)
            .build()?;
        let mut levels = Vec::new();
        for (marker, &level) in (1u64..).zip(&self.s.stream_levels) {
            detail(&format!("h2 streams: {level}"));
            let opened = pool.grow_to(level, 64).await;
            let rss = procs::steady_rss_kib(proxy.pid(), Duration::from_secs(2)).await;
            let anon = procs::status_kib(proxy.pid(), "RssAnon").unwrap_or(0);
            let mut entry = json!({
                "streams": level,
                "connections": pool.connections(),
                "held": pool.held(),
                "opened": opened,
                "rss_mib": mib(rss),
                "rss_anon_mib": mib(anon),
            });
            if level > 0 {
                let held = pool.held();
                let sent = load::publish_marker_with(&https, &proxy.url, TOKEN, marker).await?;
                let got = pool
                    .await_delivery(marker, sent, held, Duration::from_secs(30))
                    .await;
                entry["delivered"] = json!(got.len());
                entry["delivered_share"] = json!(got.len() as f64 / level as f64);
                entry["delivery"] = json!(load::Percentiles::of(got));
                entry["rss_mib_after_event"] = json!(mib(proxy.rss_kib()));
            }
            levels.push(entry);
        }
        pool.close();
        proxy.stop().await;
        stub.stop().await;
        let rss_of = |i: usize| levels.get(i).and_then(|l: &Value| l["rss_mib"].as_f64());
        let last = levels.len().saturating_sub(1);
        let kib_per_stream = match (rss_of(0), rss_of(last), self.s.stream_levels.get(last)) {
            (Some(a), Some(b), Some(&n)) if n > 0 => {
                json!(((b - a) * 1024.0 / n as f64 * 10.0).round() / 10.0)
            }
            _ => Value::Null,
        };
        Ok(json!({
            "levels": levels,
            "kib_per_stream": kib_per_stream,
            "streams_per_connection": H2_STREAMS_PER_CONNECTION,
            "sources": format!("127.0.0.1–127.0.0.{STREAM_SOURCES}"),
            "endpoint": "/api/events over HTTP/2 on WCT_POS_TLS=local (terminal stream, one terminal)",
        }))
    }
}

fn socket_of(child: &Child) -> Result<SocketAddr> {
    child
        .url
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .parse()
        .map_err(|_| Error::Setup(format!("{} url {}", child.name, child.url)))
}

// ----- goals -----

fn goal(name: &str, measured: String, met: Option<bool>, values: Vec<Option<f64>>) -> Value {
    json!({"goal": name, "measured": measured, "met": met, "values": values})
}

fn step_at(steps: &Value, rate: f64) -> Option<&Value> {
    steps
        .as_array()?
        .iter()
        .find(|s| s["rate"].as_f64() == Some(rate))
}

/// Of `runs`, the one at the highest offered rate that was sustained (≥ 95 % achieved, no
/// errors), and the highest rate achieved by any.
fn throughput<'a>(runs: &[&'a Value]) -> (Option<&'a Value>, Option<f64>) {
    let sustained = runs
        .iter()
        .filter(|r| r["errors"].as_u64() == Some(0))
        .filter(
            |r| match (r["achieved_per_s"].as_f64(), r["offered_per_s"].as_f64()) {
                (Some(a), Some(o)) => a >= 0.95 * o,
                _ => false,
            },
        )
        .max_by(|a, b| {
            let rate = |r: &Value| r["offered_per_s"].as_f64().unwrap_or(0.0);
            rate(a).total_cmp(&rate(b))
        })
        .copied();
    let peak = runs
        .iter()
        .filter_map(|r| r["achieved_per_s"].as_f64())
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    (sustained, peak)
}

/// The throughput goal `at_least` per second, from `runs`.
fn throughput_goal(name: &str, runs: &[&Value], at_least: f64) -> Value {
    let f = |v: Option<f64>| report::fmt(v);
    let (sustained, peak) = throughput(runs);
    let rate = sustained.and_then(|r| r["offered_per_s"].as_f64());
    let measured = match sustained {
        Some(r) => format!(
            "sustained {}/s of the rates tried (p50 / p99 there {} / {} ms), peak achieved {}/s",
            f(rate),
            f(r["latency"]["p50_ms"].as_f64()),
            f(r["latency"]["p99_ms"].as_f64()),
            f(peak)
        ),
        None => format!("no rate tried was sustained, peak achieved {}/s", f(peak)),
    };
    goal(
        name,
        measured,
        (!runs.is_empty()).then(|| rate.is_some_and(|r| r >= at_least)),
        vec![rate, peak],
    )
}

fn summary(report: &Value) -> Value {
    let f = |v: Option<f64>| report::fmt(v);
    let mut goals = Vec::new();
    let at200 = step_at(&report["creates"]["stub"], 200.0);
    let (o50, o99) = (
        at200.and_then(|s| s["overhead_p50_ms"].as_f64()),
        at200.and_then(|s| s["overhead_p99_ms"].as_f64()),
    );
    goals.push(goal(
        "proxy overhead at 200 creates/s ≤ 1 ms p50, ≤ 5 ms p99",
        format!("{} / {} ms", f(o50), f(o99)),
        o50.zip(o99).map(|(a, b)| a <= 1.0 && b <= 5.0),
        vec![o50, o99],
    ));
    let create_runs: Vec<&Value> = report["creates"]["stub"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| &s["proxy"])
        .collect();
    goals.push(throughput_goal("≥ 2,000 creates/s", &create_runs, 2000.0));
    let postback_runs: Vec<&Value> = report["postbacks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| &s["run"])
        .collect();
    goals.push(throughput_goal(
        "≥ 5,000 postbacks/s",
        &postback_runs,
        5000.0,
    ));
    let top = report["streams"]["levels"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["streams"].as_u64() == Some(10_000)));
    let rss = top.and_then(|l| l["rss_mib"].as_f64());
    let all = top.and_then(|l| l["every_stream_got_it"].as_bool());
    goals.push(goal(
        "10,000 streams in < 100 MB RSS",
        format!(
            "{} MiB = {} MB, {} of 10,000 held, {} got the event",
            f(rss),
            f(rss.map(|m| m * 1.048_576)),
            top.map_or(Value::Null, |l| l["held"].clone()),
            top.map_or(Value::Null, |l| l["delivered"].clone())
        ),
        rss.map(|m| m * 1.048_576 < 100.0 && all == Some(true)),
        vec![rss],
    ));
    let top = report["h2streams"]["levels"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["streams"].as_u64() == Some(10_000)));
    let rss = top.and_then(|l| l["rss_mib"].as_f64());
    let share = top.and_then(|l| l["delivered_share"].as_f64());
    goals.push(goal(
        "10,000 HTTP/2 streams (TLS) in < 100 MB RSS, ≥ 99 % get the next event",
        format!(
            "{} MiB = {} MB over {} connections, {} of 10,000 held, {} got the event",
            f(rss),
            f(rss.map(|m| m * 1.048_576)),
            top.map_or(Value::Null, |l| l["connections"].clone()),
            top.map_or(Value::Null, |l| l["held"].clone()),
            top.map_or(Value::Null, |l| l["delivered"].clone())
        ),
        rss.zip(share)
            .map(|(m, s)| m * 1.048_576 < 100.0 && s >= 0.99),
        vec![rss, share],
    ));
    json!({ "goals": goals })
}

// ----- the run -----

fn stamp(unix: i64) -> String {
    wct_api::clock::rfc3339(unix).replace([':', '-'], "")
}

async fn run(s: Settings) -> Result<()> {
    let started = *STARTED.get_or_init(Instant::now);
    let date = now_unix();
    let out = wct_e2e::target_dir().join("bench");
    let work = out.join("work");
    std::fs::create_dir_all(&work)?;
    let open_files = procs::raise_open_file_limit();
    let mut report = json!({
        "format": 2,
        "date": wct_api::clock::rfc3339(date),
        "quick": s.quick,
        "parts": s.parts,
        "machine": procs::machine(&work),
    });
    let dist = wct_e2e::dist_dir();
    let bins = binaries()?;

    if s.wants("app") {
        step("app size (gzip of wasm + js + css in dist/)");
        report["app"]["size"] = if dist.join("index.html").exists() {
            app_size(&dist)?
        } else {
            json!(format!("{} missing: run cargo xtask build", dist.display()))
        };
        step("per page: what the customer page and the till's first screen download (as served)");
        report["app"]["pages"] = if dist.join("index.html").exists() {
            let dir = tempfile::Builder::new()
                .prefix("pages-")
                .tempdir_in(&work)?;
            let server = procs::start_app_server(&bins.proxy, TOKEN, dir.path()).await?;
            let pages = match page_downloads(&server.url, &dist, &s).await {
                Ok(v) => v,
                Err(e) => json!(format!("skipped: {e}")),
            };
            server.stop().await;
            pages
        } else {
            json!("skipped: no dist/")
        };
        step("app timings in headless Chromium (4× CPU throttling)");
        report["app"]["timings"] = if dist.join("index.html").exists() {
            let dir = tempfile::Builder::new().prefix("app-").tempdir_in(&work)?;
            let server = procs::start_app_server(&bins.proxy, TOKEN, dir.path()).await?;
            let timings = match app_timings(&server.url, &s).await {
                Ok(v) => v,
                Err(e) => json!(format!("skipped: {e}")),
            };
            server.stop().await;
            timings
        } else {
            json!("skipped: no dist/")
        };
    }

    // From here on this process is the load generator: keep it (and the upstreams it starts)
    // off the proxy's CPU.
    let pinning = Pinning::apply();
    step(&format!("pinning: {}", pinning.note));
    report["pinning"] = json!(pinning);
    report["setup"] = json!({
        "proxy": "target/server/wct-pos-server (cargo profile `server`), RUST_LOG=info, fresh SQLite database and process per rate step",
        "proxy_env": procs::proxy_settings("<token>").into_iter().map(|(k, v)| (k.to_string(), Value::String(v))).collect::<serde_json::Map<_, _>>(),
        "upstreams": "wct-stub-upstream (instant, in memory); wct-sandbox (its own SQLite file)",
        "load": "open loop, fixed arrival rate, latency from the scheduled send time; 1 s warm-up (at least 200 requests) at the same rate not measured",
        "min_samples": s.min_samples,
        "min_seconds": s.min_secs,
        "bench_open_file_limit": open_files,
    });
    let bench = Bench {
        s,
        bins,
        pinning,
        creds: Credentials::random(),
        work: work.clone(),
    };

    if bench.s.wants("creates") {
        step("creates: direct to the stub vs through the proxy, open loop");
        let mut steps = Vec::new();
        for &rate in &bench.s.create_rates {
            steps.push(bench.create_step(UpstreamKind::Stub, rate).await?);
        }
        report["creates"]["stub"] = json!(steps);
    }
    if bench.s.wants("sandbox") {
        step("creates: direct to the sandbox vs through the proxy, open loop");
        let mut steps = Vec::new();
        for &rate in &bench.s.sandbox_rates {
            steps.push(bench.create_step(UpstreamKind::Sandbox, rate).await?);
        }
        report["creates"]["sandbox"] = json!(steps);
    }
    if bench.s.wants("postbacks") {
        step("postbacks, open loop");
        let mut steps = Vec::new();
        for &rate in &bench.s.postback_rates {
            steps.push(bench.postback_step(rate).await?);
        }
        report["postbacks"] = json!(steps);
    }
    if bench.s.wants("streams") {
        step("event streams: steady RSS and delivery");
        report["streams"] = bench.streams().await?;
        step("idle connections: the connection's share of a stream's memory");
        report["streams"]["idle_connections"] = bench.idle_connections(IDLE_CONNECTIONS).await?;
    }
    if bench.s.wants("h2streams") {
        step("event streams over HTTP/2 (built-in TLS): steady RSS and delivery");
        report["h2streams"] = bench.h2_streams().await?;
    }
    if bench.s.wants("fuzz") {
        step("fuzz step");
        let secs = bench.s.fuzz_secs;
        let fuzz = tokio::task::spawn_blocking(move || {
            std::panic::set_hook(Box::new(|_| {}));
            let r = wct_e2e::fuzz::run(Duration::from_secs_f64(secs), rand::random());
            let _ = std::panic::take_hook();
            r
        })
        .await
        .map_err(|e| Error::Setup(format!("fuzz task: {e}")))?;
        report["fuzz"] = serde_json::to_value(&fuzz)?;
    }
    report["summary"] = summary(&report);
    report["load_average_at_end"] = json!(procs::load_average());
    report["seconds"] = json!(started.elapsed().as_secs_f64());
    let _ = std::fs::remove_dir_all(&work);

    let previous = report::previous_report(&out, &bench.s.parts);
    let text = serde_json::to_string_pretty(&report)?;
    let history = out.join(format!("{}.json", stamp(date)));
    std::fs::write(&history, &text)?;
    std::fs::write(out.join("latest.json"), &text)?;
    std::fs::write(
        out.join("latest.md"),
        report::markdown(&report, previous.as_ref()),
    )?;
    println!("{}", report::table(&report, previous.as_ref()));
    println!(
        "wrote {} (and latest.json, latest.md) in {:.0} s",
        history.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(offered: f64, achieved: f64, errors: u64) -> Value {
        json!({"offered_per_s": offered, "achieved_per_s": achieved, "errors": errors,
            "latency": {"p50_ms": 1.0, "p99_ms": 4.0}})
    }

    #[test]
    fn a_rate_counts_as_sustained_only_when_achieved_without_errors() {
        let (ok, slow, failing) = (
            run(1000.0, 990.0, 0),
            run(2000.0, 1200.0, 0),
            run(5000.0, 4990.0, 3),
        );
        let (best, peak) = throughput(&[&ok, &slow, &failing]);
        assert_eq!(best.and_then(|r| r["offered_per_s"].as_f64()), Some(1000.0));
        assert_eq!(peak, Some(4990.0));
        let goal = throughput_goal("≥ 2,000 creates/s", &[&ok, &slow], 2000.0);
        assert_eq!(goal["met"], false);
        let goal = throughput_goal("≥ 1,000 creates/s", &[&ok, &slow], 1000.0);
        assert_eq!(goal["met"], true);
        assert_eq!(throughput_goal("none", &[], 1.0)["met"], Value::Null);
    }

    #[test]
    fn the_overhead_goal_needs_both_percentiles_within_bounds() {
        let report = |p50: f64, p99: f64| json!({"creates": {"stub": [{"rate": 200.0, "overhead_p50_ms": p50, "overhead_p99_ms": p99}]}});
        assert_eq!(summary(&report(0.8, 4.0))["goals"][0]["met"], true);
        assert_eq!(summary(&report(0.8, 6.0))["goals"][0]["met"], false);
        assert_eq!(summary(&report(1.2, 4.0))["goals"][0]["met"], false);
        assert_eq!(summary(&json!({}))["goals"][0]["met"], Value::Null);
    }
}
