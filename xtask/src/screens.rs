//! `cargo xtask screenshots URL…`: PNGs at phone and tablet sizes, taken through ChromeDriver
//! (WebDriver) the way the browser suite does: open the URL, wait for the app's ready marker,
//! then shoot. Every step has its own timeout and fails with a message that says which step.
//!
//! Chromium's one-shot `--screenshot` mode waited for the network to go idle, which a paired
//! page never does (it keeps its event stream open), so it hung.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};

use crate::exec::{Ctx, Step};

pub const SIZES: [(&str, u32, u32); 2] = [("phone", 390, 844), ("tablet", 1024, 768)];

/// How long each step may take before the command gives up with an error.
const DRIVER_START: Duration = Duration::from_secs(30);
const HTTP_CALL: Duration = Duration::from_secs(60);
const PAGE_LOAD: Duration = Duration::from_secs(30);
const READY: Duration = Duration::from_secs(30);

/// The app is ready when its loading skeleton is gone and nothing on the page is busy
/// (`aria-busy="true"` marks every loading placeholder). Two animation frames then let the
/// last layout settle.
const READY_SCRIPT: &str = "return !document.getElementById('skeleton') \
    && !!document.querySelector('#main, .not-built, body > h1') \
    && !document.querySelector('[aria-busy=\"true\"]');";
const SETTLE_SCRIPT: &str = "const done = arguments[0]; \
    requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";

/// URLs are visited in order in one browser profile per size. With `--pair TERMINAL`, each
/// profile is first paired the way a cashier pairs a device: a one-time code is asked for as
/// that terminal (its token, from `WCT_POS_TERMINALS` like the server reads it, goes in a
/// Bearer header, never in a URL), `/pair#code=…` is opened and shot (`pair-<size>.png`),
/// and the pairing is confirmed.
pub fn screenshots(ctx: &Ctx, args: &[String]) -> Result<()> {
    let Args {
        out: out_dir,
        urls,
        pair,
    } = parse_args(ctx, args)?;
    std::fs::create_dir_all(&out_dir)?;
    for url in &urls {
        ensure_reachable(url)?;
    }
    let pairing = match &pair {
        Some(terminal) => {
            let origin = origin(&urls[0])
                .ok_or_else(|| anyhow!("--pair needs http:// URLs (got {})", urls[0]))?;
            let terminals = std::env::var("WCT_POS_TERMINALS").unwrap_or_default();
            let token = terminal_token(&terminals, terminal).ok_or_else(|| {
                anyhow!(
                    "WCT_POS_TERMINALS names no terminal {terminal:?} (written [store/]name:token)"
                )
            })?;
            Some((origin, token))
        }
        None => None,
    };
    let driver = Driver::spawn(&ctx.pins.browser.chromedriver)?;
    for (label, width, height) in SIZES {
        let session = driver.session(&ctx.pins.browser.chromium, (width, height))?;
        if let Some((origin, token)) = &pairing {
            let file = out_dir.join(format!("pair-{label}.png"));
            let step = Step::start(format!(
                "pairing at {width}×{height} with a one-time code → {}",
                file.display()
            ));
            match session.pair(origin, token, &file) {
                Ok(()) => step.done(),
                Err(e) => {
                    step.failed();
                    session.close();
                    return Err(e);
                }
            }
        }
        let result = urls.iter().try_for_each(|url| {
            let file = out_dir.join(format!("{}-{label}.png", slug(url)));
            let step = Step::start(format!("{url} at {width}×{height} → {}", file.display()));
            match session.shoot(url, &file) {
                Ok(()) => {
                    step.done();
                    Ok(())
                }
                Err(e) => {
                    step.failed();
                    Err(e)
                }
            }
        });
        session.close();
        result?;
    }
    Ok(())
}

/// A `chromedriver` on a free loopback port, killed (with its Chromium) when dropped.
struct Driver {
    child: Child,
    base: String,
}

