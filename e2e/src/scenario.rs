//! One end-to-end scenario: a server, a chromedriver and a paired phone-sized browser, with
//! the few flows every test starts from (pair, charge through the keypad, open a payment).
//!
//! Scenarios in one test binary run one at a time (a 2-core machine runs one Chromium well,
//! several badly); cargo runs test binaries one after another anyway.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use wct_api::pos::PaymentView;

use crate::harness::{Options, TestServer};
use crate::{Browser, Driver, Error, Result, Viewport};

static SLOT: Semaphore = Semaphore::const_new(1);

/// A running scenario. Call [`Scenario::finish`] at the end: it saves the screenshots.
pub struct Scenario {
    pub name: String,
    pub server: TestServer,
    pub browser: Browser,
    pub driver: Driver,
    _slot: SemaphorePermit<'static>,
}

impl std::fmt::Debug for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scenario")
            .field("name", &self.name)
            .finish()
    }
}

/// Whether the app's build exists; without it no browser scenario can run.
pub fn require_dist() -> Result<()> {
    let index = crate::dist_dir().join("index.html");
    if index.exists() {
        Ok(())
    } else {
        Err(Error::Setup(format!(
            "{} is missing: run `cargo xtask build` (or set WCT_E2E_DIST)",
            index.display()
        )))
    }
}

impl Scenario {
    /// Starts a server with default options and a paired browser on the Charge screen.
    pub async fn start(name: &str) -> Result<Self> {
        Self::start_with(name, Options::default()).await
    }

    pub async fn start_with(name: &str, options: Options) -> Result<Self> {
        require_dist()?;
        let slot = SLOT
            .acquire()
            .await
            .map_err(|e| Error::Setup(format!("scenario slot: {e}")))?;
        let _ = tracing_init();
        let server = TestServer::start_with(options).await?;
        let driver = Driver::spawn().await?;
        let browser = driver.session(Viewport::Phone).await?;
        let scenario = Self {
            name: name.to_string(),
            server,
            browser,
            driver,
            _slot: slot,
        };
        scenario.pair().await?;
        Ok(scenario)
    }

    /// Pairs with a fresh one-time code's link and waits for the Charge screen.
    pub async fn pair(&self) -> Result<()> {
        let url = self.server.pair_url().await?;
        self.browser.pair(&url).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// Charges `amount` of the settlement currency in `crypto` through the UI: keypad, asset
    /// buttons, description, Charge. Returns the new payment's id (from the URL).
    pub async fn charge(
        &self,
        amount: &str,
        crypto: &str,
        network: Option<&str>,
    ) -> Result<String> {
        let b = &self.browser;
        b.wait("amount-display").await?;
        b.click("key-clear").await?;
        b.keypad(amount).await?;
        b.wait_text("amount-display", &format!("= {amount}"), |t| t == amount)
            .await?;
        b.select("settlement-select", "USD").await?;
        match network {
            Some(network) => b.click(&format!("pay-with-{crypto}-{network}")).await?,
            None => b.click(&format!("pay-with-{crypto}")).await?,
        }
        b.fill("description", "Two flat whites").await?;
        b.wait_until("charge-submit to be enabled", move || async move {
            Ok(b.is_enabled("charge-submit").await?.then_some(()))
        })
        .await?;
        b.click("charge-submit").await?;
        self.wait_payment_url().await
    }

    /// Waits until the browser is on `/payments/{id}` and returns the id.
    pub async fn wait_payment_url(&self) -> Result<String> {
        self.browser.wait_payment_url().await
    }

    /// Opens the payment screen of `view` and waits for its QR.
    pub async fn open_payment(&self, view: &PaymentView) -> Result<()> {
        self.browser
            .goto(&self.url(&format!("/payments/{}", view.id)))
            .await?;
        self.browser.wait("payment-state").await?;
        Ok(())
    }

    /// Saves `target/e2e/<name>-phone.png` and `-tablet.png`.
    pub async fn screenshots(&mut self, suffix: &str) -> Result<()> {
        let name = if suffix.is_empty() {
            self.name.clone()
        } else {
            format!("{}-{suffix}", self.name)
        };
        self.browser.screenshots(&name).await
    }

    /// Screenshots, then closes the browser and stops the server.
    pub async fn finish(mut self) -> Result<()> {
        self.screenshots("").await?;
        let console = self.browser.console().await.unwrap_or_default();
        let errors: Vec<&String> = console.iter().filter(|l| l.starts_with("SEVERE")).collect();
        if !errors.is_empty() {
            eprintln!("{}: browser console errors: {errors:#?}", self.name);
        }
        let Self {
            server, browser, ..
        } = self;
        browser.close().await?;
        server.stop().await;
        Ok(())
    }
}

/// Logs of the in-process server go to the test's output (`RUST_LOG`, default warn).
fn tracing_init() -> std::result::Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use tracing_subscriber::EnvFilter;
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")),
        )
        .with_test_writer()
        .try_init()
}

/// Polls `f` until it yields `Some`, for conditions outside the browser (API state).
pub async fn eventually<T, F, Fut>(what: &str, mut f: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>>>,
{
    let deadline = std::time::Instant::now() + crate::browser::default_timeout();
    loop {
        if let Some(v) = f().await? {
            return Ok(v);
        }
        if std::time::Instant::now() > deadline {
            return Err(Error::Timeout(format!("waiting for {what}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
