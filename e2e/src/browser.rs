//! Headless Chromium driven through ChromeDriver (WebDriver + Chrome DevTools Protocol).
//!
//! [`Driver`] is one `chromedriver` process on a free loopback port, killed (with the Chromium
//! it started) when dropped; [`Browser`] is one session in it with helpers that find elements
//! by `data-testid` and poll — never sleep a fixed time — until the app shows what a test waits
//! for.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::{Error, Result};

/// What [`Browser::wait_read`] reads of an element: an attribute as written in the page, or a
/// property as it is now.
#[derive(Debug, Clone, Copy)]
enum Read<'a> {
    Attr(&'a str),
    Prop(&'a str),
}

/// The two screen sizes every screen is checked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewport {
    /// 390×844, a current phone.
    Phone,
    /// 1024×768, a counter-top tablet.
    Tablet,
}

impl Viewport {
    pub fn size(self) -> (u32, u32) {
        match self {
            Self::Phone => (390, 844),
            Self::Tablet => (1024, 768),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Tablet => "tablet",
        }
    }
}

/// How long waits poll before failing. The machine is a loaded 2-core box, so generous;
/// `WCT_E2E_TIMEOUT_SECS` overrides.
pub fn default_timeout() -> Duration {
    let secs = std::env::var("WCT_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(45);
    Duration::from_secs(secs)
}

const POLL: Duration = Duration::from_millis(100);

/// Chromium flags: headless, no sandbox (CI runs as root), and nothing that tries to reach
/// the (closed) network on its own.
pub const CHROMIUM_ARGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--hide-scrollbars",
];

/// A running `chromedriver`. Dropping it kills its whole process group (it and every
/// Chromium it launched), so a failing test leaves no browser behind.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    url: String,
    /// Parent of each session's fresh `--user-data-dir`.
    profiles: tempfile::TempDir,
}

impl Driver {
    /// Starts `chromedriver` (`$CHROMEDRIVER` or `/usr/bin/chromedriver`) on a free port and
    /// waits until it answers `/status`.
    pub async fn spawn() -> Result<Self> {
        let program =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port()?;
        let mut command = Command::new(&program);
        command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Own process group: dropping kills chromedriver and its browsers together.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .map_err(|e| Error::Setup(format!("cannot start {program}: {e}")))?;
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            profiles: tempfile::tempdir()?,
        };
        let status = format!("{}/status", driver.url);
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = http.get(&status).send().await.ok().map(|r| r.status());
            if ready.is_some_and(|s| s.is_success()) {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                return Err(Error::Setup(format!(
                    "{program} did not answer on port {port} within 30 s"
                )));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Opens a new headless Chromium session at `viewport` size.
    pub async fn session(&self, viewport: Viewport) -> Result<Browser> {
        self.session_with_args(viewport, &[]).await
    }

    /// The same with more Chromium flags (`--host-resolver-rules=…`,
    /// `--ignore-certificate-errors-spki-list=…` for the HTTPS test).
    pub async fn session_with_args(&self, viewport: Viewport, extra: &[String]) -> Result<Browser> {
        let profile = tempfile::tempdir_in(self.profiles.path())?;
        let (w, h) = viewport.size();
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.extend(extra.iter().cloned());
        args.push(format!("--window-size={w},{h}"));
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut options = json!({ "args": args });
        let binary = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        if Path::new(&binary).exists() {
            options["binary"] = Value::String(binary);
        }
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), options);
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.url)
            .await?;
        let browser = Browser {
            client,
            viewport,
            _profile: profile,
        };
        browser.set_viewport(viewport).await?;
        Ok(browser)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = self.child.id();
        // Negative pid = the whole group we created in `spawn`.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free TCP port on loopback (bound then released; the race is harmless for tests).
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// One browser session.
#[derive(Debug)]
pub struct Browser {
    pub client: Client,
    viewport: Viewport,
    _profile: tempfile::TempDir,
}

fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl Browser {
    /// Closes the session (Chromium exits); the driver is still usable.
    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }

    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Opens a pairing link (`/pair#code=…`), accepts the suggested device name and waits for
    /// the Charge screen.
    pub async fn pair(&self, pair_url: &str) -> Result<()> {
        self.goto(pair_url).await?;
        self.wait_until("the pairing code from the link", move || async move {
            Ok((!self.value("pair-code").await?.is_empty()).then_some(()))
        })
        .await?;
        self.click("pair-submit").await?;
        self.wait("app-header").await?;
        self.wait("amount-display").await?;
        Ok(())
    }

    pub async fn current_url(&self) -> Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    pub async fn refresh(&self) -> Result<()> {
        self.client.refresh().await?;
        Ok(())
    }

    pub fn viewport(&self) -> Viewport {
        self.viewport
    }

    /// Resizes the page's viewport exactly (the window size would include no browser chrome in
    /// headless mode, but device metrics make it explicit and mobile-like for the phone).
    pub async fn set_viewport(&self, viewport: Viewport) -> Result<()> {
        let (w, h) = viewport.size();
        self.client.set_window_size(w, h).await?;
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": w, "height": h, "deviceScaleFactor": 1,
                "mobile": viewport == Viewport::Phone,
            }),
        )
        .await?;
        Ok(())
    }

    // ----- elements by data-testid -----

    /// All elements with this testid present now (possibly none).
    pub async fn all(&self, id: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&testid(id))).await?)
    }

    /// All elements matching a CSS selector now.
    pub async fn all_css(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    pub async fn exists(&self, id: &str) -> Result<bool> {
        Ok(!self.all(id).await?.is_empty())
    }

    /// Waits for an element with this testid to be present.
    pub async fn wait(&self, id: &str) -> Result<Element> {
        self.wait_until(&format!("[{id}] to appear"), move || async move {
            Ok(self.all(id).await?.into_iter().next())
        })
        .await
    }

    /// Waits until no element with this testid is present.
    pub async fn wait_gone(&self, id: &str) -> Result<()> {
        self.wait_until(&format!("[{id}] to disappear"), move || async move {
            Ok(self.all(id).await?.is_empty().then_some(()))
        })
        .await
    }

    /// Waits for `data-state` of the testid to equal `state`.
    pub async fn wait_state(&self, id: &str, state: &str) -> Result<Element> {
        self.wait_attr(id, "data-state", state).await
    }

    /// Waits for an attribute of the testid to equal `value`.
    pub async fn wait_attr(&self, id: &str, attr: &str, value: &str) -> Result<Element> {
        self.wait_read(id, Read::Attr(attr), value).await
    }

    /// Waits until an input's current `value` (the property: what the field shows, which a
    /// `prop:value` binding sets without touching the attribute) is `value`.
    pub async fn wait_value(&self, id: &str, value: &str) -> Result<Element> {
        self.wait_read(id, Read::Prop("value"), value).await
    }

    /// Waits until `read` of one of the testid's elements is `value`; a timeout says what was
    /// last seen.
    async fn wait_read(&self, id: &str, read: Read<'_>, value: &str) -> Result<Element> {
        let last = std::sync::Mutex::new(None::<String>);
        let last_ref = &last;
        let what = match read {
            Read::Attr(attr) => format!("[{id}] {attr}={value:?}"),
            Read::Prop(prop) => format!("[{id}] {prop} {value:?}"),
        };
        let found = self
            .wait_until(&what, move || async move {
                for el in self.all(id).await? {
                    let got = match read {
                        Read::Attr(attr) => el.attr(attr).await,
                        Read::Prop(prop) => el.prop(prop).await,
                    };
                    let got = got.ok().flatten();
                    if got.as_deref() == Some(value) {
                        return Ok(Some(el));
                    }
                    if let Ok(mut l) = last_ref.lock() {
                        *l = got;
                    }
                }
                Ok(None)
            })
            .await;
        found.map_err(|e| match e {
            Error::Timeout(what) => {
                let seen = last.lock().map(|l| l.clone()).unwrap_or_default();
                Error::Timeout(format!("{what} (last seen {seen:?})"))
            }
            e => e,
        })
    }

    /// Waits until this browser is on `/payments/{id}` and returns the id.
    pub async fn wait_payment_url(&self) -> Result<String> {
        self.wait_until("the payment screen's URL", move || async move {
            let url = self.current_url().await?;
            Ok(url
                .split("/payments/")
                .nth(1)
                .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or("").to_string())
                .filter(|id| !id.is_empty()))
        })
        .await
    }

    /// Waits until the testid's visible text satisfies `pred`; returns that text.
    pub async fn wait_text<F>(&self, id: &str, what: &str, pred: F) -> Result<String>
    where
        F: Fn(&str) -> bool,
    {
        let pred = &pred;
        self.wait_until(&format!("[{id}] text {what}"), move || async move {
            for el in self.all(id).await? {
                if let Ok(text) = self.inner_text(&el).await {
                    if pred(text.trim()) {
                        return Ok(Some(text.trim().to_string()));
                    }
                }
            }
            Ok(None)
        })
        .await
    }

    /// Polls `check` until it yields `Some`, or fails after the default timeout with a
    /// screenshot and the page's text saved for the post-mortem.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, mut check: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + default_timeout();
        loop {
            match check().await {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                // Stale elements are normal while the app re-renders: poll again.
                Err(Error::Driver(_)) => {}
                Err(e) => return Err(e),
            }
            if Instant::now() > deadline {
                let body = self.body_text().await.unwrap_or_default();
                let shown: String = body.chars().take(600).collect();
                let _ = self.save_screenshot("timeout").await;
                return Err(Error::Timeout(format!(
                    "waiting for {what}; page shows: {shown:?}"
                )));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Clicks like a person would: scrolled to the middle of the screen first, so sticky bars
    /// (the Charge button's) don't cover it.
    pub async fn click(&self, id: &str) -> Result<()> {
        let el = self.wait(id).await?;
        self.scroll_to(&el).await?;
        el.click().await?;
        Ok(())
    }

    pub async fn scroll_to(&self, el: &Element) -> Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
                vec![serde_json::to_value(el)?],
            )
            .await?;
        Ok(())
    }

    /// Clicks a sequence of keypad keys, e.g. `"50.00"` → `key-5`, `key-0`, `key-point`, …
    pub async fn keypad(&self, digits: &str) -> Result<()> {
        for c in digits.chars() {
            let id = match c {
                '.' => "key-point".to_string(),
                d if d.is_ascii_digit() => format!("key-{d}"),
                other => return Err(Error::Setup(format!("no keypad key for {other:?}"))),
            };
            self.click(&id).await?;
        }
        Ok(())
    }

    /// Replaces the value of an input.
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let el = self.wait(id).await?;
        self.scroll_to(&el).await?;
        el.clear().await?;
        if !text.is_empty() {
            el.send_keys(text).await?;
        }
        // Frameworks listen to input/change; blur makes "on change" handlers run too.
        self.client
            .execute(
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true})); arguments[0].blur();",
                vec![serde_json::to_value(&el)?],
            )
            .await?;
        Ok(())
    }

    /// Chooses an option of a `<select>` by value.
    pub async fn select(&self, id: &str, value: &str) -> Result<()> {
        let el = self.wait(id).await?;
        self.scroll_to(&el).await?;
        el.select_by_value(value).await?;
        Ok(())
    }

    /// The testid's rendered text (`innerText`: what is on screen, laid out as lines).
    pub async fn text(&self, id: &str) -> Result<String> {
        let el = self.wait(id).await?;
        Ok(self.inner_text(&el).await?.trim().to_string())
    }

    /// `innerText` rather than WebDriver's element text, which drops text it judges hidden
    /// (e.g. an ellipsised flex item) although it is on screen.
    pub async fn inner_text(&self, el: &Element) -> Result<String> {
        let v = self
            .client
            .execute(
                "return arguments[0].innerText;",
                vec![serde_json::to_value(el)?],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub async fn attr(&self, id: &str, attr: &str) -> Result<Option<String>> {
        Ok(self.wait(id).await?.attr(attr).await?)
    }

    /// The `value` of an input.
    pub async fn value(&self, id: &str) -> Result<String> {
        Ok(self
            .wait(id)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    pub async fn is_enabled(&self, id: &str) -> Result<bool> {
        Ok(self.wait(id).await?.is_enabled().await?)
    }

    /// The element's outer HTML (e.g. the QR's `<svg>`).
    pub async fn outer_html(&self, css: &str) -> Result<String> {
        let el = self.wait_css(css).await?;
        Ok(el.html(false).await?)
    }

    pub async fn wait_css(&self, css: &str) -> Result<Element> {
        self.wait_until(&format!("{css} to appear"), move || async move {
            Ok(self.all_css(css).await?.into_iter().next())
        })
        .await
    }

    pub async fn source(&self) -> Result<String> {
        Ok(self.client.source().await?)
    }

    pub async fn body_text(&self) -> Result<String> {
        let v = self
            .client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub async fn eval(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    // ----- screenshots -----

    /// Saves a PNG of the current page to `target/e2e/<name>-<phone|tablet>.png`.
    pub async fn save_screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let dir = crate::target_dir().join("e2e");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}-{}.png", self.viewport.name()));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Screenshots at phone and tablet sizes (`target/e2e/<name>-phone.png`,
    /// `<name>-tablet.png`), then returns to the session's own size.
    pub async fn screenshots(&mut self, name: &str) -> Result<()> {
        let own = self.viewport;
        for vp in [Viewport::Phone, Viewport::Tablet] {
            self.set_viewport(vp).await?;
            self.viewport = vp;
            // Let layout settle after the resize (two animation frames).
            let _ = self
                .client
                .execute_async(
                    "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                    vec![],
                )
                .await;
            self.save_screenshot(name).await?;
        }
        self.set_viewport(own).await?;
        self.viewport = own;
        Ok(())
    }

    // ----- DevTools -----

    /// Runs a Chrome DevTools Protocol command through chromedriver's `goog/cdp/execute`.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        let v = self
            .client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({ "cmd": cmd, "params": params }),
            })
            .await?;
        Ok(v)
    }

    /// Takes the page off the network (or back on): requests fail and `navigator.onLine`
    /// turns false, as when the tablet loses Wi-Fi.
    pub async fn set_offline(&self, offline: bool) -> Result<()> {
        self.cdp("Network.enable", json!({})).await?;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": offline, "latency": 0,
                "downloadThroughput": -1, "uploadThroughput": -1,
            }),
        )
        .await?;
        Ok(())
    }

    /// Slows the CPU by `rate` (1 = off), as on a low-end phone.
    pub async fn set_cpu_throttling(&self, rate: u32) -> Result<()> {
        self.cdp(
            "Emulation.setCPUThrottlingRate",
            json!({ "rate": rate.max(1) }),
        )
        .await?;
        Ok(())
    }

    /// The browser console since the last call (for diagnosing failures).
    pub async fn console(&self) -> Result<Vec<String>> {
        let v = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await?;
        Ok(v.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {}",
                            e["level"].as_str().unwrap_or(""),
                            e["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// A chromedriver extension command: `POST /session/{id}/{path}` with a JSON body
/// (`goog/cdp/execute` for DevTools commands, `se/log` for the console log).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}