impl Driver {
    fn spawn(program: &str) -> Result<Self> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut command = Command::new(program);
        command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Own process group, so dropping kills chromedriver and its browsers together.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {program}"))?;
        let driver = Self {
            child,
            base: format!("127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + DRIVER_START;
        while http(&driver.base, "GET", "/status", None).is_err() {
            if Instant::now() > deadline {
                bail!(
                    "{program} did not answer within {} s",
                    DRIVER_START.as_secs()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }

    fn session(&self, chromium: &str, (width, height): (u32, u32)) -> Result<Session<'_>> {
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--window-size={width},{height}"));
        let mut options = json!({ "args": args });
        if Path::new(chromium).exists() {
            options["binary"] = json!(chromium);
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "pageLoad": PAGE_LOAD.as_millis() as u64, "script": READY.as_millis() as u64 },
            "goog:chromeOptions": options,
        }}});
        let answer = http(&self.base, "POST", "/session", Some(&caps))
            .context("cannot open a Chromium session")?;
        let id = answer["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("chromedriver gave no session id: {answer}"))?
            .to_string();
        let session = Session {
            driver: self,
            id,
            size: (width, height),
        };
        session.cmd(
            "goog/cdp/execute",
            json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": {
                "width": width, "height": height, "deviceScaleFactor": 1,
                "mobile": width < 600,
            }}),
        )?;
        Ok(session)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Session<'a> {
    driver: &'a Driver,
    id: String,
    size: (u32, u32),
}

