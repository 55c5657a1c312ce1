//! Processes for the benchmarks: starting the proxy, the sandbox and the stub upstream as
//! children (optionally pinned to CPUs with `taskset`), reading their CPU time and memory from
//! `/proc`, and describing the machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{json, Value};

use crate::{Error, Result};

// ----- /proc -----

/// User + system CPU seconds of a process (all its threads), from `/proc/<pid>/stat`.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    cpu_of_stat(&stat).map(|ticks| ticks as f64 / clock_ticks())
}

/// utime + stime in clock ticks (fields 14 and 15; the name in field 2 may hold spaces).
fn cpu_of_stat(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state).
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

fn clock_ticks() -> f64 {
    // SAFETY: sysconf only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as f64
    } else {
        100.0
    }
}

/// A field of `/proc/<pid>/status` in KiB (`VmRSS`, `RssAnon`, …).
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status_field(&status, field)
}

fn status_field(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find(|l| l.split(':').next() == Some(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// VmRSS once it has stopped moving: sampled every 250 ms after `settle`, until two samples
/// in a row differ by under 1 % (at most 10 s more). Peaks (VmHWM) are not steady state.
pub async fn steady_rss_kib(pid: u32, settle: Duration) -> u64 {
    tokio::time::sleep(settle).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = status_kib(pid, "VmRSS").unwrap_or(0);
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = status_kib(pid, "VmRSS").unwrap_or(0);
        if now.abs_diff(last) * 100 <= last || Instant::now() > deadline {
            return now;
        }
        last = now;
    }
}

/// Waits until a process stops using CPU (under 5 ms per 250 ms, at most `max`): background
/// work a run started (verifications, log writes) is counted with the run.
pub async fn await_idle(pid: u32, max: Duration) {
    let deadline = Instant::now() + max;
    let mut last = cpu_seconds(pid).unwrap_or(0.0);
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = cpu_seconds(pid).unwrap_or(0.0);
        if now - last < 0.005 {
            return;
        }
        last = now;
    }
}

/// Raises this process's soft open-file limit to the hard one (the proxy's own function).
pub use wct_pos_server::http::serve::raise_open_file_limit;

// ----- pinning -----

/// How the bench placed its processes on CPUs.
#[derive(Debug, Clone, Serialize)]
pub struct Pinning {
    pub applied: bool,
    /// `taskset -c` lists, when applied.
    pub proxy_cpus: Option<String>,
    pub load_and_upstream_cpus: Option<String>,
    pub note: String,
}

impl Pinning {
    /// Proxy on CPU 1, this process (the load) and the upstreams it starts on CPU 0, when
    /// there are two CPUs or more and `taskset` exists.
    pub fn apply() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let none = |note: &str| Self {
            applied: false,
            proxy_cpus: None,
            load_and_upstream_cpus: None,
            note: note.into(),
        };
        if cpus < 2 {
            return none("one CPU: nothing to keep apart");
        }
        let has_taskset = Command::new("taskset")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has_taskset {
            return none("taskset (util-linux) not found: processes share every CPU");
        }
        // -a: every thread of this process; children started later inherit it.
        let pinned = Command::new("taskset")
            .args(["-a", "-p", "-c", "0", &std::process::id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !pinned {
            return none("taskset could not pin this process");
        }
        Self {
            applied: true,
            proxy_cpus: Some("1".into()),
            load_and_upstream_cpus: Some("0".into()),
            note: format!(
                "{cpus} CPUs: proxy on CPU 1; load generator and upstream on CPU 0 (other \
                 programs on the machine are not kept off either)"
            ),
        }
    }

    /// A command for `program`, pinned to the proxy's CPUs when pinning applies.
    fn proxy_command(&self, program: &Path) -> Command {
        match &self.proxy_cpus {
            Some(cpus) => {
                let mut c = Command::new("taskset");
                c.args(["-c", cpus]).arg(program);
                c
            }
            None => Command::new(program),
        }
    }
}

// ----- children -----

/// A child process serving HTTP on `url`; killed when dropped.
pub struct Child {
    pub name: &'static str,
    pub url: String,
    child: std::process::Child,
    log: PathBuf,
}

impl Child {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds(self.pid()).unwrap_or(0.0)
    }

    pub fn rss_kib(&self) -> u64 {
        status_kib(self.pid(), "VmRSS").unwrap_or(0)
    }

    /// The last lines of its log, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    /// SIGTERM, then SIGKILL after 10 s.
    pub async fn stop(mut self) {
        let pid = self.pid() as libc::pid_t;
        // SAFETY: kill sends a signal to our own child.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    async fn await_healthy(mut self) -> Result<Self> {
        // Only "is it up": over HTTPS with the proxy's own local CA, not the CA's proof.
        let http = reqwest::Client::builder()
            .danger_accept_invalid_certs(true)
            .build()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let up = http
                .get(format!("{}/healthz", self.url))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                return Ok(self);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(Error::Setup(format!(
                    "{} exited ({status}):\n{}",
                    self.name,
                    self.log_tail()
                )));
            }
            if Instant::now() > deadline {
                return Err(Error::Setup(format!(
                    "{} did not answer /healthz:\n{}",
                    self.name,
                    self.log_tail()
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(name: &'static str, mut command: Command, port: u16, dir: &Path) -> Result<Child> {
    let log_path = dir.join(format!("{name}.log"));
    let log = std::fs::File::create(&log_path)?;
    let child = command
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    Ok(Child {
        name,
        url: format!("http://127.0.0.1:{port}"),
        child,
        log: log_path,
    })
}

/// The API credentials an upstream accepts.
#[derive(Clone)]
pub struct Credentials {
    pub key: String,
    pub secret: String,
}

impl Credentials {
    pub fn random() -> Self {
        Self {
            key: format!("bench-{:08x}", rand::random::<u32>()),
            secret: format!("bench-secret-{:024x}", rand::random::<u128>()),
        }
    }
}

/// The stub upstream (`wct-stub-upstream`), on this process's CPUs.
pub async fn start_stub(binary: &Path, creds: &Credentials, dir: &Path) -> Result<Child> {
    let port = crate::browser::free_port()?;
    let mut c = Command::new(binary);
    c.args(["--bind", &format!("127.0.0.1:{port}"), "--key", &creds.key])
        .env("WCT_STUB_SECRET", &creds.secret);
    spawn("stub", c, port, dir)?.await_healthy().await
}

/// The sandbox (`wct-sandbox`) with its own SQLite file in `dir`, on this process's CPUs.
pub async fn start_sandbox(binary: &Path, creds: &Credentials, dir: &Path) -> Result<Child> {
    let port = crate::browser::free_port()?;
    let mut c = Command::new(binary);
    c.env("WCT_SANDBOX_BIND", format!("127.0.0.1:{port}"))
        .env(
            "WCT_SANDBOX_TERMINALS",
            format!("{}:{}", creds.key, creds.secret),
        )
        .env(
            "WCT_SANDBOX_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("sandbox.db").display()),
        )
        .env("WCT_SANDBOX_CONTROLS", "off")
        .env("RUST_LOG", "info");
    spawn("sandbox", c, port, dir)?.await_healthy().await
}

/// Environment the bench gives the proxy beyond its upstream and database: one terminal, and
/// the caps raised so the load, not a limit, is what is measured.
pub fn proxy_settings(token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("WCT_POS_TERMINALS", format!("Bench till:{token}")),
        ("WCT_POS_CREATE_RATE", "100000000".into()),
        ("WCT_POS_MAX_CONNECTIONS", "30000".into()),
        ("WCT_POS_MAX_CONNECTIONS_PER_IP", "30000".into()),
        ("WCT_POS_MAX_STREAMS", "30000".into()),
        ("WCT_POS_MAX_STREAMS_PER_TERMINAL", "30000".into()),
        ("WCT_POS_MAX_PUBLIC_STREAMS_PER_IP", "30000".into()),
        ("RUST_LOG", "info".into()),
    ]
}

/// The proxy (`wct-pos-server`) with a fresh SQLite database in `dir`, pointed at `upstream`
/// (an API base such as `http://127.0.0.1:PORT/api/`), on the proxy's CPUs.
pub async fn start_proxy(
    binary: &Path,
    pinning: &Pinning,
    upstream: &str,
    creds: &Credentials,
    token: &str,
    dir: &Path,
) -> Result<Child> {
    let port = crate::browser::free_port()?;
    let mut c = pinning.proxy_command(binary);
    c.env("WCT_POS_BIND", format!("127.0.0.1:{port}"))
        .env(
            "WCT_POS_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("wct-pos.db").display()),
        )
        .env("WCT_POS_DIST", crate::dist_dir())
        .env("WCT_API_BASE", upstream)
        .env("WCT_API_KEY", &creds.key)
        .env("WCT_API_SECRET", &creds.secret)
        .envs(proxy_settings(token))
        .current_dir(dir);
    spawn("proxy", c, port, dir)?.await_healthy().await
}

/// `start_proxy` serving HTTPS (and HTTP/2) with its own local CA, kept in `dir/tls/`
/// (`local-ca.pem`); the proxy's certificate names `localhost`.
pub async fn start_tls_proxy(
    binary: &Path,
    pinning: &Pinning,
    upstream: &str,
    creds: &Credentials,
    token: &str,
    dir: &Path,
) -> Result<Child> {
    let port = crate::browser::free_port()?;
    let mut c = pinning.proxy_command(binary);
    c.env("WCT_POS_BIND", format!("127.0.0.1:{port}"))
        .env(
            "WCT_POS_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("wct-pos.db").display()),
        )
        .env("WCT_POS_DIST", crate::dist_dir())
        .env("WCT_API_BASE", upstream)
        .env("WCT_API_KEY", &creds.key)
        .env("WCT_API_SECRET", &creds.secret)
        .env("WCT_POS_TLS", "local")
        .env("WCT_POS_PUBLIC_URL", format!("https://localhost:{port}"))
        .envs(proxy_settings(token))
        .current_dir(dir);
    let mut child = spawn("proxy-tls", c, port, dir)?;
    child.url = format!("https://127.0.0.1:{port}");
    child.await_healthy().await
}

/// The proxy with its embedded sandbox, as the app timings have always used it (warn logs,
/// fast sandbox retries, no pinning).
pub async fn start_app_server(binary: &Path, token: &str, dir: &Path) -> Result<Child> {
    let (port, sandbox_port) = (crate::browser::free_port()?, crate::browser::free_port()?);
    let creds = Credentials::random();
    let mut c = Command::new(binary);
    c.env("WCT_POS_BIND", format!("127.0.0.1:{port}"))
        .env("WCT_SANDBOX_BIND", format!("127.0.0.1:{sandbox_port}"))
        .env(
            "WCT_POS_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("app.db").display()),
        )
        .env("WCT_POS_DIST", crate::dist_dir())
        .env("WCT_POS_TERMINALS", format!("Bench till:{token}"))
        .env("WCT_API_KEY", &creds.key)
        .env("WCT_API_SECRET", &creds.secret)
        .env("WCT_POS_CREATE_RATE", "100000000")
        .env("WCT_SANDBOX_RETRY_BASE_MS", "50")
        .env("WCT_SANDBOX_RETRY_MAX_MS", "500")
        .env("RUST_LOG", "warn")
        .current_dir(dir);
    spawn("app-server", c, port, dir)?.await_healthy().await
}

// ----- the machine -----

fn first_line_after(text: &str, prefix: &str) -> Option<String> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// The mount holding `path` (longest mount-point prefix in /proc/mounts): (fs type, mount
/// point, options).
pub fn filesystem_of(path: &Path) -> Option<(String, String, String)> {
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    let path = path.canonicalize().ok()?;
    mounts
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((
                f.get(1)?.to_string(),
                f.get(2)?.to_string(),
                f.get(3)?.to_string(),
            ))
        })
        .filter(|(mount, _, _)| path.starts_with(mount))
        .max_by_key(|(mount, _, _)| mount.len())
        .map(|(mount, fstype, options)| (fstype, mount, options))
}

/// 1-, 5- and 15-minute load averages: other work on a shared machine shows here.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// CPUs, model, memory, kernel, the database directory's filesystem, rustc, Chromium.
pub fn machine(db_dir: &Path) -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: u64 = first_line_after(&meminfo, "MemTotal")
        .and_then(|v| v.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let fs = filesystem_of(db_dir);
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    json!({
        "nproc": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "cpu": first_line_after(&cpuinfo, "model name").unwrap_or_else(|| "unknown".into()),
        "memory_gib": (mem_kb as f64 / 1024.0 / 1024.0 * 10.0).round() / 10.0,
        "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim(),
        "os": command_output("sh", &["-c", ". /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\""]),
        "db_dir": db_dir.display().to_string(),
        "db_filesystem": fs.as_ref().map(|f| f.0.clone()),
        "db_mount": fs.as_ref().map(|f| f.1.clone()),
        "db_mount_options": fs.as_ref().map(|f| f.2.clone()),
        "rustc": command_output(&rustc, &["--version"]),
        "chromium": command_output("chromium", &["--version"]),
        "load_average_at_start": load_average(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_read_after_the_name() {
        // A name with spaces and a parenthesis must not shift the fields.
        let stat =
            "4242 (wct pos) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 9 0 100 0 0";
        assert_eq!(cpu_of_stat(stat), Some(325));
        assert_eq!(cpu_of_stat("garbage"), None);
    }

    #[test]
    fn status_fields_are_found_by_name() {
        let status = "Name:\twct\nVmHWM:\t  90000 kB\nVmRSS:\t  51200 kB\nRssAnon:\t 40000 kB\n";
        assert_eq!(status_field(status, "VmRSS"), Some(51200));
        assert_eq!(status_field(status, "RssAnon"), Some(40000));
        assert_eq!(status_field(status, "VmSwap"), None);
    }

    #[test]
    fn this_process_has_cpu_time_and_memory() {
        let pid = std::process::id();
        let spin = Instant::now();
        while spin.elapsed() < Duration::from_millis(50) {
            std::hint::black_box(0u64);
        }
        assert!(cpu_seconds(pid).is_some_and(|s| s > 0.0));
        assert!(status_kib(pid, "VmRSS").is_some_and(|k| k > 0));
        assert!(filesystem_of(Path::new("/")).is_some());
    }
}