impl Session<'_> {
    fn cmd(&self, path: &str, body: Value) -> Result<Value> {
        let path = format!("/session/{}/{path}", self.id);
        http(&self.driver.base, "POST", &path, Some(&body))
    }

    fn get(&self, path: &str) -> Result<Value> {
        let path = format!("/session/{}/{path}", self.id);
        http(&self.driver.base, "GET", &path, None)
    }

    /// Asks the proxy at `origin` for a pairing code as the terminal of `token`, opens its
    /// link, shoots the pairing screen into `file`, then pairs and waits for the Charge screen.
    fn pair(&self, origin: &str, token: &str, file: &Path) -> Result<()> {
        let authority = authority(origin).ok_or_else(|| anyhow!("not an http URL: {origin}"))?;
        let answer = request(
            &authority,
            "POST",
            "/api/devices/pairing-codes",
            None,
            Some(token),
        )
        .context("asking the proxy for a pairing code")?;
        let code = answer["code"]
            .as_str()
            .ok_or_else(|| anyhow!("the proxy answered no pairing code: {answer}"))?;
        self.shoot(&format!("{origin}/pair#code={code}"), file)?;
        self.cmd("execute/sync", json!({ "script": PAIR_SCRIPT, "args": [] }))
            .context("confirming the pairing")?;
        let deadline = Instant::now() + READY;
        loop {
            let paired = self
                .cmd(
                    "execute/sync",
                    json!({ "script": PAIRED_SCRIPT, "args": [] }),
                )
                .context("asking the page whether it is paired")?;
            if paired.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("pairing did not finish within {} s", READY.as_secs());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn shoot(&self, url: &str, file: &Path) -> Result<()> {
        self.cmd("url", json!({ "url": url })).with_context(|| {
            format!("opening {url} (page load limit {} s)", PAGE_LOAD.as_secs())
        })?;
        let deadline = Instant::now() + READY;
        loop {
            let ready = self
                .cmd(
                    "execute/sync",
                    json!({ "script": READY_SCRIPT, "args": [] }),
                )
                .context("asking the page whether it is ready")?;
            if ready.as_bool() == Some(true) {
                break;
            }
            if Instant::now() > deadline {
                let shown = self
                    .cmd(
                        "execute/sync",
                        json!({ "script": "return document.body ? document.body.innerText.slice(0, 300) : ''", "args": [] }),
                    )
                    .unwrap_or_default();
                bail!(
                    "{url} did not become ready within {} s at {}×{} (the page shows {shown})",
                    READY.as_secs(),
                    self.size.0,
                    self.size.1
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.cmd(
            "execute/async",
            json!({ "script": SETTLE_SCRIPT, "args": [] }),
        )
        .context("waiting for the layout to settle")?;
        let png = self.get("screenshot").context("taking the screenshot")?;
        let png = png
            .as_str()
            .ok_or_else(|| anyhow!("the screenshot came back empty"))?;
        let bytes = base64_decode(png).context("decoding the screenshot")?;
        std::fs::write(file, bytes).with_context(|| format!("cannot write {}", file.display()))
    }

    fn close(&self) {
        let path = format!("/session/{}", self.id);
        let _ = http(&self.driver.base, "DELETE", &path, None);
    }
}

/// Presses "Pair this device" (the suggested device name is kept).
const PAIR_SCRIPT: &str =
    "document.querySelector('[data-testid=\"pair-submit\"]').click(); return true;";
/// Paired: the Charge screen is up.
const PAIRED_SCRIPT: &str = "return !!document.querySelector('[data-testid=\"amount-display\"]');";

/// One WebDriver call over plain HTTP/1.1 (chromedriver on loopback), returning its `value`.
fn http(base: &str, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let answer = request(base, method, path, body, None)?;
    Ok(answer.get("value").cloned().unwrap_or(Value::Null))
}

/// One HTTP/1.1 call with an optional Bearer token, returning the JSON answer; an error
/// status becomes an error naming the call (WebDriver's `value.error`, the proxy's `error`).
fn request(
    base: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
    bearer: Option<&str>,
) -> Result<Value> {
    let addr = base
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| anyhow!("no address for {base}"))?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(HTTP_CALL))?;
    stream.set_write_timeout(Some(HTTP_CALL))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let auth = bearer
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {base}\r\nContent-Type: application/json\r\n\
         {auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    // ChromeDriver may keep the connection open: read the head, then exactly the body.
    let (head, payload) = read_answer(&mut stream).with_context(|| {
        format!(
            "no answer to {method} {path} within {} s",
            HTTP_CALL.as_secs()
        )
    })?;
    let status_ok = head
        .split_whitespace()
        .nth(1)
        .is_some_and(|code| code.starts_with('2'));
    let answer: Value = serde_json::from_slice(&payload)
        .with_context(|| format!("{method} {path} answered with something other than JSON"))?;
    if !status_ok {
        let error = answer.get("value").unwrap_or(&answer);
        let error = error.get("error").unwrap_or(error);
        let (kind, message) = match error {
            Value::String(kind) => (kind.as_str(), error_message(&answer["value"])),
            other => (
                other["code"].as_str().unwrap_or("error"),
                error_message(other),
            ),
        };
        bail!("{method} {path} failed: {kind} {message}");
    }
    Ok(answer)
}

fn error_message(value: &Value) -> &str {
    value["message"]
        .as_str()
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
}

/// The lower-cased head and the body of one HTTP/1.1 answer (by `Content-Length`, chunked, or
/// up to the end of the connection).
fn read_answer(stream: &mut impl Read) -> Result<(String, Vec<u8>)> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            bail!("the connection closed before the answer's head");
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut body = raw[split + 4..].to_vec();
    let length = head.lines().find_map(|line| {
        line.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let complete = match length {
            Some(len) => body.len() >= len,
            None if chunked => body.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    if let Some(len) = length {
        body.truncate(len);
    } else if chunked {
        body = dechunk(&body)?;
    }
    Ok((head, body))
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| anyhow!("a truncated chunked answer"))?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size {
            bail!("a truncated chunked answer");
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or_default();
    }
}

/// Standard base64 (WebDriver's screenshot encoding).
fn base64_decode(text: &str) -> Result<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = value(*c).ok_or_else(|| anyhow!("not base64: {:?}", *c as char))?;
            acc |= v << (18 - 6 * i);
        }
        let bytes = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    Ok(out)
}

/// Headless and quiet: no sandbox (runs as root in CI), no attempts to reach the closed network.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
];

struct Args {
    out: PathBuf,
    urls: Vec<String>,
    /// The terminal whose token asks for the pairing code.
    pair: Option<String>,
}

fn parse_args(ctx: &Ctx, args: &[String]) -> Result<Args> {
    let mut out = ctx.target_dir().join("screens");
    let mut urls = Vec::new();
    let mut pair = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => match iter.next() {
                Some(dir) => out = PathBuf::from(dir),
                None => bail!("--out needs a directory"),
            },
            "--pair" => match iter.next() {
                Some(name) => pair = Some(name.clone()),
                None => bail!("--pair needs a terminal name from WCT_POS_TERMINALS"),
            },
            "--" => {}
            url => urls.push(url.to_string()),
        }
    }
    if urls.is_empty() {
        bail!(
            "usage: cargo xtask screenshots [--out DIR] [--pair TERMINAL] URL… (e.g. http://127.0.0.1:8080/history)"
        );
    }
    Ok(Args { out, urls, pair })
}

/// The token of terminal `name` in a `WCT_POS_TERMINALS` value (`[store/]name:token,…`).
fn terminal_token(terminals: &str, name: &str) -> Option<String> {
    terminals.split(',').find_map(|spec| {
        let (who, token) = spec.split_once(':')?;
        let who = who.rsplit_once('/').map_or(who, |(_, n)| n);
        (who.trim() == name && !token.trim().is_empty()).then(|| token.trim().to_string())
    })
}

/// `scheme://authority` of an http(s) URL.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (scheme == "http" && !host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Chromium happily screenshots its own "connection refused" page; refuse that up front.
fn ensure_reachable(url: &str) -> Result<()> {
    let Some(authority) = authority(url) else {
        return Ok(());
    };
    let addrs: Vec<_> = authority
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {authority}"))?
        .collect();
    if addrs
        .iter()
        .any(|a| TcpStream::connect_timeout(a, Duration::from_secs(3)).is_ok())
    {
        Ok(())
    } else {
        bail!("nothing answers at {authority}; start the server first (cargo xtask run)")
    }
}

/// `host:port` of an http(s) URL, with the scheme's default port.
fn authority(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let host_port = rest.split(['/', '?', '#']).next()?;
    let has_port = host_port
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        && !host_port.ends_with(']');
    Some(if has_port {
        host_port.to_string()
    } else {
        format!("{host_port}:{default_port}")
    })
}

/// A file-name-safe name for a URL: `http://127.0.0.1:8080/pay/Ab12` → `pay-Ab12`.
pub fn slug(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = without_scheme.split_once('/').map_or("", |(_, path)| path);
    let cleaned: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let joined = cleaned
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if joined.is_empty() {
        "index".into()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_name_the_page() {
        assert_eq!(slug("http://127.0.0.1:8080/"), "index");
        assert_eq!(slug("http://127.0.0.1:8080"), "index");
        assert_eq!(slug("http://127.0.0.1:8080/pay/Ab12"), "pay-Ab12");
        assert_eq!(slug("http://h/settings"), "settings");
    }

    #[test]
    fn the_pairing_terminal_token_comes_from_the_servers_setting() {
        let terminals = "Counter:tok-counter-0123456789,north/Back office:tok-back-0123456789";
        assert_eq!(
            terminal_token(terminals, "Counter").as_deref(),
            Some("tok-counter-0123456789")
        );
        assert_eq!(
            terminal_token(terminals, "Back office").as_deref(),
            Some("tok-back-0123456789")
        );
        assert_eq!(terminal_token(terminals, "Till"), None);
        assert_eq!(terminal_token("", "Counter"), None);
        assert_eq!(
            origin("http://127.0.0.1:8080/settings").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin("file:///tmp/x.html"), None);
    }

    #[test]
    fn authority_adds_the_default_port() {
        assert_eq!(
            authority("http://127.0.0.1:8080/pay/x").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            authority("http://localhost/").as_deref(),
            Some("localhost:80")
        );
        assert_eq!(
            authority("https://pos.example.com?x=1").as_deref(),
            Some("pos.example.com:443")
        );
        assert_eq!(
            authority("http://[::1]:8080/").as_deref(),
            Some("[::1]:8080")
        );
        assert_eq!(authority("http://[::1]/").as_deref(), Some("[::1]:80"));
        assert_eq!(authority("file:///tmp/x.html"), None);
    }

    #[test]
    fn a_closed_port_is_reported_before_chromium_runs() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        assert!(ensure_reachable(&format!("http://{addr}/")).is_ok());
        drop(listener);
        let err = ensure_reachable(&format!("http://{addr}/")).unwrap_err();
        assert!(err.to_string().contains("nothing answers"), "{err}");
    }

    #[test]
    fn base64_and_chunked_answers_decode() {
        assert_eq!(base64_decode("iVBORw0KGgo=").unwrap(), b"\x89PNG\r\n\x1a\n");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert!(base64_decode("a$bc").is_err());
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert!(dechunk(b"9\r\nshort").is_err());
    }

    /// A stand-in WebDriver answers one call: its JSON `value` comes back, and an error
    /// status becomes an error naming the call.
    #[test]
    fn webdriver_calls_read_the_value_or_report_the_failure() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = listener.local_addr().unwrap().to_string();
        let server = std::thread::spawn(move || {
            for answer in [
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"value\":{\"ready\":true}}",
                "HTTP/1.1 404 Not Found\r\n\r\n{\"value\":{\"error\":\"no such window\",\"message\":\"gone\"}}",
            ] {
                let (mut conn, _) = listener.accept().unwrap();
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = conn.read(&mut buf).unwrap();
                    seen.extend_from_slice(&buf[..n]);
                }
                conn.write_all(answer.as_bytes()).unwrap();
            }
        });
        let value = http(&base, "GET", "/status", None).unwrap();
        assert_eq!(value["ready"], true);
        let err = http(&base, "POST", "/session/x/url", Some(&json!({}))).unwrap_err();
        assert!(err.to_string().contains("no such window"), "{err}");
        server.join().unwrap();
    }
}
